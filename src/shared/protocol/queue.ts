/**
 * The office queue at the gateway (docs/SYNC-PROTOCOL.md §12): the LAN key devices of one office
 * prove themselves to each other with, the queue events the office's queue host uploads, and the
 * statistics the admin API serves from them.
 */
import { z } from 'zod';
import { QueueEvent } from '../queue/model';
import { QueueStats } from '../queue/stats';
import { AgencyCode } from './dossier';

/** GET /v1/queue/key: the office's LAN key (32 random bytes, base64url), made at the first ask. */
const LanKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
/** The office's LAN key; `previous` is the key it replaced, still accepted on the LAN during the
 * grace period after an admin changed it (absent from older gateways, null otherwise). */
export const QueueKeyResponse = z.object({ agency: AgencyCode, key: LanKey, previous: LanKey.nullable().optional() });
export const QueueKeyRotateRequest = z.object({
  agency: AgencyCode,
  /** Keep the replaced key valid on the LAN for the grace period (default); false drops it at once. */
  grace: z.boolean().default(true),
}).strict();
export const QueueKeyRotateResponse = z.object({ agency: AgencyCode, rotatedAt: z.string(), graceUntil: z.string().nullable() });
export type QueueKeyResponse = z.infer<typeof QueueKeyResponse>;

/** POST /v1/queue/events: idempotent by event id; events of another agency cannot be sent (the device's agency is used). */
export const QueueEventBatch = z.object({ events: z.array(QueueEvent).min(1).max(500) }).strict();
export const QueueEventBatchResponse = z.object({ accepted: z.number().int(), duplicates: z.number().int() });

/** GET /v1/admin/queue/stats?agency=…&from=YYYY-MM-DD&to=YYYY-MM-DD (at most 92 days). */
export const QueueStatsQuery = z.object({
  agency: AgencyCode,
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
}).strict();
export const QueueStatsResponse = QueueStats.extend({ agency: AgencyCode, from: z.string(), to: z.string(), events: z.number().int() });
