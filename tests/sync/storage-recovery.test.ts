/**
 * Detecting a lost kiosk database at start (docs/ARCHITECTURE.md, "Detecting a broken or evicted
 * database"): the host's storage marker (real host services, real files), a database that fails
 * to open as corrupt (the open is the only stand-in), and the recovery recorded with the host.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/bridge/dispatcher';
import { createHostServices, type HostServices } from '../../src/main/services';
import { KioskDb, openKioskDb } from '../../src/renderer/db/database';
import { beginRecovery, checkBeforeOpen, detectLoss, keepBroken, openOrRecover, recoveryState, setRecoveryState } from '../../src/renderer/recovery/storage-recovery';
import type { CallInput, CallName, CallOutput } from '../../src/shared/bridge/contract';
import { uniqueName } from './fixtures';

const hosts: HostServices[] = [];
afterEach(async () => { for (const s of hosts.splice(0)) await s.close(); setRecoveryState(null); });

async function bridge() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kiosk-recover-'));
  const services = await createHostServices({ name: 'k', version: '1.0.0', gatewayUrl: null, scanners: [], dataDir });
  hosts.push(services);
  const d = createDispatcher(services.handlers, { authorise: services.authorise });
  return {
    async call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
      const r = await d.dispatch(name, input);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as CallOutput<N>;
    },
  };
}

describe('storage loss at start', () => {
  it('tells an evicted or cleared database from a first enrollment and from an enrollment as another device', async () => {
    const k = await bridge();
    // First start after enrollment: nothing recorded, the database has no identity yet.
    expect(await detectLoss(k, { lost: null, knownDevice: null, deviceId: 'dev-1' })).toBeNull();
    // A normal start: the database holds the identity.
    expect(await detectLoss(k, { lost: null, knownDevice: 'dev-1', deviceId: 'dev-1' })).toBeNull();
    // The database opens empty while the host knows it held dev-1: lost.
    expect(await detectLoss(k, { lost: null, knownDevice: null, deviceId: 'dev-1' })).toBe('empty');
    // Enrolled again as another device: a fresh pull, not a loss.
    expect(await detectLoss(k, { lost: null, knownDevice: null, deviceId: 'dev-2' })).toBeNull();
    // A corrupt database replaced at open is a loss whatever the marker says.
    expect(await detectLoss(k, { lost: 'corrupt', knownDevice: null, deviceId: 'dev-2' })).toBe('corrupt');
    // Opened empty after the host found the files broken (Chromium replaced them): a corruption.
    expect(await detectLoss(k, { lost: null, knownDevice: null, deviceId: 'dev-2', brokenBefore: true })).toBe('corrupt');
    // Broken files but the identity still there (a false alarm of the check): no loss.
    expect(await detectLoss(k, { lost: null, knownDevice: 'dev-2', deviceId: 'dev-2', brokenBefore: true })).toBeNull();
  });

  it('asks the host to keep the broken database before deleting it; a host that cannot does not stop the recovery', async () => {
    const k = await bridge();
    const name = uniqueName('kiosk-keep');
    const old = new KioskDb(name);
    await old.open();
    await old.setMeta('identity', { deviceId: 'dev-1' });
    old.close();
    const order: string[] = [];
    let calls = 0;
    const flaky = async (n: string) => {
      if (calls++ === 0) throw new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError');
      order.push('reopened');
      return openKioskDb(n);
    };
    const r = await openOrRecover(name, flaky, async (detail) => {
      // Still there while the host copies it.
      const still = new KioskDb(name);
      await still.open();
      order.push(`kept (identity ${(await still.getMeta<{ deviceId: string }>('identity'))?.deviceId})`);
      still.close();
      const kept = await keepBroken(k, 'corrupt', detail);
      expect(kept).toMatchObject({ reason: 'corrupt', copied: false });
    });
    expect(order).toEqual(['kept (identity dev-1)', 'reopened']);
    expect(r.lost).toBe('corrupt');
    r.db.close();
    expect((await k.call('storage.broken', {})).kept).toHaveLength(1);
    // The host fails or never answers: the recovery goes on.
    calls = 0;
    const r2 = await openOrRecover(name, flaky, () => Promise.reject(new Error('host gone')));
    expect(r2.lost).toBe('corrupt');
    r2.db.close();
    const silent = { call: () => new Promise<never>(() => {}) } as unknown as Parameters<typeof keepBroken>[0];
    expect(await keepBroken(silent, 'corrupt', 'x', 20)).toBeNull();
    expect(await checkBeforeOpen(silent, 20)).toBeNull();
  });

  it('replaces a database that fails to open as corrupt, once, and reports anything else as before', async () => {
    const name = uniqueName('kiosk-corrupt');
    const old = new KioskDb(name);
    await old.open();
    await old.setMeta('identity', { deviceId: 'dev-1' });
    old.close();
    let calls = 0;
    const flaky = async (n: string) => {
      if (calls++ === 0) throw new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError');
      return openKioskDb(n);
    };
    const r = await openOrRecover(name, flaky);
    expect(r.lost).toBe('corrupt');
    expect(await r.db.getMeta('identity')).toBeUndefined();
    r.db.close();
    await expect(openOrRecover(name, async () => { throw new DOMException('The version requested is less than the existing version.', 'VersionError'); }))
      .rejects.toMatchObject({ name: 'VersionError' });
  });

  it('shows the notice until the journal is reconciled, then records the recovery with the host', async () => {
    const k = await bridge();
    const done = beginRecovery(k, 'empty', 1_000);
    expect(recoveryState()).toEqual({ reason: 'empty', at: 1_000, requeued: null });
    done({ requeued: 3, acknowledged: 0, inOutbox: 0 });
    done({ requeued: 0, acknowledged: 3, inOutbox: 0 });
    expect(recoveryState()).toEqual({ reason: 'empty', at: 1_000, requeued: 3 });
    await new Promise((r) => setTimeout(r, 50));
    expect((await k.call('storage.marker', {})).recoveries).toEqual([{ at: 1_000, reason: 'empty', requeued: 3 }]);
  });
});
