/**
 * Storage loss at start (docs/ARCHITECTURE.md, "Detecting a broken or evicted database"): a
 * kiosk database that fails to open as corrupt is deleted and opened fresh; a database that opens
 * without the device identity while the host's storage marker names the enrolled device was
 * evicted or cleared. Either way the sync pulls from scratch (a new identity in the database), the
 * journal is replayed (src/renderer/db/journal.ts), the host records the recovery (shown in the
 * technician console) and the staff see a notice (`RecoveryNotice`).
 */
import type { CallInput, CallName, CallOutput } from '../../shared/bridge/contract';
import { openKioskDb, type OpenResult } from '../db/database';
import { classifyStorageError } from '../db/storage';
import type { ReconcileResult } from '../db/journal';

export type LossReason = 'corrupt' | 'empty';

export interface RecoveryState {
  reason: LossReason;
  at: number;
  /** Mutations re-queued from the journal; null while the journal is being reconciled. */
  requeued: number | null;
}

let state: RecoveryState | null = null;
const listeners = new Set<() => void>();

export function recoveryState(): RecoveryState | null {
  return state;
}

export function subscribeRecovery(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function setRecoveryState(next: RecoveryState | null): void {
  state = next;
  for (const l of [...listeners]) l();
}

interface Bridge {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
}

/** How long the start waits for the host to keep a broken database before replacing it anyway. */
export const KEEP_BROKEN_MS = 30_000;

/**
 * Asks the host to keep the broken storage for support (`storage.keepBroken`) before it is
 * deleted; a host that cannot, or does not answer in time, does not stop the recovery.
 */
export async function keepBroken(kiosk: Bridge, reason: LossReason, detail: string, ms = KEEP_BROKEN_MS): Promise<CallOutput<'storage.keepBroken'> | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), ms); });
  try {
    return await Promise.race([kiosk.call('storage.keepBroken', { reason, detail: detail.slice(0, 500) }).catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Opens the kiosk database; one that fails as corrupt is kept for support (`keep`: the host
 * copies what it can), deleted and opened once more (a second failure is reported as before).
 * `lost` says whether that happened.
 */
export async function openOrRecover(
  name = 'kiosk',
  open: (n: string) => Promise<OpenResult> = (n) => openKioskDb(n),
  keep: (detail: string) => Promise<unknown> = async () => undefined,
): Promise<OpenResult & { lost: LossReason | null }> {
  try {
    return { ...(await open(name)), lost: null };
  } catch (err) {
    const classified = classifyStorageError(err);
    if (classified.code !== 'storage-corrupt') throw err;
    console.warn('kiosk database does not open (corrupt): keeping it for support, then starting a fresh one');
    await keep(classified.detail).catch(() => undefined);
    await new Promise<void>((resolve) => {
      const req = indexedDB.deleteDatabase(name);
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    });
    return { ...(await open(name)), lost: 'corrupt' };
  }
}

/**
 * Decides whether the database was lost: `opened` (a corrupt one replaced), or no identity in it
 * while the host's marker names `deviceId` (evicted or cleared). Records `deviceId` as the
 * identity this database holds from now on.
 */
export async function detectLoss(kiosk: Bridge, opts: { lost: LossReason | null; knownDevice: string | null; deviceId: string; brokenBefore?: boolean }): Promise<LossReason | null> {
  const before = await kiosk.call('storage.marker', { device: opts.deviceId }).catch(() => null);
  if (opts.lost) return opts.lost;
  // Files the host found broken before the open (storage.check): Chromium replaced them by an
  // empty database, so the loss was a corruption, not an eviction.
  return opts.knownDevice === null && before?.device === opts.deviceId ? (opts.brokenBefore ? 'corrupt' : 'empty') : null;
}

/**
 * Asks the host to look at the browser's files before the database is opened (`storage.check`):
 * files broken for certain are kept then, since Chromium destroys them at open. Never stops the
 * start: a host that cannot look, or does not answer in time, answers null.
 */
export async function checkBeforeOpen(kiosk: Bridge, ms = KEEP_BROKEN_MS): Promise<CallOutput<'storage.check'> | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), ms); });
  try {
    return await Promise.race([kiosk.call('storage.check', {}).catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Shows the notice now, and records the recovery with the host once the journal was reconciled. */
export function beginRecovery(kiosk: Bridge, reason: LossReason, now = Date.now()): (r: ReconcileResult) => void {
  setRecoveryState({ reason, at: now, requeued: null });
  let done = false;
  return (r) => {
    if (done) return;
    done = true;
    setRecoveryState({ reason, at: now, requeued: r.requeued });
    void kiosk.call('storage.marker', { recovery: { at: now, reason, requeued: r.requeued } }).catch(() => undefined);
  };
}
