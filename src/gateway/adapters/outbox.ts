/**
 * The durable outbox towards provincial systems: rows are written in the transaction that
 * accepted the change and delivered later, one adapter call per row, with exponential backoff
 * (capped at 1 h). A row is marked delivered only after the adapter returned, so a crash during
 * delivery means one more delivery (at least once; the portal's upsert by MaHoSo is idempotent).
 *
 * Several gateway processes may share one PostgreSQL database (docs/ARCHITECTURE.md "Several
 * gateway processes"). A process delivers only rows it has **claimed**: the claim is one
 * statement that takes, per (adapter, dossier), the oldest undelivered row, only when it is due
 * and nobody's unexpired claim holds it (`for update skip locked`, so two claimers never wait on
 * or take the same row). The next row of a dossier becomes claimable only once the previous one
 * is delivered, so a dossier's updates reach the portal in the order they were accepted (row ids
 * follow commit order per dossier: batches of an agency serialise on its stream lock). A claim
 * lasts `claimMs`, renewed while the process delivers; a process that dies leaves claims that
 * expire, and another process takes the rows over then.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/types';
import type { OutboxFailureCode } from '../../shared/protocol';
import { DeliveryError, type OutboxSink, type ProvincialAdapter } from './types';

export function outboxSink(adapters: ProvincialAdapter[]): OutboxSink {
  return { adapters: adapters.map((a) => a.name), rows: (changes) => adapters.flatMap((a) => changes.flatMap((c) => a.map(c).map((r) => ({ adapter: a.name, ...r })))) };
}

/** The failure's machine code, its detail, and whether it is final (kept as refused) or retried. */
function classify(err: unknown): { code: OutboxFailureCode; detail: string; permanent: boolean; retryAfterMs: number | null } {
  if (err instanceof DeliveryError) return { code: err.code, detail: err.detail, permanent: err.permanent, retryAfterMs: err.retryAfterMs };
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return { code: 'portal-timeout', detail: message, permanent: false, retryAfterMs: null };
  return { code: 'adapter-failed', detail: message, permanent: false, retryAfterMs: null };
}

export const backoffMs = (attempts: number, baseMs = 1000): number => Math.min(3_600_000, baseMs * 2 ** Math.min(attempts, 22));

export interface OutboxRow { id: number; adapter: string; ref: string; payload: unknown; attempts: number }

export interface DeliveryOptions {
  /** Rows claimed per round (at most one per dossier and adapter). */
  limit?: number;
  /** First retry delay of a failed delivery (doubles per attempt, capped at 1 h). */
  baseBackoffMs?: number;
  /** How long a claim holds without renewal; longer than one adapter call's timeout. */
  claimMs?: number;
  /** This process's name in `claimed_by` (default host:pid:random). */
  worker?: string;
}

export const DEFAULT_CLAIM_MS = 60_000;

export const workerName = (): string => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

/**
 * Claims up to `limit` due rows for `worker`: per adapter and dossier only the oldest undelivered
 * row, and only if no other unexpired claim holds it. Rows come back in id order.
 */
export async function claimDue(db: Db, adapterNames: string[], worker: string, limit = 50, claimMs = DEFAULT_CLAIM_MS): Promise<OutboxRow[]> {
  if (adapterNames.length === 0) return [];
  const rows = await db.query<OutboxRow>(
    `update outbox o set claimed_by = $2, claimed_until = now() + ($3::int * interval '1 millisecond')
     where o.id in (
       select c.id from outbox c
       where c.delivered_at is null and c.refused_at is null and c.next_attempt_at <= now() and c.adapter = any($4::text[])
         and (c.claimed_until is null or c.claimed_until < now())
         and not exists (select 1 from outbox p
           where p.adapter = c.adapter and p.ref = c.ref and p.id < c.id and p.delivered_at is null and p.refused_at is null)
       order by c.id limit $1
       for update skip locked)
     returning o.id, o.adapter, o.ref, o.payload, o.attempts`,
    [limit, worker, Math.max(1, Math.round(claimMs)), adapterNames]);
  return rows.sort((a, b) => a.id - b.id);
}

