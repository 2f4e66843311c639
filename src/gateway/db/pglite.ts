/** Embedded PostgreSQL (PGlite): a data directory, or in memory. One process per directory. */
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable } from './types';
import { withRetry } from './types';
import { readJoinedRaw } from './pglite-raw';

/**
 * Opens PGlite on `dataDir`, in memory when absent. `template` (a data-directory dump) starts an
 * in-memory database from a snapshot instead of running initdb: several times faster, which
 * matters to tests that start many gateways.
 */
export async function openPglite(dataDir?: string, template?: Blob): Promise<Db> {
  const pg = await PGlite.create(dataDir ? { dataDir } : template ? { loadDataDir: template } : {});
  const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      return (await q.query<T>(sql, params)).rows;
    },
  });
  const base = wrap(pg);
  return {
    kind: 'pglite',
    query: base.query,
    readJoined: (sql, params, _name, room) => readJoinedRaw(pg, sql, params, room),
    transaction: (fn) => withRetry(() => pg.transaction((tx) => fn(wrap(tx)))),
    close: () => pg.close(),
    dump: () => pg.dumpDataDir('none'),
  } as Db & { dump(): Promise<Blob> };
}
