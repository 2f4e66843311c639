/**
 * The one storage interface of the gateway. SQL is written once, in the subset PGlite and
 * PostgreSQL share; two implementations carry it (embedded PGlite, a `pg` pool).
 * Result normalisation both must provide: int8 → number, timestamptz → Date, jsonb → parsed.
 */
export interface Row { [column: string]: unknown }

/**
 * A statement's answer as `Db.readJoined` gives it: the first row without its `item` column, and
 * every non-null `item` joined with ',' as UTF-8.
 */
export interface JoinedRows {
  /** The first row's other columns (null when the statement returned no row). */
  head: Record<string, unknown> | null;
  /** Items joined (',' between them) as UTF-8, at `front` of `frame`. */
  items: Buffer;
  /** How many items were joined. */
  count: number;
  /**
   * The whole memory the items were written into: `front` bytes of room before them and the
   * `back` asked for after them, so a caller can put what surrounds them in place, with no copy.
   */
  frame: Buffer;
  front: number;
}

export interface Queryable {
  /**
   * `name`: a statement run on every request (the feed page): PostgreSQL prepares it once per
   * connection and skips parsing and planning afterwards; PGlite ignores it.
   */
  query<T = Row>(sql: string, params?: unknown[], name?: string): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'pg';
  /**
   * Runs `fn` in one transaction (READ COMMITTED). Retried from the start on a serialization
   * failure or deadlock, so `fn` must have no side effects outside `tx`.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * PostgreSQL only: runs a read-only statement on a reading thread of its own (db/pg-reader.ts)
   * and returns its first row's columns and its rows' `item` column joined as UTF-8 bytes. Used
   * by work done in the background (the feed's read-ahead) so the request thread's heap does not
   * take the driver's strings.
   */
  readJoined?(sql: string, params: unknown[], name: string, room?: { front: number; back: number }): Promise<JoinedRows>;
}

/** SQLSTATEs worth retrying a whole transaction for. */
export const RETRYABLE_SQLSTATE = new Set(['40001', '40P01']);

export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export async function withRetry<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (err) {
      if (i >= attempts || !RETRYABLE_SQLSTATE.has(sqlState(err) ?? '')) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * i));
    }
  }
}
