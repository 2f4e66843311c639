/**
 * The change feed. GET /v1/changes?cursor=<opaque>&limit=<n>. No cursor = from the beginning.
 * The cursor is opaque: store it in the same transaction as the items of the page it came with,
 * send it back unchanged. An answer 410 `cursor-reset` means the gateway does not know that
 * position (database restored or recreated): drop the cursor and pull from scratch, keeping the
 * outbox. Items are upserts of whole entities, in commit order per stream; apply them in order.
 */
import { z } from 'zod';
import { DEFAULT_PAGE, MAX_PAGE } from './version';
import { Dossier, Holiday, IsoTime, Procedure, Staff } from './dossier';
import { CitizenView } from './lookup';
import { ProvinceSettings } from './province';

export const Cursor = z.string().min(1).max(512).regex(/^[A-Za-z0-9_-]+$/);

export const ChangesQuery = z.object({
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE),
  /**
   * Working-set first sync (docs/SYNC-PROTOCOL.md §4.2), read only without a cursor: the pass
   * this starts leaves out dossiers that are final and unchanged for this many days; its cursor
   * keeps that cutoff, and its last page carries a `backfill` cursor for what it left out.
   */
  workingSet: z.coerce.number().int().min(0).max(3650).optional(),
  /** With `workingSet`: the backfill stops at dossiers unchanged for this many days (default: all). */
  backfillDays: z.coerce.number().int().min(1).max(36500).optional(),
  /** A backfill cursor: one page of what the working set left out, oldest positions first. */
  backfill: Cursor.optional(),
});
export type ChangesQuery = z.infer<typeof ChangesQuery>;

export const EntityType = z.enum(['dossier', 'citizen', 'procedure', 'holiday', 'staff', 'province']);
export type EntityType = z.infer<typeof EntityType>;

export const ChangeItem = z.discriminatedUnion('type', [
  z.object({ type: z.literal('dossier'), data: Dossier }),
  /** A kiosk-kind device's feed carries dossiers only as their citizen-safe projection, and no staff. */
  z.object({ type: z.literal('citizen'), data: CitizenView }),
  z.object({ type: z.literal('procedure'), data: Procedure }),
  z.object({ type: z.literal('holiday'), data: Holiday }),
  z.object({ type: z.literal('staff'), data: Staff }),
  /** The province's settings (one entity, province.ts), in the province stream to every device. */
  z.object({ type: z.literal('province'), data: ProvinceSettings }),
]);
export type ChangeItem = z.infer<typeof ChangeItem>;

export const ChangesPage = z.object({
  items: z.array(ChangeItem),
  /** Position after this page: send it next time. */
  cursor: Cursor,
  /** More items are waiting: ask again at once. */
  hasMore: z.boolean(),
  serverTime: IsoTime,
  /**
   * On the page that ends a working-set pass (hasMore false): the cursor of the backfill, i.e.
   * of what the pass left out. On a backfill page: absent (`cursor` is the next backfill cursor).
   */
  backfill: Cursor.optional(),
});
export type ChangesPage = z.infer<typeof ChangesPage>;

/**
 * GET /v1/dossiers/:code: one dossier of this device's agency, as the feed sends it to this
 * device's kind (a counter: `dossier`, a kiosk-kind device: `citizen`); 404 when unknown or of
 * another agency. Used while the backfill is incomplete (docs/SYNC-PROTOCOL.md §8.1).
 */
export const DossierItemResponse = z.object({ item: ChangeItem, serverTime: IsoTime });
export type DossierItemResponse = z.infer<typeof DossierItemResponse>;
