/** The camera's decoder chain, a pure function of the frame plus a little state carried between
 * frames. Every frame gets the primary pass: zxing-wasm on the frame after local contrast
 * normalisation (contrast.ts), thresholded at the middle grey, normal and inverted. On the project's
 * corpus that one pass reads every clean, inverted, faint and glared frame and most noisy ones, for
 * about the cost of one plain zxing-wasm pass plus the filter. When it finds nothing, fallback passes
 * run in a fixed rotation, each only if its expected cost still fits the frame's time budget; the
 * next frame resumes the rotation where this one stopped ("retry across frames"). So a hard code
 * meets every strategy within a few frames, yet no frame, code or no code, pays for all of them. On
 * a machine too slow for any fallback to fit, a progress guard still runs one every
 * `forceFallbackEvery` frames. Runs unchanged in the Web Worker and in Node (tests, benchmark). */
import { ContrastScratch, DEFAULT_CONTRAST, localContrast } from './contrast';
import { lumaSource, runJsPass, type JsPass } from './engine-zxing-js';
import { WASM_READER_OPTIONS, zxingWasmEngine, type DecodedText, type FrameEngine } from './engine-zxing-wasm';
import { toLuma, type FrameImage } from './frame';
export type PassName =
  | 'wasm'
  | 'wasm-contrast'
  | 'js-global'
  | 'js-hybrid'
  | 'js-global-inverted'
  | 'js-hybrid-inverted';

export interface ChainOptions {
  /** Passes run on every frame, in order. */
  primary: readonly PassName[];
  /** Passes tried in rotation once the primary passes found nothing. */
  fallbacks: readonly PassName[];
  /** A fallback pass starts only if its expected cost still fits in this many ms of the frame. */
  budgetMs: number;
  /** Progress guard: when this many frames in a row ran no fallback (the budget never allowed
   * one), the next frame runs the next fallback anyway. 1 = every frame runs at least one. */
  forceFallbackEvery: number;
  now: () => number;
}

/** Measured on the project's corpus (bench/camera.bench.ts): the contrast pass alone reads 100 % of
 * clean, low-contrast, inverted and glare frames and 88 % of noisy ones; the plain zxing-wasm pass
 * recovers one noisy frame more; @zxing/library's binarizers stay for codes the corpus does not
 * model. A budget of 14 ms leaves the frame's p95 under 20 ms; the guard fires at most once a second
 * at 30 frames/s, under the 5 % a p95 looks at. */
export const DEFAULT_CHAIN: ChainOptions = {
  primary: ['wasm-contrast'],
  fallbacks: ['wasm', 'js-global', 'js-hybrid', 'js-global-inverted', 'js-hybrid-inverted'],
  budgetMs: 14,
  forceFallbackEvery: 30,
  now: () => performance.now(),
};

export interface FrameResult {
  text: string | null;
  /** Which pass found it (null when nothing was found). */
  pass: PassName | null;
  passesRun: PassName[];
  ms: number;
}

export interface DecodeChain {
  decode(frame: FrameImage): Promise<FrameResult>;
  /** Restart the fallback rotation (a new camera session). */
  reset(): void;
}

/** Lazily computed views of one frame, shared by the passes that need them, in buffers the chain
 * reuses for every frame (one frame is decoded at a time). */
class FrameViews {
  private luma: Uint8ClampedArray | null = null;
  constructor(readonly frame: FrameImage, private readonly scratch: ContrastScratch) {}
  gray(): Uint8ClampedArray {
    const { width, height } = this.frame;
    return (this.luma ??= toLuma(this.frame, this.scratch.take('luma', Uint8ClampedArray, width * height)));
  }
  contrast(): FrameImage {
    return localContrast(this.gray(), this.frame.width, this.frame.height, DEFAULT_CONTRAST, this.scratch);
  }
}

export function createDecodeChain(options: Partial<ChainOptions> = {}): DecodeChain {
  const opts: ChainOptions = { ...DEFAULT_CHAIN, ...options };
  const wasm: FrameEngine = zxingWasmEngine(WASM_READER_OPTIONS);
  // The filtered frame is centred on mid-grey around each pixel's neighbourhood mean, so a fixed
  // threshold there is a local-mean binarizer: cheaper than ZXing's own, and it reads more of the
  // noisy frames.
  const wasmOnContrast: FrameEngine = zxingWasmEngine({ ...WASM_READER_OPTIONS, binarizer: 'FixedThreshold' });
  const cost = new Map<PassName, number>();
  let next = 0;
  let framesWithoutFallback = 0;
  const scratch = new ContrastScratch();

  async function run(pass: PassName, views: FrameViews): Promise<DecodedText | null> {
    switch (pass) {
      case 'wasm':
        return wasm(views.frame);
      case 'wasm-contrast':
        return wasmOnContrast(views.contrast());
      default: {
        const jsPass = pass.slice(3) as JsPass;
        return runJsPass(lumaSource(views.gray(), views.frame.width, views.frame.height), jsPass);
      }
    }
  }

  async function timed(pass: PassName, views: FrameViews): Promise<DecodedText | null> {
    const start = opts.now();
    const hit = await run(pass, views);
    const spent = opts.now() - start;
    // Running estimate of each pass's cost, weighted to recent frames (the machine may be busy).
    const prev = cost.get(pass);
    cost.set(pass, prev === undefined ? spent : prev * 0.8 + spent * 0.2);
    return hit;
  }

  return {
    reset() {
      // Pass costs and the progress guard describe the machine, not the session: keep them.
      next = 0;
    },
    async decode(frame) {
      const start = opts.now();
      const views = new FrameViews(frame, scratch);
      const passesRun: PassName[] = [];
      const done = (text: string | null, pass: PassName | null): FrameResult => ({ text, pass, passesRun, ms: opts.now() - start });
      for (const pass of opts.primary) {
        passesRun.push(pass);
        const hit = await timed(pass, views);
        if (hit) return done(hit.text, pass);
      }
      const n = opts.fallbacks.length;
      const force = framesWithoutFallback + 1 >= opts.forceFallbackEvery;
      let ran = 0;
      for (let tried = 0; tried < n; tried++) {
        const pass = opts.fallbacks[next % n];
        if (pass === undefined) break;
        const expected = cost.get(pass) ?? 0;
        if (!(force && ran === 0) && opts.now() - start + expected > opts.budgetMs) break;
        next = (next + 1) % n;
        passesRun.push(pass);
        ran++;
        const hit = await timed(pass, views);
        if (hit) {
          framesWithoutFallback = 0;
          // Start the next frame's fallbacks with the pass that just worked: the code is likely
          // still in the same light.
          next = (next + n - 1) % n;
          return done(hit.text, pass);
        }
      }
      framesWithoutFallback = ran > 0 || n === 0 ? 0 : framesWithoutFallback + 1;
      return done(null, null);
    },
  };
}
