/** Renders one synthetic 640×480 camera frame: a desk-like background, a card holding a QR code
 * placed with scale, rotation and offset, then the degradation of its category. Pure and seeded. */
import QRCode from 'qrcode';
import type { FrameImage } from '../../src/renderer/scanners/camera/frame';
import type { Rng } from './prng';

export const FRAME_W = 640;
export const FRAME_H = 480;

export interface CodeSpec {
  text: string;
  /** Symbol width in pixels without the quiet zone (a CCCD's code fills ~170–240 px of a VGA frame). */
  symbolPx: number;
  angleRad: number;
  cx: number;
  cy: number;
  ink: number;
  paper: number;
  /** Defaced areas of the symbol, in module coordinates (0…n from the symbol's top-left corner):
   * scratches, stains and worn patches painted over the modules with ink or paper. */
  damage?: readonly DamagePatch[];
}

export interface DamagePatch { u: number; v: number; w: number; h: number; fill: 'ink' | 'paper' }

/** The symbol's size in modules for a text, as drawCode renders it (error correction M). */
export function symbolModules(text: string): number {
  return QRCode.create(text, { errorCorrectionLevel: 'M' }).modules.size;
}

export interface FrameSpec {
  code: CodeSpec | null;
  blurSigma: number;
  noiseSigma: number;
  glare: { x: number; y: number; radius: number; strength: number } | null;
  /** Brightness slope across the frame (uneven room light). */
  light: { gx: number; gy: number };
}

const QUIET = 4;
const CARD_MARGIN = 3;

function background(rng: Rng, plane: Float32Array): void {
  const a = rng.range(70, 160);
  const b = rng.range(70, 160);
  const vertical = rng.next() < 0.5;
  for (let y = 0; y < FRAME_H; y++) {
    for (let x = 0; x < FRAME_W; x++) {
      const t = vertical ? y / FRAME_H : x / FRAME_W;
      plane[y * FRAME_W + x] = a + (b - a) * t;
    }
  }
  // Desk clutter: flat objects with hard edges give the detectors something that is not a code.
  const objects = rng.int(2, 6);
  for (let i = 0; i < objects; i++) {
    const w = rng.int(30, 220);
    const h = rng.int(20, 160);
    const x0 = rng.int(-20, FRAME_W - 10);
    const y0 = rng.int(-20, FRAME_H - 10);
    const level = rng.range(20, 240);
    for (let y = Math.max(0, y0); y < Math.min(FRAME_H, y0 + h); y++) {
      for (let x = Math.max(0, x0); x < Math.min(FRAME_W, x0 + w); x++) plane[y * FRAME_W + x] = level;
    }
  }
}

function drawCode(code: CodeSpec, plane: Float32Array): void {
  const qr = QRCode.create(code.text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const bits = qr.modules.data;
  const modulePx = code.symbolPx / n;
  const half = n / 2 + QUIET + CARD_MARGIN;
  const cos = Math.cos(code.angleRad);
  const sin = Math.sin(code.angleRad);
  const reach = Math.ceil(half * modulePx * Math.SQRT2) + 2;
  const x0 = Math.max(0, Math.floor(code.cx - reach));
  const x1 = Math.min(FRAME_W, Math.ceil(code.cx + reach));
  const y0 = Math.max(0, Math.floor(code.cy - reach));
  const y1 = Math.min(FRAME_H, Math.ceil(code.cy + reach));
  const SS = 2; // 2×2 supersampling: module edges get the in-between grey a lens gives them
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const idx = y * FRAME_W + x;
      const under = plane[idx] ?? 0;
      let sum = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const dx = (x + (sx + 0.5) / SS - code.cx) / modulePx;
          const dy = (y + (sy + 0.5) / SS - code.cy) / modulePx;
          // Inverse rotation: frame offset → card coordinates, in modules from the symbol centre.
          const u = dx * cos + dy * sin + n / 2;
          const v = -dx * sin + dy * cos + n / 2;
          if (u < -QUIET - CARD_MARGIN || v < -QUIET - CARD_MARGIN || u >= n + QUIET + CARD_MARGIN || v >= n + QUIET + CARD_MARGIN) {
            sum += under;
          } else if (u >= 0 && v >= 0 && u < n && v < n && damaged(code, u, v) !== null) {
            sum += damaged(code, u, v) === 'ink' ? code.ink : code.paper;
          } else if (u >= 0 && v >= 0 && u < n && v < n && bits[Math.floor(v) * n + Math.floor(u)]) {
            sum += code.ink;
          } else {
            sum += code.paper;
          }
        }
      }
      plane[idx] = sum / (SS * SS);
    }
  }
}

