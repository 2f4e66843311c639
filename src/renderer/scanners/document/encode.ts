/**
 * A processed page as a file: JPEG (quality 80) for colour and grey, a 1-bit PNG for black and
 * white (a text page is a few tens of KB that way). Pure JavaScript encoders (jpeg-js, fast-png),
 * so the page the benchmark and tests store is the one this code makes; see docs/DEPENDENCIES.md.
 */
import { encode as encodeJpeg } from 'jpeg-js';
import { encode as encodePng } from 'fast-png';
import type { FrameImage } from '../camera/frame';
import { processPage, type Detection, type PageImage, type PageMode, type Quad } from './page';

export const JPEG_QUALITY = 80;

/** A black-and-white page (every value 0 or 255) packed 1 bit a pixel, rows padded to a byte,
 * 1 = white (PNG grey, depth 1); null when the page has other values. */
export function packBits(page: PageImage): Uint8Array | null {
  const { width, height, data, channels } = page;
  if (channels !== 1) return null;
  const stride = (width + 7) >> 3, full = width >> 3;
  const bits = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    let i = y * width, o = y * stride;
    for (let k = 0; k < full; k++, i += 8) {
      const a = data[i]!, b = data[i + 1]!, c = data[i + 2]!, d = data[i + 3]!, e = data[i + 4]!, f = data[i + 5]!, g = data[i + 6]!, h = data[i + 7]!;
      // 0 and 255 only: v + 1 is then 1 or 256, whose bits 1–7 are clear.
      if ((((a + 1) | (b + 1) | (c + 1) | (d + 1) | (e + 1) | (f + 1) | (g + 1) | (h + 1)) & 0xfe) !== 0) return null;
      bits[o++] = (a & 0x80) | (b & 0x40) | (c & 0x20) | (d & 0x10) | (e & 0x08) | (f & 0x04) | (g & 0x02) | (h & 0x01);
    }
    for (let x = full * 8; x < width; x++, i++) {
      const v = data[i]!;
      if (v !== 0 && v !== 255) return null;
      if (v) bits[o]! |= 0x80 >> (x & 7);
    }
  }
  return bits;
}

export function encodePage(page: PageImage): { bytes: Uint8Array; mime: 'image/jpeg' | 'image/png' } {
  const { width, height, data, channels } = page;
  const bits = packBits(page);
  if (bits) return { bytes: encodePng({ width, height, data: bits, depth: 1, channels: 1 }), mime: 'image/png' };
  let rgba: Uint8ClampedArray | Uint8Array = data;
  if (channels === 1) {
    rgba = new Uint8Array(width * height * 4);
    for (let i = 0, o = 0; i < data.length; i++, o += 4) {
      const v = data[i]!;
      rgba[o] = v; rgba[o + 1] = v; rgba[o + 2] = v; rgba[o + 3] = 255;
    }
  }
  const out = encodeJpeg({ width, height, data: rgba }, JPEG_QUALITY);
  return { bytes: new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength), mime: 'image/jpeg' };
}

export interface CapturedPage {
  blob: Blob;
  detection: Detection;
  width: number;
  height: number;
}

/** One camera frame to a stored-ready page file (what the counter attaches with `attachFile`). */
export function capturePage(frame: FrameImage, mode: PageMode, corners?: Quad): CapturedPage {
  const { page, detection } = processPage(frame, mode, corners);
  const { bytes, mime } = encodePage(page);
  return { blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }), detection, width: page.width, height: page.height };
}
