/**
 * Idle reset for a shared public screen (docs/RELIABILITY.md item 20, WCAG 2.2.1 "Timing Adjustable"): after
 * a quiet spell a warning with a one-touch "continue" shows for at least 20 s, then the screen
 * clears. Any touch, click, key or scan counts as activity.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

/** WCAG 2.2.1: the user gets at least 20 seconds to extend the time limit. */
export const IDLE_WARNING_MS = 20_000;
/** Settings allow 30 s at least (src/shared/settings/schema MIN_IDLE_SECONDS): 10 s of reading
 * before the 20 s warning; shorter would warn a citizen who has not finished a sentence. */
export const MIN_IDLE_MS = 30_000;
export const DEFAULT_IDLE_MS = 60_000;

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

export interface IdleState {
  warning: boolean;
  /** Whole seconds until the reset while warning. */
  secondsLeft: number;
  /** Restart the quiet period (activity, a scan, "continue"). */
  keepAlive(): void;
}

export function useIdle(opts: { active: boolean; timeoutMs: number; onReset: () => void; target?: Window }): IdleState {
  const { active } = opts;
  const timeoutMs = Math.max(MIN_IDLE_MS, Number.isFinite(opts.timeoutMs) ? opts.timeoutMs : DEFAULT_IDLE_MS);
  const [warning, setWarning] = useState(false);
  const [secondsLeft, setSecondsLeft] = useState(IDLE_WARNING_MS / 1000);
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);
  const onReset = useRef(opts.onReset);
  const isActive = useRef(active);
  useEffect(() => {
    onReset.current = opts.onReset;
    isActive.current = active;
  });

  const clear = useCallback(() => {
    for (const t of timers.current) clearTimeout(t);
    timers.current = [];
  }, []);

  const arm = useCallback(() => {
    clear();
    // Nothing personal on screen (attract): nothing to clear, no warning to show.
    if (!isActive.current) return;
    setWarning(false);
    setSecondsLeft(IDLE_WARNING_MS / 1000);
    const warnAt = timeoutMs - IDLE_WARNING_MS;
    timers.current.push(setTimeout(() => setWarning(true), warnAt));
    // One timer per second of the countdown: exact under fake timers, no drift to accumulate.
    for (let s = IDLE_WARNING_MS / 1000 - 1; s >= 1; s -= 1) {
      timers.current.push(setTimeout(() => setSecondsLeft(s), timeoutMs - s * 1000));
    }
    timers.current.push(setTimeout(() => {
      clear();
      setWarning(false);
      onReset.current();
    }, timeoutMs));
  }, [clear, timeoutMs]);

  useEffect(() => {
    isActive.current = active;
    if (!active) {
      clear();
      setWarning(false);
      return undefined;
    }
    arm();
    const win = opts.target ?? window;
    const onActivity = (): void => arm();
    for (const e of ACTIVITY_EVENTS) win.addEventListener(e, onActivity, { capture: true, passive: true });
    return () => {
      clear();
      for (const e of ACTIVITY_EVENTS) win.removeEventListener(e, onActivity, { capture: true });
    };
  }, [active, arm, clear, opts.target]);

  return { warning, secondsLeft, keepAlive: arm };
}
