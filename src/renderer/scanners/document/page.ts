/**
 * Document mode of the camera (digitising paper at the counter, docs/ARCHITECTURE.md): from one
 * camera frame, find the page (the largest bright convex quadrilateral), correct its perspective
 * onto an A4 page at 150 dpi (1240×1754, or 1754×1240 for a page lying landscape), stretch its contrast, and give it in colour, grey or
 * black and white. Pure TypeScript on typed arrays: it runs the same in a worker, in Node tests
 * and in the benchmark (docs/DEPENDENCIES.md says why not OpenCV.js).
 *
 * Detection: luma, Otsu threshold, the largest bright connected region, its convex hull, and the
 * quadrilateral of largest area on that hull. No page (a frame without a clear bright region, or
 * a region that is not four-sided) gives `found: false` and the whole frame as the corners.
 */
import { toLuma, type FrameImage } from '../camera/frame';

export type Point = { x: number; y: number };
/** Corners in the frame: top-left, top-right, bottom-right, bottom-left. */
export type Quad = [Point, Point, Point, Point];
export type PageMode = 'colour' | 'grey' | 'bitonal';

export const A4_150DPI = { short: 1240, long: 1754 } as const;

export interface Detection {
  found: boolean;
  corners: Quad;
}

const wholeFrame = (w: number, h: number): Quad => [{ x: 0, y: 0 }, { x: w - 1, y: 0 }, { x: w - 1, y: h - 1 }, { x: 0, y: h - 1 }];

function otsu(luma: Uint8ClampedArray): { threshold: number; gap: number } {
  const hist = new Float64Array(256);
  for (let i = 0; i < luma.length; i++) hist[luma[i]!]! += 1;
  const n = luma.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i]!;
  let sumB = 0, wB = 0, best = -1, threshold = 128, gap = 0;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = n - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB, mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) { best = between; threshold = t; gap = mF - mB; }
  }
  return { threshold, gap };
}

const cross = (o: Point, a: Point, b: Point): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/** Andrew's monotone chain; counter-clockwise in image coordinates' sense of `cross`. */
export function convexHull(points: Point[]): Point[] {
  const p = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (p.length < 3) return p;
  const lower: Point[] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, q) <= 0) lower.pop();
    lower.push(q);
  }
  const upper: Point[] = [];
  for (let i = p.length - 1; i >= 0; i--) {
    const q = p[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, q) <= 0) upper.pop();
    upper.push(q);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

export function polygonArea(p: Point[]): number {
  let a = 0;
  for (let i = 0; i < p.length; i++) {
    const q = p[i]!, r = p[(i + 1) % p.length]!;
    a += q.x * r.y - r.x * q.y;
  }
  return Math.abs(a) / 2;
}

/** Drops the hull vertex that spans the smallest triangle until `max` remain (Visvalingam). */
function simplify(hull: Point[], max: number): Point[] {
  const p = [...hull];
  while (p.length > max) {
    let at = 0, least = Infinity;
    for (let i = 0; i < p.length; i++) {
      const a = Math.abs(cross(p[(i + p.length - 1) % p.length]!, p[i]!, p[(i + 1) % p.length]!));
      if (a < least) { least = a; at = i; }
    }
    p.splice(at, 1);
  }
  return p;
}

/** Orders four corners as top-left, top-right, bottom-right, bottom-left. */
export function orderCorners(q: Point[]): Quad {
  const byS = [...q].sort((a, b) => a.x + a.y - (b.x + b.y));
  const byD = [...q].sort((a, b) => a.x - a.y - (b.x - b.y));
  const tl = byS[0]!, br = byS[3]!;
  const rest = q.filter((p) => p !== tl && p !== br);
  const tr = rest.length === 2 ? (rest[0]!.x - rest[0]!.y > rest[1]!.x - rest[1]!.y ? rest[0]! : rest[1]!) : byD[3]!;
  const bl = rest.length === 2 ? (tr === rest[0] ? rest[1]! : rest[0]!) : byD[0]!;
  return [tl, tr, br, bl];
}

