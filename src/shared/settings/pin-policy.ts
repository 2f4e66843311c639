/**
 * Technician PIN lockout (docs/RELIABILITY.md item 24), as a pure policy over a small persisted state so that
 * switching the kiosk off at the wall does not hand out fresh tries.
 *
 * After `freeTries` wrong PINs in a row, each further wrong PIN locks the console for a delay that
 * doubles from `baseDelayMs` up to `maxDelayMs`. A right PIN clears the count; so does a day without
 * wrong PINs (a citizen poking at the console last month should not cost the technician 15 minutes).
 */
import { z } from 'zod';

export interface PinPolicy {
  freeTries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
}

/** 3 tries cover a mistyped PIN twice; 30 s → 15 min makes guessing a 6-digit PIN take years. */
export const DEFAULT_PIN_POLICY: PinPolicy = {
  freeTries: 3,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 24 * 60 * 60_000,
};

export const PinLockState = z.object({
  failures: z.number().int().min(0),
  lockedUntil: z.number(),
  lastFailureAt: z.number(),
});
export type PinLockState = z.infer<typeof PinLockState>;

export const NO_FAILURES: PinLockState = { failures: 0, lockedUntil: 0, lastFailureAt: 0 };

/** The PIN format: digits only (the console has a numeric keypad), 6 to 12 of them. */
export const PIN_PATTERN = /^\d{6,12}$/;

/** PINs a passer-by tries first: one repeated digit, or a run up or down ("123456", "987654"). */
export function isGuessablePin(pin: string): boolean {
  const d = [...pin].map(Number);
  const same = d.every((x) => x === d[0]);
  const step = (k: number) => d.every((x, i) => i === 0 || x === ((d[i - 1]! + k + 10) % 10));
  return same || step(1) || step(-1);
}

/**
 * What is wrong with a new PIN (technician or staff: one rule): `format` (not 6 to 12 digits) or
 * `guessable` (one repeated digit or a run); null when it may be used.
 */
export function pinProblem(pin: string): 'format' | 'guessable' | null {
  if (!PIN_PATTERN.test(pin)) return 'format';
  return isGuessablePin(pin) ? 'guessable' : null;
}

/** Lock time after the `failures`-th wrong PIN in a row (0 while tries are free). */
export function lockDelayMs(failures: number, policy: PinPolicy = DEFAULT_PIN_POLICY): number {
  if (failures < policy.freeTries) return 0;
  const doublings = failures - policy.freeTries;
  // 2^doublings overflows to Infinity long after the cap, so Math.min keeps it finite.
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(doublings, 40));
}

/**
 * The state as of `now`: forgets old failures, and pulls a lock that ends further ahead than the
 * longest delay back to `now + maxDelayMs` (the clock jumped back, e.g. a flat RTC battery).
 */
export function currentLockState(state: PinLockState, now: number, policy: PinPolicy = DEFAULT_PIN_POLICY): PinLockState {
  if (state.failures > 0 && now - state.lastFailureAt > policy.forgetAfterMs && now >= state.lockedUntil) return NO_FAILURES;
  if (state.lockedUntil > now + policy.maxDelayMs) return { ...state, lockedUntil: now + policy.maxDelayMs, lastFailureAt: now };
  return state;
}

export type AttemptCheck = { allowed: true; triesLeft: number } | { allowed: false; retryAt: number };

/** Whether a PIN may be tried at all now; refused attempts are not counted. */
export function checkAttempt(state: PinLockState, now: number, policy: PinPolicy = DEFAULT_PIN_POLICY): AttemptCheck {
  const s = currentLockState(state, now, policy);
  if (s.lockedUntil > now) return { allowed: false, retryAt: s.lockedUntil };
  return { allowed: true, triesLeft: Math.max(0, policy.freeTries - s.failures) };
}

export function afterFailure(state: PinLockState, now: number, policy: PinPolicy = DEFAULT_PIN_POLICY): PinLockState {
  const s = currentLockState(state, now, policy);
  const failures = s.failures + 1;
  const delay = lockDelayMs(failures, policy);
  return { failures, lockedUntil: delay > 0 ? now + delay : 0, lastFailureAt: now };
}

export function afterSuccess(): PinLockState {
  return NO_FAILURES;
}
