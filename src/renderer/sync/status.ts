/**
 * The sync engine's observable state: a tiny store with the
 * `subscribe / getSnapshot` pair that React's `useSyncExternalStore` expects, and the numbers the
 * heartbeat reports to the province. Snapshots are immutable: a change makes a new object.
 */
import { httpStatusCode, type HttpStatusCode, type StorageErrorCode, type SyncFailureCode } from '../../shared/messages';

export type SyncPhase = 'idle' | 'pulling' | 'pushing' | 'offline' | 'error';

export interface SyncProblem {
  /** Machine code, translated by the UI (`syncProblemKey`, src/renderer/i18n/codes.ts). */
  code: SyncFailureCode | StorageErrorCode;
  /** The HTTP status of the answer, for `http-error`. */
  status?: number;
  message: string;
  at: number;
}

/** The code the heartbeat reports to the province: an answer without an error body as `http-<status>`. */
export function reportedCode(p: SyncProblem): SyncProblem['code'] | HttpStatusCode {
  return p.code === 'http-error' && p.status !== undefined ? httpStatusCode(p.status) : p.code;
}

export interface SyncStatus {
  phase: SyncPhase;
  /** Mutations not yet acknowledged by the gateway. */
  pending: number;
  /** Creation time of the oldest of them (epoch ms), null when none. */
  oldestPendingAt: number | null;
  /** Mutations the gateway rejected; they wait for staff ("needs attention"). */
  attention: number;
  /** Conflicts the gateway explained; local state already follows the server. */
  conflicts: number;
  /** Officers' signing keys the gateway refused to register: each officer must sign in again. */
  keyProblems: number;
  lastSuccessAt: number | null;
  lastError: SyncProblem | null;
  /** Next scheduled retry (epoch ms) while backing off. */
  retryAt: number | null;
  /** serverTime − localTime in ms, from the last heartbeat; null before the first. */
  clockSkewMs: number | null;
  /** The gateway no longer knows this device: a technician must enroll it again. */
  needsEnrollment: boolean;
  /** Storage refused a write (quota, backing store): shown as an alert until cleared. */
  storageAlert: SyncProblem | null;
  /**
   * What the device holds (docs/SYNC-PROTOCOL.md §4.2): `workingSet` once its first pass ended
   * (open and recent dossiers, catalog, holidays, staff); `backfill` the older dossiers fetched
   * since, null when there is none to fetch (a gateway without working sets, or not begun).
   */
  workingSet: boolean;
  backfill: BackfillProgress | null;
}

export interface BackfillProgress {
  /** Dossiers received by the backfill so far. */
  fetched: number;
  complete: boolean;
  /** The backfill's own last failure (it never fails the sync run), null after a success. */
  lastError: SyncProblem | null;
}

export const INITIAL_STATUS: SyncStatus = {
  phase: 'idle',
  pending: 0,
  oldestPendingAt: null,
  attention: 0,
  conflicts: 0,
  keyProblems: 0,
  lastSuccessAt: null,
  lastError: null,
  retryAt: null,
  clockSkewMs: null,
  needsEnrollment: false,
  storageAlert: null,
  workingSet: false,
  backfill: null,
};

/** Skew beyond which the technician is warned (a receipt's time would be visibly wrong). */
export const SKEW_WARNING_MS = 2 * 60_000;

export class StatusStore {
  private snapshot: SyncStatus = INITIAL_STATUS;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SyncStatus => this.snapshot;

  update(patch: Partial<SyncStatus>): void {
    let changed = false;
    for (const key of Object.keys(patch) as (keyof SyncStatus)[]) {
      if (!Object.is(patch[key], this.snapshot[key])) changed = true;
    }
    if (!changed) return;
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of [...this.listeners]) l();
  }
}

export function skewWarning(status: SyncStatus): boolean {
  return status.clockSkewMs !== null && Math.abs(status.clockSkewMs) > SKEW_WARNING_MS;
}
