/**
 * The host journal against the real gateway on loopback (docs/ARCHITECTURE.md, "Host-side journal
 * and storage recovery"; docs/RELIABILITY.md item 9): staff actions journaled through the real
 * host services (real files), reconciled at start with the IndexedDB outbox and the gateway's
 * `POST /v1/mutations/status`; whatever neither holds is queued again, exactly once.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/bridge/dispatcher';
import { createHostServices, type HostServices } from '../../src/main/services';
import { KioskDb } from '../../src/renderer/db/database';
import { attachJournal, journalFailureCount, reconcileJournal, type JournalBridge } from '../../src/renderer/db/journal';
import { SyncEngine } from '../../src/renderer/sync/engine';
import type { CallName } from '../../src/shared/bridge/contract';
import { uniqueName } from './fixtures';
import { serverView, startHarness, type Harness, type Kiosk } from './harness';

let h: Harness;
const hosts: HostServices[] = [];
beforeAll(async () => { h = await startHarness(); });
afterEach(async () => { await h.closeKiosks(); for (const s of hosts.splice(0)) await s.close(); });
afterAll(async () => { await h.close(); });

/** The real host services (journal under a temporary data dir); gateway calls go through the kiosk's client. */
async function hostBridge(k: Kiosk, dataDir = mkdtempSync(path.join(tmpdir(), 'kiosk-jnl-'))): Promise<JournalBridge & { dataDir: string }> {
  const services = await createHostServices({ name: 'k', version: '1.0.0', gatewayUrl: null, scanners: [], dataDir });
  hosts.push(services);
  const d = createDispatcher(services.handlers, { authorise: services.authorise });
  return {
    dataDir,
    async call(name: CallName, input: unknown) {
      if (name === 'gateway.request') return k.client.request(input as never) as never;
      const r = await d.dispatch(name, input);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.value as never;
    },
  } as JournalBridge & { dataDir: string };
}

async function ids(k: Kiosk): Promise<string[]> {
  return (await k.db.outbox.toArray()).map((r) => r.id);
}

