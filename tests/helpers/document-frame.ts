/**
 * A generated camera frame of a printed page (synthetic, no real document): a desk-coloured
 * textured background, and on it an A4 page of text-like lines seen at a perspective angle —
 * the page's corners are where the caller puts them, so tests know the truth.
 */
import type { FrameImage } from '../../src/renderer/scanners/camera/frame';
import { homography, type Quad } from '../../src/renderer/scanners/document/page';

/** Ink of the printed page at page coordinates (u, v in 0..1240 × 0..1754). */
function ink(u: number, v: number, seed: number): boolean {
  if (u < 110 || u > 1130 || v < 140 || v > 1620) return false;
  const line = Math.floor((v - 140) / 44);
  if ((v - 140) % 44 > 18) return false;
  const word = Math.floor((u + line * 37 + seed * 53) / 90);
  return (word * 7 + line * 3 + seed) % 6 !== 0 && ((u + line * 11) % 90) < 74;
}

export function pageFrame(corners: Quad | null, opts: { width?: number; height?: number; seed?: number } = {}): FrameImage {
  const width = opts.width ?? 640, height = opts.height ?? 480, seed = opts.seed ?? 1;
  const data = new Uint8ClampedArray(width * height * 4);
  // Inverse map: frame pixel → page coordinates, from the homography page → frame.
  const m = corners ? homography(1240, 1754, corners) : null;
  let inv: number[] | null = null;
  if (m) {
    const [a, b, c, d, e, f, g, h, i] = m as [number, number, number, number, number, number, number, number, number];
    const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
    const det = a * A + b * B + c * C;
    inv = [A, -(b * i - c * h), b * f - c * e, B, a * i - c * g, -(a * f - c * d), C, -(a * h - b * g), a * e - b * d].map((x) => x / det);
  }
  let rnd = seed * 2654435761 >>> 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      rnd = (rnd * 1664525 + 1013904223) >>> 0;
      const noise = (rnd >>> 24) % 9 - 4;
      // A wooden desk: brown, with grain.
      let r = 120 + 12 * Math.sin(y / 7 + x / 40) + noise, g = 82 + 8 * Math.sin(y / 7 + x / 40) + noise, b = 52 + noise;
      if (inv) {
        const X = x + 0.5, Y = y + 0.5;
        const z = inv[6]! * X + inv[7]! * Y + inv[8]!;
        const u = (inv[0]! * X + inv[1]! * Y + inv[2]!) / z, v = (inv[3]! * X + inv[4]! * Y + inv[5]!) / z;
        if (u >= 0 && u < 1240 && v >= 0 && v < 1754) {
          // Paper, a little darker away from the light, and its ink.
          const paper = 228 - (x / width) * 25 + noise;
          const val = ink(u, v, seed) ? 40 + noise : paper;
          r = val; g = val; b = val - 4;
        }
      }
      const o = (y * width + x) * 4;
      data[o] = r; data[o + 1] = g; data[o + 2] = b; data[o + 3] = 255;
    }
  }
  return { data, width, height };
}

/** A page held at an angle in a 640×480 frame, its corners (tl, tr, br, bl). */
export const TILTED: Quad = [{ x: 212, y: 38 }, { x: 452, y: 62 }, { x: 478, y: 441 }, { x: 160, y: 424 }];
