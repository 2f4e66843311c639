/**
 * One-at-a-time jobs across gateway processes that share a PostgreSQL database
 * (docs/ARCHITECTURE.md "Several gateway processes"): `exclusively` runs `fn` while holding a
 * transaction-scoped advisory lock named after the job, so a second process waits and then finds
 * the work done. The lock lives on one pooled connection, idle in its transaction, while `fn` runs
 * its own statements on the others (the pool needs at least two connections); it is released
 * when `fn` ends or when the process dies (the server ends the session).
 * PGlite is one process per data directory (src/gateway/datadir.ts): `fn` simply runs.
 */
import type { Db } from './types';

/** The advisory-lock class of gateway jobs (the two-key space; migrations use the one-key space). */
export const JOB_LOCK_CLASS = 724302;

export async function exclusively<T>(db: Db, job: string, fn: () => Promise<T>): Promise<T> {
  if (db.kind === 'pglite') return fn();
  let out: { value: T } | null = null;
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [JOB_LOCK_CLASS, job]);
    // Run once even if the lock's transaction is retried (it does nothing that could conflict).
    if (out === null) out = { value: await fn() };
  });
  return (out as { value: T } | null)!.value;
}
