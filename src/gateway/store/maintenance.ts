/**
 * Planner statistics for the embedded database. A PostgreSQL server keeps them fresh with its
 * autovacuum daemon; PGlite runs no background workers, so without this its tables would keep the
 * statistics of the day they were last analysed (or none at all). With none, the planner guesses
 * a handful of rows per agency and serves every change-feed page by reading the whole agency and
 * sorting it, instead of walking the (agency, seq) index: a first sync of N dossiers then costs
 * O(N²). This re-analyses the fed tables on autovacuum's own rule (rows written since the last run
 * > base + fraction × rows then), at a low statistics target so that a run on 100,000 dossiers
 * holds the single PGlite connection for ~25 ms rather than ~300 ms, and never more often than
 * `minIntervalMs`. On PostgreSQL it does nothing: autovacuum is the server's job.
 */
import type { Db } from '../db/types';
import type { FileStore } from '../files/store';
import { exclusively } from '../db/jobs';
import { collectAbandonedFiles } from './files';
import type { FileCollectionRun } from '../../shared/protocol';

export interface MaintenanceOptions {
  /** Rows written that always justify a run (autovacuum: 50). */
  baseRows: number;
  /** …plus this fraction of the rows the tables had at the last run (autovacuum: 0.1). */
  fraction: number;
  /** Writes are counted for this long before the run, so a burst is analysed once. */
  delayMs: number;
  minIntervalMs: number;
  /** Sample of 300 × target rows per table; the plans here need only agency and seq ranges. */
  statisticsTarget: number;
  onError(err: unknown): void;
}

export const DEFAULT_MAINTENANCE: MaintenanceOptions = {
  baseRows: 200,
  fraction: 0.1,
  delayMs: 1000,
  minIntervalMs: 10_000,
  statisticsTarget: 10,
  onError: () => {},
};

/** The tables whose plans depend on their statistics: the feed, lookups by code and by ID hash. */
const TABLES = ['dossiers', 'staff'] as const;

/** ANALYZE of the fed tables at a low statistics target; returns the rows they now hold. */
export async function refreshStatistics(db: Db, statisticsTarget = DEFAULT_MAINTENANCE.statisticsTarget): Promise<number> {
  // SET LOCAL: the low target applies to this transaction's ANALYZE only, on either driver.
  await db.transaction(async (tx) => {
    await tx.query(`set local default_statistics_target = ${Math.max(1, Math.floor(statisticsTarget))}`);
    await tx.query(`analyze ${TABLES.join(', ')}`);
  });
  const rows = await db.query<{ n: number }>(
    'select coalesce(sum(greatest(reltuples, 0)), 0)::int8 as n from pg_class where relname = any($1::text[])', [[...TABLES]]);
  return Number(rows[0]?.n ?? 0);
}

export interface Maintenance {
  /** `rows` rows of the fed tables were written (applied mutations, imports). */
  noteWrites(rows: number): void;
  /** Resolves when no run is scheduled or running. */
  idle(): Promise<void>;
  /** Cancels a scheduled run and waits for a running one. */
  close(): Promise<void>;
}

export function startMaintenance(db: Db, options: Partial<MaintenanceOptions> = {}): Maintenance {
  if (db.kind !== 'pglite') {
    return { noteWrites() {}, idle: async () => {}, close: async () => {} };
  }
  const opts: MaintenanceOptions = { ...DEFAULT_MAINTENANCE, ...options };
  let written = 0;
  let rowsAtLastRun = 0;
  let lastRunAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let closed = false;

  async function analyze(): Promise<void> {
    written = 0;
    lastRunAt = Date.now();
    rowsAtLastRun = await refreshStatistics(db, opts.statisticsTarget);
  }

  function schedule(): void {
    if (closed || timer || running) return;
    if (written < opts.baseRows + opts.fraction * rowsAtLastRun) return;
    const wait = Math.max(opts.delayMs, lastRunAt + opts.minIntervalMs - Date.now());
    timer = setTimeout(() => {
      timer = null;
      running = analyze()
        .catch((err: unknown) => opts.onError(err))
        .finally(() => {
          running = null;
          // Writes that arrived during the run count towards the next one.
          schedule();
        });
    }, wait);
    timer.unref?.();
  }

  return {
    noteWrites(rows) {
      if (!(rows > 0)) return;
      written += rows;
      schedule();
    },
    async idle() {
      while (timer || running) {
        if (running) await running;
        else await new Promise((r) => setTimeout(r, 5));
      }
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) await running;
    },
  };
}

