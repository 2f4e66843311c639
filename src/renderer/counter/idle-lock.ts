/**
 * Locks the counter session after a quiet spell (docs/RELIABILITY.md item 24: staff actions need a signed-in
 * person; an officer who walks away must not leave the counter open). Touch, click, key and scan
 * count as activity; the caller pokes for scans. Before it locks, it warns (WCAG 2.2.1: at least
 * 20 seconds to carry on with one simple action): `warning` is true from `warnMs` before the lock
 * until the next activity.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

/** Five minutes: long enough for a citizen hunting for a paper, short enough for a coffee break. */
export const DEFAULT_LOCK_MS = 5 * 60_000;
/** The warning shows this long before the lock (half the quiet spell when that is shorter). */
export const LOCK_WARNING_MS = 20_000;
const ACTIVITY = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

export interface IdleLock {
  /** Activity the window's events do not show (a scan): starts the quiet spell again. */
  poke(): void;
  /** The lock comes soon: any activity (or `poke`) takes the warning away. */
  warning: boolean;
}

export function useIdleLock(active: boolean, ms: number, onLock: () => void, warnMs = LOCK_WARNING_MS): IdleLock {
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);
  const lock = useRef(onLock);
  const [warning, setWarning] = useState(false);
  useEffect(() => { lock.current = onLock; });

  const arm = useCallback(() => {
    for (const t of timers.current) clearTimeout(t);
    timers.current = [];
    setWarning(false);
    if (!active) return;
    const before = Math.min(warnMs, ms / 2);
    timers.current = [
      setTimeout(() => setWarning(true), ms - before),
      setTimeout(() => { setWarning(false); lock.current(); }, ms),
    ];
  }, [active, ms, warnMs]);

  useEffect(() => {
    arm();
    if (!active) return undefined;
    for (const e of ACTIVITY) window.addEventListener(e, arm, { capture: true, passive: true });
    return () => {
      for (const t of timers.current) clearTimeout(t);
      timers.current = [];
      for (const e of ACTIVITY) window.removeEventListener(e, arm, { capture: true });
    };
  }, [active, arm]);

  return { poke: arm, warning: active && warning };
}
