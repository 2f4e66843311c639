/**
 * The change feed of one device: the province stream (procedures, holidays, the province's
 * settings) first, then its
 * agency's stream. A counter receives the agency's dossiers and staff accounts; a kiosk-kind
 * device (a public citizen screen) receives each dossier only as its citizen-safe projection
 * (`citizen` items, store/citizen.ts) and no staff. The cursor is base64url JSON of the positions
 * reached in both streams, the database epoch and, for a kiosk, the view it was issued for;
 * clients must treat it as opaque.
 */
import type { Db, JoinedRows, Queryable } from '../db/types';
import type { AgencyAlias, ChangesPage, DeviceKind } from '../../shared/protocol';
import { codeCandidates } from '../../shared/protocol';
import { GatewayError } from '../errors';
import { ALLOWED_TRANSITIONS, isDossierStatus } from '../../shared/domain/status';
import { PROVINCE_STREAM, agencyStream } from './streams';
import { uncachedPage, type FeedPage, type FeedPageCache } from './feed-cache';
import type { FeedHeads } from './devices';

/**
 * `k: 'c'` marks a cursor issued to a kiosk-kind device (citizen views). `w` (epoch ms) marks a
 * working-set pass (docs/SYNC-PROTOCOL.md §4.2): final dossiers unchanged since `w` are left out,
 * and `o` (epoch ms), if set, is where the backfill of what was left out stops.
 */
interface CursorState { v: 1; e: string; a: string; p: number; s: number; k?: 'c'; w?: number; o?: number }
/** A backfill cursor: final dossiers unchanged since `w` (and not before `o`), positions (s, h]. */
interface BackfillState { v: 1; b: 1; e: string; a: string; s: number; h: number; w: number; o?: number; k?: 'c' }

/** Statuses a dossier never leaves (returned, refused, withdrawn, stopped): what may wait for the backfill. */
export const FINAL_STATUSES: number[] = Object.keys(ALLOWED_TRANSITIONS).map(Number)
  .filter((st) => isDossierStatus(st) && ALLOWED_TRANSITIONS[st].length === 0);
const FINAL_SQL = `'{${FINAL_STATUSES.join(',')}}'::int[]`;

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
    || !Number.isSafeInteger(o.p) || !Number.isSafeInteger(o.s) || (o.p as number) < 0 || (o.s as number) < 0
    || (o.w !== undefined && !Number.isSafeInteger(o.w)) || (o.o !== undefined && !Number.isSafeInteger(o.o))) {
    throw new GatewayError('validation', { field: 'cursor' });
  }
  return o as CursorState;
}

function decodeBackfill(text: string): BackfillState {
  let o: Partial<BackfillState> | null;
  try {
    o = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<BackfillState> | null;
  } catch {
    throw new GatewayError('validation', { field: 'backfill' });
  }
  if (!o || o.v !== 1 || o.b !== 1 || typeof o.e !== 'string' || typeof o.a !== 'string' || (o.k !== undefined && o.k !== 'c')
    || ![o.s, o.h, o.w].every((n) => Number.isSafeInteger(n) && (n as number) >= 0) || (o.o !== undefined && !Number.isSafeInteger(o.o))) {
    throw new GatewayError('validation', { field: 'backfill' });
  }
  return o as BackfillState;
}

/**
 * One statement reads the stream heads and both pages, in one snapshot and one round trip. The
 * items come back already as JSON text built by the database: the stored JSON text spliced in,
 * never parsed and re-serialised, as one row per item on PostgreSQL and as one value on PGlite
 * (whichever its driver receives faster: `pageSqls`). Within a page the order does not matter: every
 * item is the latest state of a different entity, and the cursor moves to the last position
 * taken. The agency page gets the room the province page left; `ownMore` says whether rows lie
 * beyond the last one taken (two index probes). A kiosk's page reads the stored projections
 * (`public_data`): a dossier without one (never projected) is left out, its position still passed.
 */
