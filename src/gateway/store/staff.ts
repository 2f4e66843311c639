/**
 * Staff accounts and their signing keys (src/shared/protocol/trust.ts, docs/SECURITY.md).
 *
 * An officer's row keeps the wire form counters receive in `data` (name, title, role, the PIN
 * verifier, the proof salt, active) and, beside it, what never leaves the gateway: the proof key
 * (`proof_key`) that checks signing-key registrations, and the deactivation time
 * (`deactivated_at`) that decides whether an action recorded offline was still the officer's to
 * take. Every write takes the agency's feed stream lock, so counters see it in order.
 */
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../db/types';
import type { Device } from './devices';
import {
  ROLE_MAY_ACT, type Staff, type StaffCreateRequest, type StaffKeyRequest, type StaffKeyResponse,
  type StaffRole, type StaffSummary,
} from '../../shared/protocol';
import { pinProblem } from '../../shared/settings/pin-policy';
import { forbidden, GatewayError } from '../errors';
import { newId } from '../crypto';
import { importPublicKey, keyIdOf, proofMatches, staffSecrets } from '../trust';
import { ensureAgency } from './devices';
import { agencyStream, lockStream, saveStream } from './streams';
import { audit, type Actor } from './audit';

/** A staff account as the gateway stores it: the wire form plus its server-only proof key. */
export interface StaffRecord { staff: Staff; proofKey: string | null; deactivatedAt?: string | null }

/** Writes staff accounts (insert or replace), each agency under its stream lock. */
export async function upsertStaff(db: Db, records: StaffRecord[]): Promise<void> {
  const byAgency = new Map<string, StaffRecord[]>();
  for (const r of records) byAgency.set(r.staff.agencyCode, [...(byAgency.get(r.staff.agencyCode) ?? []), r]);
  for (const [agency, list] of byAgency) {
    await db.transaction(async (tx) => writeStaff(tx, agency, list));
  }
}

async function writeStaff(tx: Queryable, agency: string, list: StaffRecord[]): Promise<void> {
  const s = await lockStream(tx, agencyStream(agency));
  const rows = list.map((r) => ({
    id: r.staff.id, agency_code: agency, seq: s.next(), data: r.staff, proof_key: r.proofKey,
    deactivated_at: r.deactivatedAt ?? (r.staff.active ? null : r.staff.updatedAt),
  }));
  await tx.query(
    `insert into staff (id, agency_code, seq, data, proof_key, deactivated_at)
     select id, agency_code, seq, data, proof_key, deactivated_at
     from json_to_recordset($1::json) as x(id text, agency_code text, seq bigint, data json, proof_key text, deactivated_at timestamptz)
     on conflict (id) do update set seq = excluded.seq, data = excluded.data, agency_code = excluded.agency_code,
       proof_key = excluded.proof_key, deactivated_at = excluded.deactivated_at`,
    [JSON.stringify(rows)]);
  await saveStream(tx, s);
}

function checkPin(pin: string): void {
  const problem = pinProblem(pin);
  if (problem) throw new GatewayError('pin-policy', { problem });
}

interface Row { data: Staff; deactivated_at: Date | null; proof_key: string | null; keys?: number }

const summary = (r: Row): StaffSummary => ({
  id: r.data.id, agencyCode: r.data.agencyCode, name: r.data.name, title: r.data.title ?? '', role: r.data.role,
  active: r.deactivated_at === null, deactivatedAt: r.deactivated_at?.toISOString() ?? null,
  pinIterations: r.data.pin.iterations, activeKeys: Number(r.keys ?? 0), updatedAt: r.data.updatedAt,
});

export async function listStaff(q: Queryable, agency?: string): Promise<StaffSummary[]> {
  const rows = await q.query<Row>(
    `select s.data, s.deactivated_at, s.proof_key,
       (select count(*) from staff_keys k where k.staff_id = s.id and k.revoked_at is null) as keys
     from staff s where ($1::text is null or s.agency_code = $1) order by s.agency_code, s.id`, [agency ?? null]);
  return rows.map(summary);
}

