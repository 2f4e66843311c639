/**
 * A fresh counter's working-set first sync, its backfill and the on-demand lookup
 * (docs/SYNC-PROTOCOL.md §4.2), with the real gateway on loopback behind the fault proxy and the
 * kiosk's real engine, database and host client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDossiers } from '../../src/gateway/demo/seed';
import { findByCode } from '../../src/renderer/counter/search';
import { META } from '../../src/renderer/db/database';
import { AGENCY } from './fixtures';
import { startHarness, type Harness } from './harness';

describe('working-set first sync', () => {
  let h: Harness;
  let recent: string[];
  let archive: string[];
  beforeAll(async () => {
    h = await startHarness();
    await seedDossiers(h.gw.db, AGENCY, 40, { seed: 5 });
    await seedDossiers(h.gw.db, AGENCY, 150, { seed: 6, history: { fromDays: 60, toDays: 150 } });
    const rows = await h.gw.db.query<{ code: string; old: boolean }>(
      `select code, updated_at < now() - interval '30 days' as old from dossiers where agency_code = $1`, [AGENCY]);
    archive = rows.filter((r) => r.old).map((r) => r.code).sort();
    recent = rows.filter((r) => !r.old).map((r) => r.code).sort();
  }, 60_000);
  afterAll(async () => h?.close());

  it('stores the working set first; a failing backfill does not fail the sync; a missed code is looked up; the backfill then completes', async () => {
    expect(archive).toHaveLength(150);
    // Every backfill request fails while the first sync runs.
    h.proxy.inject('500', 1000, (_m, path) => path.includes('backfill='));
    const k = await h.kiosk({ pageSize: 50, backfillPagesPerRun: 1, workingSetDays: 30 });
    await k.engine.whenIdle(); // the officer's sign-in (in the harness) wakes the engine once more
    const s = k.engine.status.getSnapshot();
    expect(s, JSON.stringify(s)).toMatchObject({ phase: 'idle' });
    expect(s.lastError).toBeNull();
    expect(s.lastSuccessAt).not.toBeNull();
    expect(s.workingSet).toBe(true);
    expect(s.backfill).toMatchObject({ fetched: 0, complete: false, lastError: { code: 'internal', status: 500 } });
    const held = (await k.db.dossiers.toCollection().primaryKeys()).sort();
    expect(held).toEqual(recent);
    expect(await k.db.procedures.count()).toBeGreaterThan(0);
    expect(await k.db.staff.count()).toBeGreaterThan(0);

    // The counter looks for an archived dossier it does not hold yet: asked of the gateway.
    const wanted = archive[17]!;
    expect(await findByCode(k.db, k.engine, wanted)).toBe('fetched');
    expect((await k.db.dossiers.get(wanted))?.code).toBe(wanted);
    expect(await findByCode(k.db, k.engine, wanted)).toBe('local');
    expect(await findByCode(k.db, k.engine, `${AGENCY}-250101-9999`)).toBe('missing');

    // The link heals: the next runs fetch the archive, page after page, until complete.
    h.proxy.heal();
    await k.engine.syncNow();
    await k.engine.whenIdle();
    const after = k.engine.status.getSnapshot();
    expect(after.backfill).toMatchObject({ complete: true, lastError: null });
    expect(after.backfill!.fetched).toBeGreaterThanOrEqual(150);
    expect((await k.db.dossiers.toCollection().primaryKeys()).sort()).toEqual([...recent, ...archive].sort());
    // Complete: a missed code is no longer asked of the gateway.
    const requests = h.proxy.stats.requests;
    expect(await findByCode(k.db, k.engine, `${AGENCY}-250101-9998`)).toBe('missing');
    expect(h.proxy.stats.requests).toBe(requests);
  }, 60_000);

  it('a pull from scratch (cursor reset) starts the working set and the backfill over', async () => {
    const k = await h.kiosk({ pageSize: 100, workingSetDays: 30 });
    await k.engine.whenIdle();
    expect(k.engine.status.getSnapshot().backfill?.complete).toBe(true);
    const { startResync } = await import('../../src/renderer/sync/pull');
    await startResync(k.db, 'test');
    expect(await k.db.getMeta(META.backfill)).toBeUndefined();
    expect(await k.db.getMeta(META.workingSetAt)).toBeUndefined();
    await k.engine.syncNow();
    await k.engine.whenIdle();
    expect(k.engine.status.getSnapshot()).toMatchObject({ workingSet: true, backfill: { complete: true } });
    expect(await k.db.dossiers.count()).toBe(recent.length + archive.length);
  }, 60_000);
});