function pageSql(view: 'full' | 'citizen', workingSet: boolean, shape: 'rows' | 'one'): string {
  // A working-set pass leaves out final dossiers unchanged since $7 (epoch ms).
  const ws = workingSet ? ` and (status <> all(${FINAL_SQL}) or updated_at >= to_timestamp($7::bigint / 1000.0))` : '';
  // The agency's part: dossiers and staff for a counter; the stored citizen projections alone for a kiosk.
  // Dossiers the agency received (agency_code, seq) and, in the same stream, those it decides for
  // another receiving agency (competent_agency_code, competent_seq: boundary-free intake).
  const [t, col] = view === 'full' ? ['dossier', 'data'] : ['citizen', 'public_data'];
  const dossiersOwn = `(select '${t}' as t, seq, ${col}::text as data from dossiers where agency_code = $1 and seq > $3${ws} order by seq limit $4::int)
      union all (select '${t}' as t, competent_seq as seq, ${col}::text as data from dossiers
        where competent_agency_code = $1 and competent_seq > $3${ws} order by competent_seq limit $4::int)`;
  const own = view === 'full'
    ? `${dossiersOwn}
      union all (select 'staff' as t, seq, data::text as data from staff where agency_code = $1 and seq > $3 order by seq limit $4::int)`
    : dossiersOwn;
  const dossiersMore = `(select seq from dossiers where agency_code = $1 and seq > ostat.last${ws} order by seq limit 1) is not null
      or (select competent_seq from dossiers where competent_agency_code = $1 and competent_seq > ostat.last${ws} order by competent_seq limit 1) is not null`;
  const more = view === 'full'
    ? `(${dossiersMore}
      or (select seq from staff where agency_code = $1 and seq > ostat.last order by seq limit 1) is not null)`
    : `(${dossiersMore})`;
  const prov = `select t, seq, data from (
      select 'procedure' as t, seq, data::text as data from procedures where seq > $2
      union all select 'holiday' as t, seq, data::text as data from holidays where seq > $2
      union all select 'province' as t, seq, data::text as data from province_settings where seq > $2
    ) x order by seq limit $4::int`;
  const ownPage = `select t, seq, data from (
      ${own}
    ) x order by seq limit (select $4::int - taken from pstat)`;
  const item = `'{"type":"' || t || '","data":' || data || '}'`;
  // "Is there a next row": the ordered form walks the (agency, seq) index and stops at once; a
  // bare EXISTS may be planned as a sequential scan, which reads the whole table when the answer
  // is no (the last page of every agency).
  const hdr = `hdr as materialized (select
    (select coalesce(max(seq), 0) from feed_streams where stream = $5) as "headP",
    (select coalesce(max(seq), 0) from feed_streams where stream = $6) as "headS",
    pstat.taken as "provTaken", pstat.last as "provLast", ostat.last as "ownLast",
    ostat.taken > 0 and ${more} as "ownMore"
  from pstat, ostat)`;
  if (shape === 'one') {
    // One row, the items already joined into one value: each part counted and joined in one pass
    // over its rows (no page of rows kept to be read a second time).
    return `
  with pstat as (select count(*)::int as taken, max(seq) as last, string_agg(${item}, ',') as items from (${prov}) p),
  ostat as (select count(*)::int as taken, max(seq) as last, string_agg(${item}, ',') as items from (${ownPage}) o),
  ${hdr}
  select hdr.*, nullif(concat_ws(',', pstat.items, ostat.items), '') as item from hdr, pstat, ostat`;
  }
  // One row per item (the header repeated, a few integers), or one row without an item. The
  // header is materialized: inlined, it would be computed again for every item (PostgreSQL ran
  // the "is there a next row" probes 500 times a page, 2 of its 3 ms).
  return `
  with prov as (${prov}),
  pstat as (select count(*)::int as taken, max(seq) as last from prov),
  own as (${ownPage}),
  ostat as (select count(*)::int as taken, max(seq) as last from own),
  ${hdr},
  items as (select ${item} as item from prov union all select ${item} from own)
  select hdr.*, items.item from hdr left join items on true`;
}

