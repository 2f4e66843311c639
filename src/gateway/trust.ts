/**
 * The gateway's cryptography of accountable staff actions (src/shared/protocol/trust.ts,
 * docs/SECURITY.md): an officer's PIN verifier and proof key, the proof that registers a signing
 * key, and the verification of a mutation's signature. Pure CPU, no storage.
 */
import { createHash, createHmac, createPublicKey, pbkdf2, randomBytes, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import {
  proofText, signedText, STAFF_PIN_ITERATIONS, thumbprintInput, type MutationEnvelope, type PinHash, type PublicJwk,
} from '../shared/protocol';

const pbkdf2Async = promisify(pbkdf2);

/** What setting a PIN produces: the verifier counters receive, the public proof salt, and the proof key only the gateway keeps. */
export interface StaffSecrets { pin: PinHash; proofSalt: string; proofKey: string }

/** PBKDF2-SHA256 of a PIN's UTF-8 bytes, 32 bytes. On libuv's thread pool: 600,000 iterations take ~150 ms. */
export const pbkdf2Pin = (pin: string, salt: Buffer, iterations: number): Promise<Buffer> =>
  pbkdf2Async(Buffer.from(pin, 'utf8'), salt, iterations, 32, 'sha256');

/**
 * A new PIN's secrets: a verifier with a fresh random salt, a fresh proof salt, and the proof key
 * PBKDF2(PIN, proofSalt). The two salts differ, so the verifier (on counters) says nothing of the
 * proof key beyond what guessing the PIN gives.
 */
export async function staffSecrets(pin: string, iterations = STAFF_PIN_ITERATIONS): Promise<StaffSecrets> {
  const salt = randomBytes(16);
  const proofSalt = randomBytes(18).toString('base64url');
  const [hash, proofKey] = await Promise.all([pbkdf2Pin(pin, salt, iterations), proofKeyOf(pin, proofSalt, iterations)]);
  return {
    pin: { alg: 'pbkdf2-sha256', iterations, salt: salt.toString('base64'), hash: hash.toString('base64') },
    proofSalt,
    proofKey: proofKey.toString('base64'),
  };
}

/** PBKDF2-SHA256(PIN, proofSalt as UTF-8, iterations, 32 bytes). */
export const proofKeyOf = (pin: string, proofSalt: string, iterations = STAFF_PIN_ITERATIONS): Promise<Buffer> =>
  pbkdf2Pin(pin, Buffer.from(proofSalt, 'utf8'), iterations);

/** base64url HMAC-SHA256(proofKey, proofText(deviceId, staffId, keyId)): what a counter sends to register a key. */
export function proofOf(proofKey: Buffer, deviceId: string, staffId: string, keyId: string): string {
  return createHmac('sha256', proofKey).update(proofText(deviceId, staffId, keyId), 'utf8').digest('base64url');
}

export function proofMatches(proofKey: Buffer, deviceId: string, staffId: string, keyId: string, proof: string): boolean {
  const want = Buffer.from(proofOf(proofKey, deviceId, staffId, keyId), 'base64url');
  const got = Buffer.from(proof, 'base64url');
  return got.length === want.length && timingSafeEqual(got, want);
}

/** RFC 7638 thumbprint of a P-256 key, base64url: its key id. */
export const keyIdOf = (jwk: PublicJwk): string => createHash('sha256').update(thumbprintInput(jwk), 'utf8').digest('base64url');

/** The key as a KeyObject, or null when the coordinates are not a point of P-256. */
export function importPublicKey(jwk: PublicJwk): KeyObject | null {
  try {
    return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' });
  } catch {
    return null;
  }
}

/**
 * Imported keys by key id. A key id is the hash of the key, so an entry never goes stale; whether
 * the key is still registered and not revoked is read from the database for every batch.
 */
const keyCache = new Map<string, KeyObject>();
const KEY_CACHE_MAX = 20_000;
export function cachedPublicKey(keyId: string, jwk: PublicJwk): KeyObject | null {
  const hit = keyCache.get(keyId);
  if (hit) return hit;
  const key = importPublicKey(jwk);
  if (!key) return null;
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
  keyCache.set(keyId, key);
  return key;
}

/**
 * Whether `env.sig` is `key`'s ECDSA P-256 / SHA-256 signature (IEEE P1363, r‖s) of the UTF-8 of
 * `signedText(deviceId, env)`, over the envelope exactly as received (the raw payload, before
 * any default of the payload schemas is filled in).
 */
export function signatureValid(deviceId: string, env: Pick<MutationEnvelope, 'id' | 'type' | 'at' | 'staffId' | 'payload' | 'sig'>, key: KeyObject): boolean {
  if (!env.sig) return false;
  const sig = Buffer.from(env.sig.value, 'base64url');
  if (sig.length !== 64) return false;
  try {
    return verify('sha256', Buffer.from(signedText(deviceId, env), 'utf8'), { key, dsaEncoding: 'ieee-p1363' }, sig);
  } catch {
    return false;
  }
}
