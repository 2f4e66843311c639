/**
 * Browser harness for bench/sync-chromium.bench.ts: the app's own database (`openKioskDb`) and the
 * pull stage's `applyPage`, built by Vite, driven by Playwright through `window.syncBench`.
 * Pages are generated before each timed call and timing covers only the database work, so the
 * generator's cost is not counted and the page never holds all N records at once.
 */
import Dexie from 'dexie';
import { openKioskDb, type KioskDb } from '../../src/renderer/db/database';
import { MIGRATIONS } from '../../src/renderer/db/migrations';
import { applyPage } from '../../src/renderer/sync/pull';
import { dossierPage, syntheticDossier } from '../dossier-gen';
import { percentile } from '../stats';

/** The dossiers table's indexes as the app's latest schema version declares them. */
function dossierIndexes(): string {
  let spec: string | undefined;
  for (const m of MIGRATIONS) spec = m.stores.dossiers ?? spec;
  if (!spec) throw new Error('no dossiers table in MIGRATIONS');
  return spec;
}

let kiosk: KioskDb | null = null;

/**
 * Raw Dexie `bulkPut` (same rows as the apply stage stores, same indexes, same strict durability,
 * one transaction per page) and `applyPage` on the app's own database, interleaved page by page
 * and alternating which goes first, so a machine busy with other work slows both alike.
 */
async function compare(n: number, pageSize: number, tag: string): Promise<{ rawMs: number; applyMs: number }> {
  if (kiosk) {
    kiosk.close();
    await kiosk.delete();
  }
  kiosk = (await openKioskDb(`bench-apply-${tag}`)).db;
  const db = kiosk;
  const rawName = `bench-raw-${tag}`;
  const rawDb = new Dexie(rawName, { chromeTransactionDurability: 'strict' });
  rawDb.version(1).stores({ dossiers: dossierIndexes() });
  await rawDb.open();
  const table = rawDb.table('dossiers');
  let rawMs = 0;
  let applyMs = 0;
  for (let i = 0, p = 0; i < n; i += pageSize, p++) {
    const page = dossierPage(i, Math.min(pageSize, n - i));
    const rows = page.map((it) => ({ ...(it.data as object), pendingOps: 0, pulledEpoch: 1 }));
    const doRaw = async () => {
      const t = performance.now();
      await rawDb.transaction('rw', table, () => table.bulkPut(rows));
      rawMs += performance.now() - t;
    };
    const doApply = async () => {
      const t = performance.now();
      await applyPage(db, page, `c${p}`);
      applyMs += performance.now() - t;
    };
    if (p % 2 === 0) { await doRaw(); await doApply(); } else { await doApply(); await doRaw(); }
  }
  rawDb.close();
  await Dexie.delete(rawName);
  return { rawMs, applyMs };
}

/** Lookup by code as the counter does it (primary key get), on the database `apply` left. */
async function lookup(n: number, samples: number): Promise<{ p50: number; p95: number; max: number; found: number; count: number }> {
  if (!kiosk) throw new Error('apply first');
  let seed = 12345;
  const times: number[] = [];
  let found = 0;
  for (let s = 0; s < samples; s++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const code = syntheticDossier(seed % n).code;
    const t = performance.now();
    const row = await kiosk.dossiers.get(code);
    times.push(performance.now() - t);
    if (row) found++;
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: percentile(times, 100), found, count: await kiosk.dossiers.count() };
}

async function cleanup(): Promise<void> {
  if (!kiosk) return;
  kiosk.close();
  await kiosk.delete();
  kiosk = null;
}

(window as unknown as { syncBench: unknown }).syncBench = { compare, lookup, cleanup };
