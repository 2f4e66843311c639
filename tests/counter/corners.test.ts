/**
 * The corner editor's rules (counter/corners.ts): which four corners make a page (convex, clockwise
 * from the top left, not tiny), how keys move and select a corner, and that a corner never leaves
 * the frame.
 */
import { describe, expect, it } from 'vitest';
import { BIG_STEP, checkCorners, cornerForKey, keyMove, placeCorner, wholeFrame } from '../../src/renderer/counter/corners';
import type { Quad } from '../../src/renderer/scanners/document/page';
import { TILTED } from '../helpers/document-frame';

const W = 640, H = 480;
const q = (...xy: number[]): Quad => [0, 1, 2, 3].map((i) => ({ x: xy[i * 2]!, y: xy[i * 2 + 1]! })) as Quad;

describe('corners that make a page', () => {
  it('accepts a tilted page, the whole frame and a small but clear page', () => {
    expect(checkCorners(TILTED, W, H)).toBeNull();
    expect(checkCorners(wholeFrame(W, H), W, H)).toBeNull();
    // 2 % of 640×480 is 6144 px²: an 80×80 page passes.
    expect(checkCorners(q(100, 100, 180, 100, 180, 180, 100, 180), W, H)).toBeNull();
  });

  it('refuses crossed, folded-in and mirrored corners as no page', () => {
    // A bow tie: the top corners swapped.
    expect(checkCorners(q(452, 62, 212, 38, 478, 441, 160, 424), W, H)).toBe('crossed');
    // A dent: the bottom-right corner pulled inside the page.
    expect(checkCorners(q(100, 100, 500, 100, 250, 250, 100, 400), W, H)).toBe('crossed');
    // Round the other way (left and right swapped): the page would come out mirrored.
    expect(checkCorners(q(452, 62, 212, 38, 160, 424, 478, 441), W, H)).toBe('crossed');
    // Three corners on one line.
    expect(checkCorners(q(100, 100, 300, 100, 500, 100, 100, 400), W, H)).toBe('crossed');
    // Two corners on the same point.
    expect(checkCorners(q(100, 100, 100, 100, 400, 400, 100, 400), W, H)).toBe('crossed');
  });

  it('refuses a page too small to be one', () => {
    expect(checkCorners(q(100, 100, 170, 100, 170, 170, 100, 170), W, H)).toBe('small'); // 4900 px² < 6144
    // A long thin sliver: a side under 16 px.
    expect(checkCorners(q(10, 100, 630, 100, 630, 110, 10, 110), W, H)).toBe('small');
  });
});

describe('moving a corner', () => {
  it('moves the chosen corner 1 px per arrow, 10 with Shift, and no other corner', () => {
    const right = keyMove(TILTED, 1, 'ArrowRight', false, W, H)!;
    expect(right[1]).toEqual({ x: 453, y: 62 });
    expect([right[0], right[2], right[3]]).toEqual([TILTED[0], TILTED[2], TILTED[3]]);
    expect(keyMove(TILTED, 0, 'ArrowUp', true, W, H)![0]).toEqual({ x: 212, y: 38 - BIG_STEP });
    expect(keyMove(TILTED, 3, 'ArrowLeft', true, W, H)![3]).toEqual({ x: 150, y: 424 });
    expect(keyMove(TILTED, 2, 'ArrowDown', false, W, H)![2]).toEqual({ x: 478, y: 442 });
    expect(keyMove(TILTED, 2, 'a', false, W, H)).toBeNull();
    expect(keyMove(TILTED, 2, 'Enter', true, W, H)).toBeNull();
  });

  it('keeps corners inside the frame, on whole pixels', () => {
    const edge = wholeFrame(W, H);
    expect(keyMove(edge, 0, 'ArrowLeft', true, W, H)![0]).toEqual({ x: 0, y: 0 });
    expect(keyMove(edge, 2, 'ArrowDown', true, W, H)![2]).toEqual({ x: 639, y: 479 });
    expect(placeCorner(edge, 1, { x: 900.4, y: -20 }, W, H)[1]).toEqual({ x: 639, y: 0 });
    expect(placeCorner(edge, 3, { x: 10.6, y: 200.2 }, W, H)[3]).toEqual({ x: 11, y: 200 });
  });

  it('selects corners with keys 1 to 4 only', () => {
    expect(['1', '2', '3', '4'].map(cornerForKey)).toEqual([0, 1, 2, 3]);
    expect(['0', '5', 'F1', 'Digit1', ''].map(cornerForKey)).toEqual([null, null, null, null, null]);
  });
});
