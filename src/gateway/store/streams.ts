/**
 * Feed streams. Every change to a fed entity takes the next number of its stream: one stream per
 * agency (its dossiers and staff) and one for the province (procedures, holidays). A writer
 * holds its stream's row lock from `lockStream` to commit, so numbers commit in order and a
 * reader never sees number n+1 before n: the committed set is always a prefix, and a cursor can
 * never skip a change that commits later. (Per agency, so communes do not wait for each other.)
 */
import type { Queryable } from '../db/types';

export const PROVINCE_STREAM = 'province';
export const agencyStream = (agencyCode: string): string => `agency:${agencyCode}`;

export interface StreamLock {
  stream: string;
  /** Last number used; `next()` hands out the following ones. */
  seq: number;
  next(): number;
}

export async function lockStream(tx: Queryable, stream: string): Promise<StreamLock> {
  const rows = await tx.query<{ seq: number }>(
    `insert into feed_streams (stream, seq) values ($1, 0)
     on conflict (stream) do update set seq = feed_streams.seq returning seq`,
    [stream],
  );
  const start = rows[0]?.seq ?? 0;
  // Numbers follow the clock (µs) when it is ahead: after a restore from backup the stream
  // restarts from an old head, and clock-based numbers still land beyond every cursor issued
  // before the restore, so no change written afterwards is skipped by a kiosk.
  const lock: StreamLock = { stream, seq: start, next: () => (lock.seq = Math.max(lock.seq + 1, Date.now() * 1000)) };
  return lock;
}

export async function saveStream(tx: Queryable, lock: StreamLock): Promise<void> {
  await tx.query('update feed_streams set seq = $2 where stream = $1', [lock.stream, lock.seq]);
}

export async function streamHeads(q: Queryable, streams: string[]): Promise<Map<string, number>> {
  const rows = await q.query<{ stream: string; seq: number }>(
    'select stream, seq from feed_streams where stream = any($1::text[])', [streams]);
  return new Map(rows.map((r) => [r.stream, r.seq]));
}
