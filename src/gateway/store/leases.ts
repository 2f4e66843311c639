/**
 * Code leases (see src/shared/protocol/leases.ts). `code_counters.next` per agency and day only
 * moves forward, under its row lock, so a number is leased at most once, ever.
 */
import type { Db, Queryable } from '../db/types';
import type { Lease } from '../../shared/protocol';
import { VIETNAM_OFFSET_MS } from '../../shared/domain';
import { newId } from '../crypto';
import { GatewayError } from '../errors';
import type { Device } from './devices';

const DAY_MS = 86_400_000;
/** Vietnamese calendar day of an instant, `YYYY-MM-DD`. */
export const vietnamDay = (ms: number): string => new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
/** First instant after the Vietnamese day `day`. */
const endOfVietnamDay = (day: string): Date => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - VIETNAM_OFFSET_MS);
/** Sequence numbers are 4 digits in the official format; the domain accepts more only leniently. */
export const MAX_SEQUENCE = 9999;

interface LeaseRow { id: string; agency_code: string; day: string; first: number; last: number; issued_at: Date; expires_at: Date; released_at: Date | null }
const toLease = (r: LeaseRow): Lease => ({
  id: r.id, agencyCode: r.agency_code, day: r.day, first: r.first, last: r.last,
  issuedAt: r.issued_at.toISOString(), expiresAt: r.expires_at.toISOString(), releasedAt: r.released_at?.toISOString() ?? null,
});

export async function takeLease(db: Db, device: Device, count: number, day?: string, now = Date.now()): Promise<Lease> {
  const today = vietnamDay(now);
  const tomorrow = vietnamDay(now + DAY_MS);
  const d = day ?? today;
  if (d !== today && d !== tomorrow) throw new GatewayError('lease-invalid', { day: d, allowed: [today, tomorrow] });
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ next: number }>(
      `insert into code_counters (agency_code, day, next) values ($1, $2, 1)
       on conflict (agency_code, day) do update set next = code_counters.next returning next`, [device.agencyCode, d]);
    const first = rows[0]?.next ?? 1;
    const last = Math.min(first + count - 1, MAX_SEQUENCE);
    if (first > MAX_SEQUENCE) throw new GatewayError('lease-invalid', { reason: 'day-exhausted' });
    await tx.query('update code_counters set next = $3 where agency_code = $1 and day = $2', [device.agencyCode, d, last + 1]);
    const out = await tx.query<LeaseRow>(
      `insert into leases (id, device_id, agency_code, day, first, last, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7) returning *`, [newId(), device.id, device.agencyCode, d, first, last, endOfVietnamDay(d)]);
    return toLease(out[0] as LeaseRow);
  });
}

/** The device's leases that are not released and not past their day. */
export async function activeLeases(q: Queryable, deviceId: string): Promise<Lease[]> {
  const rows = await q.query<LeaseRow>(
    'select * from leases where device_id = $1 and released_at is null and expires_at > now() order by day, first', [deviceId]);
  return rows.map(toLease);
}

const codeFor = (agency: string, day: string, n: number): string =>
  `${agency}-${day.slice(2).replaceAll('-', '')}-${String(n).padStart(4, '0')}`;

/** Voids every unused number of the lease; they are never issued again. */
export async function releaseLease(db: Db, device: Device, leaseId: string): Promise<{ lease: Lease; used: number; voided: number }> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<LeaseRow>(
      'update leases set released_at = coalesce(released_at, now()) where id = $1 and device_id = $2 returning *', [leaseId, device.id]);
    const r = rows[0];
    if (!r) throw new GatewayError('not-found');
    const codes: string[] = [];
    for (let n = r.first; n <= r.last; n++) codes.push(codeFor(r.agency_code, r.day, n));
    const used = await tx.query<{ code: string }>('select code from dossiers where code = any($1::text[])', [codes]);
    const usedSet = new Set(used.map((u) => u.code));
    const unused = codes.filter((c) => !usedSet.has(c));
    const inserted = await tx.query(
      `insert into code_voids (code, agency_code, reason, lease_id)
       select c, $2, 'lease-released', $3 from unnest($1::text[]) as c on conflict (code) do nothing returning code`,
      [unused, r.agency_code, r.id]);
    return { lease: toLease(r), used: usedSet.size, voided: inserted.length };
  });
}
