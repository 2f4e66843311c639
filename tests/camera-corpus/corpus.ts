/** The camera corpus: ≥ 300 deterministic 640×480 frames in seven categories. Frames are rendered on
 * demand from (seed, category, index), so a subset costs only what it renders and nothing is
 * committed as images. */
import type { FrameImage } from '../../src/renderer/scanners/camera/frame';
import { createRng, type Rng } from './prng';
import { payloadFor, type PayloadKind } from './payloads';
import { FRAME_H, FRAME_W, renderFrame, symbolModules, type CodeSpec, type DamagePatch, type FrameSpec } from './render';

export const CATEGORIES = ['clean', 'blur-noise', 'low-contrast', 'inverted', 'glare', 'damaged', 'no-code'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Per-category frame counts of the full corpus (sum 370). */
export const FULL_COUNTS: Record<Category, number> = {
  clean: 60, 'blur-noise': 60, 'low-contrast': 60, inverted: 60, glare: 50, damaged: 40, 'no-code': 40,
};

export const DEFAULT_SEED = 20240701;

export interface CorpusFrame {
  id: string;
  category: Category;
  /** null for frames with no code. */
  expected: string | null;
  kind: PayloadKind | null;
  image: FrameImage;
}

function seedOf(seed: number, category: Category, index: number): number {
  let h = seed ^ 0x9e3779b9;
  for (const ch of `${category}#${index}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h >>> 0;
}

function placeCode(rng: Rng, text: string, ink: number, paper: number): CodeSpec {
  const symbolPx = rng.range(170, 240);
  const angleRad = (rng.range(-25, 25) * Math.PI) / 180;
  const reach = symbolPx * 0.75; // half the card's diagonal, roughly
  return {
    text, symbolPx, angleRad, ink, paper,
    cx: rng.range(reach, FRAME_W - reach),
    cy: rng.range(Math.min(reach, FRAME_H / 2), Math.max(FRAME_H - reach, FRAME_H / 2)),
  };
}

/** How badly a `damaged` frame's card is worn, by index: 0 light, 1 moderate, 2 heavy (past what
 * error correction level M restores, often), 3 a stain over one of the three finder patterns. */
export type Wear = 'light' | 'moderate' | 'heavy' | 'finder';
export const wearOf = (index: number): Wear => (['light', 'moderate', 'heavy', 'finder'] as const)[index % 4] ?? 'light';

/** Stains and worn patches (ink or paper) and scratches (thin paper lines) over the symbol; all but
 * the `finder` level keep off the finder patterns. */
function wear(rng: Rng, text: string, level: Wear): DamagePatch[] {
  const n = symbolModules(text);
  const finder = 9; // the 7×7 finder, its separator and a module of margin
  const patches: DamagePatch[] = [];
  const blob = (min: number, max: number): void => {
    const w = rng.range(min, max) * n;
    const h = rng.range(min, max) * n;
    patches.push({ u: rng.range(finder, n - finder - w), v: rng.range(finder, n - finder - h), w, h, fill: rng.next() < 0.5 ? 'ink' : 'paper' });
  };
  const scratch = (): void => {
    const len = rng.range(0.4, 0.7) * n;
    patches.push({ u: rng.range(finder, n - finder - len), v: rng.range(finder, n - finder - 1), w: len, h: rng.range(0.4, 0.8), fill: 'paper' });
  };
  switch (level) {
    case 'light': blob(0.1, 0.18); break;
    case 'moderate': blob(0.15, 0.22); blob(0.15, 0.22); scratch(); break;
    case 'heavy': blob(0.2, 0.28); blob(0.2, 0.28); blob(0.2, 0.28); scratch(); break;
    case 'finder': {
      // A stain over one finder pattern (top-left, top-right or bottom-left) and a worn patch.
      const corner = rng.int(0, 2);
      const size = rng.range(5, 8);
      patches.push({ u: corner === 1 ? n - size - rng.range(0, 1) : rng.range(0, 1), v: corner === 2 ? n - size - rng.range(0, 1) : rng.range(0, 1), w: size, h: size, fill: rng.next() < 0.5 ? 'ink' : 'paper' });
      blob(0.1, 0.18);
      break;
    }
  }
  return patches;
}

function specFor(category: Category, rng: Rng, text: string, index: number): FrameSpec {
  const light = { gx: rng.range(-0.25, 0.25), gy: rng.range(-0.25, 0.25) };
  const base = { blurSigma: rng.range(0, 0.5), noiseSigma: rng.range(1, 4), glare: null, light };
  switch (category) {
    case 'clean':
      return { ...base, code: placeCode(rng, text, rng.range(15, 55), rng.range(195, 235)) };
    case 'blur-noise':
      return { ...base, blurSigma: rng.range(1.0, 1.8), noiseSigma: rng.range(10, 20),
        code: placeCode(rng, text, rng.range(25, 60), rng.range(180, 225)) };
    case 'low-contrast': {
      // Dim room, grey print: ink and paper 18–40 levels apart, light falling off across the card.
      const mid = rng.range(90, 165);
      const gap = rng.range(18, 40);
      return { ...base, light: { gx: rng.range(-0.4, 0.4), gy: rng.range(-0.4, 0.4) }, noiseSigma: rng.range(2, 6), code: placeCode(rng, text, mid - gap / 2, mid + gap / 2) };
    }
    case 'inverted':
      return { ...base, code: placeCode(rng, text, rng.range(190, 235), rng.range(15, 55)) };
    case 'glare': {
      const code = placeCode(rng, text, rng.range(20, 55), rng.range(185, 225));
      const r = code.symbolPx * rng.range(0.15, 0.3);
      const glare = { x: code.cx + rng.range(-0.4, 0.4) * code.symbolPx, y: code.cy + rng.range(-0.4, 0.4) * code.symbolPx,
        radius: r, strength: rng.range(120, 220) };
      return { ...base, code, glare };
    }
    case 'damaged':
      return { ...base, code: { ...placeCode(rng, text, rng.range(15, 55), rng.range(195, 235)), damage: wear(rng, text, wearOf(index)) } };
    case 'no-code':
      return { ...base, noiseSigma: rng.range(1, 12), code: null };
  }
}

export function renderCorpusFrame(seed: number, category: Category, index: number): CorpusFrame {
  const rng = createRng(seedOf(seed, category, index));
  const payload = payloadFor(rng, index);
  const spec = specFor(category, rng, payload.text, index);
  const image = renderFrame(spec, rng);
  const hasCode = spec.code !== null;
  return { id: `${category}-${String(index).padStart(3, '0')}`, category, image,
    expected: hasCode ? payload.text : null, kind: hasCode ? payload.kind : null };
}

/** Frames of the corpus in a stable order; `perCategory` caps each category (quick runs, tests). */
export function* corpusFrames(opts: { seed?: number; perCategory?: number; categories?: readonly Category[] } = {}): Generator<CorpusFrame> {
  const seed = opts.seed ?? DEFAULT_SEED;
  for (const category of opts.categories ?? CATEGORIES) {
    const count = Math.min(FULL_COUNTS[category], opts.perCategory ?? Infinity);
    for (let i = 0; i < count; i++) yield renderCorpusFrame(seed, category, i);
  }
}