function damaged(code: CodeSpec, u: number, v: number): DamagePatch['fill'] | null {
  if (!code.damage) return null;
  // The last patch painted wins, as with real stains over scratches.
  for (let i = code.damage.length - 1; i >= 0; i--) {
    const d = code.damage[i];
    if (d && u >= d.u && u < d.u + d.w && v >= d.v && v < d.v + d.h) return d.fill;
  }
  return null;
}

function blur(plane: Float32Array, sigma: number): void {
  const radius = Math.ceil(sigma * 3);
  const kernel = new Float32Array(radius * 2 + 1);
  let total = 0;
  for (let i = -radius; i <= radius; i++) total += kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < kernel.length; i++) kernel[i] = (kernel[i] ?? 0) / total;
  const tmp = new Float32Array(plane.length);
  const clampX = (x: number): number => (x < 0 ? 0 : x >= FRAME_W ? FRAME_W - 1 : x);
  const clampY = (y: number): number => (y < 0 ? 0 : y >= FRAME_H ? FRAME_H - 1 : y);
  for (let y = 0; y < FRAME_H; y++) {
    for (let x = 0; x < FRAME_W; x++) {
      let acc = 0;
      for (let k = -radius; k <= radius; k++) acc += (kernel[k + radius] ?? 0) * (plane[y * FRAME_W + clampX(x + k)] ?? 0);
      tmp[y * FRAME_W + x] = acc;
    }
  }
  for (let y = 0; y < FRAME_H; y++) {
    for (let x = 0; x < FRAME_W; x++) {
      let acc = 0;
      for (let k = -radius; k <= radius; k++) acc += (kernel[k + radius] ?? 0) * (tmp[clampY(y + k) * FRAME_W + x] ?? 0);
      plane[y * FRAME_W + x] = acc;
    }
  }
}

export function renderFrame(spec: FrameSpec, rng: Rng): FrameImage {
  const plane = new Float32Array(FRAME_W * FRAME_H);
  background(rng, plane);
  if (spec.code) drawCode(spec.code, plane);
  if (spec.blurSigma > 0) blur(plane, spec.blurSigma);
  const data = new Uint8ClampedArray(FRAME_W * FRAME_H * 4);
  const tint = [rng.range(0.92, 1.05), rng.range(0.95, 1.03), rng.range(0.9, 1.05)] as const;
  for (let y = 0; y < FRAME_H; y++) {
    for (let x = 0; x < FRAME_W; x++) {
      const i = y * FRAME_W + x;
      let value = (plane[i] ?? 0) * (1 + spec.light.gx * (x / FRAME_W - 0.5) + spec.light.gy * (y / FRAME_H - 0.5));
      if (spec.glare) {
        const dx = x - spec.glare.x;
        const dy = y - spec.glare.y;
        value += spec.glare.strength * Math.exp(-(dx * dx + dy * dy) / (2 * spec.glare.radius * spec.glare.radius));
      }
      // Sensor noise on luma only: per-channel noise triples the cost and the decoders see luma anyway.
      const noisy = spec.noiseSigma > 0 ? value + rng.gauss() * spec.noiseSigma : value;
      const o = i * 4;
      data[o] = noisy * tint[0];
      data[o + 1] = noisy * tint[1];
      data[o + 2] = noisy * tint[2];
      data[o + 3] = 255;
    }
  }
  return { data, width: FRAME_W, height: FRAME_H };
}
