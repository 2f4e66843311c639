/**
 * Province administration over the admin token (the province console, the `gateway` CLI): staff
 * accounts and their PINs, admin tokens, the audit log of admin actions. Every change made here
 * is written to the audit log (`admin_audit`) with the acting token's id.
 */
import { z } from 'zod';
import { AgencyCode, IsoTime, StaffRole } from './dossier';

/** Staff id: what devices put in `staffId` (letters, digits, `.`, `_`, `-`). */
export const StaffId = z.string().min(1).max(40).regex(/^[A-Za-z0-9._-]+$/);

/** An officer as the province sees it: never the PIN verifier or the proof key. */
export const StaffSummary = z.object({
  id: z.string(),
  agencyCode: AgencyCode,
  name: z.string(),
  title: z.string(),
  role: StaffRole,
  active: z.boolean(),
  deactivatedAt: IsoTime.nullable(),
  /** PBKDF2 iterations of the current PIN verifier (below the policy: reset the PIN). */
  pinIterations: z.number().int(),
  /** Signing keys registered and not revoked, over all the agency's counters. */
  activeKeys: z.number().int(),
  updatedAt: IsoTime,
});
export type StaffSummary = z.infer<typeof StaffSummary>;
export const StaffList = z.object({ staff: z.array(StaffSummary), serverTime: IsoTime });

/**
 * POST /v1/admin/staff. The PIN must pass `pinProblem` (src/shared/settings/pin-policy.ts),
 * else 400 `pin-policy`. It is never stored: only its PBKDF2 verifier (fed to the agency's
 * counters) and the proof key (kept by the gateway).
 */
export const StaffCreateRequest = z.object({
  /** Chosen by the gateway when absent. */
  id: StaffId.optional(),
  agency: AgencyCode,
  name: z.string().min(1).max(200),
  title: z.string().max(200).default(''),
  role: StaffRole,
  pin: z.string().max(64),
}).strict();
export type StaffCreateRequest = z.infer<typeof StaffCreateRequest>;

/**
 * POST /v1/admin/staff/:id/pin: change or reset a PIN. A new proof salt and proof key come with
 * it, so keys are registered from then on with the new PIN only. `revokeKeys` also revokes the
 * officer's registered signing keys (when the old PIN may be known to someone else); actions
 * already signed with them and not yet uploaded are then refused (`signature-invalid`).
 */
export const StaffPinRequest = z.object({ pin: z.string().max(64), revokeKeys: z.boolean().default(false) }).strict();
export type StaffPinRequest = z.infer<typeof StaffPinRequest>;

export const AdminTokenSummary = z.object({
  id: z.string(),
  label: z.string(),
  createdAt: IsoTime,
  /** Updated at most once a minute. */
  lastUsedAt: IsoTime.nullable(),
  revokedAt: IsoTime.nullable(),
});
export type AdminTokenSummary = z.infer<typeof AdminTokenSummary>;
export const AdminTokenList = z.object({ tokens: z.array(AdminTokenSummary), serverTime: IsoTime });

/**
 * One audited action. `actor`: an admin token's id, `env` (a token from the environment), `cli`
 * (the command line on the database itself) or `device:<id>` (a counter registering an officer's
 * key). Never a PIN, a token or a citizen's data.
 */
export const AuditEntry = z.object({
  id: z.number().int(),
  at: IsoTime,
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  action: z.string().max(40).optional(),
});
export const AuditList = z.object({ entries: z.array(AuditEntry), serverTime: IsoTime });
