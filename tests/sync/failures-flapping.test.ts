/**
 * docs/RELIABILITY.md items 4–5 against the real gateway on loopback through the fault proxy: a link that flaps
 * mid-upload, a storm of server errors, a kiosk that starts offline. Sync must finish by itself,
 * with every mutation applied exactly once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SyncEngine } from '../../src/renderer/sync/engine';
import { seededRandom } from '../../src/cli/fault-proxy';
import { allIds, serverView, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterEach(async () => { await h.closeKiosks(); });
afterAll(async () => { await h.close(); });

describe('sync over a flapping or failing link', () => {
  it('finishes a 500-item upload by itself while the link drops every 0.2–2 s', async () => {
    const k = await h.kiosk({ leases: { target: 520, lowWater: 510 } });
    await k.drained();
    h.proxy.down();
    for (let i = 0; i < 500; i++) await k.intake(1000 + i);
    const random = seededRandom(42);
    let flapping = true;
    const flap = (async () => {
      while (flapping) {
        h.proxy.up();
        await new Promise((r) => setTimeout(r, 200 + random() * 1800));
        if (!flapping) break;
        h.proxy.down(200 + random() * 1800);
        await new Promise((r) => setTimeout(r, 200 + random() * 800));
      }
    })();
    k.engine.trigger('online');
    try {
      await k.drained(45_000);
    } finally {
      flapping = false;
      await flap;
      h.proxy.up();
    }
    expect(await serverView(h, k, await allIds(k))).toEqual({ applied: 500, duplicates: 0, unknown: 0 });
  }, 60_000);

  it('resumes by itself within the backoff cap after a storm of 500s, without an online event', async () => {
    const k = await h.kiosk();
    await k.drained();
    h.proxy.setRandom(['500'], 1);
    for (let i = 0; i < 10; i++) await k.intake(2000 + i);
    await new Promise((r) => setTimeout(r, 1_500));
    const during = k.engine.status.getSnapshot();
    expect(during.phase).toBe('error');
    expect(during.lastError?.code).toBe('internal');
    expect(during.pending).toBe(10);
    expect(during.retryAt).not.toBeNull();
    expect(during.retryAt! - Date.now()).toBeLessThanOrEqual(500);
    h.proxy.setRandom([], 0);
    const healed = Date.now();
    await k.drained(5_000);
    // Backoff cap (500 ms here) plus one run, not a restart.
    expect(Date.now() - healed).toBeLessThan(3_000);
    expect(k.engine.status.getSnapshot()).toMatchObject({ phase: 'idle', lastError: null, pending: 0 });
  });

  it('starts offline, keeps working, and syncs once the gateway appears', async () => {
    // Enrollment needs the gateway once; after that the kiosk may start with no link at all.
    const kk = await h.kiosk();
    await kk.drained();
    await kk.engine.stop();
    h.proxy.down();
    const engine = new SyncEngine({ db: kk.db, transport: kk.client, appVersion: 't', backoff: { baseMs: 50, capMs: 400 }, watchdogMs: 300, retention: false, leases: false });
    await engine.start();
    await kk.intake(3000);
    await new Promise((r) => setTimeout(r, 500));
    expect(engine.status.getSnapshot()).toMatchObject({ phase: 'offline', pending: 1 });
    h.proxy.up();
    for (let i = 0; i < 100 && engine.status.getSnapshot().pending > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(engine.status.getSnapshot().pending).toBe(0);
    await engine.stop();
  });
});
