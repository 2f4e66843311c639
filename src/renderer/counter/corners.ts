/**
 * The corner editor's rules (CornerEditor.tsx), kept apart so they are tested without a DOM: which
 * four corners make a page, how a key moves a corner, and the whole frame as corners.
 *
 * Corners are in frame pixels, in the order the page pipeline takes them (scanners/document/page.ts
 * `Quad`): top-left, top-right, bottom-right, bottom-left. A page seen by a camera is a convex
 * quadrilateral whose corners run clockwise on the screen in that order, so the rule is exactly
 * that: every turn from one side to the next goes the same (clockwise) way. Corners that cross
 * (a bow tie), fold in (a dent) or run the other way round (the page would come out mirrored) are
 * refused as `crossed`; a page smaller than 2 % of the frame, or with a side under 16 px, as `small`.
 */
import type { Point, Quad } from '../scanners/document/page';

export type CornerProblem = 'crossed' | 'small';

/** The smallest page the editor accepts: a share of the frame's area, and a side's length in px. */
export const MIN_AREA_SHARE = 0.02;
export const MIN_SIDE = 16;
/** An arrow key moves the selected corner 1 px of the frame; with Shift, 10 px. */
export const STEP = 1;
export const BIG_STEP = 10;

export const wholeFrame = (width: number, height: number): Quad =>
  [{ x: 0, y: 0 }, { x: width - 1, y: 0 }, { x: width - 1, y: height - 1 }, { x: 0, y: height - 1 }];

const turn = (a: Point, b: Point, c: Point): number => (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);

function area(q: Quad): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    const p = q[i]!, r = q[(i + 1) % 4]!;
    s += p.x * r.y - r.x * p.y;
  }
  return Math.abs(s) / 2;
}

/** Why these corners make no page, or null when they do. */
export function checkCorners(q: Quad, width: number, height: number): CornerProblem | null {
  for (let i = 0; i < 4; i++) {
    // y grows downwards, so a clockwise turn on the screen has a positive cross product.
    if (!(turn(q[i]!, q[(i + 1) % 4]!, q[(i + 2) % 4]!) > 0)) return 'crossed';
  }
  for (let i = 0; i < 4; i++) {
    const a = q[i]!, b = q[(i + 1) % 4]!;
    if (Math.hypot(a.x - b.x, a.y - b.y) < MIN_SIDE) return 'small';
  }
  return area(q) < MIN_AREA_SHARE * width * height ? 'small' : null;
}

const clamp = (v: number, hi: number): number => (v < 0 ? 0 : v > hi ? hi : v);

/** The corners with corner `i` at `to`, kept inside the frame and on whole pixels. */
export function placeCorner(q: Quad, i: number, to: Point, width: number, height: number): Quad {
  const next = [...q] as Quad;
  next[i] = { x: clamp(Math.round(to.x), width - 1), y: clamp(Math.round(to.y), height - 1) };
  return next;
}

const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/** An arrow key's move of corner `i` (Shift: the bigger step), or null when the key is no arrow. */
export function keyMove(q: Quad, i: number, key: string, shift: boolean, width: number, height: number): Quad | null {
  const d = ARROWS[key];
  if (!d) return null;
  const step = shift ? BIG_STEP : STEP;
  const p = q[i]!;
  return placeCorner(q, i, { x: p.x + d[0] * step, y: p.y + d[1] * step }, width, height);
}

/** "1"–"4" select a corner (top-left, top-right, bottom-right, bottom-left): its index, else null. */
export function cornerForKey(key: string): number | null {
  return key.length === 1 && key >= '1' && key <= '4' ? Number(key) - 1 : null;
}
