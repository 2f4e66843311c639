/**
 * Code leases: while online, the kiosk keeps a stock of the agency's dossier numbers
 * for today and tomorrow (Vietnam days, server-corrected clock), so intake keeps issuing official
 * codes through a day offline without two counters ever colliding. A number is used once, ever:
 * a lease the gateway lists but this database does not know (after a local wipe) is never reused.
 */
import { Lease, LeaseList, PATHS, type DeviceIdentity } from '../../shared/protocol';
import { vietnamDay } from '../db/actions';
import { META, type KioskDb, type LeaseRow } from '../db/database';
import type { RunContext } from './context';
import { exchange, failureOf } from './http';

export interface LeasePolicy {
  /** Numbers to hold per day (a busy commune counter receives well under 100 dossiers a day). */
  target: number;
  /** Top up when fewer than this remain for a day. */
  lowWater: number;
}

export const DEFAULT_LEASES: LeasePolicy = { target: 100, lowWater: 40 };

const DAY = 86_400_000;
/** Most numbers one lease request may ask for (LeaseRequest.count). */
const MAX_LEASE = 1000;

export function remaining(rows: LeaseRow[], day: string, now: number): number {
  return rows
    .filter((l) => l.day === day && l.releasedAt === null && Date.parse(l.expiresAt) > now)
    .reduce((n, l) => n + Math.max(0, l.last - l.next + 1), 0);
}

export async function topUpLeases(ctx: RunContext, policy: LeasePolicy): Promise<number> {
  const { db } = ctx;
  const identity = await db.getMeta<DeviceIdentity>(META.identity);
  if (!identity) return 0;
  const now = ctx.now();
  const days = [vietnamDay(now), vietnamDay(now + DAY)];
  await syncLeaseList(ctx, db);
  let added = 0;
  for (const day of days) {
    let have = remaining(await db.leases.toArray(), day, now);
    while (have < policy.lowWater) {
      const count = Math.min(MAX_LEASE, policy.target - have);
      const res = await exchange(ctx.transport, { method: 'POST', path: PATHS.leases, body: { day, count } }, ctx.requestTimeoutMs, ctx.link);
      // A day the gateway will not lease for (e.g. tomorrow refused) is not a sync failure.
      if (res.status === 400) break;
      if (res.status !== 200 && res.status !== 201) throw failureOf(res);
      const body = res.body as { lease?: unknown } | null;
      const lease = Lease.safeParse(body?.lease ?? body);
      if (!lease.success) break;
      await db.leases.put({ ...lease.data, next: lease.data.first });
      const size = lease.data.last - lease.data.first + 1;
      added += size;
      have += size;
    }
  }
  // Past days' leases are void at the gateway: forget them.
  await db.leases.where('day').below(days[0]!).delete();
  return added;
}

/** Marks leases the gateway released or expired; never adds an unknown one (its numbers may be used). */
async function syncLeaseList(ctx: RunContext, db: KioskDb): Promise<void> {
  const res = await exchange(ctx.transport, { method: 'GET', path: PATHS.leases }, ctx.requestTimeoutMs, ctx.link);
  if (res.status !== 200) return;
  const list = LeaseList.safeParse(res.body);
  if (!list.success) return;
  const server = new Map(list.data.leases.map((l) => [l.id, l]));
  await db.transaction('rw', db.leases, async () => {
    for (const local of await db.leases.toArray()) {
      const s = server.get(local.id);
      if (s && s.releasedAt !== local.releasedAt) await db.leases.put({ ...local, releasedAt: s.releasedAt });
    }
  });
}
