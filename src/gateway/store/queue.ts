/**
 * The office queue at the gateway (docs/SYNC-PROTOCOL.md §12): each agency's LAN key, the events
 * its queue host uploads, and the statistics computed from them with the shared `queueStats`, so
 * the figures are exactly what the events say.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/types';
import type { Device } from './devices';
import { queueStats, type QueueEvent } from '../../shared/queue';
import { GatewayError } from '../errors';
import { audit, type Actor } from './audit';

/** How long a replaced LAN key stays valid on the LAN after an admin changed it (devices fetch
 * the key at least hourly while online; a day covers a line that was down for the afternoon). */
export const QUEUE_KEY_GRACE_MS = 24 * 3_600_000;

const newKey = (): string => randomBytes(32).toString('base64url');

export async function queueKey(db: Db, device: Device): Promise<{ agency: string; key: string; previous: string | null }> {
  const rows = await db.query<{ key: string; previous_key: string | null; rotated_at: Date | string | null }>(
    `insert into queue_keys (agency_code, key) values ($1, $2)
     on conflict (agency_code) do update set key = queue_keys.key returning key, previous_key, rotated_at`,
    [device.agencyCode, newKey()],
  );
  const r = rows[0]!;
  const inGrace = r.previous_key !== null && r.rotated_at !== null && Date.now() - new Date(r.rotated_at).getTime() < QUEUE_KEY_GRACE_MS;
  return { agency: device.agencyCode, key: r.key, previous: inGrace ? r.previous_key : null };
}

/**
 * A new LAN key for the office. With `grace` the replaced key stays valid on the LAN for
 * QUEUE_KEY_GRACE_MS (an admin's planned change); without it the replaced key is dropped at once
 * (a device of the office was revoked: it must not stay on the office's queue).
 */
export async function rotateQueueKey(db: Db, agency: string, grace: boolean, actor: Actor = 'cli'): Promise<{ agency: string; rotatedAt: string; graceUntil: string | null }> {
  const rows = await db.transaction(async (tx) => {
    if ((await tx.query('select 1 from agencies where code = $1', [agency])).length === 0) {
      throw new GatewayError('validation', { part: 'body', message: 'unknown agency', formErrors: [], fieldErrors: { agency: ['unknown agency'] } });
    }
    const r = await tx.query<{ rotated_at: Date | string }>(
    `insert into queue_keys (agency_code, key, rotated_at) values ($1, $2, now())
     on conflict (agency_code) do update set previous_key = case when $3 then queue_keys.key else null end, key = excluded.key, rotated_at = now()
     returning rotated_at`,
      [agency, newKey(), grace],
    );
    await audit(tx, actor, 'queue.key.rotate', agency, { grace });
    return r;
  });
  const at = new Date(rows[0]!.rotated_at);
  return { agency, rotatedAt: at.toISOString(), graceUntil: grace ? new Date(at.getTime() + QUEUE_KEY_GRACE_MS).toISOString() : null };
}

export async function storeQueueEvents(db: Db, device: Device, events: readonly QueueEvent[]): Promise<{ accepted: number; duplicates: number }> {
  return db.transaction(async (tx) => {
    let accepted = 0;
    for (const e of events) {
      const rows = await tx.query<{ id: string }>(
        `insert into queue_events (id, agency_code, device_id, day, at, type, data) values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (id) do nothing returning id`,
        [e.id, device.agencyCode, device.id, e.day, e.at, e.type, JSON.stringify(e)],
      );
      accepted += rows.length;
    }
    return { accepted, duplicates: events.length - accepted };
  });
}

const DAY_MS = 86_400_000;

export async function readQueueStats(db: Db, agency: string, from: string, to: string = from) {
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
  if (!(span >= 0 && span <= 92)) throw new GatewayError('validation', { part: 'query', message: 'from ≤ to, at most 92 days', formErrors: ['from ≤ to, at most 92 days'], fieldErrors: {} });
  const rows = await db.query<{ data: QueueEvent }>(
    'select data from queue_events where agency_code = $1 and day >= $2 and day <= $3 order by at, id',
    [agency, from, to],
  );
  const events = rows.map((r) => (typeof r.data === 'string' ? JSON.parse(r.data) as QueueEvent : r.data));
  return { agency, from, to, events: events.length, ...queueStats(events) };
}
