/**
 * The backfill and the on-demand lookup (docs/SYNC-PROTOCOL.md §4.2, §8.1). A device whose first
 * pull was a working-set pass holds the open and recent dossiers; the closed archive the pass left
 * out comes afterwards, a few pages per sync run and only once the outbox was pushed, with its own
 * cursor in the meta table. Its failures are its own: they are recorded in the status
 * (`backfill.lastError`) and retried at the next run, never failing the run that kept the working
 * set up to date. Until it is complete, a dossier the counter looks for and does not hold is asked
 * of the gateway directly.
 */
import { ChangesPage, DossierItemResponse, PATHS, dossierPath } from '../../shared/protocol';
import { META, type KioskDb } from '../db/database';
import type { RunContext } from './context';
import { SyncFailure, exchange, failureOf } from './http';
import { ITEM_BYTES, applyItems, type BackfillMeta } from './pull';
import type { BackfillProgress, StatusStore, SyncProblem } from './status';

/** What the device holds, for the status (and so the technician's health view). */
export async function holdings(db: KioskDb): Promise<{ workingSet: boolean; backfill: Omit<BackfillProgress, 'lastError'> | null }> {
  const [at, b] = await Promise.all([db.getMeta<number>(META.workingSetAt), db.getMeta<BackfillMeta>(META.backfill)]);
  return { workingSet: at !== undefined, backfill: b ? { fetched: b.fetched, complete: b.complete } : null };
}

export async function refreshHoldings(db: KioskDb, status: StatusStore, lastError?: SyncProblem | null): Promise<void> {
  const h = await holdings(db);
  const prev = status.getSnapshot().backfill;
  status.update({
    workingSet: h.workingSet,
    backfill: h.backfill ? { ...h.backfill, lastError: lastError === undefined ? prev?.lastError ?? null : lastError } : null,
  });
}

/**
 * Fetches up to `maxPages` backfill pages. Returns true when more remains. Throws what the
 * exchange threw (the engine records it as the backfill's problem, not the run's).
 */
export async function backfillSome(ctx: RunContext, maxPages: number): Promise<boolean> {
  for (let i = 0; i < maxPages; i++) {
    const state = await ctx.db.getMeta<BackfillMeta>(META.backfill);
    if (!state || state.complete) return false;
    const limit = ctx.link.pageSize;
    let res;
    try {
      res = await exchange(ctx.transport, { method: 'GET', path: `${PATHS.changes}?limit=${limit}&backfill=${encodeURIComponent(state.cursor)}` }, ctx.link.timeoutFor(limit * ITEM_BYTES), ctx.link);
    } catch (err) {
      if (err instanceof SyncFailure && err.kind === 'offline') ctx.link.pageLost();
      throw err;
    }
    ctx.link.pageArrived();
    if (res.status === 410) {
      // The gateway no longer knows the pass this cursor came from: the feed's own reset (pull
      // from scratch) brings a new one. Until then there is nothing to fetch.
      await ctx.db.transaction('rw', ctx.db.meta, () => ctx.db.meta.delete(META.backfill));
      return false;
    }
    if (res.status !== 200) throw failureOf(res);
    const page = ChangesPage.safeParse(res.body);
    if (!page.success) throw new SyncFailure('bad-response', 'server', 'A backfill page does not match the protocol');
    const epoch = (await ctx.db.getMeta<number>(META.pullEpoch)) ?? 1;
    await applyItems(ctx.db, page.data.items, epoch, async () => {
      // The pass may have been reset meanwhile (another window): keep only our own cursor's successor.
      const now = await ctx.db.getMeta<BackfillMeta>(META.backfill);
      if (!now || now.cursor !== state.cursor) return;
      await ctx.db.setMeta(META.backfill, { cursor: page.data.cursor, fetched: state.fetched + page.data.items.length, complete: !page.data.hasMore } satisfies BackfillMeta);
    });
    if (!page.data.hasMore) return false;
  }
  return true;
}

/**
 * A dossier of this agency the device does not hold, asked of the gateway and stored (as the feed
 * would have stored it). Returns whether it is now held. Only while the backfill is incomplete:
 * once it is complete, what the device does not hold does not exist.
 */
export async function fetchOnDemand(ctx: Pick<RunContext, 'db' | 'transport' | 'requestTimeoutMs' | 'link'>, code: string): Promise<boolean> {
  const res = await exchange(ctx.transport, { method: 'GET', path: dossierPath(code) }, ctx.requestTimeoutMs, ctx.link);
  if (res.status === 404) return false;
  if (res.status !== 200) throw failureOf(res);
  const parsed = DossierItemResponse.safeParse(res.body);
  if (!parsed.success) throw new SyncFailure('bad-response', 'server', 'The dossier answer does not match the protocol');
  const epoch = (await ctx.db.getMeta<number>(META.pullEpoch)) ?? 1;
  // Never over a newer state the feed brought meanwhile.
  const item = parsed.data.item;
  if (item.type === 'dossier') {
    const held = await ctx.db.dossiers.get(item.data.code);
    if (held && held.version >= item.data.version) return true;
  }
  await applyItems(ctx.db, [item], epoch, async () => undefined);
  return true;
}

/** Whether a local miss should be asked of the gateway: the working set came, the archive has not all come. */
export function backfillIncomplete(status: { workingSet: boolean; backfill: Pick<BackfillProgress, 'complete'> | null }): boolean {
  return status.backfill !== null ? !status.backfill.complete : !status.workingSet;
}