/**
 * Which shape receives faster depends on the driver (docs/PERFORMANCE.md, "Feed at its limit"):
 * `pg` takes 500 rows of 1.3 KB faster than one 600 KB value (its reader copies a large message
 * as it grows), PGlite the other way round (a per-row cost).
 */
const pageSqls = (shape: 'rows' | 'one') => ({
  full: pageSql('full', false, shape), citizen: pageSql('citizen', false, shape),
  fullWs: pageSql('full', true, shape), citizenWs: pageSql('citizen', true, shape),
});
const PAGE_SQL = { rows: pageSqls('rows'), one: pageSqls('one') };

/** One backfill page: final dossiers unchanged since the pass's cutoff, by position. */
function backfillSql(view: 'full' | 'citizen'): string {
  const [t, col] = view === 'full' ? ['dossier', 'data'] : ['citizen', 'public_data'];
  const filter = `status = any(${FINAL_SQL})
      and updated_at < to_timestamp($4::bigint / 1000.0) and ($5::bigint is null or updated_at >= to_timestamp($5::bigint / 1000.0))
      and ${col} is not null`;
  return `
  with b as (
    select seq, data from (
      (select seq, ${col}::text as data from dossiers where agency_code = $1 and seq > $2 and seq <= $3 and ${filter} order by seq limit $6::int)
      union all
      (select competent_seq, ${col}::text from dossiers where competent_agency_code = $1 and competent_seq > $2 and competent_seq <= $3 and ${filter}
        order by competent_seq limit $6::int)
    ) x order by seq limit $6::int)
  select count(*)::int as taken, max(seq) as last,
    '{"type":"${t}","data":' || string_agg(data, '},{"type":"${t}","data":') || '}' as items,
    (select coalesce(max(seq), 0) from feed_streams where stream = $7) as "headS"
  from b`;
}
const BACKFILL_SQL = { full: backfillSql('full'), citizen: backfillSql('citizen') };

export interface WorkingSetOptions {
  /** Final dossiers unchanged for this many days wait for the backfill. */
  days: number;
  /** The backfill stops at dossiers unchanged for this many days (undefined: all). */
  backfillDays?: number;
}

const DAY_MS = 86_400_000;

/**
 * `{"items":[…],…tail}` as UTF-8 into one buffer of the exact size: each item's text encoded once,
 * straight into place (no per-item buffer, no concatenation copy).
 */
function pageBytes(items: readonly (string | Buffer)[], tail: object): Buffer {
  const head = PAGE_HEAD;
  const end = `],${JSON.stringify(tail).slice(1)}`;
  let size = head.length + Buffer.byteLength(end, 'utf8') + Math.max(0, items.length - 1);
  for (const item of items) size += typeof item === 'string' ? Buffer.byteLength(item, 'utf8') : item.length;
  const out = Buffer.allocUnsafe(size);
  let at = out.write(head, 0, 'latin1');
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out[at++] = 0x2c; // ','
    const item = items[i]!;
    at += typeof item === 'string' ? out.write(item, at, 'utf8') : item.copy(out, at);
  }
  at += out.write(end, at, 'utf8');
  if (at !== size) throw new Error('a feed page was not encoded to its measured size');
  return out;
}

/**
 * One page of a backfill (docs/SYNC-PROTOCOL.md §4.2): the final dossiers a working-set pass left
 * out, oldest positions first. A dossier changed since has moved beyond the pass and came with the
 * feed, so it is not here any more; a page never holds a state older than the feed's.
 */
