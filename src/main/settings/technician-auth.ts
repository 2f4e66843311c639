/**
 * The technician console's PIN (docs/RELIABILITY.md item 24): set on first run, then required to unlock the
 * console, with the lockout policy of src/shared/settings/pin-policy.ts. The lockout state is its
 * own small file next to the settings, written before each PIN is checked, so neither a restart nor
 * a power cut during the check gives out a free try.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  afterFailure, afterSuccess, checkAttempt, currentLockState, DEFAULT_PIN_POLICY, NO_FAILURES, PIN_PATTERN,
  PinLockState, type PinPolicy, type TechnicianStatus, type UnlockResult,
} from '../../shared/settings';
import { atomicWriteFile } from './atomic-file';
import { ServiceError, noLog, type LogFn } from './errors';
import { DEFAULT_SCRYPT, hashPin, isGuessablePin, verifyPin, type ScryptParams } from './pin-hash';
import type { SettingsStore } from './store';

export interface TechnicianAuthOptions {
  now?: () => number;
  policy?: PinPolicy;
  /** How long an unlocked console stays open without a technician call (sliding). */
  sessionMs?: number;
  scrypt?: ScryptParams;
  log?: LogFn;
}

const LOCK_FILE = 'technician-lock.json';
/** Long enough to walk through the console, short enough that a kiosk left unlocked closes itself. */
const DEFAULT_SESSION_MS = 10 * 60_000;

export class TechnicianAuth {
  private lockState: PinLockState;
  private unlockedUntil = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private readonly policy: PinPolicy;
  private readonly sessionMs: number;
  private readonly scrypt: ScryptParams;
  private readonly log: LogFn;
  private readonly lockFile: string;

  private constructor(private readonly store: SettingsStore, opts: TechnicianAuthOptions, state: PinLockState) {
    this.now = opts.now ?? Date.now;
    this.policy = opts.policy ?? DEFAULT_PIN_POLICY;
    this.sessionMs = opts.sessionMs ?? DEFAULT_SESSION_MS;
    this.scrypt = opts.scrypt ?? DEFAULT_SCRYPT;
    this.log = opts.log ?? noLog;
    this.lockFile = join(store.dir, LOCK_FILE);
    this.lockState = state;
  }

  static async open(store: SettingsStore, opts: TechnicianAuthOptions = {}): Promise<TechnicianAuth> {
    const policy = opts.policy ?? DEFAULT_PIN_POLICY;
    const now = (opts.now ?? Date.now)();
    let state: PinLockState = NO_FAILURES;
    try {
      const parsed = PinLockState.safeParse(JSON.parse(await readFile(join(store.dir, LOCK_FILE), 'utf8')));
      // An unreadable lock file counts as "free tries used up", not as a fresh start.
      state = parsed.success ? parsed.data : { failures: policy.freeTries, lockedUntil: 0, lastFailureAt: now };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') state = { failures: policy.freeTries, lockedUntil: 0, lastFailureAt: now };
    }
    return new TechnicianAuth(store, opts, state);
  }

  status(): TechnicianStatus {
    const now = this.now();
    const check = checkAttempt(this.lockState, now, this.policy);
    return {
      pinSet: this.store.get().technicianPin !== null,
      unlocked: this.isUnlocked(),
      retryAt: check.allowed ? null : check.retryAt,
      triesLeft: check.allowed ? check.triesLeft : 0,
    };
  }

  isUnlocked(): boolean {
    return this.unlockedUntil > this.now();
  }

  /** Grants a call that requires the technician (the dispatcher asks, see the contract's `requires`):
   * throws `technician-locked` unless unlocked, and extends the session. */
  requireUnlocked(): void {
    if (!this.isUnlocked()) throw new ServiceError('technician-locked', 'the technician console is locked');
    this.unlockedUntil = this.now() + this.sessionMs;
  }

  lock(): void {
    this.unlockedUntil = 0;
  }

  unlock(pin: string): Promise<UnlockResult> {
    return this.serial(() => this.attempt(pin));
  }

  /**
   * First run: sets the PIN without a current one and unlocks. Afterwards the current PIN is
   * required (checked under the same lockout as `unlock`).
   */
  setPin(pin: string, currentPin?: string): Promise<TechnicianStatus> {
    return this.serial(async () => {
      if (!PIN_PATTERN.test(pin) || isGuessablePin(pin)) {
        throw new ServiceError('pin-format', 'the PIN must be 6 to 12 digits, not one repeated digit or a run');
      }
      if (this.store.get().technicianPin !== null) {
        if (currentPin === undefined) throw new ServiceError('pin-already-set', 'the current PIN is required');
        const r = await this.attempt(currentPin);
        if (!r.ok) throw new ServiceError(r.code, r.code === 'pin-locked' ? 'locked out: try later' : 'wrong PIN');
      }
      await this.store.setTechnicianPin(await hashPin(pin, this.now(), this.scrypt));
      await this.saveLock(afterSuccess());
      this.unlockedUntil = this.now() + this.sessionMs;
      this.log('technician PIN set');
      return this.status();
    });
  }

  private async attempt(pin: string): Promise<UnlockResult> {
    const record = this.store.get().technicianPin;
    if (record === null) return { ok: false, code: 'pin-not-set', retryAt: null, triesLeft: this.policy.freeTries };
    const now = this.now();
    const check = checkAttempt(this.lockState, now, this.policy);
    if (!check.allowed) return { ok: false, code: 'pin-locked', retryAt: check.retryAt, triesLeft: 0 };
    // Count the attempt as wrong before checking it; a right PIN clears it just after.
    const before = currentLockState(this.lockState, now, this.policy);
    const failed = afterFailure(before, now, this.policy);
    await this.saveLock(failed);
    const ok = typeof pin === 'string' && pin.length <= 64 && (await verifyPin(pin, record));
    if (ok) {
      await this.saveLock(afterSuccess());
      this.unlockedUntil = this.now() + this.sessionMs;
      this.log('technician console unlocked');
      return { ok: true, unlockedUntil: this.unlockedUntil };
    }
    this.log('technician PIN wrong', { failures: failed.failures, locked: failed.lockedUntil > now });
    const after = checkAttempt(failed, now, this.policy);
    return after.allowed
      ? { ok: false, code: 'pin-wrong', retryAt: null, triesLeft: after.triesLeft }
      : { ok: false, code: 'pin-wrong', retryAt: after.retryAt, triesLeft: 0 };
  }

  private async saveLock(state: PinLockState): Promise<void> {
    this.lockState = state;
    await atomicWriteFile(this.lockFile, JSON.stringify(state) + '\n', { mode: 0o600 });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
