/**
 * Sync store numbers (docs/PERFORMANCE.md, "Sync") in real Chromium, where IndexedDB costs are the ones the
 * kiosk pays (bench/sync.bench.ts measures the same in Node over fake-indexeddb). A Vite-built
 * harness (bench/harness-sync/) imports the app's own `openKioskDb` and the pull stage's
 * `applyPage`; Playwright drives it:
 * - apply stage on N dossiers (≈ 1.3 KB) vs a raw Dexie `bulkPut` of the same rows into a table
 *   with the same indexes, pages of 500, same run, interleaved page by page: throughput ratio ≥ 0.8;
 * - lookup by code with N cached: p95 ≤ 5 ms;
 * - renderer JS heap after (CDP `Runtime.getHeapUsage`, after a forced GC): ≤ 150 MB.
 * - end to end (bench/harness-sync/e2e.ts): first sync of N dossiers from the real gateway through
 *   the built app (≤ 45 s for 100k; quick runs use 2,000, with no target), and the app
 *   renderer's heap with them cached.
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../tests/helpers/browser';
import { buildPage, serveStatic } from '../tests/helpers/static-server';
import { firstSyncE2e } from './harness-sync/e2e';
import type { BenchOptions, Metric } from './types';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'test-output/sync-chromium-harness');
const PAGE = 500;

type Harness = {
  compare(n: number, pageSize: number, tag: string): Promise<{ rawMs: number; applyMs: number }>;
  lookup(n: number, samples: number): Promise<{ p50: number; p95: number; max: number; found: number; count: number }>;
  cleanup(): Promise<void>;
};
type HarnessWindow = { syncBench: Harness };

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const round2 = (x: number) => Math.round(x * 100) / 100;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

async function heapMb(page: Page): Promise<{ before: number; after: number }> {
  const cdp = await page.context().newCDPSession(page);
  const before = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  await cdp.send('HeapProfiler.collectGarbage');
  const after = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  await cdp.detach();
  return { before: before / 2 ** 20, after: after / 2 ** 20 };
}

export async function run(opts: BenchOptions): Promise<Metric[]> {
  const n = opts.quick ? 10_000 : 100_000;
  // Two rounds in quick runs; one in full runs, where each side takes tens of seconds and
  // noise averages out over 200 interleaved pages.
  const rounds = opts.quick ? 2 : 1;
  const loadStart = load();
  await buildPage(join(root, 'bench/harness-sync'), outDir);
  const server = await serveStatic(outDir);
  const browser = await launchChromium();
  const metrics: Metric[] = [];
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(600_000);
    await page.goto(server.url('index.html'));
    await page.waitForFunction(() => 'syncBench' in window);
    let rawMs = Infinity;
    let applyMs = Infinity;
    const rawRuns: number[] = [];
    const applyRuns: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const c = await page.evaluate(([n, p, tag]) => (window as unknown as HarnessWindow).syncBench.compare(n, p, tag), [n, PAGE, `${Date.now()}-${r}`] as const);
      rawRuns.push(c.rawMs);
      applyRuns.push(c.applyMs);
      rawMs = Math.min(rawMs, c.rawMs);
      applyMs = Math.min(applyMs, c.applyMs);
    }
    const lk = await page.evaluate((n) => (window as unknown as HarnessWindow).syncBench.lookup(n, 2000), n);
    if (lk.count !== n || lk.found !== 2000) throw new Error(`apply stage stored ${lk.count} of ${n} dossiers (${lk.found}/2000 lookups found)`);
    const heap = await heapMb(page);
    await page.evaluate(() => (window as unknown as HarnessWindow).syncBench.cleanup());
    const loadEnd = load();
    const ctx = `Chromium ${browser.version()}; load avg ${loadStart} → ${loadEnd}`;
    const runs = `runs raw ${rawRuns.map(Math.round).join('/')} ms, apply ${applyRuns.map(Math.round).join('/')} ms`;
    metrics.push(
      { name: `chromium: first sync apply, ${n} dossiers`, value: Math.round(applyMs), target: null, unit: 'ms', better: 'lower', note: `applyPage, pages of ${PAGE}; ${runs}; ${ctx}` },
      { name: `chromium: raw bulkPut, ${n} dossiers`, value: Math.round(rawMs), target: null, unit: 'ms', better: 'lower', note: `same rows and indexes, strict durability; ${ctx}` },
      { name: 'chromium: apply / raw bulkPut throughput', value: round2(sum(rawRuns) / sum(applyRuns)), target: 0.8, unit: 'ratio', better: 'higher', note: `${n} dossiers, total raw / total apply over ${rounds} round(s), page by page interleaved; ${ctx}` },
      { name: `chromium: lookup by code p95, ${n} cached`, value: round2(lk.p95), target: 5, unit: 'ms', better: 'lower', note: `2000 gets; p50 ${round2(lk.p50)} ms, max ${round2(lk.max)} ms; ${ctx}` },
      { name: `chromium: renderer JS heap after ${n}`, value: round2(heap.after), target: 150, unit: 'MB', better: 'lower', note: `Runtime.getHeapUsage after forced GC (${round2(heap.before)} MB before); harness page, not the full app; ${ctx}` },
    );
  } finally {
    await browser.close();
    await server.close();
  }
  const nE2e = opts.quick ? 2_000 : 100_000;
  const before = load();
  const e = await firstSyncE2e(nE2e, opts.quick ? 60_000 : 300_000);
  const ctx = `gateway on loopback (PGlite), built app in Chromium; seeding took ${Math.round(e.seedMs)} ms (not counted); load avg ${before} → ${load()}`;
  metrics.push(
    { name: `chromium: end-to-end first sync, ${e.total} dossiers`, value: Math.round(e.ms), target: opts.quick ? null : 45_000, unit: 'ms', better: 'lower', note: `from navigation to all cached${opts.quick ? '; quick run: target is for 100,000' : ''}; ${ctx}` },
    { name: `chromium: app renderer JS heap, ${e.total} cached`, value: round2(e.heapMb), target: 150, unit: 'MB', better: 'lower', note: `Runtime.getHeapUsage after forced GC, the real app after its first sync; ${ctx}` },
  );
  return metrics;
}
