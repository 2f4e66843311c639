/**
 * The delivery queue towards provincial systems for administrators (docs/SYNC-PROTOCOL.md §9):
 * counts, the failing and refused items with the machine code of their last failure, and the
 * requeue of a refused item (audited). A refused item is never dropped.
 */
import type { Db } from '../db/types';
import { localized } from '../../shared/messages';
import { OutboxFailureCode, type OutboxItem, type OutboxItemState, type OutboxSummary } from '../../shared/protocol';
import { GatewayError } from '../errors';
import { audit, type Actor } from './audit';

/** The agency of an outbox row: its `ref` is a dossier code, `<agency>-<date>-<seq>`. */
const AGENCY_OF_REF = "split_part(ref, '-', 1)";

export async function outboxSummary(db: Db, agency: string | null = null): Promise<Omit<OutboxSummary, 'adapters'>> {
  const rows = await db.query<{ pending: number; delivered: number; failing: number; refused: number; oldest: Date | null }>(
    `select count(*) filter (where delivered_at is null and refused_at is null) as pending,
       count(*) filter (where delivered_at is not null) as delivered,
       count(*) filter (where delivered_at is null and refused_at is null and attempts > 0) as failing,
       count(*) filter (where refused_at is not null and delivered_at is null) as refused,
       min(created_at) filter (where delivered_at is null and refused_at is null) as oldest from outbox
     where $1::text is null or ${AGENCY_OF_REF} = $1`, [agency]);
  const r = rows[0];
  return { pending: r?.pending ?? 0, delivered: r?.delivered ?? 0, failing: r?.failing ?? 0, refused: r?.refused ?? 0, oldestPendingAt: r?.oldest?.toISOString() ?? null };
}

interface ItemRow {
  id: number; adapter: string; ref: string; service: string | null; attempts: number; created_at: Date;
  next_attempt_at: Date; refused_at: Date | null; last_error: string | null; last_error_code: string | null;
}

export async function outboxItems(db: Db, state: OutboxItemState | undefined, limit: number, agency: string | null = null): Promise<OutboxItem[]> {
  const rows = await db.query<ItemRow>(
    `select id, adapter, ref, payload->>'service' as service, attempts, created_at, next_attempt_at, refused_at, last_error, last_error_code
     from outbox where delivered_at is null
       and (case $1::text when 'refused' then refused_at is not null when 'failing' then refused_at is null and attempts > 0
            else refused_at is not null or attempts > 0 end)
       and ($3::text is null or ${AGENCY_OF_REF} = $3)
     order by id limit $2`, [state ?? null, limit, agency]);
  return rows.map((r) => {
    const code = OutboxFailureCode.safeParse(r.last_error_code);
    return {
      id: Number(r.id), adapter: r.adapter, ref: r.ref, service: r.service, state: r.refused_at ? 'refused' : 'failing',
      attempts: r.attempts, createdAt: r.created_at.toISOString(),
      nextAttemptAt: r.refused_at ? null : r.next_attempt_at.toISOString(), refusedAt: r.refused_at?.toISOString() ?? null,
      error: r.last_error === null && !code.success ? null : {
        code: code.success ? code.data : 'adapter-failed', message: localized('outbox', code.success ? code.data : 'adapter-failed'), detail: r.last_error ?? '',
      },
    };
  });
}

/** The agency of an undelivered item (null when there is none), for the console's agency check. */
export async function outboxItemAgency(db: Db, id: number): Promise<string | null> {
  const rows = await db.query<{ agency: string }>(`select ${AGENCY_OF_REF} as agency from outbox where id = $1 and delivered_at is null`, [id]);
  return rows[0]?.agency ?? null;
}

/**
 * Puts a refused item back in the queue, due now (after the administrator fixed the cause); a
 * failing item waiting for its next retry is made due now too ("retry now" in the console).
 */
export async function requeueOutboxItem(db: Db, id: number, actor: Actor): Promise<OutboxItem> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ id: number; ref: string }>(
      `update outbox set refused_at = null, next_attempt_at = now() where id = $1 and (refused_at is not null or attempts > 0)
       and delivered_at is null returning id, ref`, [id]);
    if (rows.length === 0) throw new GatewayError('not-found');
    await audit(tx, actor, 'outbox.requeue', String(id), { ref: rows[0]!.ref });
    const item = await tx.query<ItemRow>(
      `select id, adapter, ref, payload->>'service' as service, attempts, created_at, next_attempt_at, refused_at, last_error, last_error_code from outbox where id = $1`, [id]);
    const r = item[0]!;
    const code = OutboxFailureCode.safeParse(r.last_error_code);
    return {
      id: Number(r.id), adapter: r.adapter, ref: r.ref, service: r.service, state: 'failing', attempts: r.attempts,
      createdAt: r.created_at.toISOString(), nextAttemptAt: r.next_attempt_at.toISOString(), refusedAt: null,
      error: code.success ? { code: code.data, message: localized('outbox', code.data), detail: r.last_error ?? '' } : null,
    };
  });
}
