/**
 * The provincial gateway as one object: storage (PGlite or PostgreSQL), migrations, the HTTP
 * server, the adapter outbox worker, and a graceful close that lets in-flight batches finish
 * before the database is closed.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from './db/types';
import { openPglite } from './db/pglite';
import { openPg } from './db/pg';
import { migrate } from './db/migrations';
import { ensureMeta, type Meta, type ProvinceConfig } from './store/meta';
import type { ProvincialAdapter } from './adapters/types';
import { outboxSink, startOutboxWorker } from './adapters/outbox';
import { startFileCollection, type FileCollectionOptions, type FileCollector } from './store/maintenance';
import { startMaintenance } from './store/maintenance';
import { exclusively } from './db/jobs';
import { backfillCitizenViews } from './store/citizen';
import { upgradeLegacyStaff } from './store/staff';
import { buildServer, type ServerOptions } from './http/server';
import { DEFAULT_FEED_CACHE, FeedPageCache, type FeedCacheOptions } from './store/feed-cache';
import type { GatewayHooks } from './http/context';
import { DirectoryFileStore, temporaryDirectoryStore, type FileStore } from './files/store';
import type { S3FileStoreOptions } from './files/s3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type StorageOptions = { kind: 'pglite'; dataDir?: string; template?: Blob } | { kind: 'pg'; url: string; poolSize?: number };

export interface GatewayOptions extends ServerOptions {
  storage: StorageOptions;
  province?: ProvinceConfig;
  adapters?: ProvincialAdapter[];
  hooks?: GatewayHooks;
  outboxIntervalMs?: number;
  /** First retry delay of a failed delivery (doubles per attempt, capped at 1 h). */
  outboxBackoffMs?: number;
  /** How long a process's claim on an outbox row holds without renewal (adapters/outbox.ts). */
  outboxClaimMs?: number;
  /**
   * Where attached files' bytes go (files/store.ts). Default: `<data dir>/files` for PGlite in a
   * folder; otherwise a temporary folder deleted on close (an in-memory or test gateway).
   * `{ s3 }`: a province's S3-compatible object storage (files/s3.ts), closed with the gateway.
   */
  files?: FileStore | { s3: S3FileStoreOptions };
  /** Every accepted chunk upload (`stored` false: a resend of a chunk already held). */
  onChunk?(info: { sha256: string; index: number; stored: boolean }): void;
  /** The feed page cache's bounds (store/feed-cache.ts; `maxBytes: 0` turns it off). */
  feedCache?: Partial<FeedCacheOptions>;
  /**
   * Garbage collection of abandoned uploads (store/maintenance.ts): `maxAgeDays` (default 30; 0:
   * off; `serve --file-gc-days`), and the schedule.
   */
  fileCollection?: Partial<Omit<FileCollectionOptions, 'log' | 'onError'>>;
}

export function defaultFileStore(storage: StorageOptions): FileStore {
  if (storage.kind === 'pglite' && storage.dataDir) return new DirectoryFileStore(join(storage.dataDir, 'files'));
  return temporaryDirectoryStore(mkdtempSync(join(tmpdir(), 'kiosk-gateway-files-')));
}

export interface Gateway {
  app: FastifyInstance;
  db: Db;
  meta: Meta;
  /** Built feed pages of this process (store/feed-cache.ts). */
  feedCache: FeedPageCache;
  /** Garbage collection of abandoned uploads: run now, or read the last run's counts. */
  fileCollection: FileCollector;
  /** Where attached files' bytes are kept (files/store.ts): support and tests look in it. */
  files: FileStore;
  /** Listens on host:port (port 0 = any) and returns the base URL. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops accepting, finishes in-flight requests, stops the outbox worker, closes storage. */
  close(): Promise<void>;
}

let memoryTemplate: Promise<Blob> | null = null;
/** A migrated, empty in-memory database, dumped once per process and reused as a template. */
export function migratedTemplate(): Promise<Blob> {
  memoryTemplate ??= (async () => {
    const db = (await openPglite()) as Db & { dump(): Promise<Blob> };
    await migrate(db);
    const blob = await db.dump();
    await db.close();
    return blob;
  })();
  return memoryTemplate;
}

export async function openStorage(storage: StorageOptions): Promise<Db> {
  const db = storage.kind === 'pg'
    ? await openPg(storage.url, storage.poolSize)
    : storage.dataDir ? await openPglite(storage.dataDir) : await openPglite(undefined, storage.template ?? await migratedTemplate());
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

export async function createGateway(opts: GatewayOptions): Promise<Gateway> {
  const db = await openStorage(opts.storage);
  const meta = await ensureMeta(db, opts.province);
  // Before serving: rows written by an older version get what this one feeds (store/citizen.ts,
  // store/staff.ts); one process at a time when several share a PostgreSQL database (db/jobs.ts).
  await exclusively(db, 'startup-upgrade', async () => {
    await backfillCitizenViews(db);
    await upgradeLegacyStaff(db);
  });
  const adapters = opts.adapters ?? [];
  const worker = adapters.length > 0
    ? startOutboxWorker(db, adapters, opts.outboxIntervalMs, opts.outboxBackoffMs, { claimMs: opts.outboxClaimMs })
    : null;
  let log: ((err: unknown) => void) | null = null;
  const maintenance = startMaintenance(db, { onError: (err) => log?.(err) });
  // The S3 client is loaded only for a gateway that uses it.
  const files = opts.files === undefined ? defaultFileStore(opts.storage)
    : 's3' in opts.files ? new (await import('./files/s3')).S3FileStore(opts.files.s3) : opts.files;
  const feedCache = new FeedPageCache({ ...DEFAULT_FEED_CACHE, ...opts.feedCache });
  const { app, inFlight, setClosing } = await buildServer({
    db, meta, hooks: opts.hooks ?? {}, files, feedCache, ...(opts.onChunk ? { onChunk: opts.onChunk } : {}),
    outbox: adapters.length > 0 ? outboxSink(adapters) : undefined,
    onAccepted: (applied) => {
      worker?.kick();
      maintenance.noteWrites(applied);
    },
  }, opts);
  log = (err) => app.log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'statistics refresh failed');
  // Counts only in the log: no file id, device or dossier.
  const fileCollection = startFileCollection(db, files, {
    ...opts.fileCollection,
    log: (fileGc) => app.log.info({ fileGc }, 'abandoned uploads collected'),
    onError: (err) => app.log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'collection of abandoned uploads failed'),
  });
  let closed: Promise<void> | null = null;
  return {
    app, db, meta, feedCache, fileCollection, files,
    async listen(port, host = '127.0.0.1') {
      await app.listen({ port, host });
      const addr = app.server.address();
      const p = typeof addr === 'object' && addr ? addr.port : port;
      return `${opts.tls ? 'https' : 'http'}://${host}:${p}`;
    },
    close() {
      closed ??= (async () => {
        setClosing();
        await app.close();
        // app.close() waits for open requests; this also covers handlers still inside a transaction.
        while (inFlight() > 0) await new Promise((r) => setTimeout(r, 10));
        await worker?.stop();
        await maintenance.close();
        // A page read ahead in the background finishes before its database closes.
        await feedCache.close();
        await fileCollection.close();
        await db.close();
        await files.close();
      })();
      return closed;
    },
  };
}
