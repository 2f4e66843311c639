/**
 * Technician PIN hashing: scrypt (memory-hard, so a stolen settings file does not give up a
 * 6-digit PIN in seconds on a GPU) with a random salt; compared in constant time.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { TechnicianPin } from '../../shared/settings';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keyLen: number;
}

/** OWASP's scrypt floor (N=2^17 is its first choice; 2^15 keeps an unlock at 0.1–0.25 s on a kiosk PC). */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1, keyLen: 32 };

/** A tampered settings file must not make a verification allocate gigabytes. */
const MAX_N = 2 ** 20;

function derive(pin: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const opts: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCb(pin.normalize('NFKC'), salt, params.keyLen, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPin(pin: string, now: number, params: ScryptParams = DEFAULT_SCRYPT): Promise<TechnicianPin> {
  const salt = randomBytes(16);
  const key = await derive(pin, salt, params);
  return { hash: `scrypt$${params.N}$${params.r}$${params.p}$${key.toString('base64')}`, salt: salt.toString('base64'), setAt: now };
}

function parseHash(hash: string): { params: ScryptParams; key: Buffer } | null {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)$/.exec(hash);
  if (!m) return null;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const key = Buffer.from(m[4] ?? '', 'base64');
  const powerOfTwo = N >= 2 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > MAX_N || r < 1 || r > 32 || p < 1 || p > 4 || key.length < 16 || key.length > 64) return null;
  return { params: { N, r, p, keyLen: key.length }, key };
}

/** False for a wrong PIN and for a record this code cannot read (never throws on bad data). */
export async function verifyPin(pin: string, record: TechnicianPin): Promise<boolean> {
  const parsed = parseHash(record.hash);
  if (!parsed) return false;
  const salt = Buffer.from(record.salt, 'base64');
  if (salt.length < 8) return false;
  const key = await derive(pin, salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

export { isGuessablePin } from '../../shared/settings/pin-policy';
