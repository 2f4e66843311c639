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

export async function queueKey(db: Db, device: Device): Promise<{ agency: string; key: string }> {
  const rows = await db.query<{ key: string }>(
    `insert into queue_keys (agency_code, key) values ($1, $2)
     on conflict (agency_code) do update set key = queue_keys.key returning key`,
    [device.agencyCode, randomBytes(32).toString('base64url')],
  );
  return { agency: device.agencyCode, key: rows[0]!.key };
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
