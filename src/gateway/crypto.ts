/** Secrets of the gateway: tokens and codes are random, stored only as SHA-256. */
import { createHash, pbkdf2Sync, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { STAFF_PIN_ITERATIONS, type PinHash } from '../shared/protocol';

export const sha256hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** 256-bit bearer token: high entropy, so a fast hash is enough to store it. */
export const newToken = (): string => randomBytes(32).toString('base64url');

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/**
 * `XXXXX-XXXXX`, ~50 bits. Low entropy for a fast hash, which is acceptable because a code is
 * single-use, expires, and /v1/enroll is rate-limited per address.
 */
export function newEnrollCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += CROCKFORD[randomInt(32)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

export const newId = (): string => randomUUID();

/** PBKDF2-HMAC-SHA256: what a kiosk can verify offline with WebCrypto (see protocol PinHash).
 * Staff verifiers the gateway makes use STAFF_PIN_ITERATIONS (store/staff.ts). */
export function hashPin(pin: string, iterations = STAFF_PIN_ITERATIONS): PinHash {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(Buffer.from(pin, 'utf8'), salt, iterations, 32, 'sha256');
  return { alg: 'pbkdf2-sha256', iterations, salt: salt.toString('base64'), hash: hash.toString('base64') };
}

export function verifyPin(pin: string, h: PinHash): boolean {
  const got = pbkdf2Sync(Buffer.from(pin, 'utf8'), Buffer.from(h.salt, 'base64'), h.iterations, 32, 'sha256');
  return got.toString('base64') === h.hash;
}

export const newSalt = (): string => randomBytes(18).toString('base64url');
