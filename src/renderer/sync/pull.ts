/**
 * Pulling the change feed: pages applied in order, each page's cursor stored in the
 * same transaction as its items, so a crash between pages resumes exactly where the data stops.
 * The cursor is the server's (docs/RELIABILITY.md item 8: a wrong kiosk clock skips nothing).
 *
 * 410 `cursor-reset` means the gateway does not know our position — its database was restored or
 * recreated (docs/RELIABILITY.md item 7). Then the kiosk pulls from scratch, sweeps rows the server no longer
 * has, and re-sends the mutations it still remembers as delivered (the restore may have lost them;
 * the gateway answers `duplicate` for those it kept). The outbox is never cleared.
 */
import type { Table } from 'dexie';
import { ChangesPage, PATHS, type ChangeItem, type DeviceIdentity, type Dossier, type ProvinceSettings } from '../../shared/protocol';
import { toCitizenView } from '../../shared/dossier/citizen-view';
import { rebaseMany } from '../db/apply';
import { META, type CitizenRow, type DossierRow, type KioskDb } from '../db/database';
import type { RunContext } from './context';
import { SyncFailure, exchange, failureOf, gatewayErrorCode } from './http';

/** What a feed item weighs as JSON, about (a dossier ≈ 1.3 KB): the estimate a page's deadline is made from. */
export const ITEM_BYTES = 1_500;

export async function pullAll(ctx: RunContext): Promise<number> {
  let applied = 0;
  let resets = 0;
  // The next page is asked for while this one is being written (its cursor is in this page), so
  // the gateway's and the network's time overlaps IndexedDB's instead of adding to it. A page
  // fetched ahead is only ever applied after the one before it committed; if that write fails,
  // the run ends and the next run starts again from the stored cursor.
  const fetchPage = (cursor: string | undefined) => {
    // A pass from scratch asks for the working set first (docs/SYNC-PROTOCOL.md §4.2).
    const ws = !cursor && ctx.workingSet ? `&workingSet=${ctx.workingSet.days}${ctx.workingSet.backfillDays ? `&backfillDays=${ctx.workingSet.backfillDays}` : ''}` : '';
    // The page size follows the line: halved after a page was lost on the way, grown back after
    // each that arrived (link.ts), so a line that drops mid-page still moves forward page by page.
    const limit = ctx.link.pageSize;
    const query = `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}${ws}`;
    const pending = exchange(ctx.transport, { method: 'GET', path: PATHS.changes + query }, ctx.link.timeoutFor(limit * ITEM_BYTES), ctx.link)
      .then((res) => { ctx.link.pageArrived(); return res; }, (err: unknown) => {
        if (err instanceof SyncFailure && err.kind === 'offline') ctx.link.pageLost();
        throw err;
      });
    pending.catch(() => undefined); // awaited below; never an unhandled rejection if the run ends first
    return pending;
  };
  let next = fetchPage(await ctx.db.getMeta<string>(META.cursor));
  for (;;) {
    const res = await next;
    if (res.status === 410 && gatewayErrorCode(res.body) === 'cursor-reset') {
      // A second reset within one run means the gateway keeps forgetting: let backoff pace it.
      if (++resets > 1) throw new SyncFailure('cursor-reset', 'server', 'The gateway keeps resetting the change feed');
      await startResync(ctx.db, 'cursor-reset');
      next = fetchPage(await ctx.db.getMeta<string>(META.cursor));
      continue;
    }
    if (res.status !== 200) throw failureOf(res);
    const page = ChangesPage.safeParse(res.body);
    if (!page.success) throw new SyncFailure('bad-response', 'server', 'A change-feed page does not match the protocol');
    ctx.observeServerTime(page.data.serverTime);
    if (page.data.hasMore) next = fetchPage(page.data.cursor);
    const epoch = (await ctx.db.getMeta<number>(META.pullEpoch)) ?? 1;
    applied += await applyPage(ctx.db, page.data.items, page.data.cursor, epoch, page.data.hasMore ? undefined : { backfill: page.data.backfill });
    if (!page.data.hasMore) break;
  }
  await finishResync(ctx.db);
  return applied;
}

/** What the backfill keeps in the meta table (sync/backfill.ts). */
export interface BackfillMeta {
  cursor: string;
  fetched: number;
  complete: boolean;
}

/**
 * Applies one page and its cursor atomically. Exported for the benchmark. `end`: the page ended
 * the pass (hasMore false): the working set is complete, and a backfill cursor is kept if the
 * device has none yet (docs/SYNC-PROTOCOL.md §4.2).
 */
export async function applyPage(db: KioskDb, items: ChangeItem[], cursor: string, epoch = 1, end?: { backfill?: string | undefined }): Promise<number> {
  return applyItems(db, items, epoch, async () => {
    await db.setMeta(META.cursor, cursor);
    if (!end) return;
    if ((await db.getMeta<number>(META.workingSetAt)) === undefined) await db.setMeta(META.workingSetAt, Date.now());
    if (end.backfill && (await db.getMeta<BackfillMeta>(META.backfill)) === undefined) {
      await db.setMeta(META.backfill, { cursor: end.backfill, fetched: 0, complete: false } satisfies BackfillMeta);
    }
  });
}

/**
 * Stores feed items (upserts; dossiers with pending local work rebased) and, in the same
 * transaction, whatever position `writeMeta` records.
 */
