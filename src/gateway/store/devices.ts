/** Agencies, enrollment codes, devices and their tokens, admin tokens. */
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../db/types';
import type { AdminTokenSummary, DeviceIdentity, DeviceKind, EnrollCodeResponse, EnrollRequest, EnrollResponse } from '../../shared/protocol';
import { newEnrollCode, newId, newToken, sha256hex } from '../crypto';
import { GatewayError } from '../errors';
import { STRICT_AGENCY } from '../../shared/domain';
import { readMeta } from './meta';
import { audit, type Actor } from './audit';
import { PROVINCE_STREAM, agencyStream } from './streams';

export interface Device {
  id: string;
  name: string;
  kind: 'counter' | 'kiosk';
  agencyCode: string;
  counter: string | null;
}

export async function ensureAgency(q: Queryable, code: string, name?: string): Promise<void> {
  await q.query(
    `insert into agencies (code, name) values ($1, $2)
     on conflict (code) do update set name = coalesce($3, agencies.name)`,
    [code, name ?? `Cơ quan ${code}`, name ?? null],
  );
}

/**
 * Refuses (404 `not-found`, details `{ agency }`) an agency the province does not have. An
 * enrollment code may name a new one by a well-formed QCVN 102:2016 code (`newIfWellFormed`: how
 * agencies come in); officers and console accounts only an agency the province already has, so a
 * typo never makes an agency of its own. The routes and the command line both ask here.
 */
export async function requireAgency(q: Queryable, agency: string, { newIfWellFormed }: { newIfWellFormed: boolean }): Promise<void> {
  if (newIfWellFormed && STRICT_AGENCY.test(agency)) return;
  if ((await q.query('select 1 from agencies where code = $1', [agency])).length === 0) throw new GatewayError('not-found', { agency });
}

export const DEFAULT_ENROLL_TTL_MIN = 24 * 60;

export interface EnrollCodeOptions {
  agency: string;
  /** The kind of device the code may enroll (default counter). */
  kind?: DeviceKind;
  counter?: string | null;
  ttlMinutes?: number;
}

/** A single-use code for one device of `kind` (default counter) in `agency`; audited. */
export async function createEnrollCode(db: Db, o: EnrollCodeOptions, actor: Actor = 'cli', now = new Date()): Promise<EnrollCodeResponse> {
  const kind = o.kind ?? 'counter';
  const code = newEnrollCode();
  const expiresAt = new Date(now.getTime() + (o.ttlMinutes ?? DEFAULT_ENROLL_TTL_MIN) * 60_000);
  await db.transaction(async (tx) => {
    await ensureAgency(tx, o.agency);
    await tx.query('insert into enroll_codes (code_hash, agency_code, counter, expires_at, kind) values ($1, $2, $3, $4, $5)',
      [sha256hex(code), o.agency, o.counter ?? null, expiresAt, kind]);
    // The code itself is a secret: the log keeps its kind, agency and expiry only.
    await audit(tx, actor, 'enroll-code.create', o.agency, { kind, counter: o.counter ?? null, expiresAt: expiresAt.toISOString() });
  });
  return { code, kind, expiresAt: expiresAt.toISOString() };
}

async function identity(q: Queryable, d: Device): Promise<DeviceIdentity> {
  const meta = await readMeta(q);
  const rows = await q.query<{ name: string }>('select name from agencies where code = $1', [d.agencyCode]);
  return {
    deviceId: d.id, deviceName: d.name, kind: d.kind, counter: d.counter,
    agency: { code: d.agencyCode, name: rows[0]?.name ?? d.agencyCode },
    province: { code: meta.provinceCode, name: meta.provinceName },
    idSalt: meta.idSalt,
  };
}

export async function deviceIdentity(q: Queryable, d: Device): Promise<DeviceIdentity> {
  return identity(q, d);
}