export async function readBackfill(
  q: Queryable, epoch: string, device: { agencyCode: string; kind: DeviceKind }, text: string, limit: number,
): Promise<Buffer> {
  const b = decodeBackfill(text);
  const view = device.kind === 'kiosk' ? 'citizen' : 'full';
  if (b.a !== device.agencyCode) throw new GatewayError('forbidden', { field: 'backfill' });
  if (b.e !== epoch || (b.k === 'c') !== (view === 'citizen')) throw new GatewayError('cursor-reset', { epochMatches: b.e === epoch, view });
  const row = (await q.query<{ taken: number; last: number | null; items: string | null; headS: number }>(
    BACKFILL_SQL[view], [device.agencyCode, b.s, b.h, b.w, b.o ?? null, limit, agencyStream(device.agencyCode)], `feed-backfill-${view}`))[0];
  if (!row) throw new Error('the backfill query returned no row');
  if (b.h > Number(row.headS)) throw new GatewayError('cursor-reset', { epochMatches: true });
  const hasMore = row.taken >= limit;
  const next: BackfillState = { ...b, s: hasMore && row.last !== null ? Number(row.last) : b.h };
  return pageBytes(row.items === null ? [] : [row.items], { cursor: encodeBackfill(next), hasMore, serverTime: new Date().toISOString() });
}

function encodeBackfill(b: BackfillState): string {
  return Buffer.from(JSON.stringify(b), 'utf8').toString('base64url');
}

interface PageRow {
  headP: number; headS: number;
  provTaken: number; provLast: number | null;
  ownLast: number | null; ownMore: boolean;
  /** One item's JSON text (PostgreSQL) or all of them joined (PGlite); null on an empty page. */
  item: string | null;
}

/** The heads of the province stream and of one agency's, as the page statement reads them. */
const HEADS_SQL = `select (select coalesce(max(seq), 0) from feed_streams where stream = $1) as "headP",
  (select coalesce(max(seq), 0) from feed_streams where stream = $2) as "headS"`;

/** What a page is a function of besides the heads (store/feed-cache.ts): the cache key without them. */
function pageBase(epoch: string, agencyCode: string, view: 'full' | 'citizen', limit: number, cur: CursorState): string {
  return `${epoch}|${agencyCode}|${view}|${limit}|${JSON.stringify(cur)}`;
}

/** At most one read-ahead in flight per agency, view and page size. */
function aheadSlot(epoch: string, agencyCode: string, view: 'full' | 'citizen', limit: number): string {
  return `${epoch}|${agencyCode}|${view}|${limit}`;
}

/**
 * One page as the UTF-8 bytes of a `ChangesPage`: encoded piece by piece, never as one big string
 * (a half-megabyte page would otherwise be copied once more and encoded from a two-byte string).
 * With a `cache` (store/feed-cache.ts), the stream heads are read first (or given: `heads`, read
 * by the request's authentication statement) and a page already built for the same cursor, limit,
 * agency, view and heads is answered as it was built, compressed once; a page being read ahead
 * (`readAheadAfter`) is waited for rather than read twice.
 */
export async function readChanges(
  q: Queryable, epoch: string, device: { agencyCode: string; kind: DeviceKind }, cursorText: string | undefined, limit: number,
  workingSet?: WorkingSetOptions, cache?: FeedPageCache, heads?: FeedHeads,
): Promise<FeedPage> {
  const page = await readPage(q, epoch, device, cursorText, limit, workingSet, cache, heads, false);
  if (!page) throw new Error('a feed page was not read');
  return page;
}

/**
 * How many pages a read-ahead builds beyond the one answered (one after another, one statement at
 * a time): two on PostgreSQL, where a page is built by the server and the reading thread while
 * this thread answers requests, so a second page ahead absorbs a slow build; one on PGlite, whose
 * statements hold this very thread (WebAssembly), so a second page's build lands on the counter's
 * next request (docs/PERFORMANCE.md, "The read-ahead on a reading thread": p50 ratio 1.9–2.0 with
 * one against 2.2–2.3 with two, p99 18.7–20.5 against 19.6–24.3 ms).
 */
export function readAheadPages(q: Queryable): number {
  return (q as { kind?: string }).kind === 'pglite' ? 1 : 2;
}

