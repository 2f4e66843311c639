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

/** Mean of the (2r+1)² window around each pixel, clipped to the image. Reads are cast rather than
 * defaulted: every index below is inside its array by construction, and this is the hot path. */
function boxMean(src: Uint8Array, width: number, height: number, r: number, scratch: ContrastScratch): Uint8Array {
  const rowSums = scratch.take('rowSums', Uint32Array, width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let acc = 0;
    const first = Math.min(r, width - 1);
    for (let x = 0; x <= first; x++) acc += src[row + x] as number;
    for (let x = 0; x < width; x++) {
      rowSums[row + x] = acc;
      if (x + r + 1 < width) acc += src[row + x + r + 1] as number;
      if (x - r >= 0) acc -= src[row + x - r] as number;
    }
  }
  const colCount = scratch.take('colCount', Float64Array, width);
  for (let x = 0; x < width; x++) colCount[x] = Math.min(width - 1, x + r) - Math.max(0, x - r) + 1;
  const colAcc = scratch.take('colAcc', Uint32Array, width);
  colAcc.fill(0);
  const firstRows = Math.min(r, height - 1);
  for (let y = 0; y <= firstRows; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) colAcc[x] = (colAcc[x] as number) + (rowSums[row + x] as number);
  }
  const out = scratch.take('mean', Uint8Array, width * height);
  for (let y = 0; y < height; y++) {
    const rows = Math.min(height - 1, y + r) - Math.max(0, y - r) + 1;
    const add = y + r + 1 < height ? (y + r + 1) * width : -1;
    const drop = y - r >= 0 ? (y - r) * width : -1;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let acc = colAcc[x] as number;
      out[row + x] = acc / ((colCount[x] as number) * rows);
      if (add >= 0) acc += rowSums[add + x] as number;
      if (drop >= 0) acc -= rowSums[drop + x] as number;
      colAcc[x] = acc;
    }
  }
  return out;
}

type TypedArrayOf<T> = { new (length: number): T };

/** Buffers reused from frame to frame (a camera sends ~30 a second, all the same size), so the
 * filter allocates nothing in the steady state and the worker's garbage collector stays idle. A
 * buffer handed out is valid until the next call that takes the same name. */
export class ContrastScratch {
  private readonly buffers = new Map<string, ArrayLike<number>>();
  take<T extends ArrayLike<number>>(name: string, kind: TypedArrayOf<T>, length: number): T {
    const have = this.buffers.get(name);
    if (have instanceof kind && have.length === length) return have;
    const made = new kind(length);
    this.buffers.set(name, made);
    return made;
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const luts = new Map<number, Uint32Array>();

/** The output pixel (grey in R, G, B; opaque alpha, as one 32-bit word) for every difference
 * luma − mean in −255…255, at index difference + 255: one table read per pixel instead of a multiply,
 * a clamp and four byte stores. */
function contrastLut(gain: number): Uint32Array {
  let lut = luts.get(gain);
  if (lut) return lut;
  lut = new Uint32Array(511);
  const alpha = LITTLE_ENDIAN ? 0xff000000 : 0xff;
  for (let d = -255; d <= 255; d++) {
    let v = (128 + d * gain) | 0;
    v = v < 0 ? 0 : v > 255 ? 255 : v;
    lut[d + 255] = (alpha | (v << 16) | (v << 8) | v) >>> 0;
  }
  luts.set(gain, lut);
  return lut;
}

/** Without `scratch` every call allocates its own buffers; with one, the returned frame's pixels are
 * overwritten by the next call made with the same scratch. */
export function localContrast(
  luma: Uint8ClampedArray,
  width: number,
  height: number,
  opts: ContrastOptions = DEFAULT_CONTRAST,
  scratch: ContrastScratch = new ContrastScratch(),
): FrameImage {
  const hw = width >> 1;
  const hh = height >> 1;
  const half = scratch.take('half', Uint8Array, hw * hh);
  for (let j = 0; j < hh; j++) {
    const top = 2 * j * width;
    const bottom = top + width;
    const row = j * hw;
    for (let i = 0; i < hw; i++) {
      const x = 2 * i;
      half[row + i] = ((luma[top + x] as number) + (luma[top + x + 1] as number) + (luma[bottom + x] as number) + (luma[bottom + x + 1] as number)) >> 2;
    }
  }
  const mean = boxMean(half, hw, hh, opts.radius >> 1, scratch);
  const out = scratch.take('out', Uint8ClampedArray, width * height * 4);
  const out32 = new Uint32Array(out.buffer);
  const lut = contrastLut(opts.gain);
  for (let y = 0; y < height; y++) {
    // A frame narrower or shorter than 2 px has no half-resolution mean; treat its mean as 0.
    const meanRow = hh > 0 ? Math.min(hh - 1, y >> 1) * hw : -1;
    const row = y * width;
    for (let i = 0; i < hw; i++) {
      const base = 255 - (meanRow >= 0 ? (mean[meanRow + i] as number) : 0);
      const x = row + 2 * i;
      out32[x] = lut[(luma[x] as number) + base] as number;
      out32[x + 1] = lut[(luma[x + 1] as number) + base] as number;
    }
    if (width % 2 === 1) {
      // The odd last column uses the last mean of its row.
      const base = 255 - (meanRow >= 0 && hw > 0 ? (mean[meanRow + hw - 1] as number) : 0);
      const x = row + width - 1;
      out32[x] = lut[(luma[x] as number) + base] as number;
    }
  }
  return { data: out, width, height };
}
