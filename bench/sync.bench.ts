/**
 * Sync benchmarks (docs/PERFORMANCE.md), in Node over fake-indexeddb — a caveat: the target is for
 * IndexedDB figures from real Chromium; fake-indexeddb's costs differ (pure JS, in memory), so
 * the ratio is indicative and the absolute times are not Chromium's.
 *
 * - first sync apply stage: `applyPage` (what a pull does per page: pending check, bulkPut,
 *   cursor in the same transaction) vs a raw Dexie `bulkPut` of the same records into a table
 *   with the same indexes, pages of 500, measured in the same run: throughput ratio ≥ 0.8;
 * - lookup by code with N cached: p95 ≤ 5 ms;
 * - draining 10,000 queued mutations through the real gateway on loopback (PGlite) ≤ 15 s.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import type { BenchOptions, Metric } from './types';
import { percentile } from './stats';
import { KioskDb } from '../src/renderer/db/database';
import { MIGRATIONS } from '../src/renderer/db/migrations';
import { applyPage } from '../src/renderer/sync/pull';
import type { ChangeItem } from '../src/shared/protocol';
import { dossierPage, syntheticDossier } from './dossier-gen';
import { drainBench } from '../tests/sync/drain';

const PAGE = 500;

/** A synthetic dossier of about 1.3 KB as JSON, like a real intake with a short timeline. */

async function applyStage(n: number): Promise<{ applyMs: number; rawMs: number; p95: number }> {
  const pages: ChangeItem[][] = [];
  for (let i = 0; i < n; i += PAGE) {
    pages.push(dossierPage(i, Math.min(PAGE, n - i)));
  }
  // Raw: the same records as the apply stage stores them, the same indexes, the same page
  // transactions. Both run twice, interleaved, each on a fresh database deleted right after (so
  // one run's memory does not slow the next), and the better run of each counts.
  let rawMs = Infinity;
  let applyMs = Infinity;
  let db: KioskDb | null = null;
  for (let round = 0; round < 2; round++) {
    const raw = new Dexie(`bench-raw-${Date.now()}-${round}`, { chromeTransactionDurability: 'strict' });
    raw.version(1).stores({ dossiers: MIGRATIONS[0]!.stores.dossiers! });
    await raw.open();
    let t = performance.now();
    for (const page of pages) {
      const rows = page.map((it) => ({ ...it.data, pendingOps: 0, pulledEpoch: 1 }));
      await raw.transaction('rw', raw.table('dossiers'), () => raw.table('dossiers').bulkPut(rows));
    }
    rawMs = Math.min(rawMs, performance.now() - t);
    raw.close();
    await raw.delete();

    if (db) {
      db.close();
      await db.delete();
    }
    db = new KioskDb(`bench-apply-${Date.now()}-${round}`);
    await db.open();
    t = performance.now();
    for (let i = 0; i < pages.length; i++) await applyPage(db, pages[i]!, `c${i}`);
    applyMs = Math.min(applyMs, performance.now() - t);
  }
  if (!db) throw new Error('unreachable');

  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const code = syntheticDossier(Math.floor(Math.random() * n)).code;
    const s = performance.now();
    await db.dossiers.get(code);
    times.push(performance.now() - s);
  }
  db.close();
  return { applyMs, rawMs, p95: percentile(times, 95) };
}

export async function run(opts: BenchOptions): Promise<Metric[]> {
  const n = opts.quick ? 10_000 : 100_000;
  const a = await applyStage(n);
  const drain = await drainBench(opts.quick ? 2_000 : 10_000);
  const caveat = 'Node + fake-indexeddb, not Chromium';
  return [
    { name: `first sync apply, ${n} dossiers`, value: Math.round(a.applyMs), target: null, unit: 'ms', better: 'lower', note: caveat },
    { name: `raw bulkPut, ${n} dossiers`, value: Math.round(a.rawMs), target: null, unit: 'ms', better: 'lower', note: caveat },
    { name: 'apply / raw bulkPut throughput', value: Math.round((a.rawMs / a.applyMs) * 100) / 100, target: 0.8, unit: 'ratio', better: 'higher', note: caveat },
    { name: `lookup by code p95, ${n} cached`, value: Math.round(a.p95 * 100) / 100, target: 5, unit: 'ms', better: 'lower', note: caveat },
    {
      name: `drain ${drain.count} queued mutations`, value: Math.round(drain.ms), target: opts.quick ? null : 15_000, unit: 'ms', better: 'lower',
      note: `gateway on loopback (PGlite); ${drain.count === 10_000 ? '' : 'quick run: target is for 10,000; '}${caveat}`,
    },
  ];
}
