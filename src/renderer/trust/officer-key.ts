/**
 * An officer's signing key on this device (docs/SECURITY.md, src/shared/protocol/trust.ts).
 *
 * At the officer's first sign-in on a counter device (online or not) the renderer makes an ECDSA
 * P-256 key pair with WebCrypto, has the host seal the private key (`keys.seal`: a key only the
 * host holds, protected by Electron's safeStorage or an owner-only file) and keeps the sealed blob
 * in IndexedDB with the public key and a registration proof. The proof is HMAC-SHA256 keyed with
 * PBKDF2(PIN, the officer's proof salt, 600,000 iterations): only someone who knows the PIN can
 * make it, and the gateway, which keeps that HMAC key, checks it when the sync engine registers
 * the key. Neither the PIN nor the PBKDF2 output is ever stored.
 *
 * For a session the sealed key is opened (`keys.open`) and imported as a non-extractable
 * CryptoKey held in memory only; every staff mutation is signed with it (`signedText`).
 */
import type { KioskBridge } from '../../shared/bridge/contract';
import {
  proofText, signedText, STAFF_PIN_ITERATIONS, thumbprintInput, type MutationSignature, type PublicJwk,
} from '../../shared/protocol';
import type { StaffKeyRow } from '../db/database';
import { fromBase64, toBase64, toBase64Url } from './base64';

/** The host's sealing of private keys (the bridge's `keys.seal` / `keys.open`). Base64 in and out. */
export interface KeyVault {
  seal(data: string): Promise<string>;
  open(sealed: string): Promise<string>;
}

export function bridgeVault(kiosk: Pick<KioskBridge, 'call'>): KeyVault {
  return {
    seal: async (data) => (await kiosk.call('keys.seal', { data })).sealed,
    open: async (sealed) => (await kiosk.call('keys.open', { sealed })).data,
  };
}

/** The envelope of one mutation exactly as it is stored in the outbox and sent. */
export interface SignedEnvelope {
  id: string;
  type: string;
  at: string;
  staffId: string | null;
  payload: unknown;
}

/** The signed-in officer's key for this device, as staff actions use it. Lives only in memory. */
export interface OfficerSigner {
  readonly staffId: string;
  readonly deviceId: string;
  readonly keyId: string;
  /** The private key: non-extractable, it can sign and never be read back. */
  readonly key: CryptoKey;
  sign(m: SignedEnvelope): Promise<MutationSignature>;
}

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNATURE = { name: 'ECDSA', hash: 'SHA-256' } as const;
const utf8 = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s);

/** A signer over a (non-extractable) private key. */
export function signerOf(key: CryptoKey, who: { staffId: string; deviceId: string; keyId: string }): OfficerSigner {
  return {
    ...who,
    key,
    async sign(m) {
      // WebCrypto's ECDSA output is already IEEE P1363 (r ‖ s, 64 bytes), the wire's format.
      const value = await crypto.subtle.sign(SIGNATURE, key, utf8(signedText(who.deviceId, m)));
      return { keyId: who.keyId, value: toBase64Url(value) };
    },
  };
}

/** The PIN as PBKDF2 key material: imported once, derived from as often as needed. */
export function pinMaterial(pin: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', utf8(pin), 'PBKDF2', false, ['deriveBits', 'deriveKey']);
}

/** The registration proof's HMAC key: PBKDF2-SHA256(PIN, proofSalt, STAFF_PIN_ITERATIONS, 256 bits), non-extractable. */
export function proofKey(material: CryptoKey, proofSalt: string): Promise<CryptoKey> {
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: utf8(proofSalt), iterations: STAFF_PIN_ITERATIONS },
    material,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  );
}

/** base64url(HMAC-SHA256(proof key, proofText(deviceId, staffId, keyId))). */
export async function registrationProof(key: CryptoKey, deviceId: string, staffId: string, keyId: string): Promise<string> {
  return toBase64Url(await crypto.subtle.sign('HMAC', key, utf8(proofText(deviceId, staffId, keyId))));
}

/** RFC 7638 thumbprint of a P-256 public key (base64url SHA-256). */
export async function keyIdOf(jwk: PublicJwk): Promise<string> {
  return toBase64Url(await crypto.subtle.digest('SHA-256', utf8(thumbprintInput(jwk))));
}

/**
 * Makes an officer's key for this device: the pair, its id, the sealed private key and the
 * registration proof. The extractable private key exists only here, long enough to be sealed; the
 * session gets a non-extractable key imported from the sealed blob, opened by the host.
 */
export async function createOfficerKey(opts: {
  vault: KeyVault; staffId: string; deviceId: string; proofKey: CryptoKey; now: number;
}): Promise<{ row: StaffKeyRow; signer: OfficerSigner }> {
  const pair = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  if (typeof jwk.x !== 'string' || typeof jwk.y !== 'string') throw new Error('WebCrypto exported no P-256 point');
  const publicJwk: PublicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
  const keyId = await keyIdOf(publicJwk);
  const [sealed, proof] = await Promise.all([
    crypto.subtle.exportKey('pkcs8', pair.privateKey).then((pkcs8) => opts.vault.seal(toBase64(pkcs8))),
    registrationProof(opts.proofKey, opts.deviceId, opts.staffId, keyId),
  ]);
  // The session's key comes from what the host sealed, opened again: a sealing that cannot be
  // opened shows now, at the sign-in, not at the officer's next one.
  const key = await importPrivate(fromBase64(await opts.vault.open(sealed)));
  const row: StaffKeyRow = {
    staffId: opts.staffId, deviceId: opts.deviceId, keyId, publicJwk, sealed, proof, createdAt: opts.now, registeredAt: null, failure: null,
  };
  return { row, signer: signerOf(key, { staffId: opts.staffId, deviceId: opts.deviceId, keyId }) };
}

/** Opens a stored key for a session; null when this host cannot open it (then make a new one). */
export async function openOfficerKey(row: StaffKeyRow, vault: KeyVault): Promise<OfficerSigner | null> {
  let data: string;
  try {
    data = await vault.open(row.sealed);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'key-unavailable') return null;
    throw err;
  }
  const key = await importPrivate(fromBase64(data));
  return signerOf(key, { staffId: row.staffId, deviceId: row.deviceId, keyId: row.keyId });
}

/** Non-extractable where the platform allows: the session can sign, never read the key back. */
function importPrivate(pkcs8: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', pkcs8, EC, false, ['sign']);
}
