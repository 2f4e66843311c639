/**
 * Accountable staff actions and least privilege, kiosk side, against the real gateway on loopback:
 * an officer's first sign-in works offline and signs at once, the sync engine registers the key
 * before it sends what the key signed, a refused registration (the PIN changed at the province)
 * holds that officer's work and asks them to sign in again without losing anything, and a
 * kiosk-kind device holds only citizen views and rates from them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setStaffPin } from '../../src/gateway/store/staff';
import { GatewayClient } from '../../src/main/gateway-client/client';
import { MemoryCredentialStore } from '../../src/main/gateway-client/credentials';
import { hashCitizenId, intake, rate, retry, transition } from '../../src/renderer/db/actions';
import { KioskDb } from '../../src/renderer/db/database';
import { rebaseMany } from '../../src/renderer/db/apply';
import { attentionList } from '../../src/renderer/db/outbox';
import { undeliveredStaffWork } from '../../src/renderer/db/device-kind';
import { SyncEngine } from '../../src/renderer/sync/engine';
import { findLocal } from '../../src/renderer/citizen/lookup';
import type { SyncTransport } from '../../src/renderer/sync/transport';
import { signedText } from '../../src/shared/protocol';
import { createPublicKey, verify } from 'node:crypto';
import { signInOfficer, testVault, uniqueName } from './fixtures';
import { OFFICER_PIN, OFFICERS, PROCEDURES, serverDossiers, startHarness, type Harness, type Kiosk } from './harness';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterEach(async () => { await h.closeKiosks(); });
afterAll(async () => { await h.close(); });

async function applicantOf(k: Kiosk, i: number) {
  const citizenId = String(200_000_000_000 + i);
  return {
    name: `Người Thử ${i}`, idHash: await hashCitizenId(k.identity.idSalt, citizenId), idMasked: null, citizenId,
    birthDate: null, sex: 'unknown' as const, address: 'Số 1, Xã Thử', phone: '0912000111', email: null,
  };
}

const intakeBy = async (k: Kiosk, ctx: Kiosk['ctx'], i: number) => (await intake(ctx, {
  procedureCode: PROCEDURES[0]!.code, applicant: await applicantOf(k, i), appointmentAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
})).code;

describe('accountable staff actions, kiosk side', () => {
  it('signs from an officer\'s first, offline sign-in on; registers the key before sending what it signed; the gateway credits the officer', async () => {
    const sent: string[] = [];
    const k = await h.kiosk({
      transport: (client): SyncTransport => ({ request: (req) => { sent.push(`${req.method} ${req.path.split('?')[0]}`); return client.request(req); } }),
    });
    await k.drained();
    h.proxy.down();
    // Officer 2 has never signed in on this device: sign-in, key and proof need no link.
    const signer = await signInOfficer(k.db, { staffId: OFFICERS[1], pin: OFFICER_PIN, vault: testVault() });
    const ctx = { ...k.ctx, staffId: signer.staffId, signer };
    const code = await intakeBy(k, ctx, 1);
    expect(await k.db.staffKeys.get(OFFICERS[1])).toMatchObject({ keyId: signer.keyId, registeredAt: null, proof: expect.any(String) });
    sent.length = 0;
    h.proxy.up();
    await k.drained();
    const keyAt = sent.indexOf('POST /v1/staff/keys');
    expect(keyAt).toBeGreaterThanOrEqual(0);
    expect(sent.indexOf('POST /v1/mutations')).toBeGreaterThan(keyAt);
    // Registered: the proof served and is not kept.
    expect(await k.db.staffKeys.get(OFFICERS[1])).toMatchObject({ registeredAt: expect.any(String), proof: null, failure: null });
    const server = (await serverDossiers(h, k)).get(code)!;
    expect(server.timeline[0]).toMatchObject({ action: 'create', staffId: OFFICERS[1] });
    // Delivered: the raw ID number is gone from the row, and the signature it keeps covers that.
    const row = (await k.db.outbox.toArray()).find((r) => r.dossierCode === code)!;
    expect(row).toMatchObject({ state: 'done', staffId: OFFICERS[1] });
    expect(JSON.stringify(row)).not.toContain('200000000001');
    const key = (await k.db.staffKeys.get(OFFICERS[1]))!;
    const text = signedText(k.identity.deviceId, { id: row.id, type: row.type, at: row.at, staffId: row.staffId, payload: row.payload });
    expect(verify('sha256', Buffer.from(text), { key: createPublicKey({ key: key.publicJwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' }, Buffer.from(row.sig!.value, 'base64url'))).toBe(true);
    expect(row.replaySig).toBeUndefined();
  });

  it('holds an officer\'s work when the gateway refuses the key (PIN changed meanwhile) and asks them to sign in again; nothing is lost', async () => {
    const k = await h.kiosk();
    const shared = await k.intake(10);
    await k.drained();
    await k.engine.stop(); // the link is lost for the afternoon
    // Officer 2 signs in for the first time here, with the PIN the device knows, and works.
    const old = await signInOfficer(k.db, { staffId: OFFICERS[1], pin: OFFICER_PIN, vault: testVault() });
    const ctx2 = { ...k.ctx, staffId: old.staffId, signer: old };
    const moved = (await transition(ctx2, { code: shared, to: 4 })).mutationId;
    // Officer 1 (registered long ago) works too, on the same dossier after officer 2 and on another.
    const after = (await transition(k.ctx, { code: shared, to: 9 })).mutationId;
    const own = await k.intake(11);
    // Meanwhile the province resets officer 2's PIN.
    const NEW_PIN = '315926';
    await setStaffPin(h.gw.db, OFFICERS[1], NEW_PIN, {}, 'test');
    await k.engine.start();
    const s = await k.engine.syncNow();
    // The new verifier arrived; the key made with the old PIN was refused and waits for its officer.
    expect(s.keyProblems).toBe(1);
    expect(await k.db.staffKeys.get(OFFICERS[1])).toMatchObject({ registeredAt: null, failure: { code: 'forbidden', reason: 'bad-proof', message: { vi: expect.any(String), en: expect.any(String) } } });
    const state = async (id: string) => (await k.db.outbox.where('id').equals(id).first())!.state;
    expect(await state(moved)).toBe('pending');
    // Officer 1's later change of the same dossier waits behind it (order kept); their other work went.
    expect(await state(after)).toBe('pending');
    expect((await serverDossiers(h, k)).get(own)).toBeDefined();
    expect((await serverDossiers(h, k)).get(shared)!.status).toBe(2);
    // The old PIN no longer opens the session on this device; the new one makes a new key.
    expect(await (await import('../../src/renderer/counter/pin')).signIn(k.db, OFFICERS[1], OFFICER_PIN, Date.now(), testVault())).toMatchObject({ ok: false, reason: 'wrong-pin' });
    const renewed = await signInOfficer(k.db, { staffId: OFFICERS[1], pin: NEW_PIN, vault: testVault() });
    expect(renewed.keyId).not.toBe(old.keyId);
    const again = await k.engine.syncNow();
    expect(again.keyProblems).toBe(0);
    // What the refused key signed could never be checked: visible to staff, with the gateway's reason.
    const waiting = await attentionList(k.db);
    expect(waiting.map((r) => [r.id, r.outcome?.reason])).toContainEqual([moved, 'signature-invalid']);
    // Officer 2 takes it on again under the new key; officer 1's change follows as queued.
    await retry({ ...k.ctx, staffId: renewed.staffId, signer: renewed }, moved);
    await k.drained();
    const server = (await serverDossiers(h, k)).get(shared)!;
    expect(server.status).toBe(4);
    expect(server.timeline.map((t) => [t.status, t.staffId])).toContainEqual([4, OFFICERS[1]]);
    // Officer 1's 4 → 9 was sent before officer 2 took theirs on, and the gateway explained it.
    expect((await k.db.outbox.where('id').equals(after).first())!.state).not.toBe('pending');
  });
});

describe('a kiosk-kind device with the real gateway', () => {
  it('a counter enrolled again as a kiosk: waits for its officers\' work to be delivered, then keeps only citizen views', async () => {
    const counter = await h.kiosk();
    h.proxy.down();
    const code = await counter.intake(21);
    // Offline: the officer's intake is still on the device, so it may not become a kiosk yet.
    expect(await undeliveredStaffWork(counter.db)).toBe(1);
    h.proxy.up();
    await counter.drained();
    expect(await undeliveredStaffWork(counter.db)).toBe(0);
    expect(await counter.db.staff.count()).toBeGreaterThan(0);
    expect(await counter.db.dossiers.get(code)).toBeDefined();
    await counter.engine.stop();

    // The same device (its database) enrolled as a kiosk.
    const client = new GatewayClient({ store: new MemoryCredentialStore(), timeoutMs: 5_000, appVersion: 'test' });
    const identity = await client.enroll({ url: h.proxy.url, code: await h.enrollCode(undefined, 'kiosk'), deviceName: 'Ki-ốt', kind: 'kiosk' });
    const engine = new SyncEngine({ db: counter.db, transport: client, appVersion: 'test', retention: false, leases: false, backoff: { baseMs: 50, capMs: 500 } });
    await engine.afterEnrollment(identity);
    try {
      // At once, before any sync: no full record, no officer, no sealed key.
      expect(await counter.db.dossiers.count()).toBe(0);
      expect(await counter.db.staff.count()).toBe(0);
      expect(await counter.db.staffKeys.count()).toBe(0);
      expect(await counter.db.citizenDossiers.get(code)).toMatchObject({ code, applicantMasked: 'C. D. 2.' });
      expect((await engine.syncNow()).lastError).toBeNull();
      const everything = JSON.stringify(await Promise.all(counter.db.tables.filter((t) => t.name !== 'outbox' && t.name !== 'audit').map((t) => t.toArray())));
      for (const secret of ['Công Dân 21', '100000000021', 'pbkdf2', 'idHash', 'proofSalt', '"verifier"']) expect(everything).not.toContain(secret);
      expect(await counter.db.citizenDossiers.get(code)).toMatchObject({ code });
    } finally {
      await engine.stop();
    }
  });


  it('holds citizen views only, answers the citizen offline from them, and rates from them', async () => {
    const counter = await h.kiosk();
    const code = await counter.intake(20);
    for (const to of [4, 9, 10]) await counter.transition(code, to);
    await counter.drained();

    const store = new MemoryCredentialStore();
    const client = new GatewayClient({ store, timeoutMs: 5_000, appVersion: 'test' });
    const db = new KioskDb(uniqueName('citizen-kiosk'));
    await db.open();
    const identity = await client.enroll({ url: h.proxy.url, code: await h.enrollCode(undefined, 'kiosk'), deviceName: 'Ki-ốt', kind: 'kiosk' });
    expect(identity.kind).toBe('kiosk');
    const engine = new SyncEngine({ db, transport: client, appVersion: 'test', retention: false, leases: false, backoff: { baseMs: 50, capMs: 500 } });
    await engine.afterEnrollment(identity);
    try {
      const s = await engine.syncNow();
      expect(s.lastError).toBeNull();
      expect(await db.dossiers.count()).toBe(0);
      expect(await db.staff.count()).toBe(0);
      expect(await db.staffKeys.count()).toBe(0);
      const view = await db.citizenDossiers.get(code);
      expect(view).toMatchObject({ code, status: 10, applicantMasked: 'C. D. 2.', agency: { code: identity.agency.code } });
      const everything = JSON.stringify(await Promise.all(db.tables.map((t) => t.toArray())));
      for (const secret of ['Công Dân 20', 'Xã Thử, Tuyên Quang', '100000000020', OFFICERS[0], '"pin"', 'pbkdf2', 'idHash', 'proofSalt']) expect(everything).not.toContain(secret);
      // The citizen screen answers from the device's own cache, with no link.
      h.proxy.down();
      expect(await findLocal(db, code)).toMatchObject({ code, status: 10, source: 'local' });
      h.proxy.up();
      const r = await rate({ db, staffId: null, now: engine.now }, { code, score: 4 });
      await engine.syncNow();
      expect((await db.outbox.where('id').equals(r.mutationId).first())!.state).toBe('done');
      expect((await serverDossiers(h, counter)).get(code)!.rating).toMatchObject({ score: 4 });
      // The rating's answer brought no dossier into the kiosk: still citizen views only.
      expect(await db.dossiers.count()).toBe(0);
      const after = JSON.stringify(await Promise.all(db.tables.map((t) => t.toArray())));
      for (const secret of ['Công Dân 20', 'Xã Thử, Tuyên Quang', '100000000020', 'idHash', '"timeline"']) expect(after).not.toContain(secret);
      expect(await db.citizenDossiers.get(code)).toMatchObject({ code, rated: true });
      // Even a full dossier handed to it (an answer of a gateway from before this rule) is not kept.
      const full = (await serverDossiers(h, counter)).get(code)!;
      await db.transaction('rw', [db.dossiers, db.outbox, db.procedures, db.meta], () => rebaseMany(db, new Map([[code, full]])));
      expect(await db.dossiers.count()).toBe(0);
    } finally {
      await engine.stop();
      db.close();
    }
  });
});
