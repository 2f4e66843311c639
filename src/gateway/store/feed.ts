/**
 * The change feed of one device: the province stream (procedures, holidays) first, then its
 * agency's stream. A counter receives the agency's dossiers and staff accounts; a kiosk-kind
 * device (a public citizen screen) receives each dossier only as its citizen-safe projection
 * (`citizen` items, store/citizen.ts) and no staff. The cursor is base64url JSON of the positions
 * reached in both streams, the database epoch and, for a kiosk, the view it was issued for;
 * clients must treat it as opaque.
 */
import type { Queryable } from '../db/types';
import type { ChangesPage, DeviceKind } from '../../shared/protocol';
import { GatewayError } from '../errors';
import { PROVINCE_STREAM, agencyStream } from './streams';

/** `k: 'c'` marks a cursor issued to a kiosk-kind device (citizen views). */
interface CursorState { v: 1; e: string; a: string; p: number; s: number; k?: 'c' }

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
  if (!o || o.v !== 1 || typeof o.e !== 'string' || typeof o.a !== 'string' || (o.k !== undefined && o.k !== 'c')
    || !Number.isSafeInteger(o.p) || !Number.isSafeInteger(o.s) || (o.p as number) < 0 || (o.s as number) < 0) {
    throw new GatewayError('validation', { field: 'cursor' });
  }
  return o as CursorState;
}

/**
 * One statement reads the stream heads and both pages, in one snapshot and one round trip. The
 * items come back already as JSON text built by the database: the stored JSON text spliced in,
 * never parsed and re-serialised, one value per kind instead of one row per item (row-by-row
 * decoding was much of a page's cost on PGlite). Within a page the order does not matter: every
 * item is the latest state of a different entity, and the cursor moves to the last position
 * taken. The agency page gets the room the province page left; `ownMore` says whether rows lie
 * beyond the last one taken (two index probes).
 */
function pageSql(view: 'full' | 'citizen'): string {
  // The agency's part: dossiers and staff for a counter; the stored citizen projections alone for a kiosk.
  const own = view === 'full'
    ? `(select 'dossier' as t, seq, data::text as data from dossiers where agency_code = $1 and seq > $3 order by seq limit $4::int)
      union all (select 'staff' as t, seq, data::text as data from staff where agency_code = $1 and seq > $3 order by seq limit $4::int)`
    : `(select 'citizen' as t, seq, public_data::text as data from dossiers where agency_code = $1 and seq > $3 order by seq limit $4::int)`;
  const more = view === 'full'
    ? `((select seq from dossiers where agency_code = $1 and seq > ostat.last order by seq limit 1) is not null
      or (select seq from staff where agency_code = $1 and seq > ostat.last order by seq limit 1) is not null)`
    : `((select seq from dossiers where agency_code = $1 and seq > ostat.last order by seq limit 1) is not null)`;
  const kinds = view === 'full' ? ['dossier', 'staff'] : ['citizen'];
  return `
  with prov as (
    select t, seq, data from (
      select 'procedure' as t, seq, data::text as data from procedures where seq > $2
      union all select 'holiday' as t, seq, data::text as data from holidays where seq > $2
    ) x order by seq limit $4::int),
  pstat as (select count(*)::int as taken, max(seq) as last from prov),
  own as (
    select t, seq, data from (
      ${own}
    ) x order by seq limit (select $4::int - taken from pstat)),
  ostat as (select count(*)::int as taken, max(seq) as last from own)
  select
    (select coalesce(max(seq), 0) from feed_streams where stream = $5) as "headP",
    (select coalesce(max(seq), 0) from feed_streams where stream = $6) as "headS",
    pstat.taken as "provTaken", pstat.last as "provLast",
    (select string_agg('{"type":"' || t || '","data":' || data || '}', ',') from prov) as "provItems",
    ostat.last as "ownLast",
    ${kinds.map((k, i) => `(select '{"type":"${k}","data":' || string_agg(data, '},{"type":"${k}","data":') || '}' from own where t = '${k}') as "own${i}"`).join(',\n    ')},
    -- "Is there a next row": the ordered form walks the (agency, seq) index and stops at once;
    -- a bare EXISTS may be planned as a sequential scan, which reads the whole table when the
    -- answer is no (the last page of every agency).
    ostat.taken > 0 and ${more} as "ownMore"
  from pstat, ostat`;
}

