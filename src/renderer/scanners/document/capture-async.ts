/**
 * Page capture as the counter runs it (in the capture worker, or on the page where workers are
 * missing): the same detection, perspective correction and contrast as `capturePage`
 * (page.ts), but colour and grey pages are encoded by the browser's own JPEG encoder
 * (`OffscreenCanvas.convertToBlob`, native code) where it exists. Node (tests, the Node bench)
 * has no OffscreenCanvas and falls back to the pure-JavaScript encoders of encode.ts, so both
 * paths give a file of the same kind (JPEG quality 80, or 1-bit PNG for black and white).
 */
import type { FrameImage } from '../camera/frame';
import { capturePage, encodePage, JPEG_QUALITY, type CapturedPage } from './encode';
import { encode as encodePng } from 'fast-png';
import { processPage, type PageImage, type PageMode, type Quad } from './page';

/** True where the browser's native encoder can be used (a window or a worker with OffscreenCanvas). */
export function hasNativeEncoder(): boolean {
  return typeof OffscreenCanvas !== 'undefined' && typeof (OffscreenCanvas.prototype as { convertToBlob?: unknown }).convertToBlob === 'function';
}

async function encodeNative(page: PageImage): Promise<Blob> {
  const { width, height, data, channels } = page;
  let rgba: Uint8ClampedArray;
  if (channels === 4) {
    rgba = data;
  } else {
    rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0, o = 0; i < data.length; i++, o += 4) {
      const v = data[i]!;
      rgba[o] = v; rgba[o + 1] = v; rgba[o + 2] = v; rgba[o + 3] = 255;
    }
  }
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  ctx.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY / 100 });
}

/**
 * Without the native encoder: the JavaScript JPEG encoder; where that cannot run either (jpeg-js
 * reaches for Node's `Buffer` when a bundler wraps it as a CommonJS module, as a browser bundle
 * does), a lossless PNG of the same pixels: larger, but the page is kept, never lost.
 */
function encodeFallback(page: PageImage): Blob {
  try {
    const { bytes, mime } = encodePage(page);
    return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime });
  } catch {
    const bytes = encodePng({ width: page.width, height: page.height, data: page.data, channels: page.channels, depth: 8 });
    return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' });
  }
}

/** One camera frame to a stored-ready page file; black and white stays a 1-bit PNG (encode.ts). */
export async function capturePageAsync(frame: FrameImage, mode: PageMode, corners?: Quad): Promise<CapturedPage> {
  if (mode === 'bitonal') return capturePage(frame, mode, corners);
  const { page, detection } = processPage(frame, mode, corners);
  let blob: Blob;
  try {
    blob = hasNativeEncoder() ? await encodeNative(page) : encodeFallback(page);
  } catch {
    blob = encodeFallback(page);
  }
  return { blob, detection, width: page.width, height: page.height };
}