/**
 * After a full page (more follow) was answered: builds the next pages (`readAheadPages`) in
 * the background and keeps them in `cache` (store/feed-cache.ts), skipping those held already;
 * while a read-ahead of the same agency, view and limit is in flight, this one runs when it ends
 * (so a counter's sync keeps finding its next pages built, rather than the read-ahead restarting
 * only every other page). Each statement waits for the I/O already waiting (a request arriving
 * goes first). A page read ahead is served only if the heads still match when it is asked for
 * (the key holds them). True when a read-ahead was started or kept.
 */
export function readAheadAfter(
  q: Queryable, epoch: string, device: { agencyCode: string; kind: DeviceKind }, page: FeedPage, limit: number, cache?: FeedPageCache,
): boolean {
  if (!cache?.enabled || page.next === null) return false;
  const view = device.kind === 'kiosk' ? 'citizen' : 'full';
  return cache.readAhead(aheadSlot(epoch, device.agencyCode, view, limit), async (step) => {
    let cursor: string | null = page.next;
    // The heads the page answered was read under: whether the next page is held already is
    // looked up under them (no statement; after a write since, the page held is not found and
    // is read again, under the heads its own statement reads).
    let heads = page.heads;
    const pages = readAheadPages(q);
    for (let i = 0; i < pages && cursor !== null; i++) {
      const cur = decodeCursor(cursor);
      if (cur.e !== epoch || cur.a !== device.agencyCode) return;
      const at = cursor;
      const known = heads;
      const built = await step(pageBase(epoch, device.agencyCode, view, limit, cur),
        () => readPage(q, epoch, device, at, limit, undefined, cache, known, true));
      cursor = built?.next ?? null;
      heads = built?.heads;
    }
  });
}

/** Lets the I/O that is waiting (a request arriving, its statements) go first. */
const yieldToIo = (): Promise<void> => new Promise((r) => setImmediate(r));

/** One statement's answer as a page: its items, the header of its snapshot. */
interface PageRows {
  /** Items' JSON text: one per row, or joined (PGlite's one-value shape, the reading thread's bytes). */
  items: (string | Buffer)[];
  headP: number; headS: number;
  provLast: number | null; ownLast: number | null;
  /** More rows lie beyond this page (a full province part, or own rows left). */
  hasMore: boolean;
  /** From the reading thread: the one item value sits in memory with room around it (`framedPage`). */
  framed?: JoinedRows;
}

/**
 * The page statement from `cur` for `limit` rows at most, its items as bytes where the database
 * can give them so (`Db.readJoined`). On PostgreSQL a read-ahead's (`background`) runs on the
 * reading thread (db/pg-reader.ts), whose heap takes the driver's 500 strings a page: on the
 * thread that answers requests they were most of its garbage, and its collections most of the
 * slow pages of a first sync; a request's own page (a cold read) is read here, since through the
 * reading thread its p99 was longer. On PGlite every page is read through its raw protocol call
 * (db/pglite-raw.ts: no 600 KB string decoded and encoded back; 5.9 against 6.6 ms a page)
 * (docs/PERFORMANCE.md, "The read-ahead on a reading thread").
 */
