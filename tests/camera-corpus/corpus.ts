/** The camera corpus: ≥ 300 deterministic 640×480 frames in six categories. Frames are rendered on
 * demand from (seed, category, index), so a subset costs only what it renders and nothing is
 * committed as images. */
import type { FrameImage } from '../../src/renderer/scanners/camera/frame';
import { createRng, type Rng } from './prng';
import { payloadFor, type PayloadKind } from './payloads';
import { FRAME_H, FRAME_W, renderFrame, type CodeSpec, type FrameSpec } from './render';

export const CATEGORIES = ['clean', 'blur-noise', 'low-contrast', 'inverted', 'glare', 'no-code'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Per-category frame counts of the full corpus (sum 330). */
export const FULL_COUNTS: Record<Category, number> = {
  clean: 60, 'blur-noise': 60, 'low-contrast': 60, inverted: 60, glare: 50, 'no-code': 40,
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

function specFor(category: Category, rng: Rng, text: string): FrameSpec {
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
    case 'no-code':
      return { ...base, noiseSigma: rng.range(1, 12), code: null };
  }
}

export function renderCorpusFrame(seed: number, category: Category, index: number): CorpusFrame {
  const rng = createRng(seedOf(seed, category, index));
  const payload = payloadFor(rng, index);
  const spec = specFor(category, rng, payload.text);
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
