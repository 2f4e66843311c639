/**
 * Heartbeat: tells the province this kiosk's backlog and health, and measures the
 * clock skew as serverTime − midpoint of the exchange on the kiosk's clock (docs/RELIABILITY.md item 8).
 */
import { HeartbeatResponse, PATHS } from '../../shared/protocol';
import { META } from '../db/database';
import type { RunContext } from './context';
import { exchange, failureOf } from './http';
import { reportedCode } from './status';
import type { ScannerStatus } from '../../shared/bridge/contract';

/** One scanner's line in the heartbeat (the wire schema `ScannerHealth`): its bridge status, in short. */
export type ScannerHealth = Pick<ScannerStatus, 'id' | 'state' | 'lastError'>;

export async function sendHeartbeat(ctx: RunContext, scanners: ScannerHealth[]): Promise<{ skewMs: number; nextInSeconds: number }> {
  const s = ctx.status.getSnapshot();
  const sent = ctx.localNow();
  const res = await exchange(ctx.transport, {
    method: 'POST',
    path: PATHS.heartbeat,
    body: {
      pending: s.pending,
      oldestPendingMs: s.oldestPendingAt === null ? null : Math.max(0, Date.now() - s.oldestPendingAt),
      rejected: s.attention,
      appVersion: ctx.appVersion,
      scanners,
      lastSyncAt: s.lastSuccessAt === null ? null : new Date(s.lastSuccessAt).toISOString(),
      lastError: s.lastError === null ? null : reportedCode(s.lastError),
      clientTime: new Date(sent).toISOString(),
    },
  }, ctx.requestTimeoutMs, ctx.link);
  const received = ctx.localNow();
  if (res.status !== 200) throw failureOf(res);
  const hb = HeartbeatResponse.safeParse(res.body);
  if (!hb.success) return { skewMs: s.clockSkewMs ?? 0, nextInSeconds: 60 };
  const skewMs = Math.round(Date.parse(hb.data.serverTime) - (sent + received) / 2);
  await ctx.db.transaction('rw', ctx.db.meta, async () => {
    await ctx.db.setMeta(META.clockSkewMs, skewMs);
    await ctx.db.setMeta(META.lastHeartbeatAt, received);
  });
  return { skewMs, nextInSeconds: hb.data.nextInSeconds };
}
