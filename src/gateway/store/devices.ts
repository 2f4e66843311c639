/** Agencies, enrollment codes, devices and their tokens, admin tokens. */
import type { Db, Queryable } from '../db/types';
import type { DeviceIdentity, EnrollCodeResponse, EnrollRequest, EnrollResponse } from '../../shared/protocol';
import { newEnrollCode, newId, newToken, sha256hex } from '../crypto';
import { GatewayError } from '../errors';
import { readMeta } from './meta';

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

export const DEFAULT_ENROLL_TTL_MIN = 24 * 60;

export async function createEnrollCode(
  db: Db, agency: string, counter?: string | null, ttlMinutes = DEFAULT_ENROLL_TTL_MIN, now = new Date(),
): Promise<EnrollCodeResponse> {
  await ensureAgency(db, agency);
  const code = newEnrollCode();
  const expiresAt = new Date(now.getTime() + ttlMinutes * 60_000);
  await db.query('insert into enroll_codes (code_hash, agency_code, counter, expires_at) values ($1, $2, $3, $4)',
    [sha256hex(code), agency, counter ?? null, expiresAt]);
  return { code, kind: 'counter', expiresAt: expiresAt.toISOString() };
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
    const used = await tx.query<{ agency_code: string; counter: string | null }>(
      `update enroll_codes set used_at = now(), used_by = $2
       where code_hash = $1 and used_at is null and expires_at > now() returning agency_code, counter`,
      [hash, deviceId]);
    const row = used[0];
    if (!row) {
      const why = await tx.query<{ used: boolean }>('select used_at is not null as used from enroll_codes where code_hash = $1', [hash]);
      const w = why[0];
      throw new GatewayError(!w ? 'enroll-code-invalid' : w.used ? 'enroll-code-used' : 'enroll-code-expired');
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

/** The device a bearer token belongs to. Using a rotated-in token retires the old one. */
export async function authenticate(db: Db, token: string): Promise<Device> {
  const hash = sha256hex(token);
  const rows = await db.query<DeviceRow>(
    `select id, name, kind, agency_code, counter, revoked_at is not null as revoked,
            next_token_hash = $1 as via_next
     from devices where token_hash = $1 or next_token_hash = $1`, [hash]);
  const r = rows[0];
  if (!r) throw new GatewayError('unauthorized');
  if (r.revoked) throw new GatewayError('device-revoked');
  if (r.via_next) {
    await db.query('update devices set token_hash = next_token_hash, next_token_hash = null where id = $1 and next_token_hash = $2', [r.id, hash]);
  }
  return { id: r.id, name: r.name, kind: r.kind, agencyCode: r.agency_code, counter: r.counter };
}

export async function rotateToken(db: Db, deviceId: string): Promise<string> {
  const token = newToken();
  await db.query('update devices set next_token_hash = $2 where id = $1', [deviceId, sha256hex(token)]);
  return token;
}

export async function revokeDevice(db: Db, deviceId: string): Promise<boolean> {
  const rows = await db.query('update devices set revoked_at = now() where id = $1 and revoked_at is null returning id', [deviceId]);
  return rows.length > 0;
}

export async function createAdminToken(db: Db, label: string): Promise<string> {
  const token = newToken();
  await db.query('insert into admin_tokens (token_hash, label) values ($1, $2)', [sha256hex(token), label]);
  return token;
}

export async function isAdminToken(db: Db, token: string): Promise<boolean> {
  return (await db.query('select 1 from admin_tokens where token_hash = $1', [sha256hex(token)])).length > 0;
}
