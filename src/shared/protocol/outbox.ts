/**
 * The gateway's delivery queue towards provincial systems as the admin API shows it
 * (docs/SYNC-PROTOCOL.md §9): counts, and the items that are failing or were refused for good,
 * each with the machine code of its last failure (messages in the catalog's `outbox` group).
 */
import { z } from 'zod';
import { IsoTime } from './dossier';
import { LocalizedMessage } from './errors';

export const OUTBOX_FAILURE_CODES = [
  'portal-unavailable', // 5xx, connection refused or reset: retried with backoff
  'portal-timeout', // no answer in time: retried (the portal may have applied it; its upsert is idempotent)
  'portal-rate-limited', // 429: retried, not before the portal's Retry-After
  'portal-session-expired', // the session was refused again right after a fresh login: retried
  'portal-login-failed', // the login was refused or failed: retried (check the credentials)
  'portal-bad-answer', // an answer that is not the portal's shape: retried
  'portal-refused', // the portal refused the request itself (validation): kept, not retried
  'adapter-failed', // any other error inside an adapter: retried
] as const;
export const OutboxFailureCode = z.enum(OUTBOX_FAILURE_CODES);
export type OutboxFailureCode = z.infer<typeof OutboxFailureCode>;

export const OutboxSummary = z.object({
  pending: z.number().int(),
  delivered: z.number().int(),
  /** Pending rows that failed at least once. */
  failing: z.number().int(),
  /** Rows the provincial system refused for good: kept for an administrator, never dropped. */
  refused: z.number().int(),
  oldestPendingAt: IsoTime.nullable(),
  /**
   * The provincial systems this gateway delivers to (`national-portal`: set up by its
   * `KIOSK_PORTAL_*` environment). Empty: none, so nothing new is queued or sent.
   */
  adapters: z.array(z.string()),
});
export type OutboxSummary = z.infer<typeof OutboxSummary>;

export const OutboxItemState = z.enum(['failing', 'refused']);
export type OutboxItemState = z.infer<typeof OutboxItemState>;

export const OutboxItem = z.object({
  id: z.number().int(),
  adapter: z.string(),
  /** The dossier code. */
  ref: z.string(),
  /** What the row asks the provincial system (e.g. `DongBoHoSoMC`, `CapNhatTienDoHoSoMC`). */
  service: z.string().nullable(),
  state: OutboxItemState,
  attempts: z.number().int(),
  createdAt: IsoTime,
  nextAttemptAt: IsoTime.nullable(),
  refusedAt: IsoTime.nullable(),
  error: z.object({ code: OutboxFailureCode, message: LocalizedMessage, detail: z.string() }).nullable(),
});
export type OutboxItem = z.infer<typeof OutboxItem>;
export const OutboxItemList = z.object({ items: z.array(OutboxItem) });

/**
 * The environment variables the gateway's `serve` reads the national portal's connection from
 * (never command-line flags: the password would show in the process list); the console names
 * them where the portal is not set up.
 */
export const PORTAL_ENV = {
  adapterUrl: 'KIOSK_PORTAL_URL', authEndpoint: 'KIOSK_PORTAL_AUTH_ENDPOINT', integrationEndpoint: 'KIOSK_PORTAL_INTEGRATION_ENDPOINT',
  username: 'KIOSK_PORTAL_USERNAME', password: 'KIOSK_PORTAL_PASSWORD', madonvi: 'KIOSK_PORTAL_MADONVI',
} as const;
