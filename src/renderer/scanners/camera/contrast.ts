/** Local contrast normalisation: each pixel's distance from the mean of its neighbourhood, amplified.
 * ZXing's binarizers treat a block whose grey levels span less than ~24 as flat, so a grey code in a
 * dim room or a code half washed out by glare is never even thresholded; after this filter it is.
 * The neighbourhood mean is smooth, so it is computed at half resolution with running box sums;
 * the whole filter stays O(pixels) with one pass at full resolution. */
import type { FrameImage } from './frame';

export interface ContrastOptions {
  /** Half-size of the averaging window in full-resolution pixels: several modules wide (modules are
   * 3–6 px in a VGA frame), so the mean sits between ink and paper. */
  radius: number;
  /** Amplification of the difference from the local mean. */
  gain: number;
}

export const DEFAULT_CONTRAST: ContrastOptions = { radius: 16, gain: 3 };

/** Mean of the (2r+1)² window around each pixel, clipped to the image. */
function boxMean(src: Uint8Array, width: number, height: number, r: number): Uint8Array {
  const rowSums = new Uint32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let acc = 0;
    for (let x = 0; x <= Math.min(r, width - 1); x++) acc += src[row + x] ?? 0;
    for (let x = 0; x < width; x++) {
      rowSums[row + x] = acc;
      if (x + r + 1 < width) acc += src[row + x + r + 1] ?? 0;
      if (x - r >= 0) acc -= src[row + x - r] ?? 0;
    }
  }
  const colCount = new Float32Array(width);
  for (let x = 0; x < width; x++) colCount[x] = Math.min(width - 1, x + r) - Math.max(0, x - r) + 1;
  const colAcc = new Uint32Array(width);
  for (let y = 0; y <= Math.min(r, height - 1); y++) {
    for (let x = 0; x < width; x++) colAcc[x] = (colAcc[x] ?? 0) + (rowSums[y * width + x] ?? 0);
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const rows = Math.min(height - 1, y + r) - Math.max(0, y - r) + 1;
    const add = y + r + 1 < height ? (y + r + 1) * width : -1;
    const drop = y - r >= 0 ? (y - r) * width : -1;
    for (let x = 0; x < width; x++) {
      let acc = colAcc[x] ?? 0;
      out[y * width + x] = acc / ((colCount[x] ?? 1) * rows);
      if (add >= 0) acc += rowSums[add + x] ?? 0;
      if (drop >= 0) acc -= rowSums[drop + x] ?? 0;
      colAcc[x] = acc;
    }
  }
  return out;
}

export function localContrast(luma: Uint8ClampedArray, width: number, height: number, opts: ContrastOptions = DEFAULT_CONTRAST): FrameImage {
  const hw = width >> 1;
  const hh = height >> 1;
  const half = new Uint8Array(hw * hh);
  for (let j = 0; j < hh; j++) {
    const top = 2 * j * width;
    const bottom = top + width;
    for (let i = 0; i < hw; i++) {
      const x = 2 * i;
      half[j * hw + i] = ((luma[top + x] ?? 0) + (luma[top + x + 1] ?? 0) + (luma[bottom + x] ?? 0) + (luma[bottom + x + 1] ?? 0)) >> 2;
    }
  }
  const mean = boxMean(half, hw, hh, opts.radius >> 1);
  const out = new Uint8ClampedArray(width * height * 4);
  // One 32-bit store per pixel (grey in R, G, B; opaque alpha) instead of four byte stores.
  const out32 = new Uint32Array(out.buffer);
  const alpha = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0xff000000 : 0xff;
  const { gain } = opts;
  for (let y = 0; y < height; y++) {
    const meanRow = Math.min(hh - 1, y >> 1) * hw;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let v = (128 + ((luma[row + x] ?? 0) - (mean[meanRow + Math.min(hw - 1, x >> 1)] ?? 0)) * gain) | 0;
      v = v < 0 ? 0 : v > 255 ? 255 : v;
      out32[row + x] = (alpha | (v << 16) | (v << 8) | v) >>> 0;
    }
  }
  return { data: out, width, height };
}
