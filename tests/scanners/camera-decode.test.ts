import { beforeAll, describe, expect, it } from 'vitest';
import { createDecodeChain, type PassName } from '../../src/renderer/scanners/camera/decode-chain';
import { lumaSource, runJsPass } from '../../src/renderer/scanners/camera/engine-zxing-js';
import { ContrastScratch, localContrast } from '../../src/renderer/scanners/camera/contrast';
import { toLuma } from '../../src/renderer/scanners/camera/frame';
import { corpusFrames, renderCorpusFrame, wearOf, DEFAULT_SEED, type Category } from '../camera-corpus/corpus';
import { loadPackagedZxingWasm } from '../camera-corpus/wasm-node';

beforeAll(async () => {
  await loadPackagedZxingWasm();
});

/** Decodes `perCategory` frames of a category, each as the first frame of a fresh session. */
async function decodeCategory(category: Category, perCategory: number) {
  const chain = createDecodeChain();
  const out: { expected: string | null; text: string | null; pass: PassName | null; ms: number }[] = [];
  for (const frame of corpusFrames({ categories: [category], perCategory })) {
    chain.reset();
    const result = await chain.decode(frame.image);
    out.push({ expected: frame.expected, text: result.text, pass: result.pass, ms: result.ms });
  }
  return out;
}

describe('camera decode chain on the generated corpus', () => {
  it('reads clean frames exactly, Vietnamese UTF-8 names included', async () => {
    const results = await decodeCategory('clean', 8);
    for (const r of results) expect(r.text).toBe(r.expected);
    expect(results.some((r) => /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(r.text ?? ''))).toBe(true);
  });

  it('reads inverted (light-on-dark) frames', async () => {
    const results = await decodeCategory('inverted', 6);
    for (const r of results) expect(r.text).toBe(r.expected);
  });

  it('reads low-contrast frames, the faintest ones through the contrast pass alone', async () => {
    const results = await decodeCategory('low-contrast', 6);
    for (const r of results) expect(r.text).toBe(r.expected);
    // Some faint frames (ink and paper ~20 grey levels apart) defeat a plain zxing-wasm pass; the
    // contrast pass, the chain's primary, reads them without any fallback.
    const plainOnly = createDecodeChain({ primary: ['wasm'], fallbacks: [] });
    const chain = createDecodeChain({ budgetMs: 0 });
    let recovered = 0;
    // Frames 16–23 of the default corpus include two such frames (18 and 22).
    for (let index = 16; index < 24; index++) {
      const frame = renderCorpusFrame(DEFAULT_SEED, 'low-contrast', index);
      if ((await plainOnly.decode(frame.image)).text !== null) continue;
      chain.reset();
      const result = await chain.decode(frame.image);
      expect(result.passesRun).toEqual(['wasm-contrast']);
      expect(result.text).toBe(frame.expected);
      recovered++;
    }
    expect(recovered).toBeGreaterThan(0);
  });

  it('reads most blurred and noisy frames and never returns a wrong text', async () => {
    const results = await decodeCategory('blur-noise', 8);
    const right = results.filter((r) => r.text === r.expected).length;
    expect(results.every((r) => r.text === null || r.text === r.expected)).toBe(true);
    expect(right).toBeGreaterThanOrEqual(6);
  });

  it('reads frames with glare', async () => {
    const results = await decodeCategory('glare', 6);
    expect(results.filter((r) => r.text === r.expected).length).toBeGreaterThanOrEqual(5);
  });

  it('reads worn cards that error correction restores, and never a wrong text from one it cannot', async () => {
    const results = await decodeCategory('damaged', 8);
    results.forEach((r, index) => {
      const level = wearOf(index);
      // Stains and scratches off the finder patterns, within what level M restores: read exactly.
      if (level === 'light' || level === 'moderate') expect(r.text, `${level} #${index}`).toBe(r.expected);
      // Past that (or a finder pattern stained over): nothing, or the exact text; never another.
      else expect(r.text === null || r.text === r.expected, `${level} #${index}`).toBe(true);
    });
    // The corpus's heavy and finder damage is real: these cards are not read at all.
    expect(results.filter((_, index) => ['heavy', 'finder'].includes(wearOf(index))).every((r) => r.text === null)).toBe(true);
  });

  it('returns nothing, quickly, for frames without a code', async () => {
    const chain = createDecodeChain();
    const cpuMs: number[] = [];
    for (const frame of corpusFrames({ categories: ['no-code'], perCategory: 8 })) {
      const before = process.cpuUsage();
      const result = await chain.decode(frame.image);
      const used = process.cpuUsage(before);
      expect(result.text).toBeNull();
      cpuMs.push((used.user + used.system) / 1000);
    }
    cpuMs.sort((a, b) => a - b);
    // CPU time, not wall time: the suite shares two cores with other test files. An all-formats
    // TRY_HARDER pass costs 200–1000 ms here; the chain stays an order of magnitude below.
    expect(cpuMs[Math.floor(cpuMs.length / 2)]).toBeLessThan(60);
  });
});