/** Finds the page in a frame; the whole frame with `found: false` when there is none. */
export function detectPage(frame: FrameImage, frameLuma?: Uint8ClampedArray): Detection {
  const { width: w, height: h } = frame;
  const luma = frameLuma ?? toLuma(frame);
  const { threshold, gap } = otsu(luma);
  const fallback: Detection = { found: false, corners: wholeFrame(w, h) };
  // A page is clearly brighter than what it lies on; a flat frame has no page.
  if (gap < 40) return fallback;
  // Largest bright 4-connected region (iterative flood fill), keeping each row's extremes.
  const label = new Int32Array(w * h);
  const stack = new Int32Array(w * h);
  let bestId = 0, bestSize = 0, id = 0;
  for (let s = 0; s < w * h; s++) {
    if (label[s] !== 0 || luma[s]! <= threshold) continue;
    id++;
    let top = 0, size = 0;
    stack[top++] = s;
    label[s] = id;
    while (top > 0) {
      const i = stack[--top]!;
      size++;
      const x = i % w;
      if (x > 0 && label[i - 1] === 0 && luma[i - 1]! > threshold) { label[i - 1] = id; stack[top++] = i - 1; }
      if (x < w - 1 && label[i + 1] === 0 && luma[i + 1]! > threshold) { label[i + 1] = id; stack[top++] = i + 1; }
      if (i >= w && label[i - w] === 0 && luma[i - w]! > threshold) { label[i - w] = id; stack[top++] = i - w; }
      if (i < w * (h - 1) && label[i + w] === 0 && luma[i + w]! > threshold) { label[i + w] = id; stack[top++] = i + w; }
    }
    if (size > bestSize) { bestSize = size; bestId = id; }
  }
  if (bestSize < 0.1 * w * h) return fallback;
  const edge: Point[] = [];
  for (let y = 0; y < h; y++) {
    let lo = -1, hi = -1;
    for (let x = 0; x < w; x++) if (label[y * w + x] === bestId) { if (lo < 0) lo = x; hi = x; }
    if (lo >= 0) edge.push({ x: lo, y }, { x: hi + 1, y });
  }
  const hull = simplify(convexHull(edge), 24);
  // The four hull vertices spanning the largest area.
  let best: Point[] | null = null, bestArea = 0;
  const n = hull.length;
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) for (let c = b + 1; c < n; c++) for (let d = c + 1; d < n; d++) {
    const q = [hull[a]!, hull[b]!, hull[c]!, hull[d]!];
    const area = polygonArea(q);
    if (area > bestArea) { bestArea = area; best = q; }
  }
  // Four-sided: the quadrilateral covers nearly all of the region's hull.
  if (!best || bestArea < 0.9 * polygonArea(hull) || bestArea < 0.1 * w * h) return fallback;
  return { found: true, corners: orderCorners(best) };
}

/** The homography taking (0,0),(W,0),(W,H),(0,H) to the quad's corners (row-major 3×3, h33 = 1). */
export function homography(W: number, H: number, q: Quad): number[] {
  const src = [[0, 0], [W, 0], [W, H], [0, H]] as const;
  const A: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = src[i]!;
    const { x: u, y: v } = q[i]!;
    A.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    A.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  // Gauss-Jordan with partial pivoting on the 8×9 augmented matrix.
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[p]![c]!)) p = r;
    [A[c], A[p]] = [A[p]!, A[c]!];
    const piv = A[c]![c]!;
    for (let k = c; k < 9; k++) A[c]![k]! /= piv;
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = A[r]![c]!;
      if (f !== 0) for (let k = c; k < 9; k++) A[r]![k]! -= f * A[c]![k]!;
    }
  }
  return [...A.map((row) => row[8]!), 1];
}

export interface PageImage {
  width: number;
  height: number;
  /** 1 channel (grey, bitonal: 0 or 255) or 4 (colour, RGBA). */
  channels: 1 | 4;
  data: Uint8ClampedArray;
}

function pageSize(q: Quad): { W: number; H: number } {
  const d = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
  const across = (d(q[0], q[1]) + d(q[3], q[2])) / 2;
  const down = (d(q[0], q[3]) + d(q[1], q[2])) / 2;
  return across > down ? { W: A4_150DPI.long, H: A4_150DPI.short } : { W: A4_150DPI.short, H: A4_150DPI.long };
}

/** Output pixels between two exact evaluations of the homography; in between, the source
 * position steps linearly (the perspective divide changes by well under 1/256 px over a span). */
const SPAN = 16;

/**
 * Perspective warp of the frame's quad onto the A4 page, bilinear; grey (1 channel) or RGBA.
 * The homography is evaluated exactly every SPAN output pixels and stepped linearly between
 * (one division per span, not per pixel); positions are 16.16 fixed point and the bilinear
 * weights 8 bits, so the inner loop is integer arithmetic with nothing allocated. `lut`, when
 * given, is applied to each output value in the same pass (the contrast stretch, see
 * `stretchTable` and `sampleHistogram`). `luma` is the frame's luma when the caller has it.
 */