async function lockedRow(tx: Queryable, id: string): Promise<Row> {
  const rows = await tx.query<Row>('select data, deactivated_at, proof_key from staff where id = $1 for update', [id]);
  const r = rows[0];
  if (!r) throw new GatewayError('not-found', { staff: id });
  return r;
}

/** A new officer with a PIN that passes the policy; audited (never the PIN). */
export async function createStaff(db: Db, req: StaffCreateRequest, actor: Actor, now = new Date()): Promise<StaffSummary> {
  checkPin(req.pin);
  const secrets = await staffSecrets(req.pin);
  const id = req.id ?? newId();
  const staff: Staff = {
    id, agencyCode: req.agency, name: req.name, title: req.title, role: req.role, pin: secrets.pin,
    proofSalt: secrets.proofSalt, active: true, updatedAt: now.toISOString(),
  };
  await db.transaction(async (tx) => {
    await ensureAgency(tx, req.agency);
    if ((await tx.query('select 1 from staff where id = $1', [id])).length > 0) throw new GatewayError('validation', { field: 'id', reason: 'taken' });
    await writeStaff(tx, req.agency, [{ staff, proofKey: secrets.proofKey }]);
    await audit(tx, actor, 'staff.create', id, { agency: req.agency, role: req.role });
  });
  return summary({ data: staff, deactivated_at: null, proof_key: secrets.proofKey, keys: 0 });
}

/**
 * Changes or resets an officer's PIN: a new verifier, a new proof salt and proof key (keys are
 * registered with the new PIN from now on). `revokeKeys` also revokes the officer's signing keys.
 */
export async function setStaffPin(db: Db, id: string, pin: string, opts: { revokeKeys?: boolean }, actor: Actor, now = new Date()): Promise<StaffSummary> {
  checkPin(pin);
  const secrets = await staffSecrets(pin);
  return db.transaction(async (tx) => {
    const r = await lockedRow(tx, id);
    const staff: Staff = { ...r.data, pin: secrets.pin, proofSalt: secrets.proofSalt, updatedAt: now.toISOString() };
    await writeStaff(tx, staff.agencyCode, [{ staff, proofKey: secrets.proofKey, deactivatedAt: r.deactivated_at?.toISOString() ?? null }]);
    const revoked = opts.revokeKeys
      ? (await tx.query('update staff_keys set revoked_at = now() where staff_id = $1 and revoked_at is null returning key_id', [id])).length
      : 0;
    await audit(tx, actor, 'staff.set-pin', id, { revokeKeys: opts.revokeKeys === true, keysRevoked: revoked });
    return summary({ data: staff, deactivated_at: r.deactivated_at, proof_key: secrets.proofKey, keys: await activeKeys(tx, id) });
  });
}

/**
 * Deactivates (or reactivates) an officer. Actions recorded before the deactivation and uploaded
 * later are still accepted (attribution is checked at the time of the action); later ones are
 * refused with `staff-inactive`, and no key can be registered meanwhile.
 */
export async function setStaffActive(db: Db, id: string, active: boolean, actor: Actor, now = new Date()): Promise<StaffSummary> {
  return db.transaction(async (tx) => {
    const r = await lockedRow(tx, id);
    if ((r.deactivated_at === null) === active) {
      return summary({ ...r, keys: await activeKeys(tx, id) });
    }
    const at = now.toISOString();
    const staff: Staff = { ...r.data, active, updatedAt: at };
    await writeStaff(tx, staff.agencyCode, [{ staff, proofKey: r.proof_key, deactivatedAt: active ? null : at }]);
    await audit(tx, actor, active ? 'staff.activate' : 'staff.deactivate', id);
    return summary({ data: staff, deactivated_at: active ? null : now, proof_key: r.proof_key, keys: await activeKeys(tx, id) });
  });
}

