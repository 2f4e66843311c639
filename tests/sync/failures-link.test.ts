/**
 * docs/RELIABILITY.md items 1–3 against the real gateway on loopback through the fault proxy: lost
 * acknowledgements, concurrent triggers, a restart right after "saved". Outcome every time: each
 * mutation applied exactly once, nothing left behind. (4–5: failures-flapping.test.ts.)
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KioskDb } from '../../src/renderer/db/database';
import { SyncEngine } from '../../src/renderer/sync/engine';
import type { SyncTransport } from '../../src/renderer/sync/transport';
import { allIds, kioskDossiers, serverDossiers, serverView, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterEach(async () => { await h.closeKiosks(); });
afterAll(async () => { await h.close(); });

const isBatch = (method: string, path: string) => method === 'POST' && path.startsWith('/v1/mutations') && !path.includes('status');

describe('sync over a broken link', () => {
  it('applies a batch exactly once when the answer is lost after the gateway committed', async () => {
    const k = await h.kiosk();
    await k.drained();
    h.proxy.inject('drop-after', 1, isBatch);
    h.proxy.inject('timeout', 1, isBatch);
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push(await k.intake(i));
    await k.drained();
    const ids = await allIds(k);
    expect(await serverView(h, k, ids)).toEqual({ applied: 5, duplicates: 0, unknown: 0 });
    const rows = await k.db.outbox.toArray();
    expect(rows.every((r) => r.state === 'done')).toBe(true);
    // The retry of the lost batch got the stored results back.
    expect(rows.some((r) => r.outcome?.status === 'duplicate')).toBe(true);
    const server = await serverDossiers(h, k);
    // Child records too: one timeline entry per dossier, not one per attempt.
    for (const c of codes) expect(server.get(c)!.timeline).toHaveLength(1);
    expect(await kioskDossiers(k)).toEqual(server);
  });

  it('runs one sync at a time when the online event, the watchdog, Sync now and a second window fire together', async () => {
    const k = await h.kiosk();
    await k.drained();
    let inFlight = 0;
    let maxInFlight = 0;
    const counting = (t: SyncTransport): SyncTransport => ({
      async request(req) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try { return await t.request(req); } finally { inFlight--; }
      },
    });
    await k.engine.stop();
    const events = new EventTarget();
    const windowA = new SyncEngine({ db: k.db, transport: counting(k.client), appVersion: 't', events, watchdogMs: 5, retention: false, leases: false });
    const windowB = new SyncEngine({ db: new KioskDb(k.db.name), transport: counting(k.client), appVersion: 't', watchdogMs: 5, retention: false, leases: false });
    for (let i = 0; i < 40; i++) await k.intake(100 + i);
    await Promise.all([windowA.start(), windowB.start()]);
    events.dispatchEvent(new Event('online'));
    await Promise.all([windowA.syncNow(), windowB.syncNow(), windowA.syncNow()]);
    for (let i = 0; i < 20 && (windowA.status.getSnapshot().pending > 0 || windowA.isRunning || windowB.isRunning); i++) {
      await windowA.syncNow();
    }
    await Promise.all([windowA.stop(), windowB.stop()]);
    expect(maxInFlight).toBe(1);
    expect(await serverView(h, k, await allIds(k))).toMatchObject({ duplicates: 0, unknown: 0 });
    expect(await k.db.outbox.where('state').equals('pending').count()).toBe(0);
  });

  it('keeps a confirmed intake and its pending mutation across a restart (strict durability)', async () => {
    const k = await h.kiosk();
    await k.drained();
    h.proxy.down();
    const code = await k.intake(200);
    // Every transaction of the kiosk database asks IndexedDB for strict durability.
    const tx = k.db.transaction('r', k.db.outbox, (t) => t.idbtrans);
    expect((await tx).durability).toBe('strict');
    // "Power cut": the page is gone right after the UI said saved; a new instance opens the profile.
    await k.engine.stop();
    k.db.close();
    const reopened = new KioskDb(k.db.name);
    await reopened.open();
    expect(await reopened.dossiers.get(code)).toMatchObject({ pendingOps: 1 });
    expect(await reopened.outbox.where('state').equals('pending').count()).toBe(1);
    h.proxy.up();
    const engine = new SyncEngine({ db: reopened, transport: k.client, appVersion: 't', retention: false, leases: false });
    await engine.syncNow();
    await engine.stop();
    expect(await reopened.outbox.where('state').equals('pending').count()).toBe(0);
    expect((await serverDossiers(h, k)).get(code)).toBeDefined();
    reopened.close();
  });
});