async function readPageRows(
  q: Queryable, agencyCode: string, view: 'full' | 'citizen', cur: CursorState, limit: number, streams: readonly [string, string],
  background: boolean,
): Promise<PageRows> {
  const ws = cur.w !== undefined;
  const params: unknown[] = [agencyCode, cur.p, cur.s, limit, ...streams];
  if (ws) params.push(cur.w);
  const which = ws ? (view === 'full' ? 'fullWs' : 'citizenWs') : view;
  const shape = (q as { kind?: string }).kind === 'pg' ? 'rows' : 'one';
  const sql = PAGE_SQL[shape][which];
  const name = `feed-page-${shape}-${which}`;
  const reader = background || (q as Partial<Db>).kind === 'pglite' ? (q as Partial<Db>).readJoined : undefined;
  let row: PageRow | undefined;
  const items: (string | Buffer)[] = [];
  let framed: JoinedRows | undefined;
  if (reader) {
    const joined = await reader(sql, params, name, PAGE_ROOM);
    row = joined.head as PageRow | null ?? undefined;
    if (joined.count > 0) {
      items.push(joined.items);
      framed = joined;
    }
  } else {
    const rows = await q.query<PageRow>(sql, params, name);
    row = rows[0];
    for (const r of rows) if (r.item !== null) items.push(r.item);
  }
  if (!row) throw new Error('the feed query returned no row');
  return {
    items, headP: Number(row.headP), headS: Number(row.headS),
    provLast: row.provLast === null ? null : Number(row.provLast), ownLast: row.ownLast === null ? null : Number(row.ownLast),
    // A full province page may hide more province rows, and then the agency got no room at all.
    hasMore: row.provTaken >= limit || row.ownMore,
    ...(framed ? { framed } : {}),
  };
}

const PAGE_HEAD = '{"items":[';
/** Room the reading thread leaves around a page's items: its head before, its tail (cursor, time, backfill token) after. */
const PAGE_ROOM = { front: PAGE_HEAD.length, back: 1024 };

/**
 * The page's bytes written around its items where the reading thread put them (the same bytes
 * as `pageBytes`): one allocation a page instead of two. Each page's memory counts towards what
 * makes V8 collect the whole heap (external memory), so half the allocations is half the full
 * collections on the request thread. Null if the tail does not fit the room.
 */
function framedPage(f: JoinedRows, tail: object): Buffer | null {
  const end = `],${JSON.stringify(tail).slice(1)}`;
  const at = f.front + f.items.length;
  if (f.front < PAGE_HEAD.length || Buffer.byteLength(end, 'utf8') > f.frame.length - at) return null;
  const start = f.front - PAGE_HEAD.length;
  f.frame.write(PAGE_HEAD, start, 'latin1');
  const stop = at + f.frame.write(end, at, 'utf8');
  return f.frame.subarray(start, stop);
}

