import type { KioskDb } from '../db/database';
import type { StatusStore } from './status';
import type { SyncTransport } from './transport';
import type { LinkEstimator } from './link';

/** What one sync run's steps share (built by the engine). */
export interface RunContext {
  db: KioskDb;
  transport: SyncTransport;
  status: StatusStore;
  batchSize: number;
  pageSize: number;
  /** Deadline of a small request, from the line's estimate. */
  requestTimeoutMs: number;
  /** The line's estimator: deadlines, page and batch sizes (link.ts). */
  link: LinkEstimator;
  /** Ask a pass from scratch for the working set (docs/SYNC-PROTOCOL.md §4.2); null: the whole feed. */
  workingSet: { days: number; backfillDays: number | null } | null;
  appVersion: string;
  /** Server-corrected clock (epoch ms). */
  now(): number;
  /** Device clock (epoch ms), possibly wrong. */
  localNow(): number;
  refreshCounts(): Promise<void>;
  /** A `serverTime` seen in an answer (refines the skew estimate only via the heartbeat). */
  observeServerTime(iso: string): void;
}
