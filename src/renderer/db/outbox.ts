/**
 * What the outbox holds, for the status bar, the heartbeat and the "needs attention" list
 * (FAILURES.md 13). Reads only; state changes go through actions.ts and the sync engine.
 */
import type { KioskDb, OutboxRow } from './database';

export interface OutboxCounts {
  pending: number;
  oldestPendingAt: number | null;
  /** Rejected by the gateway, waiting for staff. */
  attention: number;
  /** Conflicts the gateway explained, not yet acknowledged. */
  conflicts: number;
}

export async function outboxCounts(db: KioskDb): Promise<OutboxCounts> {
  return db.transaction('r', db.outbox, async () => {
    const pending = await db.outbox.where('state').equals('pending').count();
    // The state index yields rows in seq (creation) order: the first is the oldest.
    const first = pending > 0 ? await db.outbox.where('state').equals('pending').first() : undefined;
    const attention = await db.outbox.where('state').equals('rejected').count();
    const conflicts = await db.outbox.where('state').equals('conflict').count();
    return { pending, oldestPendingAt: first?.createdAt ?? null, attention, conflicts };
  });
}

/** Rejected and conflicting mutations, newest first: what staff must look at. */
export async function attentionList(db: KioskDb): Promise<OutboxRow[]> {
  const rows = await db.outbox.where('state').anyOf('rejected', 'conflict').toArray();
  return rows.sort((a, b) => (b.seq ?? 0) - (a.seq ?? 0));
}

export async function pendingList(db: KioskDb, limit = 100): Promise<OutboxRow[]> {
  return db.outbox.where('state').equals('pending').limit(limit).toArray();
}
