/**
 * Page capture → stored on the counter's path (target ≤ 300 ms p95, 640×480 frame →
 * A4 at 150 dpi), in real Chromium: a Vite-built harness (bench/harness-capture/) runs
 * `capturePageAsync` in a module Web Worker (detection, perspective and contrast in TypeScript,
 * the browser's native JPEG encoder for grey, the 1-bit PNG encoder for black and white) and
 * stores the Blob with the app's own `attachFile` in the app's Dexie database. Each sample: a new
 * generated frame (tests/helpers/document-frame.ts, other text each time, so no duplicate file),
 * timed from posting its pixels to the worker to the attachment's transaction committed.
 * bench/capture.bench.ts measures the Node fallback (pure-JavaScript encoders, fake-indexeddb).
 *
 *   npx tsx bench/capture-chromium.bench.ts [--quick]
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium } from '../tests/helpers/browser';
import { buildPage, serveStatic } from '../tests/helpers/static-server';
import type { CaptureRun } from './harness-capture/harness';
import type { PageMode } from '../src/renderer/scanners/document/page';
import { percentile } from './stats';
import type { BenchOptions, Metric } from './types';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'test-output/capture-chromium-harness');
const r1 = (x: number) => Math.round(x * 10) / 10;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

type HarnessWindow = { captureBench: { run(mode: PageMode, n: number, warmup: number, seed0: number): Promise<CaptureRun>; cleanup(): Promise<void> } };

export async function run(opts: BenchOptions): Promise<Metric[]> {
  const n = opts.quick ? 20 : 40;
  const warmup = 3;
  await buildPage(join(root, 'bench/harness-capture'), outDir, { worker: { format: 'es' } });
  const server = await serveStatic(outDir);
  const browser = await launchChromium();
  const metrics: Metric[] = [];
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(300_000);
    await page.goto(server.url('index.html'));
    await page.waitForFunction(() => 'captureBench' in window);
    let seed = 1;
    for (const mode of ['grey', 'bitonal'] as PageMode[]) {
      const before = load();
      const r = await page.evaluate(([m, k, w, s]) => (window as unknown as HarnessWindow).captureBench.run(m, k, w, s), [mode, n, warmup, seed] as const);
      seed += n + warmup;
      if (r.stored !== n + warmup) throw new Error(`${mode}: ${r.stored} of ${n + warmup} pages stored`);
      const ctx = `Chromium ${browser.version()} (headless), module worker; load avg ${before} → ${load()}`;
      metrics.push({
        name: `chromium: page capture → stored, ${mode} (640×480 → A4 150 dpi) p95`, value: r1(percentile(r.total, 95)), target: 300, unit: 'ms', better: 'lower',
        note: `counter path (capturePageAsync in a Web Worker, ${r.mime === 'image/jpeg' && r.native ? 'the browser\'s native JPEG encoder' : r.mime === 'image/png' ? 'the 1-bit PNG encoder (JavaScript)' : 'the JavaScript JPEG encoder'}; attachFile in Dexie); p50 ${r1(percentile(r.total, 50))} ms, `
          + `max ${r1(Math.max(...r.total))} ms; in the worker p95 ${r1(percentile(r.inWorker, 95))} ms; store p95 ${r1(percentile(r.store, 95))} ms; `
          + `${Math.round(r.bytes / r.total.length / 1024)} KB a page; ${r.total.length} pages; ${ctx}`,
      });
    }
    await page.evaluate(() => (window as unknown as HarnessWindow).captureBench.cleanup());
  } finally {
    await browser.close();
    await server.close();
  }
  return metrics;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void run({ quick: process.argv.includes('--quick') }).then((m) => console.log(JSON.stringify(m, null, 2)));
}
