/**
 * Accountable staff actions on the device, without a gateway: every staff mutation is signed by
 * the signed-in officer's key over exactly the envelope the outbox keeps (checked here with
 * node:crypto, an implementation independent of the WebCrypto that signed), the key is made at
 * the first sign-in with a proof only the PIN can make, and signing outside the write transaction
 * keeps an action atomic.
 */
import { createHmac, createPublicKey, pbkdf2Sync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { extend, intake, payFee, rate, retry, transition, voidCode, type ActionContext } from '../../src/renderer/db/actions';
import type { KioskDb, OutboxRow } from '../../src/renderer/db/database';
import { signIn } from '../../src/renderer/counter/pin';
import { keyIdOf, type OfficerSigner } from '../../src/renderer/trust/officer-key';
import { proofText, signedText, STAFF_MUTATIONS, STAFF_PIN_ITERATIONS, thumbprintInput } from '../../src/shared/protocol';
import { createHash } from 'node:crypto';
import {
  applicant, IDENTITY, installStorageFaults, OFFICER, OFFICER_PIN, officerCtx, PROCEDURE, seededDb, signInOfficer, testVault,
} from './fixtures';

const intakeInput = (i: number) => ({ procedureCode: PROCEDURE.code, applicant: { ...applicant(i), citizenId: '001090000123' }, appointmentAt: new Date(Date.now() + 3 * 86_400_000).toISOString() });

/** Verifies a stored row's signature with node:crypto against the officer's registered public key. */
async function verifies(db: KioskDb, row: OutboxRow, deviceId = IDENTITY.deviceId): Promise<boolean> {
  if (!row.sig) return false;
  const key = (await db.staffKeys.toArray()).find((k) => k.keyId === row.sig!.keyId);
  if (!key) return false;
  const pub = createPublicKey({ key: key.publicJwk, format: 'jwk' });
  const text = signedText(deviceId, { id: row.id, type: row.type, at: row.at, staffId: row.staffId, payload: row.payload });
  return verify('sha256', Buffer.from(text, 'utf8'), { key: pub, dsaEncoding: 'ieee-p1363' }, Buffer.from(row.sig.value, 'base64url'));
}

async function rowOf(db: KioskDb, id: string): Promise<OutboxRow> {
  return (await db.outbox.where('id').equals(id).first())!;
}

describe('signed staff actions', () => {
  it('signs create, transition, payFee, extend and code.void over exactly the stored envelope; ratings are the citizen\'s, unsigned', async () => {
    const db = await seededDb();
    const ctx = await officerCtx(db);
    const a = await intake(ctx, intakeInput(1));
    const ids = [a.mutationId];
    ids.push((await transition(ctx, { code: a.code, to: 4 })).mutationId);
    ids.push((await payFee(ctx, { code: a.code, feeId: 'f1', method: 'cash' })).mutationId);
    const later = new Date(Date.parse((await db.dossiers.get(a.code))!.appointmentAt) + 3 * 86_400_000).toISOString();
    ids.push((await extend(ctx, { code: a.code, appointmentAt: later, reason: 'Cần xác minh' })).mutationId);
    ids.push((await voidCode(ctx, { code: `${IDENTITY.agency.code}-250101-0099`, reason: 'hỏng giấy' })).mutationId);
    const rows = await Promise.all(ids.map((id) => rowOf(db, id)));
    expect(rows.map((r) => r.type).sort()).toEqual([...STAFF_MUTATIONS].sort());
    for (const r of rows) {
      expect(r).toMatchObject({ staffId: OFFICER.id, sig: { keyId: ctx.signer!.keyId }, schema: 3 });
      expect(r.sig!.value).toMatch(/^[A-Za-z0-9_-]{86}$/);
      expect(await verifies(db, r)).toBe(true);
      // Bound to this device and to this very mutation.
      expect(await verifies(db, r, 'another-device')).toBe(false);
      expect(await verifies(db, { ...r, at: new Date(Date.parse(r.at) + 1).toISOString() })).toBe(false);
    }
    // The intake's signature covers the raw ID number the gateway's adapter receives.
    expect(rows[0]!.payload).toMatchObject({ applicant: { citizenId: '001090000123' } });
    await transition(ctx, { code: a.code, to: 9 });
    await transition(ctx, { code: a.code, to: 10 });
    const rated = await rowOf(db, (await rate(ctx, { code: a.code, score: 4 })).mutationId);
    expect(rated).toMatchObject({ type: 'dossier.rate', staffId: null });
    expect(rated.sig).toBeUndefined();
  });

  it('refuses a staff action without a signed-in officer, or with another officer\'s key, and queues nothing', async () => {
    const db = await seededDb();
    const ctx = await officerCtx(db);
    const a = await intake(ctx, intakeInput(1));
    const before = await db.outbox.count();
    await expect(transition({ db, staffId: OFFICER.id, now: Date.now }, { code: a.code, to: 4 })).rejects.toMatchObject({ code: 'not-signed-in' });
    await expect(intake({ db, staffId: null, signer: null, now: Date.now }, intakeInput(2))).rejects.toMatchObject({ code: 'not-signed-in' });
    await expect(transition({ ...ctx, staffId: 'staff-2' }, { code: a.code, to: 4 })).rejects.toMatchObject({ code: 'not-signed-in' });
    expect(await db.outbox.count()).toBe(before);
    expect((await db.leases.get('lease-1'))!.next).toBe(2);
    expect((await db.dossiers.get(a.code))!.status).toBe(2);
  });

  it('refuses to sign for a device id that is no longer this device\'s (enrolled again since the sign-in)', async () => {
    const db = await seededDb();
    const ctx = await officerCtx(db);
    await db.meta.put({ key: 'identity', value: { ...IDENTITY, deviceId: 'dev-new' } });
    await expect(intake(ctx, intakeInput(1))).rejects.toMatchObject({ code: 'not-signed-in' });
    expect(await db.outbox.count()).toBe(0);
  });

  it('stays atomic though it signs outside the transaction: a change made meanwhile is planned again, a failed write leaves nothing', async () => {
    let faults!: ReturnType<typeof installStorageFaults>;
    const db = await seededDb({ beforeOpen: (d) => { faults = installStorageFaults(d); } });
    const ctx = await officerCtx(db);
    // Another window takes today's next number while this officer's action is being signed.
    let interfere = true;
    const racing: OfficerSigner = {
      ...ctx.signer!,
      async sign(m) {
        if (interfere) {
          interfere = false;
          await intake(ctx, intakeInput(2));
        }
        return ctx.signer!.sign(m);
      },
    };
    const r = await intake({ ...ctx, signer: racing }, intakeInput(1));
    expect(r.code).toMatch(/-0002$/);
    const rows = await db.outbox.toArray();
    expect(rows.map((x) => (x.payload as { code: string }).code).sort()).toEqual([expect.stringMatching(/-0001$/), expect.stringMatching(/-0002$/)]);
    for (const row of rows) expect(await verifies(db, row)).toBe(true);
    expect((await db.leases.get('lease-1'))!.next).toBe(3);
    expect((await db.dossiers.get(r.code))!.applicant.name).toBe(applicant(1).name);

    // The outbox write fails after the signature was made: no dossier row, no used number either.
    faults.failWrites(['outbox']);
    await expect(intake(ctx, intakeInput(3))).rejects.toMatchObject({ code: 'storage-quota' });
    expect((await db.leases.get('lease-1'))!.next).toBe(3);
    expect(await db.dossiers.count()).toBe(2);
    expect(await db.outbox.count()).toBe(2);
    faults.heal();
    // A status change whose dossier moved on while signing is planned again from the new status.
    const t = await transition({
      ...ctx,
      signer: { ...ctx.signer!, async sign(m) { if (!interfere) { interfere = true; await transition(ctx, { code: r.code, to: 4 }); } return ctx.signer!.sign(m); } },
    }, { code: r.code, to: 7 });
    expect((await rowOf(db, t.mutationId)).payload).toMatchObject({ from: 4, to: 7 });
    expect((await db.dossiers.get(r.code))!).toMatchObject({ status: 7, pendingOps: 3 });
  });

  it('sends a rejected action again under the signature of the officer who retries it', async () => {
    const db = await seededDb();
    const ctx = await officerCtx(db);
    const a = await intake(ctx, intakeInput(1));
    await db.outbox.where('id').equals(a.mutationId).modify({ state: 'rejected', outcome: { status: 'rejected', reason: 'signature-invalid', at: 0 } });
    const again = await rowOf(db, (await retry(ctx, a.mutationId)).mutationId);
    expect(again.id).not.toBe(a.mutationId);
    expect(await verifies(db, again)).toBe(true);
    expect((await rowOf(db, a.mutationId)).state).toBe('dismissed');
  });
});

describe('the officer\'s key on this device', () => {
  it('is made at the first sign-in: a P-256 key sealed by the host, its RFC 7638 id, and a proof only the PIN could make', async () => {
    const db = await seededDb();
    const signer = await signInOfficer(db);
    const row = (await db.staffKeys.get(OFFICER.id))!;
    expect(row).toMatchObject({ staffId: OFFICER.id, deviceId: IDENTITY.deviceId, keyId: signer.keyId, registeredAt: null, failure: null });
    expect(row.publicJwk).toEqual({ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String) });
    expect(row.keyId).toBe(createHash('sha256').update(thumbprintInput(row.publicJwk)).digest('base64url'));
    expect(row.keyId).toBe(await keyIdOf(row.publicJwk));
    expect(row.sealed).toMatch(/^v1\./);
    // The proof, recomputed here from the PIN as the gateway does from what it keeps.
    const hmacKey = pbkdf2Sync(OFFICER_PIN, OFFICER.proofSalt, STAFF_PIN_ITERATIONS, 32, 'sha256');
    expect(row.proof).toBe(createHmac('sha256', hmacKey).update(proofText(IDENTITY.deviceId, OFFICER.id, row.keyId)).digest('base64url'));
    // Neither the PIN nor anything derived from it is stored, anywhere in the database.
    const everything = JSON.stringify(await Promise.all(db.tables.map((t) => t.toArray())));
    expect(everything).not.toContain(OFFICER_PIN);
    for (const enc of ['hex', 'base64', 'base64url'] as const) expect(everything).not.toContain(hmacKey.toString(enc));
    // The session's key signs and cannot be read back.
    expect(signer.key.extractable).toBe(false);
    expect(signer.key.usages).toEqual(['sign']);
    await expect(crypto.subtle.exportKey('pkcs8', signer.key)).rejects.toThrow();
    expect((await db.audit.toArray()).some((a) => a.action === 'staff.keyCreated' && a.staffId === OFFICER.id)).toBe(true);
  });

  it('is opened, not made again, at later sign-ins; a key this host cannot open or the gateway refused is replaced', async () => {
    const db = await seededDb();
    const vault = testVault();
    const first = await signInOfficer(db, { vault });
    const again = await signInOfficer(db, { vault });
    expect(again.keyId).toBe(first.keyId);
    expect(await db.staffKeys.count()).toBe(1);
    // Signatures of the reopened key verify against the stored public key.
    const ctx: ActionContext = { db, staffId: OFFICER.id, signer: again, now: Date.now };
    const a = await intake(ctx, intakeInput(1));
    expect(await verifies(db, await rowOf(db, a.mutationId))).toBe(true);
    // Another host's vault (the profile copied elsewhere) cannot open it: a new key.
    const moved = await signInOfficer(db, { vault: testVault() });
    expect(moved.keyId).not.toBe(first.keyId);
    // The gateway refused it (the PIN changed before it was registered): a new key at sign-in.
    await db.staffKeys.update(OFFICER.id, { failure: { code: 'forbidden', at: Date.now() } });
    const renewed = await signInOfficer(db, { vault });
    expect(renewed.keyId).not.toBe(moved.keyId);
    expect((await db.staffKeys.get(OFFICER.id))!).toMatchObject({ keyId: renewed.keyId, failure: null, registeredAt: null });
  });

  it('is neither made nor opened on a wrong PIN', async () => {
    const db = await seededDb();
    const r = await signIn(db, OFFICER.id, '111111', Date.now(), testVault());
    expect(r).toMatchObject({ ok: false, reason: 'wrong-pin' });
    expect(await db.staffKeys.count()).toBe(0);
  });
});
