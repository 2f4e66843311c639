/**
 * Document mode of the camera (issue 17): from one camera frame, find the page (the largest
 * bright convex quadrilateral), correct its perspective onto an A4 page at 150 dpi (1240×1754,
 * or 1754×1240 for a page lying landscape), stretch its contrast, and give it in colour, grey or
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
export function detectPage(frame: FrameImage): Detection {
  const { width: w, height: h } = frame;
  const luma = toLuma(frame);
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

/** Perspective warp of the frame's quad onto the A4 page, bilinear; grey (1 channel) or RGBA. */
export function warp(frame: FrameImage, q: Quad, channels: 1 | 4): PageImage {
  const { W, H } = pageSize(q);
  const m = homography(W, H, q);
  const { width: fw, height: fh } = frame;
  const src = channels === 1 ? toLuma(frame) : frame.data;
  const out = new Uint8ClampedArray(W * H * channels);
  const maxX = fw - 1.001, maxY = fh - 1.001;
  for (let y = 0; y < H; y++) {
    const yc = y + 0.5;
    let nx = m[0]! * 0.5 + m[1]! * yc + m[2]!, ny = m[3]! * 0.5 + m[4]! * yc + m[5]!, dz = m[6]! * 0.5 + m[7]! * yc + m[8]!;
    let o = y * W * channels;
    for (let x = 0; x < W; x++, nx += m[0]!, ny += m[3]!, dz += m[6]!) {
      let sx = nx / dz - 0.5, sy = ny / dz - 0.5;
      sx = sx < 0 ? 0 : sx > maxX ? maxX : sx;
      sy = sy < 0 ? 0 : sy > maxY ? maxY : sy;
      const x0 = sx | 0, y0 = sy | 0, fx = sx - x0, fy = sy - y0;
      const i = y0 * fw + x0;
      if (channels === 1) {
        const a = src[i]!, b = src[i + 1]!, c = src[i + fw]!, d = src[i + fw + 1]!;
        out[o++] = a + (b - a) * fx + ((c + (d - c) * fx) - (a + (b - a) * fx)) * fy;
      } else {
        for (let k = 0; k < 4; k++) {
          const a = src[i * 4 + k]!, b = src[i * 4 + 4 + k]!, c = src[(i + fw) * 4 + k]!, d = src[(i + fw) * 4 + 4 + k]!;
          const top = a + (b - a) * fx;
          out[o++] = top + (c + (d - c) * fx - top) * fy;
        }
      }
    }
  }
  return { width: W, height: H, channels, data: out };
}

/** Contrast stretch: the darkest 1 % to black, the paper (the 90th percentile of luma) to white. */
export function stretch(page: PageImage): PageImage {
  const { data, channels } = page;
  const hist = new Uint32Array(256);
  const step = channels;
  let n = 0;
  for (let i = 0; i < data.length; i += step * 7) {
    const v = channels === 1 ? data[i]! : (306 * data[i]! + 601 * data[i + 1]! + 117 * data[i + 2]! + 512) >> 10;
    hist[v]!++;
    n++;
  }
  const at = (p: number) => { let c = 0; for (let v = 0; v < 256; v++) { c += hist[v]!; if (c >= p * n) return v; } return 255; };
  const lo = at(0.01), hi = Math.max(at(0.9), lo + 32);
  const lut = new Uint8ClampedArray(256);
  for (let v = 0; v < 256; v++) lut[v] = ((v - lo) * 255) / (hi - lo);
  for (let i = 0; i < data.length; i++) {
    if (channels === 4 && (i & 3) === 3) continue;
    data[i] = lut[data[i]!]!;
  }
  return page;
}

/** Black and white by a local mean (Bradley): ink is what is darker than 85 % of its 41×41 neighbourhood. */
export function binarize(page: PageImage): PageImage {
  const { width: W, height: H, data } = page;
  const integ = new Float64Array((W + 1) * (H + 1));
  for (let y = 0; y < H; y++) {
    let row = 0;
    for (let x = 0; x < W; x++) {
      row += data[y * W + x]!;
      integ[(y + 1) * (W + 1) + x + 1] = integ[y * (W + 1) + x + 1]! + row;
    }
  }
  const r = 20;
  const out = new Uint8ClampedArray(W * H);
  for (let y = 0; y < H; y++) {
    const y0 = Math.max(0, y - r), y1 = Math.min(H, y + r + 1);
    for (let x = 0; x < W; x++) {
      const x0 = Math.max(0, x - r), x1 = Math.min(W, x + r + 1);
      const sum = integ[y1 * (W + 1) + x1]! - integ[y0 * (W + 1) + x1]! - integ[y1 * (W + 1) + x0]! + integ[y0 * (W + 1) + x0]!;
      const mean = sum / ((x1 - x0) * (y1 - y0));
      out[y * W + x] = data[y * W + x]! < mean * 0.85 ? 0 : 255;
    }
  }
  return { ...page, data: out };
}

/** Detect (unless corners are given), warp, stretch, and for `bitonal` threshold. */
export function processPage(frame: FrameImage, mode: PageMode, corners?: Quad): { page: PageImage; detection: Detection } {
  const detection = corners ? { found: true, corners } : detectPage(frame);
  const warped = stretch(warp(frame, detection.corners, mode === 'colour' ? 4 : 1));
  return { page: mode === 'bitonal' ? binarize(warped) : warped, detection };
}
