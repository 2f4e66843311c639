/**
 * Locks the counter session after a quiet spell (docs/RELIABILITY.md item 24: staff actions need a signed-in
 * person; an officer who walks away must not leave the counter open). Touch, click, key and scan
 * count as activity; the caller pokes for scans.
 */
import { useCallback, useEffect, useRef } from 'react';

/** Five minutes: long enough for a citizen hunting for a paper, short enough for a coffee break. */
export const DEFAULT_LOCK_MS = 5 * 60_000;
const ACTIVITY = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

export function useIdleLock(active: boolean, ms: number, onLock: () => void): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lock = useRef(onLock);
  useEffect(() => { lock.current = onLock; });

  const arm = useCallback(() => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    if (active) timer.current = setTimeout(() => lock.current(), ms);
  }, [active, ms]);

  useEffect(() => {
    arm();
    if (!active) return undefined;
    for (const e of ACTIVITY) window.addEventListener(e, arm, { capture: true, passive: true });
    return () => {
      if (timer.current !== null) clearTimeout(timer.current);
      for (const e of ACTIVITY) window.removeEventListener(e, arm, { capture: true });
    };
  }, [active, arm]);

  return arm;
}
