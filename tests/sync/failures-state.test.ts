/**
 * docs/RELIABILITY.md items 6–13 against the real gateway on loopback: poison mutations, a gateway that forgot
 * the kiosk, clock skew, storage pressure, late arrivals, schema upgrades with queued work,
 * retention, and state everyone can see.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { kioskHealth } from '../../src/gateway/store/health';
import { revokeDevice } from '../../src/gateway/store/devices';
import { dismiss, retry } from '../../src/renderer/db/actions';
import { KioskDb } from '../../src/renderer/db/database';
import { MIGRATIONS } from '../../src/renderer/db/migrations';
import { attentionList } from '../../src/renderer/db/outbox';
import { applyRetention } from '../../src/renderer/db/retention';
import { SyncEngine } from '../../src/renderer/sync/engine';
import { skewWarning } from '../../src/renderer/sync/status';
import { vietnamDay } from '../../src/renderer/db/actions';
import { installStorageFaults, signInOfficer, testVault, uniqueName } from './fixtures';
import { allIds, kioskDossiers, OFFICER_PIN, OFFICERS, serverDossiers, serverView, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterEach(async () => { await h.closeKiosks(); });
afterAll(async () => { await h.close(); });

const YEAR = 365 * 86_400_000;
const HOUR = 3_600_000;
const isBatch = (method: string, path: string) => method === 'POST' && path === '/v1/mutations';

describe('sync state the kiosk must keep straight', () => {
  it('sends the rest of the queue around a poison mutation and keeps it for staff with the reason', async () => {
    const k = await h.kiosk();
    await k.drained();
    await k.engine.stop();
    const good1 = await k.intake(1);
    // A procedure the kiosk knows but the province withdrew from its catalog: the gateway rejects it.
    await k.db.procedures.put({ ...(await k.db.procedures.get('1.001193'))!, code: '9.999999' });
    const { intake } = await import('../../src/renderer/db/actions');
    const poison = await intake(k.ctx, { procedureCode: '9.999999', applicant: (await k.db.dossiers.get(good1))!.applicant, appointmentAt: new Date(Date.now() + 86_400_000).toISOString() });
    // And a row whose envelope the gateway cannot even read (as a bad migration could leave).
    await k.db.outbox.add({ id: 'not-a-uuid', type: 'dossier.rate', at: 'yesterday', staffId: null, payload: {}, dossierCode: null, state: 'pending', createdAt: Date.now(), attempts: 0, lastAttemptAt: null, outcome: null, doneAt: null, schema: 2 });
    const good2 = await k.intake(2);
    await k.engine.start();
    await k.drained();
    const states = Object.fromEntries((await k.db.outbox.toArray()).map((r) => [r.dossierCode ?? r.id, r]));
    expect(states[good1]!.state).toBe('done');
    expect(states[good2]!.state).toBe('done');
    expect(states[poison.code]).toMatchObject({ state: 'rejected', outcome: { status: 'rejected', reason: 'unknown-procedure' } });
    expect(states[poison.code]!.outcome!.message!.vi).toMatch(/Thủ tục/);
    expect(states['not-a-uuid']).toMatchObject({ state: 'rejected', outcome: { reason: 'validation' } });
    // It stays after more syncs, and only a person removes it.
    await k.engine.syncNow();
    expect((await attentionList(k.db)).map((r) => r.id).sort()).toEqual([poison.mutationId, 'not-a-uuid'].sort());
    expect(k.engine.status.getSnapshot().attention).toBe(2);
    await dismiss(k.ctx, poison.mutationId);
    await k.engine.refreshCounts();
    expect(k.engine.status.getSnapshot().attention).toBe(1);
  });

  it('re-downloads and replays after the gateway is restored from a backup, keeping the outbox', async () => {
    const k = await h.kiosk();
    const before = await k.intake(10);
    await k.drained();
    const backup = await h.backup();
    const lost = await k.intake(11); // the gateway commits it, then loses it to the restore
    await k.transition(before, 4);
    await k.drained();
    await k.engine.stop();
    const queued = await k.intake(12); // still in the outbox when the restore happens
    await h.restore(backup);
    await k.engine.start();
    await k.drained();
    const ids = await allIds(k);
    expect(await serverView(h, k, ids)).toEqual({ applied: ids.length, duplicates: 0, unknown: 0 });
    const server = await serverDossiers(h, k);
    expect(server.get(lost)).toBeDefined();
    expect(server.get(queued)).toBeDefined();
    expect(server.get(before)!.status).toBe(4);
    expect(await kioskDossiers(k)).toEqual(server);
    expect((await k.db.audit.filter((a) => a.action === 'sync.reset').toArray())).toHaveLength(1);
  }, 40_000);

  it('keeps the outbox when the gateway forgot the device, and sends it after enrollment again', async () => {
    const k = await h.kiosk();
    const code = await k.intake(20);
    await k.drained();
    await revokeDevice(h.gw.db, k.identity.deviceId);
    await k.transition(code, 4);
    await k.engine.syncNow();
    expect(k.engine.status.getSnapshot()).toMatchObject({ needsEnrollment: true, pending: 1, phase: 'error' });
    expect(k.engine.status.getSnapshot().lastError?.code).toBe('device-revoked');
    const identity = await k.client.enroll({ url: h.proxy.url, code: await h.enrollCode() });
    await k.engine.afterEnrollment(identity);
    await k.drained();
    expect(k.engine.status.getSnapshot().needsEnrollment).toBe(false);
    // The officer signed it as this device's old identity, with a key registered for that one: the
    // gateway cannot take it as the new device's, and staff see why. Nothing is lost.
    const held = (await attentionList(k.db)).find((r) => r.type === 'dossier.transition');
    expect(held).toMatchObject({ type: 'dossier.transition', dossierCode: code, state: 'rejected', outcome: { reason: 'signature-invalid' } });
    expect((await serverDossiers(h, k)).get(code)!.status).toBe(2);
    // The officer signs in again (a key for the new identity) and sends it again under their signature.
    const signer = await signInOfficer(k.db, { staffId: k.signer.staffId, pin: OFFICER_PIN, vault: testVault() });
    expect(signer.keyId).not.toBe(k.signer.keyId);
    await retry({ ...k.ctx, signer }, held!.id);
    await k.drained();
    expect((await serverDossiers(h, k)).get(code)!.status).toBe(4);
    expect((await attentionList(k.db)).filter((r) => r.type === 'dossier.transition')).toEqual([]);
  });

  // A year (a dead CMOS battery) and an hour (a wrong time zone or daylight-saving setting on the
  // host): receipt times are checked to the minute, so an hour's error shows as surely as a year's.
  it.each([['a year ahead', YEAR], ['a year behind', -YEAR], ['an hour ahead', HOUR], ['an hour behind', -HOUR]])('warns of a clock %s and still dates and codes intakes by server time', async (_label, offset) => {
    let shift = offset;
    const k = await h.kiosk({ clock: () => Date.now() + shift });
    await k.drained();
    const s = k.engine.status.getSnapshot();
    expect(Math.abs(s.clockSkewMs! + offset)).toBeLessThan(5_000);
    expect(skewWarning(s)).toBe(true);
    const code = await k.intake(30);
    expect(code).toContain(`-${vietnamDay(Date.now()).slice(2).replaceAll('-', '')}-`);
    const row = await k.db.dossiers.get(code);
    expect(Math.abs(Date.parse(row!.receivedAt) - Date.now())).toBeLessThan(60_000);
    await k.drained();
    expect((await serverDossiers(h, k)).get(code)).toBeDefined();
    // Someone fixes the clock mid-session: the next run measures again.
    shift = 0;
    await k.engine.syncNow();
    expect(Math.abs(k.engine.status.getSnapshot().clockSkewMs!)).toBeLessThan(5_000);
  });

  it('raises a storage alert when the disk is full during a sync, and recovers without losing the outbox', async () => {
    let faults!: ReturnType<typeof installStorageFaults>;
    const k = await h.kiosk({ beforeOpen: (db) => { faults = installStorageFaults(db); } });
    await k.drained();
    await k.engine.stop();
    const code = await k.intake(40);
    faults.failWrites(['dossiers', 'meta']);
    const t0 = Date.now();
    const s = await k.engine.syncNow();
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(s.storageAlert?.code).toBe('storage-quota');
    expect(s.phase).toBe('error');
    expect(await k.db.outbox.where('state').anyOf('pending', 'done').count()).toBe(1);
    faults.heal();
    await k.drained();
    expect(k.engine.status.getSnapshot().storageAlert).toBeNull();
    expect((await serverDossiers(h, k)).get(code)).toBeDefined();
  });

  it('shows a conflict the gateway explains when an offline change arrives after the dossier moved on', async () => {
    const a = await h.kiosk();
    const b = await h.kiosk();
    const code = await a.intake(50);
    await a.drained();
    await b.drained();
    await a.engine.stop(); // counter A loses its link
    await a.transition(code, 4);
    await b.transition(code, 7); // the applicant withdrew at counter B
    await b.drained();
    await a.engine.start();
    await a.drained();
    const row = (await a.db.outbox.toArray()).find((r) => r.type === 'dossier.transition')!;
    expect(row).toMatchObject({ state: 'conflict', outcome: { status: 'conflict', reason: 'status-changed' } });
    expect(row.outcome!.message!.en).toMatch(/status 7/);
    // No silent overwrite either way: the kiosk now shows the server's state.
    expect(await a.db.dossiers.get(code)).toMatchObject({ status: 7, pendingOps: 0 });
    expect(a.engine.status.getSnapshot().conflicts).toBe(1);
    expect((await serverDossiers(h, a)).get(code)!.status).toBe(7);
  });

  it('still sends mutations queued under the previous schema after an upgrade', async () => {
    const k = await h.kiosk();
    const code = await k.intake(60);
    await k.drained();
    const name = uniqueName('old-build');
    const v1 = new KioskDb(name, { migrations: MIGRATIONS.slice(0, 1) });
    await v1.open();
    await v1.table('meta').put({ key: 'identity', value: k.identity });
    const id = uuidv7();
    await v1.table('outbox').add({ id, type: 'dossier.transition', at: new Date().toISOString(), staffId: null, body: { code, from: 2, to: 4 }, state: 'pending', createdAt: Date.now(), lastAttemptAt: null, outcome: null, doneAt: null });
    v1.close();
    const upgraded = new KioskDb(name);
    const engine = new SyncEngine({ db: upgraded, transport: k.client, appVersion: 'new', retention: false, leases: false });
    await engine.syncNow();
    // Queued before actions named and signed their officer: the gateway cannot take it as anyone's,
    // and it waits for staff with the reason instead of being lost.
    expect(await upgraded.outbox.where('id').equals(id).first()).toMatchObject({
      state: 'rejected', dossierCode: code, payload: { code, from: 2, to: 4 }, outcome: { reason: 'staff-unknown' },
    });
    expect((await serverDossiers(h, k)).get(code)!.status).toBe(2);
    // An officer signs in on the upgraded device and takes it on: sent again, signed, applied.
    const signer = await signInOfficer(upgraded, { staffId: OFFICERS[1], pin: OFFICER_PIN, vault: testVault() });
    await retry({ db: upgraded, staffId: signer.staffId, signer, now: engine.now }, id);
    await engine.syncNow();
    await engine.stop();
    expect(await upgraded.outbox.where('id').equals(id).first()).toMatchObject({ state: 'dismissed', dismissedBy: OFFICERS[1] });
    expect((await upgraded.outbox.toArray()).find((r) => r.id !== id)).toMatchObject({ state: 'done', staffId: OFFICERS[1] });
    expect((await serverDossiers(h, k)).get(code)!.status).toBe(4);
    upgraded.close();
  });

  it('purges only confirmed work after months, never what is still pending', async () => {
    const k = await h.kiosk();
    const closed = await k.intake(70);
    await k.transition(closed, 9);
    await k.transition(closed, 10);
    await k.drained();
    await k.engine.stop();
    const open = await k.intake(71);
    const report = await applyRetention(k.db, { outboxDays: 30, dossierDays: 180, auditDays: 90 }, Date.now() + 400 * 86_400_000);
    expect(report.outbox).toBe(3);
    expect(await k.db.dossiers.get(closed)).toBeUndefined();
    expect(await k.db.dossiers.get(open)).toMatchObject({ pendingOps: 1 });
    expect(await k.db.outbox.where('state').equals('pending').count()).toBe(1);
  });

  it('lets staff, technicians and the province see what is pending, since when, and the last error', async () => {
    const k = await h.kiosk();
    await k.drained();
    await k.engine.stop();
    const t0 = Date.now();
    for (let i = 0; i < 3; i++) await k.intake(80 + i);
    h.proxy.inject('500', 1000, isBatch);
    const engine = new SyncEngine({ db: k.db, transport: k.client, appVersion: 'visible', retention: false, leases: false, backoff: { baseMs: 5_000, capMs: 5_000 } });
    const s = await engine.syncNow();
    await engine.stop();
    expect(s).toMatchObject({ phase: 'error', pending: 3, lastError: { code: 'internal' } });
    expect(s.oldestPendingAt).toBeGreaterThanOrEqual(t0 - 1);
    const row = (await kioskHealth(h.gw.db)).find((x) => x.deviceId === k.identity.deviceId)!;
    expect(row).toMatchObject({ pending: 3, appVersion: 'visible' });
    expect(row.oldestPendingMs).not.toBeNull();
    h.proxy.setRandom([], 0);
    h.proxy.inject('500', 0);
  });
});
