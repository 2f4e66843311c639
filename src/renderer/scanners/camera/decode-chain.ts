/** The camera's decoder chain, a pure function of the frame plus a little state carried between
 * frames. Every frame gets the primary pass (zxing-wasm, QR only, normal and inverted). When that
 * finds nothing, fallback passes run in a fixed rotation while the frame's time budget lasts; the
 * next frame resumes the rotation where this one stopped ("retry across frames"). So a hard code
 * meets every strategy within a few frames, yet no single frame, code or no code, pays for all of
 * them. Runs unchanged in the Web Worker and in Node (tests, benchmark). */
import { DEFAULT_CONTRAST, localContrast } from './contrast';
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
  now: () => number;
}

/** Measured on the project's corpus (bench/camera.bench.ts): contrast-normalised wasm recovers the
 * low-contrast and glare frames; @zxing/library's global histogram recovers some noisy ones. */
export const DEFAULT_CHAIN: ChainOptions = {
  primary: ['wasm'],
  fallbacks: ['wasm-contrast', 'js-global', 'js-hybrid', 'js-global-inverted', 'js-hybrid-inverted'],
  budgetMs: 16,
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

/** Lazily computed views of one frame, shared by the passes that need them. */
class FrameViews {
  private luma: Uint8ClampedArray | null = null;
  constructor(readonly frame: FrameImage) {}
  gray(): Uint8ClampedArray {
    return (this.luma ??= toLuma(this.frame));
  }
}

export function createDecodeChain(options: Partial<ChainOptions> = {}): DecodeChain {
  const opts: ChainOptions = { ...DEFAULT_CHAIN, ...options };
  const wasm: FrameEngine = zxingWasmEngine(WASM_READER_OPTIONS);
  // Inverted codes are already read by the primary pass; skipping inversion here saves ~40 %.
  const wasmOnContrast: FrameEngine = zxingWasmEngine({ ...WASM_READER_OPTIONS, tryInvert: false });
  const cost = new Map<PassName, number>();
  let next = 0;

  async function run(pass: PassName, views: FrameViews): Promise<DecodedText | null> {
    switch (pass) {
      case 'wasm':
        return wasm(views.frame);
      case 'wasm-contrast':
        return wasmOnContrast(localContrast(views.gray(), views.frame.width, views.frame.height, DEFAULT_CONTRAST));
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
      // Pass costs describe the machine, not the session: keep them.
      next = 0;
    },
    async decode(frame) {
      const start = opts.now();
      const views = new FrameViews(frame);
      const passesRun: PassName[] = [];
      const done = (text: string | null, pass: PassName | null): FrameResult => ({ text, pass, passesRun, ms: opts.now() - start });
      for (const pass of opts.primary) {
        passesRun.push(pass);
        const hit = await timed(pass, views);
        if (hit) return done(hit.text, pass);
      }
      const n = opts.fallbacks.length;
      for (let tried = 0; tried < n; tried++) {
        const pass = opts.fallbacks[next % n];
        if (pass === undefined) break;
        const expected = cost.get(pass) ?? 0;
        // The first fallback always runs once per frame so a slow machine still makes progress.
        if (tried > 0 && opts.now() - start + expected > opts.budgetMs) break;
        next = (next + 1) % n;
        passesRun.push(pass);
        const hit = await timed(pass, views);
        if (hit) {
          // Start the next frame's fallbacks with the pass that just worked: the code is likely
          // still in the same light.
          next = (next + n - 1) % n;
          return done(hit.text, pass);
        }
      }
      return done(null, null);
    },
  };
}
