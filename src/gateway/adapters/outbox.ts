/**
 * The durable outbox towards provincial systems: rows are written in the transaction that
 * accepted the change and delivered later, one adapter call per row, with exponential backoff
 * (capped at 1 h). A row is marked delivered only after the adapter returned, so a crash during
 * delivery means one more delivery (at least once; the portal's upsert by MaHoSo is idempotent).
 */
import type { Db } from '../db/types';
import type { OutboxSink, ProvincialAdapter } from './types';

export function outboxSink(adapters: ProvincialAdapter[]): OutboxSink {
  return { rows: (changes) => adapters.flatMap((a) => changes.map((c) => ({ adapter: a.name, ...a.map(c) }))) };
}

export const backoffMs = (attempts: number, baseMs = 1000): number => Math.min(3_600_000, baseMs * 2 ** Math.min(attempts, 22));

interface OutboxRow { id: number; adapter: string; payload: unknown; attempts: number }

/** Delivers due rows once; returns how many were delivered. */
export async function deliverDue(db: Db, adapters: ProvincialAdapter[], limit = 50, baseBackoffMs = 1000): Promise<{ delivered: number; failed: number }> {
  const byName = new Map(adapters.map((a) => [a.name, a]));
  const rows = await db.query<OutboxRow>(
    `select id, adapter, payload, attempts from outbox
     where delivered_at is null and next_attempt_at <= now() order by id limit $1`, [limit]);
  let delivered = 0;
  let failed = 0;
  for (const r of rows) {
    const a = byName.get(r.adapter);
    if (!a) continue;
    try {
      await a.deliver(r.payload);
      await db.query('update outbox set delivered_at = now(), attempts = attempts + 1, last_error = null where id = $1', [r.id]);
      delivered++;
    } catch (err) {
      failed++;
      await db.query(
        `update outbox set attempts = attempts + 1, last_error = $2,
           next_attempt_at = now() + ($3::int * interval '1 millisecond') where id = $1`,
        [r.id, String((err as Error).message ?? err).slice(0, 500), backoffMs(r.attempts, baseBackoffMs)]);
    }
  }
  return { delivered, failed };
}

/** Polls the outbox until stopped, one round at a time; `stop()` waits for the current round. */
export function startOutboxWorker(db: Db, adapters: ProvincialAdapter[], intervalMs = 2000, baseBackoffMs = 1000): { stop(): Promise<void>; kick(): void } {
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
    running = deliverDue(db, adapters, 50, baseBackoffMs).catch(() => undefined).finally(() => {
      busy = false;
      schedule(again ? 0 : intervalMs);
    });
  }
  schedule(intervalMs);
  return {
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
