/**
 * Staff PIN check, offline: the gateway distributes each staff member's PBKDF2-HMAC-SHA256 hash
 * (src/shared/protocol PinHash, made by src/gateway/crypto.ts) and the kiosk verifies it with
 * WebCrypto. Wrong PINs lock sign-in with a growing delay — the technician console's policy
 * (src/shared/settings/pin-policy), one rule for both — with the state kept in the database so a
 * reload or a power cut does not hand out fresh tries. The lock is per device, not per account:
 * someone guessing would otherwise just switch to the next name in the list.
 */
import type { DeviceIdentity, PinHash, Staff } from '../../shared/protocol';
import {
  afterFailure, afterSuccess, checkAttempt, NO_FAILURES, PIN_PATTERN, PinLockState, type AttemptCheck,
} from '../../shared/settings/pin-policy';
import { META, type KioskDb, type StaffKeyRow } from '../db/database';
import { fromBase64 } from '../trust/base64';
import { createOfficerKey, openOfficerKey, pinMaterial, proofKey, type KeyVault, type OfficerSigner } from '../trust/officer-key';

export const PIN_LOCK_META = 'counter.pinLock';

/** Constant-time over the hash length: the comparison must not say how many bytes matched. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

async function verifyWith(material: CryptoKey, h: PinHash): Promise<boolean> {
  if (h.alg !== 'pbkdf2-sha256') return false;
  const expected = fromBase64(h.hash);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(h.salt), iterations: h.iterations },
    material,
    expected.length * 8,
  );
  return sameBytes(new Uint8Array(bits), expected);
}

export async function verifyPin(pin: string, h: PinHash): Promise<boolean> {
  return verifyWith(await pinMaterial(pin), h);
}

export async function readLock(db: KioskDb): Promise<PinLockState> {
  const parsed = PinLockState.safeParse(await db.getMeta(PIN_LOCK_META));
  return parsed.success ? parsed.data : NO_FAILURES;
}

export type SignInResult =
  | { ok: true; staff: Staff; signer: OfficerSigner | null }
  | { ok: false; reason: 'locked'; retryAt: number }
  | { ok: false; reason: 'wrong-pin'; triesLeft: number; retryAt: number | null }
  | { ok: false; reason: 'unknown-staff' | 'bad-format' };

/**
 * One sign-in attempt, entirely offline. A refused attempt while locked is not counted (it cannot
 * be verified). With a key vault (the host's `keys.seal` / `keys.open`), a right PIN also gives
 * the session the officer's signing key for this device: the stored one, opened; or, at the
 * officer's first sign-in here (or when the old one cannot be used), a new one with its
 * registration proof, which the sync engine registers with the gateway. The proof's PBKDF2
 * derivation runs alongside the PIN check, so a first sign-in costs about one derivation's time.
 */
export async function signIn(db: KioskDb, staffId: string, pin: string, now: number, keys?: KeyVault): Promise<SignInResult> {
  const lock = await readLock(db);
  const check: AttemptCheck = checkAttempt(lock, now);
  if (!check.allowed) return { ok: false, reason: 'locked', retryAt: check.retryAt };
  if (!PIN_PATTERN.test(pin)) return { ok: false, reason: 'bad-format' };
  const staff = await db.staff.get(staffId);
  if (!staff || !staff.active) return { ok: false, reason: 'unknown-staff' };
  const identity = keys ? await db.getMeta<DeviceIdentity>(META.identity) : undefined;
  const stored = identity ? await db.staffKeys.get(staff.id) : undefined;
  const usable: StaffKeyRow | undefined = stored && stored.deviceId === identity?.deviceId && !stored.failure ? stored : undefined;
  const material = await pinMaterial(pin);
  // Needed only for a new key; derived while the PIN is checked (WebCrypto runs both off-thread).
  const proof = identity && !usable && staff.proofSalt ? proofKey(material, staff.proofSalt) : null;
  proof?.catch(() => undefined);
  if (await verifyWith(material, staff.pin)) {
    await db.setMeta(PIN_LOCK_META, afterSuccess());
    await db.audit.add({ at: now, kind: 'action', action: 'staff.signIn', staffId: staff.id });
    const signer = keys && identity ? await sessionKey(db, keys, staff, identity.deviceId, usable, () => proof ?? proofKey(material, staff.proofSalt), now) : null;
    return { ok: true, staff, signer };
  }
  const next = afterFailure(lock, now);
  await db.setMeta(PIN_LOCK_META, next);
  await db.audit.add({ at: now, kind: 'action', action: 'staff.signInFailed', staffId: staff.id });
  const after = checkAttempt(next, now);
  return after.allowed
    ? { ok: false, reason: 'wrong-pin', triesLeft: after.triesLeft, retryAt: null }
    : { ok: false, reason: 'wrong-pin', triesLeft: 0, retryAt: after.retryAt };
}

/** The officer's key for this session: the stored one if this host can open it, else a new one. */
async function sessionKey(
  db: KioskDb, keys: KeyVault, staff: Staff, deviceId: string, usable: StaffKeyRow | undefined,
  proof: () => Promise<CryptoKey>, now: number,
): Promise<OfficerSigner | null> {
  if (usable) {
    const opened = await openOfficerKey(usable, keys);
    if (opened) return opened;
  }
  if (!staff.proofSalt) return null;
  const made = await createOfficerKey({ vault: keys, staffId: staff.id, deviceId, proofKey: await proof(), now: Date.now() });
  await db.transaction('rw', [db.staffKeys, db.audit], async () => {
    await db.staffKeys.put(made.row);
    await db.audit.add({ at: now, kind: 'action', action: 'staff.keyCreated', staffId: staff.id, detail: made.row.keyId });
  });
  // Wakes the sync engine: the new key is registered before anything it signs is sent.
  db.notifyQueued();
  return made.signer;
}