export function warp(frame: FrameImage, q: Quad, channels: 1 | 4, lut?: Uint8ClampedArray, luma?: Uint8ClampedArray): PageImage {
  const { W, H } = pageSize(q);
  const m = homography(W, H, q);
  const { width: fw, height: fh } = frame;
  const out = new Uint8ClampedArray(W * H * channels);
  const table = lut ?? IDENTITY;
  // Positions in 1/65536 px, clamped (in 1/256 px) so the 2×2 neighbourhood stays in the frame.
  const maxX = (fw - 1) * 256 - 1, maxY = (fh - 1) * 256 - 1;
  const m0 = m[0]!, m1 = m[1]!, m2 = m[2]!, m3 = m[3]!, m4 = m[4]!, m5 = m[5]!, m6 = m[6]!, m7 = m[7]!, m8 = m[8]!;
  const grey = channels === 1;
  const src = grey ? luma ?? toLuma(frame) : frame.data;
  const fw4 = fw * 4;
  let o = 0;
  for (let y = 0; y < H; y++) {
    const yc = y + 0.5;
    const bx = m1 * yc + m2, by = m4 * yc + m5, bz = m7 * yc + m8;
    // Exact source position (1/65536 px, pixel centres) of output column x.
    const at = (x: number, axis: 0 | 1) => {
      const xc = x + 0.5, z = m6 * xc + bz;
      return (((axis === 0 ? m0 * xc + bx : m3 * xc + by) / z - 0.5) * 65536) | 0;
    };
    let ax = at(0, 0), ay = at(0, 1);
    for (let x0 = 0; x0 < W; x0 += SPAN) {
      const x1 = x0 + SPAN < W ? x0 + SPAN : W;
      const ex = at(x1, 0), ey = at(x1, 1);
      const n = x1 - x0;
      const stepX = ((ex - ax) / n) | 0, stepY = ((ey - ay) / n) | 0;
      let px = ax, py = ay;
      for (let x = x0; x < x1; x++, px += stepX, py += stepY) {
        let sx = px >> 8, sy = py >> 8;
        sx = sx < 0 ? 0 : sx > maxX ? maxX : sx;
        sy = sy < 0 ? 0 : sy > maxY ? maxY : sy;
        const fx = sx & 255, fy = sy & 255;
        if (grey) {
          const i = (sy >> 8) * fw + (sx >> 8);
          const a = src[i]!, b = src[i + 1]!, c = src[i + fw]!, d = src[i + fw + 1]!;
          const top = (a << 8) + (b - a) * fx, bot = (c << 8) + (d - c) * fx;
          out[o++] = table[((top << 8) + (bot - top) * fy + 32768) >> 16]!;
        } else {
          const i = ((sy >> 8) * fw + (sx >> 8)) * 4, j = i + fw4;
          for (let k = 0; k < 3; k++) {
            const a = src[i + k]!, b = src[i + 4 + k]!, c = src[j + k]!, d = src[j + 4 + k]!;
            const top = (a << 8) + (b - a) * fx, bot = (c << 8) + (d - c) * fx;
            out[o + k] = table[((top << 8) + (bot - top) * fy + 32768) >> 16]!;
          }
          out[o + 3] = 255;
          o += 4;
        }
      }
      ax = ex; ay = ey;
    }
  }
  return { width: W, height: H, channels, data: out };
}

const IDENTITY = Uint8ClampedArray.from({ length: 256 }, (_, i) => i);

/**
 * The luma histogram of the warped page without warping it: the page sampled every `step`
 * output pixels each way (nearest source pixel). Percentiles from it are those of the full
 * page to within a level or two, so the stretch table can be known before the one full pass.
 */
export function sampleHistogram(frame: FrameImage, q: Quad, luma?: Uint8ClampedArray, step = 4): Uint32Array {
  const { W, H } = pageSize(q);
  const m = homography(W, H, q);
  const { width: fw, height: fh, data } = frame;
  const hist = new Uint32Array(256);
  for (let y = step >> 1; y < H; y += step) {
    for (let x = step >> 1; x < W; x += step) {
      const z = m[6]! * x + m[7]! * y + m[8]!;
      let sx = Math.round((m[0]! * x + m[1]! * y + m[2]!) / z - 0.5), sy = Math.round((m[3]! * x + m[4]! * y + m[5]!) / z - 0.5);
      sx = sx < 0 ? 0 : sx >= fw ? fw - 1 : sx;
      sy = sy < 0 ? 0 : sy >= fh ? fh - 1 : sy;
      const i = sy * fw + sx;
      hist[luma ? luma[i]! : (306 * data[i * 4]! + 601 * data[i * 4 + 1]! + 117 * data[i * 4 + 2]! + 512) >> 10]!++;
    }
  }
  return hist;
}

/** The contrast stretch's lookup table from a luma histogram: the darkest 1 % to black, the
 * paper (the 90th percentile) to white. */
