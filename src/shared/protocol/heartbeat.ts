/** Heartbeat (kiosk → gateway) and the province's per-kiosk health view. */
import { z } from 'zod';
import { AgencyCode, IsoTime } from './dossier';
import { DeviceKind } from './enroll';

export const ScannerHealth = z.object({
  id: z.string().max(64),
  state: z.string().max(32),
  lastError: z.string().max(64).nullable(),
});

export const HeartbeatRequest = z.object({
  /** Mutations waiting in the outbox. */
  pending: z.number().int().min(0),
  /** Age of the oldest pending mutation, ms (null when none). */
  oldestPendingMs: z.number().int().min(0).nullable(),
  /** Mutations the gateway rejected that still wait for staff. */
  rejected: z.number().int().min(0).default(0),
  appVersion: z.string().max(40),
  scanners: z.array(ScannerHealth).max(16).default([]),
  lastSyncAt: IsoTime.nullable().default(null),
  lastError: z.string().max(200).nullable().default(null),
  /** Device clock when sent, so the province sees skew too. */
  clientTime: IsoTime,
});
export type HeartbeatRequest = z.infer<typeof HeartbeatRequest>;

/**
 * The kiosk derives its clock skew as serverTime − (sent + received) / 2 of its own clock.
 */
export const HeartbeatResponse = z.object({ serverTime: IsoTime, nextInSeconds: z.number().int().min(5) });
export type HeartbeatResponse = z.infer<typeof HeartbeatResponse>;

/** GET /v1/admin/kiosks: one row per device (admin token). */
export const KioskHealth = z.object({
  deviceId: z.string(),
  deviceName: z.string(),
  kind: DeviceKind,
  agencyCode: AgencyCode,
  counter: z.string().nullable(),
  enrolledAt: IsoTime,
  revokedAt: IsoTime.nullable(),
  lastSeenAt: IsoTime.nullable(),
  lastUploadAt: IsoTime.nullable(),
  pending: z.number().int().nullable(),
  oldestPendingMs: z.number().int().nullable(),
  rejected: z.number().int().nullable(),
  appVersion: z.string().nullable(),
  /** clientTime − serverTime at the last heartbeat, ms. */
  skewMs: z.number().int().nullable(),
  scanners: z.array(ScannerHealth),
  lastError: z.string().nullable(),
  /** No heartbeat for 3× the interval. */
  stale: z.boolean(),
});
export type KioskHealth = z.infer<typeof KioskHealth>;
export const KioskHealthList = z.object({ kiosks: z.array(KioskHealth), serverTime: IsoTime });

/** GET /v1/health: unauthenticated liveness, no data. */
export const HealthResponse = z.object({
  ok: z.boolean(),
  protocol: z.object({ min: z.number().int(), max: z.number().int() }),
  serverTime: IsoTime,
});
