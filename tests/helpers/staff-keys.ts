/**
 * An officer's signing key on one device, for tests and benchmarks, made as a counter makes it
 * (src/shared/protocol/trust.ts): an ECDSA P-256 key pair, registered with POST /v1/staff/keys
 * and a proof computed from the officer's PIN and proof salt; then each staff mutation carries
 * the officer's id and signature.
 *
 *   const officer = await registerDemoOfficer(gw.url, dev);          // a seeded demo officer
 *   const m = signMutation(officer, { id, type: 'dossier.transition', at, payload });
 *
 * The proof key (PBKDF2, 600,000 iterations) is computed once per process per PIN and salt.
 */
import { createHash, createHmac, generateKeyPairSync, pbkdf2Sync, sign, type KeyObject } from 'node:crypto';
import {
  attachEnvelope, withdrawEnvelope, PROTOCOL_HEADER, PROTOCOL_VERSION, proofText, signedText, STAFF_PIN_ITERATIONS, thumbprintInput,
  type EnrollResponse, type MutationSignature, type PublicJwk, type StaffKeyRequest,
} from '../../src/shared/protocol';
import { DEMO_PINS, DEMO_PROOF_SALT, demoStaffIds } from '../../src/gateway/demo/seed';

export interface OfficerKey {
  staffId: string;
  /** The device the key is registered for (inside every signed text). */
  deviceId: string;
  keyId: string;
  publicKey: PublicJwk;
  privateKey: KeyObject;
}

/** A fresh key pair for `staffId` on `deviceId` (not registered yet). */
export function newOfficerKey(deviceId: string, staffId: string): OfficerKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
  const pub: PublicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
  return { staffId, deviceId, keyId: createHash('sha256').update(thumbprintInput(pub), 'utf8').digest('base64url'), publicKey: pub, privateKey };
}

const proofKeys = new Map<string, Buffer>();
/** PBKDF2-SHA256(PIN, proofSalt as UTF-8), cached per process. */
export function proofKey(pin: string, proofSalt: string, iterations = STAFF_PIN_ITERATIONS): Buffer {
  const k = `${iterations}\u0000${proofSalt}\u0000${pin}`;
  let key = proofKeys.get(k);
  if (!key) {
    key = pbkdf2Sync(Buffer.from(pin, 'utf8'), Buffer.from(proofSalt, 'utf8'), iterations, 32, 'sha256');
    proofKeys.set(k, key);
  }
  return key;
}

/** The registration request a counter sends for `key`, knowing the officer's PIN and proof salt. */
export function keyRequest(key: OfficerKey, pin: string, proofSalt: string): StaffKeyRequest {
  const proof = createHmac('sha256', proofKey(pin, proofSalt)).update(proofText(key.deviceId, key.staffId, key.keyId), 'utf8').digest('base64url');
  return { staffId: key.staffId, publicKey: key.publicKey, keyId: key.keyId, proof };
}

/** Registers a new key for the officer on the device that `token` authenticates; throws unless 200. */
export async function registerOfficerKey(
  url: string, dev: Pick<EnrollResponse, 'deviceId' | 'token'>, staff: { id: string; proofSalt: string }, pin: string,
): Promise<OfficerKey> {
  const key = newOfficerKey(dev.deviceId, staff.id);
  const res = await fetch(`${url}/v1/staff/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${dev.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json' },
    body: JSON.stringify(keyRequest(key, pin, staff.proofSalt)),
  });
  if (res.status !== 200) throw new Error(`staff key registration: ${res.status} ${await res.text()}`);
  return key;
}

/** The first (or second) demo counter officer of the device's agency (gateway seeded with its demo staff). */
export function registerDemoOfficer(url: string, dev: Pick<EnrollResponse, 'deviceId' | 'token' | 'agency'>, which: 0 | 1 = 0): Promise<OfficerKey> {
  return registerOfficerKey(url, dev, { id: demoStaffIds(dev.agency.code).counter[which], proofSalt: DEMO_PROOF_SALT }, DEMO_PINS.counter);
}

/** The signature of `m` (with `staffId`) by `key`, over `signedText(deviceId, m)`. */
export function signatureOf(key: OfficerKey, m: { id: string; type: string; at: string; staffId: string | null; payload: unknown }): MutationSignature {
  const value = sign('sha256', Buffer.from(signedText(key.deviceId, m), 'utf8'), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return { keyId: key.keyId, value: value.toString('base64url') };
}

/** `m` as the officer sends it: their staff id, signed. */
export function signMutation<T extends { id: string; type: string; at: string; payload: unknown }>(key: OfficerKey, m: T): T & { staffId: string; sig: MutationSignature } {
  const named = { ...m, staffId: key.staffId };
  return { ...named, sig: signatureOf(key, named) };
}

/** An attachment request as a counter sends it: named for the officer, the moment, signed (`attachEnvelope`). */
export function signAttach<T extends { id: string; dossierCode: string; component: string; sha256: string; name: string; position: number }>(
  key: OfficerKey, a: T, at = new Date().toISOString(),
): T & { staffId: string; at: string; sig: MutationSignature } {
  const named = { ...a, staffId: key.staffId, at };
  return { ...named, sig: signatureOf(key, attachEnvelope(named)) };
}

/** A withdrawal request as a counter sends it: named for the officer, the moment, signed (`withdrawEnvelope`). */
export function signWithdraw(key: OfficerKey, w: { id: string; dossierCode: string; reason: string }, at = new Date().toISOString()) {
  const named = { ...w, staffId: key.staffId, at };
  return { ...named, sig: signatureOf(key, withdrawEnvelope(named)) };
}
