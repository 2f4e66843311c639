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

export function encodePage(page: PageImage): { bytes: Uint8Array; mime: 'image/jpeg' | 'image/png' } {
  const { width, height, data, channels } = page;
  if (channels === 1 && data.every((v) => v === 0 || v === 255)) {
    const stride = Math.ceil(width / 8);
    const bits = new Uint8Array(stride * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) if (data[y * width + x] !== 0) bits[y * stride + (x >> 3)]! |= 0x80 >> (x & 7);
    }
    return { bytes: encodePng({ width, height, data: bits, depth: 1, channels: 1 }), mime: 'image/png' };
  }
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
