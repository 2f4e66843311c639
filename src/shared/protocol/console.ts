/**
 * The province console's admin API (docs/SECURITY.md §8): admin accounts and their sessions, a
 * device's heartbeat history, and the service-index figures. Everything the console shows comes
 * from the admin routes (src/gateway/http/routes.ts), listed in /openapi.json.
 */
import { z } from 'zod';
import { AgencyCode, IsoTime, LocalDay } from './dossier';

/** `province`: every agency; `agency`: its own agency only. Bearer admin tokens act as `province`. */
export const AdminRole = z.enum(['province', 'agency']);
export type AdminRole = z.infer<typeof AdminRole>;

export const AdminUsername = z.string().min(3).max(64).regex(/^[a-z0-9._-]+$/);
/** At least 12 characters: a password is typed, and the lockout limits online guesses only. */
export const AdminPassword = z.string().min(12).max(256);

export const LoginRequest = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }).strict();
export type LoginRequest = z.infer<typeof LoginRequest>;

/** Who is signed in, and the CSRF token every state-changing call must echo in `x-csrf-token`. */
export const SessionInfo = z.object({
  username: z.string(),
  role: AdminRole,
  agency: AgencyCode.nullable(),
  csrfToken: z.string(),
  expiresAt: IsoTime,
  /**
   * Another admin set this account's password (a reset): until the account changes it, every
   * console call but this one, sign-out and the change itself is refused (403 password-change-required).
   */
  mustChangePassword: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** Whether the request's session cookie is a live session (signed out: no cookie, an unknown or ended one). */
export const SessionState = z.object({ signedIn: z.boolean(), session: SessionInfo.nullable() });
export type SessionState = z.infer<typeof SessionState>;

export const AdminAccountCreate = z.object({
  username: AdminUsername,
  password: AdminPassword,
  role: AdminRole,
  agency: AgencyCode.nullable().default(null),
}).strict().refine((a) => (a.role === 'agency') === (a.agency !== null), { message: 'an agency admin names its agency; a province admin none', path: ['agency'] });
export type AdminAccountCreate = z.infer<typeof AdminAccountCreate>;

export const AdminAccountSummary = z.object({
  id: z.string(), username: z.string(), role: AdminRole, agency: AgencyCode.nullable(),
  createdAt: IsoTime, lastLoginAt: IsoTime.nullable(), lockedUntil: IsoTime.nullable(), disabledAt: IsoTime.nullable(),
  /** Its password was reset by another admin and not yet changed by the account itself. */
  mustChangePassword: z.boolean(),
});
export type AdminAccountSummary = z.infer<typeof AdminAccountSummary>;
export const AdminAccountList = z.object({ accounts: z.array(AdminAccountSummary) });

/**
 * A new password set by another admin (a reset) or by the account itself (a change). The policy
 * (AdminPassword) is checked by the gateway, which answers `password-policy` with its message.
 */
export const AdminPasswordReset = z.object({ password: z.string().max(256) }).strict();
export type AdminPasswordReset = z.infer<typeof AdminPasswordReset>;
export const AdminPasswordChange = z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().max(256) }).strict();
export type AdminPasswordChange = z.infer<typeof AdminPasswordChange>;

/** One heartbeat as kept for a device's history chart (never its scanners' raw data). */
export const HeartbeatPoint = z.object({
  at: IsoTime,
  pending: z.number().int(),
  oldestPendingMs: z.number().int().nullable(),
  skewMs: z.number().int().nullable(),
  scannerError: z.boolean(),
});
export type HeartbeatPoint = z.infer<typeof HeartbeatPoint>;
export const HeartbeatHistory = z.object({ deviceId: z.string(), points: z.array(HeartbeatPoint) });

export const FiguresQuery = z.object({
  agency: AgencyCode.optional(),
  /** First and last Vietnamese day of the period, inclusive. */
  from: LocalDay,
  to: LocalDay,
}).refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] });
export type FiguresQuery = z.infer<typeof FiguresQuery>;

/**
 * Decision 766/QĐ-TTg's figures our data supports, for dossiers received in the period.
 * `onTime`/`late`: finished (status 9 or 10) by / after the appointment; `overdueOpen`: not finished
 * and past the appointment now; `open`: not finished, not yet due. `onTimeRate` = onTime /
 * (onTime + late), null when none finished.
 */
export const AgencyFigures = z.object({
  agency: AgencyCode,
  agencyName: z.string(),
  received: z.number().int(),
  byChannel: z.object({ inPerson: z.number().int(), online: z.number().int(), post: z.number().int() }),
  finished: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  overdueOpen: z.number().int(),
  open: z.number().int(),
  onTimeRate: z.number().nullable(),
  ratings: z.number().int(),
  ratingAverage: z.number().nullable(),
});
export type AgencyFigures = z.infer<typeof AgencyFigures>;

/** An open dossier past its appointment, with the officer who last acted on it (never the applicant's ID). */
export const OverdueDossier = z.object({
  code: z.string(),
  agency: AgencyCode,
  procedureName: z.string(),
  status: z.number().int(),
  appointmentAt: IsoTime,
  daysLate: z.number().int(),
  staffId: z.string().nullable(),
  staffName: z.string().nullable(),
});
export type OverdueDossier = z.infer<typeof OverdueDossier>;

export const FiguresResponse = z.object({
  from: LocalDay,
  to: LocalDay,
  agencies: z.array(AgencyFigures),
  total: AgencyFigures.omit({ agency: true, agencyName: true }),
  overdue: z.array(OverdueDossier),
  serverTime: IsoTime,
});
export type FiguresResponse = z.infer<typeof FiguresResponse>;

/** The console's session cookie and the header that carries the CSRF token. */
export const SESSION_COOKIE = 'mck_console';
export const CSRF_HEADER = 'x-csrf-token';
/** 20 wrong passwords in a row lock the account for 15 minutes. */
export const LOGIN_MAX_FAILURES = 20;
export const LOGIN_LOCK_MINUTES = 15;
/** A session ends after 30 minutes without a request, and 12 hours after sign-in at most. */
export const SESSION_IDLE_MINUTES = 30;
export const SESSION_MAX_HOURS = 12;