export function stretchTable(hist: Uint32Array): Uint8ClampedArray {
  let n = 0;
  for (let v = 0; v < 256; v++) n += hist[v]!;
  const at = (p: number) => { let c = 0; for (let v = 0; v < 256; v++) { c += hist[v]!; if (c >= p * n) return v; } return 255; };
  const lo = at(0.01), hi = Math.max(at(0.9), lo + 32);
  const lut = new Uint8ClampedArray(256);
  for (let v = 0; v < 256; v++) lut[v] = ((v - lo) * 255) / (hi - lo);
  return lut;
}

function applyTable(page: PageImage, lut: Uint8ClampedArray): PageImage {
  const { data, channels } = page;
  if (channels === 1) {
    for (let i = 0; i < data.length; i++) data[i] = lut[data[i]!]!;
  } else {
    for (let i = 0; i < data.length; i += 4) {
      data[i] = lut[data[i]!]!; data[i + 1] = lut[data[i + 1]!]!; data[i + 2] = lut[data[i + 2]!]!;
    }
  }
  return page;
}

/** Contrast stretch in place: the darkest 1 % to black, the paper (the 90th percentile of luma) to white. */
export function stretch(page: PageImage): PageImage {
  const { data, channels } = page;
  const hist = new Uint32Array(256);
  if (channels === 1) for (let i = 0; i < data.length; i++) hist[data[i]!]!++;
  else for (let i = 0; i < data.length; i += 4) hist[(306 * data[i]! + 601 * data[i + 1]! + 117 * data[i + 2]! + 512) >> 10]!++;
  return applyTable(page, stretchTable(hist));
}

/**
 * Black and white by a local mean (Bradley): ink is what is darker than 85 % of its 41×41
 * neighbourhood. Integer integral image (a page's sum fits 32 bits: 1241 × 1755 × 255 < 2³¹), the
 * comparison done as `v · area · 100 < sum · 85` in integers; the window clamped at the edges.
 */
export function binarize(page: PageImage): PageImage {
  const { width: W, height: H, data } = page;
  const W1 = W + 1;
  const integ = new Int32Array(W1 * (H + 1));
  for (let y = 0; y < H; y++) {
    let row = 0;
    const s = y * W, a = y * W1 + 1, b = a + W1;
    for (let x = 0; x < W; x++) {
      row += data[s + x]!;
      integ[b + x] = integ[a + x]! + row;
    }
  }
  const r = 20;
  const out = new Uint8ClampedArray(W * H);
  for (let y = 0; y < H; y++) {
    const y0 = y - r < 0 ? 0 : y - r, y1 = y + r + 1 > H ? H : y + r + 1;
    const r0 = y0 * W1, r1 = y1 * W1, dy = y1 - y0, s = y * W;
    // Columns whose window is whole (no clamping, one area for the row) take the fast loop.
    const inA = r < W ? r : W, inB = W - r - 1 > inA ? W - r - 1 : inA, k = (2 * r + 1) * dy * 100;
    for (let x = 0; x < W; x++) {
      if (x === inA && inB > inA) {
        for (; x < inB; x++) {
          const x0 = x - r, x1 = x + r + 1;
          const sum = integ[r1 + x1]! - integ[r0 + x1]! - integ[r1 + x0]! + integ[r0 + x0]!;
          out[s + x] = data[s + x]! * k < sum * 85 ? 0 : 255;
        }
        if (x >= W) break;
      }
      const x0 = x - r < 0 ? 0 : x - r, x1 = x + r + 1 > W ? W : x + r + 1;
      const sum = integ[r1 + x1]! - integ[r0 + x1]! - integ[r1 + x0]! + integ[r0 + x0]!;
      // data < 0.85 · sum / area, in integers (sum ≤ 255 · 41 · 41, so sum · 85 stays exact).
      out[s + x] = data[s + x]! * (x1 - x0) * dy * 100 < sum * 85 ? 0 : 255;
    }
  }
  return { ...page, data: out };
}

/** Detect (unless corners are given), warp, stretch, and for `bitonal` threshold. */
export function processPage(frame: FrameImage, mode: PageMode, corners?: Quad): { page: PageImage; detection: Detection } {
  const luma = mode === 'colour' ? undefined : toLuma(frame);
  const detection = corners ? { found: true, corners } : detectPage(frame, luma);
  // The stretch's table from a sparse sample of the page, then one pass warps and stretches.
  const lut = stretchTable(sampleHistogram(frame, detection.corners, luma));
  const warped = warp(frame, detection.corners, mode === 'colour' ? 4 : 1, lut, luma);
  return { page: mode === 'bitonal' ? binarize(warped) : warped, detection };
}
