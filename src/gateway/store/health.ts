/** Heartbeats and the province's per-kiosk health view. */
import type { Db } from '../db/types';
import type { HeartbeatRequest, KioskHealth } from '../../shared/protocol';
import { recordHeartbeatHistory } from './figures';

export const HEARTBEAT_SECONDS = 60;

export async function recordHeartbeat(db: Db, deviceId: string, hb: HeartbeatRequest, now = Date.now()): Promise<void> {
  const skew = Date.parse(hb.clientTime) - now;
  await db.query('update devices set last_seen_at = now(), heartbeat = $2, skew_ms = $3 where id = $1',
    [deviceId, JSON.stringify(hb), skew]);
  await recordHeartbeatHistory(db, deviceId, hb, skew);
}

interface Row {
  id: string; name: string; kind: 'counter' | 'kiosk'; agency_code: string; counter: string | null;
  enrolled_at: Date; revoked_at: Date | null; last_seen_at: Date | null; last_upload_at: Date | null;
  heartbeat: Partial<HeartbeatRequest> | null; skew_ms: number | null;
}

export async function kioskHealth(db: Db, agency?: string, now = Date.now()): Promise<KioskHealth[]> {
  const rows = await db.query<Row>(
    `select id, name, kind, agency_code, counter, enrolled_at, revoked_at, last_seen_at, last_upload_at, heartbeat, skew_ms
     from devices where ($1::text is null or agency_code = $1) order by agency_code, name`, [agency ?? null]);
  const iso = (d: Date | null): string | null => d?.toISOString() ?? null;
  return rows.map((r) => {
    const hb = r.heartbeat ?? {};
    return {
      deviceId: r.id, deviceName: r.name, kind: r.kind, agencyCode: r.agency_code, counter: r.counter,
      enrolledAt: r.enrolled_at.toISOString(), revokedAt: iso(r.revoked_at), lastSeenAt: iso(r.last_seen_at),
      lastUploadAt: iso(r.last_upload_at), pending: hb.pending ?? null, oldestPendingMs: hb.oldestPendingMs ?? null,
      rejected: hb.rejected ?? null, appVersion: hb.appVersion ?? null, skewMs: r.skew_ms,
      scanners: hb.scanners ?? [], lastError: hb.lastError ?? null,
      stale: r.last_seen_at === null || now - r.last_seen_at.getTime() > 3 * HEARTBEAT_SECONDS * 1000,
    };
  });
}
