/**
 * Deadlines, page and batch sizes from the measured line (src/renderer/sync/link.ts), and a feed
 * page cut mid-body on its way from the real gateway (loopback, fault proxy `cut-mid`): the sync
 * resumes from the last page it stored, with smaller pages, never from zero.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDossiers } from '../../src/gateway/demo/seed';
import { LinkEstimator } from '../../src/renderer/sync/link';
import { AGENCY } from './fixtures';
import { startHarness, type Harness } from './harness';

describe('the line estimator', () => {
  it('keeps the configured deadline until it measured the line, then gives a large transfer on a slow line the time it needs', () => {
    const link = new LinkEstimator({ floorMs: 3_000, pageSize: 500, batchSize: 100 });
    expect(link.timeoutFor(750_000)).toBe(3_000);
    // A 400 ms line carrying 250 KB/s (2 Mbit/s).
    for (let i = 0; i < 5; i++) link.observe(400, 500);
    for (let i = 0; i < 5; i++) link.observe(400 + 600_000 / 250, 600_000);
    expect(link.estimate.rttMs).toBeCloseTo(400, 0);
    expect(link.estimate.bytesPerSecond).toBeCloseTo(250_000, -3);
    // A 750 KB page: 0.4 + 3 s expected; four times that and a second.
    expect(link.timeoutFor(750_000)).toBeGreaterThan(10_000);
    expect(link.timeoutFor(750_000)).toBeLessThanOrEqual(120_000);
    // A small request keeps the floor: a dead line is still noticed in 3 s.
    expect(link.timeoutFor(2_000)).toBe(3_000);
    // 5 s of upload at 250 KB/s is far more than 100 mutations; a very slow line gets smaller batches.
    expect(link.batchSize(1_000)).toBe(100);
    const slow = new LinkEstimator({ floorMs: 3_000, pageSize: 500, batchSize: 100 });
    slow.observe(300, 100);
    slow.observe(300 + 20_000, 100_000); // 5 KB/s
    expect(slow.batchSize(1_000)).toBe(25);
  });

  it('halves the page after a lost one and grows it back', () => {
    const link = new LinkEstimator({ floorMs: 3_000, pageSize: 400, batchSize: 100 });
    link.pageLost();
    link.pageLost();
    expect(link.pageSize).toBe(100);
    link.pageArrived();
    expect(link.pageSize).toBe(200);
    for (let i = 0; i < 5; i++) link.pageArrived();
    expect(link.pageSize).toBe(400);
    for (let i = 0; i < 10; i++) link.pageLost();
    expect(link.pageSize).toBe(25);
  });
});

describe('a feed page cut mid-body', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await seedDossiers(h.gw.db, AGENCY, 400, { seed: 9 });
  }, 60_000);
  afterAll(async () => h?.close());

  it('resumes from the last stored page with smaller pages, and ends with everything', async () => {
    let n = 0;
    h.proxy.inject('cut-mid', 1, (m, path) => m === 'GET' && path.startsWith('/v1/changes') && ++n === 3);
    const k = await h.kiosk({ pageSize: 100 });
    await k.engine.syncNow();
    await k.engine.whenIdle();
    expect(h.proxy.stats.cutsMid).toBe(1);
    const pages = h.proxy.log.filter((l) => l.startsWith('GET /v1/changes'));
    const cut = pages[2]!;
    const after = pages[3]!;
    expect(cut).toContain('cursor=');
    // The request after the cut starts where the stored pages end (the cut page's own cursor), not from zero, with half the page.
    expect(after).toContain(cut.slice(cut.indexOf('cursor=')));
    expect(after).toContain('limit=50');
    expect(await k.db.dossiers.count()).toBe(400);
    expect(k.engine.status.getSnapshot()).toMatchObject({ phase: 'idle', lastError: null });
  }, 60_000);
});
