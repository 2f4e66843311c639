/** A real PostgreSQL server through a `pg` pool. */
import pg from 'pg';
import type { Db, Queryable } from './types';
import { withRetry } from './types';
import { PgReader } from './pg-reader';

const INT8 = 20;
// Per-pool type parsers (not pg's global ones): counts and sequences fit a double here.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export async function openPg(connectionString: string, max = 10): Promise<Db> {
  // At least two connections: a one-at-a-time job holds its advisory lock on one (db/jobs.ts).
  const pool = new pg.Pool({ connectionString, max: Math.max(2, max), types: types as pg.CustomTypesConfig });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const c = await pool.connect();
  c.release();
  const wrap = (q: { query: pg.Pool['query'] }): Queryable => ({
    async query<T>(sql: string, params: unknown[] = [], name?: string) {
      return (name ? await q.query({ name, text: sql, values: params }) : await q.query(sql, params)).rows as T[];
    },
  });
  const base = wrap(pool);
  // Started on first use: a gateway that never reads ahead has no reading thread.
  let reader: PgReader | null = null;
  return {
    kind: 'pg',
    query: base.query,
    readJoined: (sql, params, name, room) => {
      // A thread that ended (its error already failed the reads it held) is replaced.
      if (!reader?.alive) reader = new PgReader(connectionString);
      return reader.read(sql, params, name, room);
    },
    transaction: (fn) =>
      withRetry(async () => {
        const client = await pool.connect();
        let broken = false;
        try {
          await client.query('BEGIN');
          const out = await fn(wrap(client as unknown as { query: pg.Pool['query'] }));
          await client.query('COMMIT');
          return out;
        } catch (err) {
          // A connection that cannot even roll back is dropped from the pool, not reused.
          await client.query('ROLLBACK').catch(() => (broken = true));
          throw err;
        } finally {
          client.release(broken);
        }
      }),
    close: async () => {
      const r = reader;
      reader = null;
      await r?.close();
      await pool.end();
    },
  };
}