async function activeKeys(q: Queryable, staffId: string): Promise<number> {
  const rows = await q.query<{ n: number }>('select count(*) as n from staff_keys where staff_id = $1 and revoked_at is null', [staffId]);
  return Number(rows[0]?.n ?? 0);
}

/**
 * POST /v1/staff/keys: registers an officer's signing key for the calling counter, if the proof
 * shows knowledge of the officer's PIN. Idempotent for the same key, device and officer.
 */
export async function registerStaffKey(db: Db, device: Device, req: StaffKeyRequest): Promise<StaffKeyResponse> {
  const rows = await db.query<{ agency_code: string; role: StaffRole; deactivated_at: Date | null; proof_key: string | null }>(
    `select agency_code, data->>'role' as role, deactivated_at, proof_key from staff where id = $1`, [req.staffId]);
  const st = rows[0];
  // Another agency's officer is answered exactly like an unknown one.
  if (!st || st.agency_code !== device.agencyCode) throw forbidden('staff-unknown');
  if (st.deactivated_at !== null) throw forbidden('staff-inactive');
  if (!ROLE_MAY_ACT[st.role]) throw forbidden('staff-role');
  if (keyIdOf(req.publicKey) !== req.keyId) throw new GatewayError('validation', { field: 'keyId', reason: 'not the RFC 7638 thumbprint of publicKey' });
  if (!importPublicKey(req.publicKey)) throw new GatewayError('validation', { field: 'publicKey', reason: 'not a P-256 point' });
  if (st.proof_key === null) throw forbidden('pin-not-set');
  if (!proofMatches(Buffer.from(st.proof_key, 'base64'), device.id, req.staffId, req.keyId, req.proof)) {
    await audit(db, `device:${device.id}`, 'staff-key.bad-proof', req.staffId, { keyId: req.keyId });
    throw forbidden('bad-proof');
  }
  return db.transaction(async (tx) => {
    const inserted = await tx.query<{ registered_at: Date }>(
      `insert into staff_keys (key_id, device_id, staff_id, public_jwk) values ($1, $2, $3, $4)
       on conflict (key_id) do nothing returning registered_at`,
      [req.keyId, device.id, req.staffId, JSON.stringify(req.publicKey)]);
    if (inserted[0]) {
      await audit(tx, `device:${device.id}`, 'staff-key.register', req.staffId, { keyId: req.keyId });
      return { keyId: req.keyId, staffId: req.staffId, registeredAt: inserted[0].registered_at.toISOString() };
    }
    const existing = (await tx.query<{ device_id: string; staff_id: string; registered_at: Date; revoked_at: Date | null }>(
      'select device_id, staff_id, registered_at, revoked_at from staff_keys where key_id = $1', [req.keyId]))[0];
    if (!existing || existing.device_id !== device.id || existing.staff_id !== req.staffId) throw forbidden('key-taken');
    if (existing.revoked_at !== null) throw forbidden('revoked-key');
    return { keyId: req.keyId, staffId: req.staffId, registeredAt: existing.registered_at.toISOString() };
  });
}

/**
 * Staff rows written before accounts had a title and a proof salt get both (the wire form counters
 * parse requires them), under the agency's stream lock so counters receive the fixed record.
 * Their proof key stays empty: such an officer registers no signing key (`pin-not-set`) until the
 * province sets a PIN that meets the policy. Returns how many rows were upgraded.
 */
export async function upgradeLegacyStaff(db: Db, now = new Date()): Promise<number> {
  const rows = await db.query<{ data: Staff; deactivated_at: Date | null; proof_key: string | null }>(
    `select data, deactivated_at, proof_key from staff where data->>'proofSalt' is null`);
  if (rows.length === 0) return 0;
  await upsertStaff(db, rows.map((r) => ({
    staff: { ...r.data, title: r.data.title ?? '', proofSalt: randomBytes(18).toString('base64url'), updatedAt: now.toISOString() },
    proofKey: r.proof_key,
    deactivatedAt: r.deactivated_at?.toISOString() ?? (r.data.active ? null : now.toISOString()),
  })));
  return rows.length;
}
