/**
 * Staff PIN check, offline: the gateway distributes each staff member's PBKDF2-HMAC-SHA256 hash
 * (src/shared/protocol PinHash, made by src/gateway/crypto.ts) and the kiosk verifies it with
 * WebCrypto. Wrong PINs lock sign-in with a growing delay — the technician console's policy
 * (src/shared/settings/pin-policy), one rule for both — with the state kept in the database so a
 * reload or a power cut does not hand out fresh tries. The lock is per device, not per account:
 * someone guessing would otherwise just switch to the next name in the list.
 */
import type { PinHash, Staff } from '../../shared/protocol';
import {
  afterFailure, afterSuccess, checkAttempt, NO_FAILURES, PinLockState, type AttemptCheck,
} from '../../shared/settings/pin-policy';
import type { KioskDb } from '../db/database';

export const PIN_LOCK_META = 'counter.pinLock';
/** Staff PINs are 4 to 12 digits (the demo and most communes use 4–6). */
export const STAFF_PIN_PATTERN = /^\d{4,12}$/;

function fromBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i += 1) out[i] = bin.charCodeAt(i);
  return out;
}

/** Constant-time over the hash length: the comparison must not say how many bytes matched. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export async function verifyPin(pin: string, h: PinHash): Promise<boolean> {
  if (h.alg !== 'pbkdf2-sha256') return false;
  const expected = fromBase64(h.hash);
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(h.salt), iterations: h.iterations },
    key,
    expected.length * 8,
  );
  return sameBytes(new Uint8Array(bits), expected);
}

export async function readLock(db: KioskDb): Promise<PinLockState> {
  const parsed = PinLockState.safeParse(await db.getMeta(PIN_LOCK_META));
  return parsed.success ? parsed.data : NO_FAILURES;
}

export type SignInResult =
  | { ok: true; staff: Staff }
  | { ok: false; reason: 'locked'; retryAt: number }
  | { ok: false; reason: 'wrong-pin'; triesLeft: number; retryAt: number | null }
  | { ok: false; reason: 'unknown-staff' | 'bad-format' };

/** One sign-in attempt. A refused attempt while locked is not counted (it cannot be verified). */
export async function signIn(db: KioskDb, staffId: string, pin: string, now: number): Promise<SignInResult> {
  const lock = await readLock(db);
  const check: AttemptCheck = checkAttempt(lock, now);
  if (!check.allowed) return { ok: false, reason: 'locked', retryAt: check.retryAt };
  if (!STAFF_PIN_PATTERN.test(pin)) return { ok: false, reason: 'bad-format' };
  const staff = await db.staff.get(staffId);
  if (!staff || !staff.active) return { ok: false, reason: 'unknown-staff' };
  if (await verifyPin(pin, staff.pin)) {
    await db.setMeta(PIN_LOCK_META, afterSuccess());
    await db.audit.add({ at: now, kind: 'action', action: 'staff.signIn', staffId: staff.id });
    return { ok: true, staff };
  }
  const next = afterFailure(lock, now);
  await db.setMeta(PIN_LOCK_META, next);
  await db.audit.add({ at: now, kind: 'action', action: 'staff.signInFailed', staffId: staff.id });
  const after = checkAttempt(next, now);
  return after.allowed
    ? { ok: false, reason: 'wrong-pin', triesLeft: after.triesLeft, retryAt: null }
    : { ok: false, reason: 'wrong-pin', triesLeft: 0, retryAt: after.retryAt };
}