describe('retry across frames', () => {
  it('spreads the fallback passes over successive frames when the budget is spent', async () => {
    const empty = renderCorpusFrame(DEFAULT_SEED, 'no-code', 0).image;
    // A zero budget lets no fallback in by cost; the guard set to 1 forces one on every frame.
    const chain = createDecodeChain({ budgetMs: 0, forceFallbackEvery: 1 });
    const runs: PassName[][] = [];
    for (let i = 0; i < 6; i++) runs.push((await chain.decode(empty)).passesRun);
    expect(runs).toEqual([
      ['wasm-contrast', 'wasm'],
      ['wasm-contrast', 'js-global'],
      ['wasm-contrast', 'js-hybrid'],
      ['wasm-contrast', 'js-global-inverted'],
      ['wasm-contrast', 'js-hybrid-inverted'],
      ['wasm-contrast', 'wasm'],
    ]);
    chain.reset();
    expect((await chain.decode(empty)).passesRun).toEqual(['wasm-contrast', 'wasm']);
  });

  it('runs no fallback over budget except through the progress guard, every Nth frame', async () => {
    const empty = renderCorpusFrame(DEFAULT_SEED, 'no-code', 2).image;
    const chain = createDecodeChain({ budgetMs: 0, forceFallbackEvery: 3 });
    const runs: PassName[][] = [];
    for (let i = 0; i < 6; i++) runs.push((await chain.decode(empty)).passesRun);
    expect(runs).toEqual([
      ['wasm-contrast'],
      ['wasm-contrast'],
      ['wasm-contrast', 'wasm'],
      ['wasm-contrast'],
      ['wasm-contrast'],
      ['wasm-contrast', 'js-global'],
    ]);
  });

  it('runs every fallback on one frame when the budget allows', async () => {
    const empty = renderCorpusFrame(DEFAULT_SEED, 'no-code', 1).image;
    const result = await createDecodeChain({ budgetMs: Infinity }).decode(empty);
    expect(result.passesRun).toHaveLength(6);
  });

  it('reuses its buffers between frames without one frame leaking into the next', async () => {
    const chain = createDecodeChain({ fallbacks: [] });
    const a = renderCorpusFrame(DEFAULT_SEED, 'low-contrast', 3);
    const b = renderCorpusFrame(DEFAULT_SEED, 'clean', 4);
    const empty = renderCorpusFrame(DEFAULT_SEED, 'no-code', 3);
    const texts: (string | null)[] = [];
    for (const frame of [a, b, empty, a, empty, b]) texts.push((await chain.decode(frame.image)).text);
    expect(texts).toEqual([a.expected, b.expected, null, a.expected, null, b.expected]);
  });
});

describe('@zxing/library fallback passes', () => {
  it('decodes inverted frames only through the inverted passes', () => {
    const frame = renderCorpusFrame(DEFAULT_SEED, 'inverted', 2);
    const source = lumaSource(toLuma(frame.image), frame.image.width, frame.image.height);
    expect(runJsPass(source, 'global')).toBeNull();
    const inverted = runJsPass(source, 'hybrid-inverted') ?? runJsPass(source, 'global-inverted');
    expect(inverted?.text).toBe(frame.expected);
  });
});

describe('frame filters', () => {
  /** The filter written the slow, obvious way: half-resolution average, window mean, gain, clamp. */
  function referenceContrast(luma: Uint8ClampedArray, width: number, height: number, radius: number, gain: number): number[] {
    const hw = width >> 1;
    const hh = height >> 1;
    const half = (i: number, j: number) => (luma[2 * j * width + 2 * i]! + luma[2 * j * width + 2 * i + 1]! + luma[(2 * j + 1) * width + 2 * i]! + luma[(2 * j + 1) * width + 2 * i + 1]!) >> 2;
    const r = radius >> 1;
    const out: number[] = [];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let mean = 0;
        if (hw > 0 && hh > 0) {
          const j = Math.min(hh - 1, y >> 1);
          const i = Math.min(hw - 1, x >> 1);
          let sum = 0;
          let count = 0;
          for (let jj = Math.max(0, j - r); jj <= Math.min(hh - 1, j + r); jj++) {
            for (let ii = Math.max(0, i - r); ii <= Math.min(hw - 1, i + r); ii++) { sum += half(ii, jj); count++; }
          }
          mean = Math.trunc(sum / count);
        }
        out.push(Math.max(0, Math.min(255, (128 + (luma[y * width + x]! - mean) * gain) | 0)));
      }
    }
    return out;
  }

  it('computes luma the same from an aligned or an unaligned buffer', () => {
    const frame = renderCorpusFrame(DEFAULT_SEED, 'glare', 0).image;
    const shifted = new Uint8ClampedArray(frame.data.length + 1);
    shifted.set(frame.data, 1);
    const a = toLuma(frame);
    const b = toLuma({ data: shifted.subarray(1), width: frame.width, height: frame.height });
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
    const { data } = frame;
    for (const i of [0, 1234, a.length - 1]) {
      expect(a[i]).toBe((306 * data[4 * i]! + 601 * data[4 * i + 1]! + 117 * data[4 * i + 2]! + 512) >> 10);
    }
  });

  it('normalises contrast exactly as the reference does, odd sizes and reused buffers included', () => {
    const scratch = new ContrastScratch();
    for (const [width, height] of [[37, 29], [40, 30], [1, 1], [2, 1], [1, 5], [33, 2]] as const) {
      const luma = new Uint8ClampedArray(width * height).map((_, i) => (i * 97 + 13) % 256);
      const expected = referenceContrast(luma, width, height, 8, 3);
      for (const out of [localContrast(luma, width, height, { radius: 8, gain: 3 }), localContrast(luma, width, height, { radius: 8, gain: 3 }, scratch)]) {
        const grey = Array.from({ length: width * height }, (_, p) => out.data[4 * p]!);
        expect(grey).toEqual(expected);
        expect(out.data[3]).toBe(255);
      }
    }
  });
});
