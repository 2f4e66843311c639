/**
 * What the outbox holds, for the status bar, the heartbeat and the "needs attention" list
 * (docs/RELIABILITY.md item 13). Reads only; state changes go through actions.ts and the sync engine.
 */
import type { KioskDb, OutboxRow, StaffKeyRow } from './database';

export interface OutboxCounts {
  pending: number;
  oldestPendingAt: number | null;
  /** Rejected by the gateway, waiting for staff. */
  attention: number;
  /** Conflicts the gateway explained, not yet acknowledged. */
  conflicts: number;
  /** Officers' keys the gateway refused to register (the officer must sign in again). */
  keyProblems: number;
}

export async function outboxCounts(db: KioskDb): Promise<OutboxCounts> {
  return db.transaction('r', [db.outbox, db.staffKeys], async () => {
    const pending = await db.outbox.where('state').equals('pending').count();
    // The state index yields rows in seq (creation) order: the first is the oldest.
    const first = pending > 0 ? await db.outbox.where('state').equals('pending').first() : undefined;
    const attention = await db.outbox.where('state').equals('rejected').count();
    const conflicts = await db.outbox.where('state').equals('conflict').count();
    const keyProblems = (await db.staffKeys.toArray()).filter((k) => k.failure).length;
    return { pending, oldestPendingAt: first?.createdAt ?? null, attention, conflicts, keyProblems };
  });
}

/** Rejected and conflicting mutations, newest first: what staff must look at. */
export async function attentionList(db: KioskDb): Promise<OutboxRow[]> {
  const rows = await db.outbox.where('state').anyOf('rejected', 'conflict').toArray();
  return rows.sort((a, b) => (b.seq ?? 0) - (a.seq ?? 0));
}

/** Officers' keys the gateway refused, with how many of their actions wait for a new sign-in. */
export async function keyProblemList(db: KioskDb): Promise<{ key: StaffKeyRow; waiting: number }[]> {
  const failed = (await db.staffKeys.toArray()).filter((k) => k.failure);
  if (failed.length === 0) return [];
  const pending = await db.outbox.where('state').equals('pending').toArray();
  return failed.map((key) => ({ key, waiting: pending.filter((r) => r.sig?.keyId === key.keyId).length }));
}

export async function pendingList(db: KioskDb, limit = 100): Promise<OutboxRow[]> {
  return db.outbox.where('state').equals('pending').limit(limit).toArray();
}

/** The payload without the raw ID number (`applicant.citizenId`): what a delivered row keeps. */
export function withoutCitizenId(payload: unknown): unknown {
  const p = payload as { applicant?: { citizenId?: unknown } } | null;
  if (!p?.applicant || p.applicant.citizenId === undefined) return payload;
  const { citizenId: _drop, ...applicant } = p.applicant;
  return { ...p, applicant };
}

/** A row as it is kept once the gateway has it: no raw ID number, and the signature that covers that. */
export function delivered(row: OutboxRow): Pick<OutboxRow, 'payload' | 'sig' | 'replaySig'> {
  const payload = withoutCitizenId(row.payload);
  if (payload === row.payload) return { payload, sig: row.sig, replaySig: undefined };
  return { payload, sig: row.replaySig, replaySig: undefined };
}