export async function enroll(db: Db, req: EnrollRequest): Promise<EnrollResponse> {
  const hash = sha256hex(req.code);
  const token = newToken();
  const deviceId = newId();
  return db.transaction(async (tx) => {
    // A code for the other kind of device is refused and stays unused.
    const used = await tx.query<{ agency_code: string; counter: string | null }>(
      `update enroll_codes set used_at = now(), used_by = $2
       where code_hash = $1 and used_at is null and expires_at > now() and kind = $3 returning agency_code, counter`,
      [hash, deviceId, req.kind]);
    const row = used[0];
    if (!row) {
      const why = await tx.query<{ used: boolean; expired: boolean; kind: string }>(
        'select used_at is not null as used, expires_at <= now() as expired, kind from enroll_codes where code_hash = $1', [hash]);
      const w = why[0];
      throw new GatewayError(!w ? 'enroll-code-invalid' : w.used ? 'enroll-code-used' : w.expired ? 'enroll-code-expired' : 'enroll-code-kind',
        w && !w.used && !w.expired ? { codeKind: w.kind, requested: req.kind } : undefined);
    }
    const device: Device = { id: deviceId, name: req.deviceName, kind: req.kind, agencyCode: row.agency_code, counter: row.counter };
    await tx.query(
      `insert into devices (id, name, kind, agency_code, counter, token_hash, heartbeat)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [deviceId, req.deviceName, req.kind, row.agency_code, row.counter, sha256hex(token), JSON.stringify({ appVersion: req.appVersion })]);
    return { ...(await identity(tx, device)), token, serverTime: new Date().toISOString() };
  });
}

interface DeviceRow {
  id: string; name: string; kind: 'counter' | 'kiosk'; agency_code: string; counter: string | null;
  revoked: boolean; via_next: boolean;
}

/** The heads of the two feed streams a device reads (store/streams.ts), read with its token. */
export interface FeedHeads { province: number; agency: number }

/**
 * The device a bearer token belongs to. Using a rotated-in token retires the old one. With
 * `withFeedHeads`, the same statement also reads the heads of the device's feed streams (the key
 * of a cached feed page, store/feed-cache.ts): a feed request then costs one statement, not two.
 */
export async function authenticate(db: Db, token: string): Promise<Device> {
  return (await authenticateDevice(db, token, false)).device;
}

/** `authenticate`, and with `withFeedHeads` the heads of the device's feed streams read by the same statement. */
export async function authenticateDevice(db: Db, token: string, withFeedHeads: boolean): Promise<{ device: Device; feedHeads: FeedHeads | null }> {
  const hash = sha256hex(token);
  // Joined by primary key (a subquery per head costs PGlite more CPU than a second statement).
  const rows = await db.query<DeviceRow & { head_p?: number; head_s?: number }>(withFeedHeads
    ? `select id, name, kind, agency_code, counter, revoked_at is not null as revoked,
              next_token_hash = $1 as via_next, coalesce(p.seq, 0) as head_p, coalesce(a.seq, 0) as head_s
       from devices d left join feed_streams p on p.stream = $2 left join feed_streams a on a.stream = $3 || d.agency_code
       where token_hash = $1 or next_token_hash = $1`
    : `select id, name, kind, agency_code, counter, revoked_at is not null as revoked,
              next_token_hash = $1 as via_next
       from devices where token_hash = $1 or next_token_hash = $1`,
    withFeedHeads ? [hash, PROVINCE_STREAM, agencyStream('')] : [hash],
    // Run on every device request: PostgreSQL parses and plans it once per connection.
    withFeedHeads ? 'auth-device-feed' : 'auth-device');
  const r = rows[0];
  if (!r) throw new GatewayError('unauthorized');
  if (r.revoked) throw new GatewayError('device-revoked');
  if (r.via_next) {
    await db.query('update devices set token_hash = next_token_hash, next_token_hash = null where id = $1 and next_token_hash = $2', [r.id, hash]);
  }
  return {
    device: { id: r.id, name: r.name, kind: r.kind, agencyCode: r.agency_code, counter: r.counter },
    feedHeads: withFeedHeads ? { province: Number(r.head_p), agency: Number(r.head_s) } : null,
  };
}

export async function rotateToken(db: Db, deviceId: string): Promise<string> {
  const token = newToken();
  await db.query('update devices set next_token_hash = $2 where id = $1', [deviceId, sha256hex(token)]);
  return token;
}

/** Revokes a device and every signing key its officers registered on it; audited. */
export async function revokeDevice(db: Db, deviceId: string, actor: Actor = 'cli'): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ agency_code: string }>('update devices set revoked_at = now() where id = $1 and revoked_at is null returning agency_code', [deviceId]);
    if (rows.length === 0) return false;
    const keys = await tx.query('update staff_keys set revoked_at = now() where device_id = $1 and revoked_at is null returning key_id', [deviceId]);
    // The office's queue LAN key the device may hold is changed at once, with no grace: the other
    // devices fetch the new one, the revoked device cannot (docs/SECURITY.md §6a).
    const lan = await tx.query(
      `update queue_keys set previous_key = null, key = $2, rotated_at = now() where agency_code = $1 returning agency_code`,
      [rows[0]!.agency_code, randomBytes(32).toString('base64url')],
    );
    await audit(tx, actor, 'device.revoke', deviceId, { keysRevoked: keys.length, queueKeyChanged: lan.length > 0 });
    return true;
  });
}

/** A new admin token (shown once; stored as SHA-256) and its id; audited. */
export async function createAdminToken(db: Db, label: string, actor: Actor = 'cli'): Promise<{ token: string; id: string }> {
  const token = newToken();
  const id = newId();
  await db.transaction(async (tx) => {
    await tx.query('insert into admin_tokens (token_hash, label, id) values ($1, $2, $3)', [sha256hex(token), label, id]);
    await audit(tx, actor, 'admin-token.create', id, { label });
  });
  return { token, id };
}

/**
 * The id of the admin token `token`, or null (unknown or revoked). Records its use, at most once a
 * minute per token, so a busy console does not write on every request.
 */
export async function authenticateAdmin(db: Db, token: string): Promise<string | null> {
  const rows = await db.query<{ id: string }>(
    `with t as (select id, last_used_at from admin_tokens where token_hash = $1 and revoked_at is null),
     u as (update admin_tokens set last_used_at = now() where token_hash = $1 and revoked_at is null
           and (last_used_at is null or last_used_at < now() - interval '1 minute'))
     select id from t`, [sha256hex(token)]);
  return rows[0]?.id ?? null;
}

export async function isAdminToken(db: Db, token: string): Promise<boolean> {
  return (await authenticateAdmin(db, token)) !== null;
}

export async function listAdminTokens(q: Queryable): Promise<AdminTokenSummary[]> {
  const rows = await q.query<{ id: string; label: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }>(
    'select id, label, created_at, last_used_at, revoked_at from admin_tokens order by created_at, id');
  return rows.map((r) => ({
    id: r.id, label: r.label, createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null, revokedAt: r.revoked_at?.toISOString() ?? null,
  }));
}

/** Revokes an admin token at once; audited. False when unknown or already revoked. */
export async function revokeAdminToken(db: Db, id: string, actor: Actor): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.query('update admin_tokens set revoked_at = now() where id = $1 and revoked_at is null returning id', [id]);
    if (rows.length > 0) await audit(tx, actor, 'admin-token.revoke', id);
    return rows.length > 0;
  });
}