/**
 * Garbage collection of abandoned uploads (docs/SYNC-PROTOCOL.md §13, store/files.ts
 * `collectAbandonedFiles`): on PGlite and PostgreSQL alike, a first run `firstRunMs` after start
 * and then every `intervalMs`, one process at a time when several share a PostgreSQL database
 * (db/jobs.ts). Each run's counts go to the log (`log`) and to `file_gc.last_result` (migration 14),
 * which `last()` reads. `maxAgeDays` 0 turns the collection off.
 */
export interface FileCollectionOptions {
  /** Incomplete uploads untouched for longer than this are removed (0: never). */
  maxAgeDays: number;
  intervalMs: number;
  firstRunMs: number;
  log(result: FileCollectionRun): void;
  onError(err: unknown): void;
}

export const DEFAULT_FILE_GC_DAYS = 30;

export const DEFAULT_FILE_COLLECTION: FileCollectionOptions = {
  maxAgeDays: DEFAULT_FILE_GC_DAYS,
  intervalMs: 6 * 3_600_000,
  firstRunMs: 60_000,
  log: () => {},
  onError: () => {},
};

/** A run's counts (no file id, device or dossier), when it ran, with which age, and how long it took: as the admin API answers it. */
export type { FileCollectionRun };

export interface FileCollector {
  /** Collects now (after a run in progress) and answers what was removed. */
  run(): Promise<FileCollectionRun>;
  /** The last run's counts in this database (any process), or null before the first. */
  last(): Promise<FileCollectionRun | null>;
  /** Stops the schedule and waits for a run in progress. */
  close(): Promise<void>;
}

/** The last collection's counts in this database (any process), or null before the first. */
export async function lastFileCollection(db: Db): Promise<FileCollectionRun | null> {
  const rows = await db.query<{ last_result: FileCollectionRun | string | null }>('select last_result from file_gc where id = 1');
  const r = rows[0]?.last_result ?? null;
  return typeof r === 'string' ? JSON.parse(r) as FileCollectionRun : r;
}

export function startFileCollection(db: Db, files: FileStore, options: Partial<FileCollectionOptions> = {}): FileCollector {
  const opts: FileCollectionOptions = { ...DEFAULT_FILE_COLLECTION, ...options };
  const enabled = opts.maxAgeDays > 0;
  let running: Promise<FileCollectionRun> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  async function once(): Promise<FileCollectionRun> {
    const t0 = Date.now();
    const removed = enabled
      ? await exclusively(db, 'file-gc', () => collectAbandonedFiles(db, files, opts.maxAgeDays * 86_400_000))
      : { files: 0, chunks: 0, bytes: 0, shared: 0 };
    const result: FileCollectionRun = { ...removed, at: new Date().toISOString(), maxAgeDays: opts.maxAgeDays, ms: Date.now() - t0 };
    if (enabled) await db.query('update file_gc set last_run_at = now(), last_result = $1 where id = 1', [JSON.stringify(result)]);
    opts.log(result);
    return result;
  }

  function run(): Promise<FileCollectionRun> {
    const after = running ?? Promise.resolve(null);
    const next: Promise<FileCollectionRun> = after.catch(() => null).then(() => once()).finally(() => {
      if (running === next) running = null;
    });
    running = next;
    return next;
  }

  function schedule(ms: number): void {
    if (closed || !enabled) return;
    timer = setTimeout(() => {
      timer = null;
      run().catch((err: unknown) => opts.onError(err)).finally(() => schedule(opts.intervalMs));
    }, ms);
    timer.unref?.();
  }
  schedule(opts.firstRunMs);

  return {
    run,
    last: () => lastFileCollection(db),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
