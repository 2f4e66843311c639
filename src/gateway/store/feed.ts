/**
 * The change feed of one device: the province stream (procedures, holidays) first, then its
 * agency's stream (dossiers, staff). The cursor is base64url JSON of the positions reached in
 * both streams and the database epoch; clients must treat it as opaque.
 */
import type { Queryable } from '../db/types';
import type { ChangeItem, ChangesPage } from '../../shared/protocol';
import { GatewayError } from '../errors';
import { PROVINCE_STREAM, agencyStream, streamHeads } from './streams';

interface CursorState { v: 1; e: string; a: string; p: number; s: number }

export function encodeCursor(c: CursorState): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

export function decodeCursor(text: string): CursorState {
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new GatewayError('validation', { field: 'cursor' });
  }
  const o = c as Partial<CursorState> | null;
  if (!o || o.v !== 1 || typeof o.e !== 'string' || typeof o.a !== 'string'
    || !Number.isSafeInteger(o.p) || !Number.isSafeInteger(o.s) || (o.p as number) < 0 || (o.s as number) < 0) {
    throw new GatewayError('validation', { field: 'cursor' });
  }
  return o as CursorState;
}

/** `data` is the stored JSON text, spliced into the answer without a parse/serialise round trip. */
interface FeedRow { t: ChangeItem['type']; seq: number; data: string }

/** One page as the JSON text of a `ChangesPage`. */
export async function readChanges(
  q: Queryable, epoch: string, agencyCode: string, cursorText: string | undefined, limit: number,
): Promise<string> {
  const cur: CursorState = cursorText ? decodeCursor(cursorText) : { v: 1, e: epoch, a: agencyCode, p: 0, s: 0 };
  if (cur.a !== agencyCode) throw new GatewayError('forbidden', { field: 'cursor' });
  const astream = agencyStream(agencyCode);
  const heads = await streamHeads(q, [PROVINCE_STREAM, astream]);
  // A position beyond what this database has written means it is not the database that issued
  // the cursor (restored from an older backup, or recreated): the client must start over.
  if (cur.e !== epoch || cur.p > (heads.get(PROVINCE_STREAM) ?? 0) || cur.s > (heads.get(astream) ?? 0)) {
    throw new GatewayError('cursor-reset', { epochMatches: cur.e === epoch });
  }
  const items: string[] = [];
  let hasMore = false;
  const prov = await q.query<FeedRow>(
    `select * from (
       select 'procedure' as t, seq, data::text as data from procedures where seq > $1
       union all select 'holiday' as t, seq, data::text as data from holidays where seq > $1
     ) x order by seq limit $2`, [cur.p, limit + 1]);
  for (const r of prov.slice(0, limit)) {
    items.push(`{"type":"${r.t}","data":${r.data}}`);
    cur.p = r.seq;
  }
  if (prov.length > limit) hasMore = true;
  const room = limit - items.length;
  if (!hasMore && room > 0) {
    const own = await q.query<FeedRow>(
      `select * from (
         (select 'dossier' as t, seq, data::text as data from dossiers where agency_code = $1 and seq > $2 order by seq limit $3)
         union all (select 'staff' as t, seq, data::text as data from staff where agency_code = $1 and seq > $2 order by seq limit $3)
       ) x order by seq limit $3`, [agencyCode, cur.s, room + 1]);
    for (const r of own.slice(0, room)) {
      items.push(`{"type":"${r.t}","data":${r.data}}`);
      cur.s = r.seq;
    }
    if (own.length > room) hasMore = true;
  } else if (room === 0) {
    hasMore = true;
  }
  const tail: Omit<ChangesPage, 'items'> = { cursor: encodeCursor(cur), hasMore, serverTime: new Date().toISOString() };
  return `{"items":[${items.join(',')}],${JSON.stringify(tail).slice(1)}`;
}