describe('host journal reconciliation', () => {
  it('re-queues exactly what neither the outbox nor the gateway holds, once, and acknowledges the rest', async () => {
    const k = await h.kiosk();
    const bridge = await hostBridge(k);
    attachJournal(k.db, bridge);
    await k.drained();
    await k.intake(1); await k.intake(2);
    await k.drained();
    await k.engine.stop();
    await k.intake(3); await k.intake(4); await k.intake(5);
    const all = (await k.db.outbox.toArray()).filter((r) => r.type === 'dossier.create').map((r) => r.id);
    expect(all).toHaveLength(5);
    // The journal holds the five, without the raw ID numbers.
    const { mutations } = await bridge.call('journal.pending', {});
    expect(mutations.map((m) => m.id)).toEqual(all);
    expect(JSON.stringify(mutations)).not.toMatch(/"citizenId"/);
    // Lost from IndexedDB: two the gateway has (1, 2) and two it never saw (3, 4); 5 stays queued.
    await k.db.outbox.where('id').anyOf(all.slice(0, 4)).delete();

    expect(await reconcileJournal(k.db, bridge)).toEqual({ requeued: 2, acknowledged: 2, inOutbox: 1 });
    expect(await reconcileJournal(k.db, bridge)).toEqual({ requeued: 0, acknowledged: 0, inOutbox: 3 });
    expect((await ids(k)).filter((id) => all.includes(id)).sort()).toEqual(all.slice(2).sort());

    await k.engine.start();
    await k.drained();
    expect(await serverView(h, k, all)).toEqual({ applied: 5, duplicates: 0, unknown: 0 });
    // Answered now: acknowledged, and nothing left pending in the journal.
    expect(await reconcileJournal(k.db, bridge)).toMatchObject({ requeued: 0, acknowledged: 3 });
    expect((await bridge.call('journal.pending', {})).mutations).toEqual([]);
  });

  it('a host gone between the IndexedDB commit and the journal append: the action is confirmed from IndexedDB and syncs once', async () => {
    const k = await h.kiosk();
    const real = await hostBridge(k);
    // The host dies as the append arrives (its answer is an error, as when the page bridge closes).
    attachJournal(k.db, { call: async (name, input) => { if (name === 'journal.append') throw Object.assign(new Error('bridge closed'), { code: 'host-gone' }); return real.call(name, input); } } as JournalBridge);
    await k.drained();
    await k.engine.stop();
    const failures = journalFailureCount();
    const code = await k.intake(30);
    expect(journalFailureCount()).toBe(failures + 1);
    const row = (await k.db.outbox.toArray()).find((r) => r.dossierCode === code)!;
    expect(row.state).toBe('pending');
    expect((await real.call('journal.pending', {})).mutations).toEqual([]);
    // The host is back: nothing to reconcile; the outbox sends it once.
    expect(await reconcileJournal(k.db, real)).toEqual({ requeued: 0, acknowledged: 0, inOutbox: 0 });
    await k.engine.start();
    await k.drained();
    expect(await serverView(h, k, [row.id])).toEqual({ applied: 1, duplicates: 0, unknown: 0 });
  });

  it('a kill between the journal append and the confirmation: outbox and journal hold one id, applied once', async () => {
    const k = await h.kiosk();
    const real = await hostBridge(k);
    let appended = 0;
    // The append reaches the disk, then the page dies before it hears the answer.
    attachJournal(k.db, { call: async (name, input) => { const r = await real.call(name, input); if (name === 'journal.append') { appended++; throw new Error('page gone'); } return r; } } as JournalBridge);
    await k.drained();
    await k.engine.stop();
    await k.intake(31);
    expect(appended).toBe(1);
    const [m] = (await real.call('journal.pending', {})).mutations;
    expect((await k.db.outbox.where('id').equals(m!.id).first())?.state).toBe('pending');
    // The restart's reconciliation leaves it to the outbox; after the sync it is acknowledged.
    expect(await reconcileJournal(k.db, real)).toEqual({ requeued: 0, acknowledged: 0, inOutbox: 1 });
    await k.engine.start();
    await k.drained();
    expect(await serverView(h, k, [m!.id])).toEqual({ applied: 1, duplicates: 0, unknown: 0 });
    expect(await reconcileJournal(k.db, real)).toEqual({ requeued: 0, acknowledged: 1, inOutbox: 0 });
  });

  it('refills a fresh database after the old one is lost: pull, replay the journal, each intake reaches the gateway once', async () => {
    const k = await h.kiosk();
    const bridge = await hostBridge(k);
    attachJournal(k.db, bridge);
    await k.drained();
    await k.engine.stop();
    const codes: string[] = [];
    for (let i = 10; i < 16; i++) codes.push(await k.intake(i));
    const journaled = (await bridge.call('journal.pending', {})).mutations.map((m) => m.id);
    expect(journaled).toHaveLength(6);
    k.db.close();

    // A fresh database (the old one is gone); the same host, so the same device credential and journal.
    const db = new KioskDb(uniqueName('kiosk-fresh'));
    await db.open();
    const engine = new SyncEngine({ db, transport: k.client, appVersion: 'test', backoff: { baseMs: 50, capMs: 500 }, watchdogMs: 500, retention: false, leases: { target: 20, lowWater: 5 } });
    await engine.afterEnrollment(k.identity);
    // Pull first (catalog, leases, what the gateway has), then replay the journal.
    await engine.start();
    await engine.whenIdle();
    expect(await reconcileJournal(db, bridge)).toEqual({ requeued: 6, acknowledged: 0, inOutbox: 0 });
    // The dossiers are back in the counter's list.
    expect((await db.dossiers.bulkGet(codes)).every((d) => d !== undefined)).toBe(true);
    const until = Date.now() + 20_000;
    while ((await db.outbox.where('state').equals('pending').count()) > 0 && Date.now() < until) {
      await engine.syncNow().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 50));
    }
    await engine.stop();
    expect(await serverView(h, k, journaled)).toEqual({ applied: 6, duplicates: 0, unknown: 0 });
    expect(await reconcileJournal(db, bridge)).toMatchObject({ requeued: 0, acknowledged: 6 });
    db.close();
  });
});
