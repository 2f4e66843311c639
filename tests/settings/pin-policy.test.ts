import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  afterFailure, afterSuccess, checkAttempt, DEFAULT_PIN_POLICY as P, lockDelayMs, NO_FAILURES, type PinLockState,
} from '../../src/shared/settings';

const T0 = 1_800_000_000_000;

describe('PIN lockout policy', () => {
  it('gives 3 free tries, then 30 s doubling up to 15 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((n) => lockDelayMs(n))).toEqual(
      [0, 0, 30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000]);
  });

  it('locks after the third wrong PIN and refuses attempts until the delay has passed', () => {
    let s: PinLockState = NO_FAILURES;
    for (let i = 0; i < 2; i++) s = afterFailure(s, T0);
    expect(checkAttempt(s, T0)).toEqual({ allowed: true, triesLeft: 1 });
    s = afterFailure(s, T0);
    expect(checkAttempt(s, T0 + 29_999)).toEqual({ allowed: false, retryAt: T0 + 30_000 });
    expect(checkAttempt(s, T0 + 30_000)).toEqual({ allowed: true, triesLeft: 0 });
    s = afterFailure(s, T0 + 30_000);
    expect(checkAttempt(s, T0 + 30_000)).toEqual({ allowed: false, retryAt: T0 + 90_000 });
  });

  it('clears on a right PIN and forgets failures after a quiet day', () => {
    let s = afterFailure(afterFailure(NO_FAILURES, T0), T0);
    expect(afterSuccess()).toEqual(NO_FAILURES);
    expect(checkAttempt(s, T0 + P.forgetAfterMs + 1)).toEqual({ allowed: true, triesLeft: 3 });
    s = afterFailure(s, T0 + P.forgetAfterMs + 1);
    expect(s.failures).toBe(1);
  });

  it('caps a lock that a clock jumping backwards would stretch', () => {
    const s = afterFailure(afterFailure(afterFailure(NO_FAILURES, T0), T0), T0);
    const yearEarlier = T0 - 365 * 86_400_000;
    const check = checkAttempt(s, yearEarlier);
    expect(check).toEqual({ allowed: false, retryAt: yearEarlier + P.maxDelayMs });
  });

  it('never lets more than 3 wrong PINs through in any 30 s, whatever the timing', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 40_000 }), { minLength: 1, maxLength: 60 }), (gaps) => {
      let s: PinLockState = NO_FAILURES;
      let t = T0;
      const tried: number[] = [];
      for (const g of gaps) {
        t += g;
        if (checkAttempt(s, t).allowed) { tried.push(t); s = afterFailure(s, t); }
      }
      // Beyond the free tries, consecutive accepted attempts are at least the growing delay apart.
      for (let i = P.freeTries; i < tried.length; i++) {
        expect(tried[i]! - tried[i - 1]!).toBeGreaterThanOrEqual(lockDelayMs(i, P));
      }
    }));
  });
});