/**
 * One statement reads the stream heads and both pages, in one snapshot and one round trip. The
 * items come back already as JSON text built by the database: the stored JSON text spliced in,
 * never parsed and re-serialised, one value per kind instead of one row per item (row-by-row
 * decoding was much of a page's cost on PGlite). Within a page the order does not matter: every
 * item is the latest state of a different entity, and the cursor moves to the last position
 * taken. The agency page gets the room the province page left; `ownMore` says whether rows lie
 * beyond the last one taken (two index probes). A kiosk's page reads the stored projections
 * (`public_data`): a dossier without one (never projected) is left out, its position still passed.
 */
const PAGE_SQL = { full: pageSql('full'), citizen: pageSql('citizen') };

interface PageRow {
  headP: number; headS: number;
  provTaken: number; provLast: number | null; provItems: string | null;
  ownLast: number | null; own0: string | null; own1?: string | null; ownMore: boolean;
}

/** One page as the UTF-8 bytes of a `ChangesPage`: encoded piece by piece, never as one big string
 * (a half-megabyte page would otherwise be copied once more and encoded from a two-byte string). */
export async function readChanges(
  q: Queryable, epoch: string, device: { agencyCode: string; kind: DeviceKind }, cursorText: string | undefined, limit: number,
): Promise<Buffer> {
  const { agencyCode } = device;
  const view = device.kind === 'kiosk' ? 'citizen' : 'full';
  const fresh: CursorState = { v: 1, e: epoch, a: agencyCode, p: 0, s: 0, ...(view === 'citizen' ? { k: 'c' as const } : {}) };
  const cur: CursorState = cursorText ? decodeCursor(cursorText) : fresh;
  if (cur.a !== agencyCode) throw new GatewayError('forbidden', { field: 'cursor' });
  // A cursor issued for the other view (a kiosk's from before it was fed citizen views only)
  // is from another feed: start over.
  if ((cur.k === 'c') !== (view === 'citizen')) throw new GatewayError('cursor-reset', { epochMatches: cur.e === epoch, view });
  const row = (await q.query<PageRow>(PAGE_SQL[view], [agencyCode, cur.p, cur.s, limit, PROVINCE_STREAM, agencyStream(agencyCode)]))[0];
  if (!row) throw new Error('the feed query returned no row');
  // A position beyond what this database has written means it is not the database that issued
  // the cursor (restored from an older backup, or recreated): the client must start over.
  if (cur.e !== epoch || cur.p > row.headP || cur.s > row.headS) {
    throw new GatewayError('cursor-reset', { epochMatches: cur.e === epoch });
  }
  const items: string[] = [];
  if (row.provItems !== null && row.provLast !== null) {
    items.push(row.provItems);
    cur.p = row.provLast;
  }
  if (row.ownLast !== null) {
    if (row.own0 !== null) items.push(row.own0);
    if (row.own1 !== undefined && row.own1 !== null) items.push(row.own1);
    cur.s = row.ownLast;
  }
  // A full province page may hide more province rows, and then the agency got no room at all.
  const hasMore = row.provTaken >= limit || row.ownMore;
  const tail: Omit<ChangesPage, 'items'> = { cursor: encodeCursor(cur), hasMore, serverTime: new Date().toISOString() };
  const parts: Buffer[] = [Buffer.from('{"items":[')];
  items.forEach((text, i) => parts.push(Buffer.from(i === 0 ? text : `,${text}`, 'utf8')));
  parts.push(Buffer.from(`],${JSON.stringify(tail).slice(1)}`, 'utf8'));
  return Buffer.concat(parts);
}
