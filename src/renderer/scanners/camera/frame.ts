/** The pixels the decoder works on: the shape of a browser `ImageData`, minus what only the DOM
 * has, so the same decode core runs in the worker, in Node tests and in the benchmark. */
export interface FrameImage {
  /** RGBA, 4 bytes per pixel, row-major. */
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** ITU-R BT.601 luma in integers; what both ZXing ports compute from RGB. */
export function toLuma(frame: FrameImage): Uint8ClampedArray {
  const { data, width, height } = frame;
  const out = new Uint8ClampedArray(width * height);
  for (let i = 0, o = 0; o < out.length; i += 4, o++) {
    out[o] = (306 * (data[i] ?? 0) + 601 * (data[i + 1] ?? 0) + 117 * (data[i + 2] ?? 0) + 512) >> 10;
  }
  return out;
}