/** Extends the claims `worker` still holds on `ids`. */
async function renewClaims(db: Db, worker: string, ids: number[], claimMs: number): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `update outbox set claimed_until = now() + ($3::int * interval '1 millisecond')
     where id = any($1::int8[]) and claimed_by = $2 and delivered_at is null`, [ids, worker, Math.round(claimMs)]);
}

/** Gives back claims on rows this process did not get to (it is stopping). */
async function releaseClaims(db: Db, worker: string, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    'update outbox set claimed_by = null, claimed_until = null where id = any($1::int8[]) and claimed_by = $2 and delivered_at is null',
    [ids, worker]);
}

/**
 * Claims due rows and delivers them once; returns how many were delivered and failed, and how
 * many were claimed (a full round means more may be due). `shouldStop` is asked between rows.
 */
export async function deliverDue(
  db: Db, adapters: ProvincialAdapter[], opts: DeliveryOptions = {}, shouldStop: () => boolean = () => false,
): Promise<{ delivered: number; failed: number; claimed: number }> {
  const { limit = 50, baseBackoffMs = 1000, claimMs = DEFAULT_CLAIM_MS } = opts;
  const worker = opts.worker ?? workerName();
  const byName = new Map(adapters.map((a) => [a.name, a]));
  const rows = await claimDue(db, [...byName.keys()], worker, limit, claimMs);
  const open = new Set(rows.map((r) => r.id));
  // Renewal keeps the claims of rows still waiting in this round alive through slow deliveries.
  const renew = setInterval(() => void renewClaims(db, worker, [...open], claimMs).catch(() => undefined), Math.max(10, claimMs / 3));
  renew.unref?.();
  let delivered = 0;
  let failed = 0;
  try {
    for (const r of rows) {
      if (shouldStop()) break;
      const a = byName.get(r.adapter)!;
      try {
        await a.deliver(r.payload);
        await db.query(
          `update outbox set delivered_at = coalesce(delivered_at, now()), attempts = attempts + 1, last_error = null,
             last_error_code = null, claimed_by = null, claimed_until = null where id = $1`, [r.id]);
        delivered++;
      } catch (err) {
        failed++;
        const f = classify(err);
        // A refusal is final: the row leaves the queue (the dossier's next row may go) and stays
        // visible in the admin API; anything else waits its backoff, or the portal's Retry-After.
        const wait = Math.max(backoffMs(r.attempts, baseBackoffMs), f.retryAfterMs ?? 0);
        await db.query(
          `update outbox set attempts = attempts + 1, last_error = $2, last_error_code = $3, claimed_by = null, claimed_until = null,
             refused_at = case when $5::boolean then now() end,
             next_attempt_at = now() + ($4::int * interval '1 millisecond') where id = $1 and delivered_at is null`,
          [r.id, f.detail.slice(0, 500), f.code, Math.round(wait), f.permanent]);
      }
      open.delete(r.id);
    }
  } finally {
    clearInterval(renew);
    await releaseClaims(db, worker, [...open]).catch(() => undefined);
  }
  return { delivered, failed, claimed: rows.length };
}

/** Polls the outbox until stopped, one round at a time; `stop()` waits for the delivery in flight. */
export function startOutboxWorker(
  db: Db, adapters: ProvincialAdapter[], intervalMs = 2000, baseBackoffMs = 1000, opts: Omit<DeliveryOptions, 'baseBackoffMs'> = {},
): { stop(): Promise<void>; kick(): void; readonly worker: string } {
  const worker = opts.worker ?? workerName();
  const limit = opts.limit ?? 50;
  let stopped = false;
  let busy = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const schedule = (ms: number): void => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(round, ms);
  };
  function round(): void {
    if (stopped) return;
    busy = true;
    again = false;
    running = deliverDue(db, adapters, { ...opts, limit, baseBackoffMs, worker }, () => stopped)
      .then((r) => {
        // A full round: more rows are probably due (a backlog, or a dossier's next row).
        if (r.claimed >= limit || r.delivered > 0) again = true;
      })
      .catch(() => undefined)
      .finally(() => {
        busy = false;
        schedule(again ? 0 : intervalMs);
      });
  }
  schedule(intervalMs);
  return {
    worker,
    kick() {
      if (busy) again = true;
      else schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