/** `readChanges`; with `ahead` (a read-ahead): the page held already if any (counted as nothing), else read and kept as read ahead. */
async function readPage(
  q: Queryable, epoch: string, device: { agencyCode: string; kind: DeviceKind }, cursorText: string | undefined, limit: number,
  workingSet: WorkingSetOptions | undefined, cache: FeedPageCache | undefined, heads: FeedHeads | undefined, ahead: boolean,
): Promise<FeedPage | null> {
  const { agencyCode } = device;
  const view = device.kind === 'kiosk' ? 'citizen' : 'full';
  const fresh: CursorState = { v: 1, e: epoch, a: agencyCode, p: 0, s: 0, ...(view === 'citizen' ? { k: 'c' as const } : {}) };
  // A working set is asked for when a pass starts (no cursor); its cutoffs then travel in the cursor.
  if (!cursorText && workingSet) {
    const now = Date.now();
    fresh.w = now - workingSet.days * DAY_MS;
    if (workingSet.backfillDays !== undefined) fresh.o = now - workingSet.backfillDays * DAY_MS;
  }
  const cur: CursorState = cursorText ? decodeCursor(cursorText) : fresh;
  if (cur.a !== agencyCode) throw new GatewayError('forbidden', { field: 'cursor' });
  // A cursor issued for the other view (a kiosk's from before it was fed citizen views only)
  // is from another feed: start over.
  if ((cur.k === 'c') !== (view === 'citizen')) throw new GatewayError('cursor-reset', { epochMatches: cur.e === epoch, view });
  const streams = [PROVINCE_STREAM, agencyStream(agencyCode)] as const;
  // The first page of a working-set pass has cutoffs of this very moment: no other request asks for it.
  const cacheable = cache?.enabled === true && cur.e === epoch && !(!cursorText && workingSet);
  // Everything the page is a function of (store/feed-cache.ts); the heads are appended.
  const base = cacheable ? pageBase(epoch, agencyCode, view, limit, cur) : '';
  if (ahead && !cacheable) return null;
  if (cacheable) {
    if (ahead) await yieldToIo();
    // Read by this request already (with its token, http/server.ts), or here.
    const h = heads ? { headP: heads.province, headS: heads.agency }
      : (await q.query<{ headP: number; headS: number }>(HEADS_SQL, [...streams], 'feed-heads'))[0];
    if (h) {
      const key = `${base}|${Number(h.headP)}|${Number(h.headS)}`;
      if (ahead) {
        const held = cache.peek(key);
        if (held) return held;
      } else {
        // Being read ahead right now: wait for that read (its page is kept under the heads it
        // read; if a write came in between, the key differs and the page is read below).
        const reading = cache.has(key) ? undefined : cache.pending(aheadSlot(epoch, agencyCode, view, limit), base);
        if (reading) await reading;
        const hit = cache.get(key);
        if (hit) return hit;
      }
    }
  }
  if (ahead) await yieldToIo();
  const read = await readPageRows(q, agencyCode, view, cur, limit, streams, ahead);
  // A position beyond what this database has written means it is not the database that issued
  // the cursor (restored from an older backup, or recreated): the client must start over.
  if (cur.e !== epoch || cur.p > read.headP || cur.s > read.headS) {
    if (ahead) return null;
    throw new GatewayError('cursor-reset', { epochMatches: cur.e === epoch });
  }
  const ws = cur.w !== undefined;
  if (read.provLast !== null) cur.p = read.provLast;
  if (read.ownLast !== null) cur.s = read.ownLast;
  const { hasMore } = read;
  const tail: Omit<ChangesPage, 'items'> = { cursor: '', hasMore, serverTime: new Date().toISOString() };
  if (ws && !hasMore) {
    // The pass has considered every position up to the heads of this snapshot: move past the
    // dossiers it left out (they are the backfill's, up to here), so no later page reads them again.
    cur.p = Math.max(cur.p, read.headP);
    cur.s = Math.max(cur.s, read.headS);
    tail.backfill = encodeBackfill({ v: 1, b: 1, e: epoch, a: agencyCode, s: 0, h: cur.s, w: cur.w!, ...(cur.o !== undefined ? { o: cur.o } : {}), ...(cur.k ? { k: cur.k } : {}) });
  }
  tail.cursor = encodeCursor(cur);
  const bytes = (read.framed && framedPage(read.framed, tail)) || pageBytes(read.items, tail);
  const next = hasMore ? tail.cursor : null;
  // Kept under the heads of the page statement's own snapshot, the one its items were read in.
  const page = cacheable ? cache.set(`${base}|${read.headP}|${read.headS}`, bytes, next, ahead) : uncachedPage(bytes, next);
  page.heads = { province: read.headP, agency: read.headS };
  return page;
}

/** One dossier of the device's agency, as its feed would carry it (docs/SYNC-PROTOCOL.md §8.1); null if none. */
export async function readOneDossier(
  q: Queryable, device: { agencyCode: string; kind: DeviceKind }, code: string, aliases: readonly AgencyAlias[] = [],
): Promise<Buffer | null> {
  const [t, col] = device.kind === 'kiosk' ? ['citizen', 'public_data'] : ['dossier', 'data'];
  // A receipt printed with an agency code the 2025 merger closed finds its dossier under the current code (and back).
  const codes = codeCandidates(code, aliases);
  const rows = await q.query<{ data: string }>(
    `select ${col}::text as data from dossiers where code = any($1::text[]) and (agency_code = $2 or competent_agency_code = $2) and ${col} is not null
     order by array_position($1::text[], code) limit 1`, [codes, device.agencyCode]);
  const row = rows[0];
  if (!row) return null;
  return Buffer.from(`{"item":{"type":"${t}","data":${row.data}},"serverTime":${JSON.stringify(new Date().toISOString())}}`, 'utf8');
}
