/**
 * Who may do what (docs/SECURITY.md). Two layers, both enforced by the gateway:
 *
 * 1. **Device scopes**: a device enrolled as `kiosk` (the citizen self-service screen in a public
 *    room) may read its citizen-safe feed, look dossiers up, rate, send heartbeats, rotate its
 *    token and ask what became of its mutations; a `counter` may in addition receive and change
 *    dossiers, take code leases and register its officers' signing keys. A route outside the
 *    device's scopes answers 403 `forbidden`; a mutation type outside them is refused in the batch
 *    with `not-permitted`.
 * 2. **Accountable staff actions**: every staff mutation names an active officer of the device's
 *    agency whose role may do it, and is signed with that officer's key for that device
 *    (ECDSA P-256), registered with a proof that only someone who knows the officer's PIN can
 *    make. A stolen device token alone cannot act as an officer.
 */
import { z } from 'zod';
import type { MutationType } from './mutations';
import type { DeviceKind } from './enroll';

export const SCOPES = ['feed', 'lookup', 'rate', 'heartbeat', 'rotate', 'mutation-status', 'dossier-write', 'lease', 'staff-key', 'queue', 'file-write', 'file-read'] as const;
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

/** The one table of what each device kind may do. */
export const DEVICE_SCOPES: Readonly<Record<DeviceKind, readonly Scope[]>> = {
  kiosk: ['feed', 'lookup', 'rate', 'heartbeat', 'rotate', 'mutation-status', 'queue'],
  counter: ['feed', 'lookup', 'rate', 'heartbeat', 'rotate', 'mutation-status', 'dossier-write', 'lease', 'staff-key', 'queue', 'file-write', 'file-read'],
};

/** The scope each mutation type needs. */
export const MUTATION_SCOPES: Readonly<Record<MutationType, Scope>> = {
  'dossier.create': 'dossier-write',
  'dossier.transition': 'dossier-write',
  'dossier.payFee': 'dossier-write',
  'dossier.extend': 'dossier-write',
  'code.void': 'dossier-write',
  'dossier.rate': 'rate',
};

export function deviceMay(kind: DeviceKind, scope: Scope): boolean {
  return DEVICE_SCOPES[kind]?.includes(scope) ?? false;
}

/**
 * Mutations an officer performs: they must name the officer and carry the officer's signature. A
 * rating is the citizen's (no officer, no signature).
 */
export const STAFF_MUTATIONS: readonly MutationType[] = ['dossier.create', 'dossier.transition', 'dossier.payFee', 'dossier.extend', 'code.void'];

/** Which roles may perform staff mutations. A technician configures devices; it does not handle dossiers. */
export const ROLE_MAY_ACT: Readonly<Record<'counter' | 'technician' | 'leader', boolean>> = {
  counter: true,
  leader: true,
  technician: false,
};

/** PBKDF2-SHA256 iterations of staff PIN verifiers and registration proofs (OWASP 2023). */
export const STAFF_PIN_ITERATIONS = 600_000;

/** An ECDSA P-256 public key as a JWK (only the members RFC 7638 hashes). */
export const PublicJwk = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  y: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
}).strict();
export type PublicJwk = z.infer<typeof PublicJwk>;

/** Base64url without padding. */
const B64u = z.string().regex(/^[A-Za-z0-9_-]+$/);

/**
 * POST /v1/staff/keys: register an officer's signing key for this device. `proof` is
 * HMAC-SHA256, keyed with PBKDF2-SHA256(PIN, the officer's `proofSalt`, STAFF_PIN_ITERATIONS, 256
 * bits) (the PIN and the proofSalt text as their UTF-8 bytes; base64url, no padding, like every
 * value here), over `proofText(deviceId, staffId, keyId)`. The device computes it at the officer's
 * sign-in (online or not) and keeps only the proof; the gateway keeps the key of the HMAC, which
 * never leaves it. Idempotent: registering the same key again answers the same.
 */
export const StaffKeyRequest = z.object({
  staffId: z.string().min(1).max(40),
  publicKey: PublicJwk,
  /** RFC 7638 thumbprint of `publicKey` (base64url SHA-256). */
  keyId: B64u.length(43),
  proof: B64u.length(43),
}).strict();
export type StaffKeyRequest = z.infer<typeof StaffKeyRequest>;

export const StaffKeyResponse = z.object({ keyId: z.string(), staffId: z.string(), registeredAt: z.iso.datetime() });
export type StaffKeyResponse = z.infer<typeof StaffKeyResponse>;

/** An officer's signature of one mutation: ECDSA P-256 / SHA-256, IEEE P1363 (r‖s), base64url. */
export const MutationSignature = z.object({ keyId: B64u.length(43), value: B64u.length(86) }).strict();
export type MutationSignature = z.infer<typeof MutationSignature>;

/** JSON with object keys sorted at every level: the same text on every platform for the same value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * The text an officer signs for one mutation: what it does, when, as whom, from which device. The
 * mutation id is inside, so a signature cannot be moved to another mutation, and the device id,
 * so it cannot be replayed from another device.
 */
export function signedText(deviceId: string, m: { id: string; type: string; at: string; staffId: string | null; payload: unknown }): string {
  return canonicalJson(['mot-cua/mutation/1', deviceId, m.id.toLowerCase(), m.type, m.at, m.staffId, m.payload]);
}

/** The text a registration proof covers. */
export function proofText(deviceId: string, staffId: string, keyId: string): string {
  return canonicalJson(['mot-cua/staff-key/1', deviceId, staffId, keyId]);
}

/** The RFC 7638 thumbprint input of a P-256 key (hash it with SHA-256, then base64url). */
export function thumbprintInput(jwk: PublicJwk): string {
  return `{"crv":"P-256","kty":"EC","x":"${jwk.x}","y":"${jwk.y}"}`;
}