export async function applyItems(db: KioskDb, items: ChangeItem[], epoch: number, writeMeta: () => Promise<void>): Promise<number> {
  // Only the tables this page touches: a wider transaction costs on every page of a first sync.
  const kinds = new Set(items.map((i) => i.type));
  const tables: Table[] = [db.dossiers, db.outbox, db.meta, db.procedures];
  if (kinds.has('holiday')) tables.push(db.holidays);
  if (kinds.has('staff')) tables.push(db.staff);
  // A kiosk-kind device keeps dossiers only as their citizen-safe projection and no staff
  // records, even if a gateway sent it more than its feed should carry.
  const identity = kinds.has('dossier') || kinds.has('staff') ? await db.getMeta<DeviceIdentity>(META.identity) : undefined;
  const minimal = identity?.kind === 'kiosk';
  if (kinds.has('citizen') || (minimal && kinds.has('dossier'))) tables.push(db.citizenDossiers);
  return db.transaction('rw', tables, async () => {
    // Dossiers with local pending work are rebased (server state + pending on top); the rest,
    // nearly all of a first sync, go in with one bulkPut. A staff action marks its row
    // (`pendingOps`) in the same transaction as its outbox row, so the rows tell which are busy.
    const busy = new Set<string>();
    if (!minimal && (await db.outbox.where('state').equals('pending').first()) !== undefined) {
      const codes = items.flatMap((it) => (it.type === 'dossier' ? [it.data.code] : []));
      for (const row of await db.dossiers.bulkGet(codes)) if (row && row.pendingOps > 0) busy.add(row.code);
    }
    const plain: DossierRow[] = [];
    const rebased: Dossier[] = [];
    const citizen: CitizenRow[] = [];
    const procedures = [];
    const holidays = [];
    const staff = [];
    let province: ProvinceSettings | null = null;
    for (const item of items) {
      switch (item.type) {
        case 'dossier':
          if (minimal) citizen.push({ ...toCitizenView(item.data, identity.agency.name), pulledEpoch: epoch });
          else if (busy.has(item.data.code)) rebased.push(item.data);
          else plain.push({ ...item.data, pendingOps: 0, pulledEpoch: epoch });
          break;
        case 'citizen': citizen.push({ ...item.data, pulledEpoch: epoch }); break;
        case 'procedure': procedures.push(item.data); break;
        case 'holiday': holidays.push(item.data); break;
        case 'staff': if (!minimal) staff.push(item.data); break;
        case 'province': province = item.data; break;
      }
    }
    if (plain.length) await db.dossiers.bulkPut(plain);
    if (citizen.length) await db.citizenDossiers.bulkPut(await keepOwnRatings(db, citizen));
    if (procedures.length) await db.procedures.bulkPut(procedures);
    if (holidays.length) await db.holidays.bulkPut(holidays);
    if (staff.length) await db.staff.bulkPut(staff);
    if (province) await db.setMeta(META.province, province);
    await rebaseMany(db, new Map(rebased.map((d) => [d.code, d])), epoch);
    await writeMeta();
    return items.length;
  });
}

/**
 * Forgets the cursor and starts a new pull generation. Delivered mutations still on record go back
 * to pending as replays (the gateway answers `duplicate` for the ones it kept).
 */
export async function startResync(db: KioskDb, reason: string): Promise<void> {
  await db.transaction('rw', [db.meta, db.outbox, db.audit], async () => {
    const epoch = ((await db.getMeta<number>(META.pullEpoch)) ?? 1) + 1;
    await db.meta.delete(META.cursor);
    // The pass from scratch is a working-set pass again, and its end gives a new backfill.
    await db.meta.delete(META.workingSetAt);
    await db.meta.delete(META.backfill);
    await db.setMeta(META.pullEpoch, epoch);
    await db.setMeta(META.resyncEpoch, epoch);
    const replays = await db.outbox.where('state').equals('done').toArray();
    await db.outbox.bulkPut(replays.map((r) => ({ ...r, state: 'pending' as const, replay: true, doneAt: null })));
    await db.audit.add({ at: Date.now(), kind: 'sync', action: 'sync.reset', detail: `${reason}; replay ${replays.length}` });
  });
}

/** After a full pull from scratch: drop confirmed rows the server did not send again. */
async function finishResync(db: KioskDb): Promise<void> {
  await db.transaction('rw', [db.meta, db.dossiers, db.citizenDossiers], async () => {
    const epoch = await db.getMeta<number>(META.resyncEpoch);
    if (epoch === undefined) return;
    const gone = await db.dossiers.filter((d) => d.pendingOps === 0 && d.pulledEpoch !== epoch).primaryKeys();
    await db.dossiers.bulkDelete(gone);
    await db.citizenDossiers.bulkDelete(await db.citizenDossiers.filter((d) => d.pulledEpoch !== epoch).primaryKeys());
    await db.meta.delete(META.resyncEpoch);
  });
}

/**
 * A citizen who rated a dossier here sees "a rating is recorded" at once (actions.ts `rate` marks
 * the kiosk's own view). A feed page read before the gateway applied that rating still says
 * "not rated"; applied after the mark, it would take it away until the next page (a test run
 * under load saw the screen without it 10 s later). So a view this kiosk marked keeps its mark
 * while its rating is on its way or was taken; only a refused rating lets the gateway's word stand.
 */
async function keepOwnRatings(db: KioskDb, incoming: CitizenRow[]): Promise<CitizenRow[]> {
  const unrated = incoming.filter((v) => !v.rated).map((v) => v.code);
  if (unrated.length === 0) return incoming;
  const marked = (await db.citizenDossiers.bulkGet(unrated)).filter((v): v is CitizenRow => v?.rated === true).map((v) => v.code);
  if (marked.length === 0) return incoming;
  const ours = await db.outbox.where('dossierCode').anyOf(marked).toArray();
  const keep = new Set(ours.filter((r) => r.type === 'dossier.rate' && r.state !== 'rejected' && r.state !== 'dismissed').map((r) => r.dossierCode));
  return keep.size === 0 ? incoming : incoming.map((v) => (keep.has(v.code) ? { ...v, rated: true } : v));
}
