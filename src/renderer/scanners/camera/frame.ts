/** The pixels the decoder works on: the shape of a browser `ImageData`, minus what only the DOM
 * has, so the same decode core runs in the worker, in Node tests and in the benchmark. */
export interface FrameImage {
  /** RGBA, 4 bytes per pixel, row-major. */
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** ITU-R BT.601 luma in integers; what both ZXing ports compute from RGB. Reads one 32-bit word per
 * pixel where the platform allows it (every kiosk CPU is little-endian): four times fewer loads on
 * the decoder's hot path. */
export function toLuma(frame: FrameImage, into?: Uint8ClampedArray): Uint8ClampedArray {
  const { data, width, height } = frame;
  const n = width * height;
  const out = into?.length === n ? into : new Uint8ClampedArray(n);
  if (LITTLE_ENDIAN && data.byteOffset % 4 === 0 && data.length >= n * 4) {
    const words = new Uint32Array(data.buffer, data.byteOffset, n);
    for (let o = 0; o < n; o++) {
      const p = words[o] as number;
      out[o] = (306 * (p & 0xff) + 601 * ((p >>> 8) & 0xff) + 117 * ((p >>> 16) & 0xff) + 512) >> 10;
    }
    return out;
  }
  for (let i = 0, o = 0; o < n; i += 4, o++) {
    out[o] = (306 * (data[i] ?? 0) + 601 * (data[i + 1] ?? 0) + 117 * (data[i + 2] ?? 0) + 512) >> 10;
  }
  return out;
}
