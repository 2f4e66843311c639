/**
 * Who may do what, per mutation of a batch (src/shared/protocol/trust.ts), after its payload
 * validated and before the gateway's own checks and the dossier engine, in this order:
 *
 * 1. the device kind's scope may send this type (`not-permitted`);
 * 2. a staff mutation names an officer of the device's agency (`staff-unknown`, also for none),
 * 3. active at the time of the action, as the engine clamps it (`staff-inactive`: an officer
 *    deactivated after an action recorded offline keeps that action),
 * 4. whose role may act (`staff-role`),
 * 5. and carries that officer's signature made with a key registered for this device and not
 *    revoked (`signature-invalid`, details.why: missing | unknown-key | revoked-key | mismatch).
 *
 * A rating is the citizen's: no officer, no signature. Pure apart from the signature check's CPU.
 */
import type { Dossier, Mutation, MutationEnvelope, PublicJwk, StaffRole } from '../../shared/protocol';
import { deviceMay, MUTATION_SCOPES, ROLE_MAY_ACT, STAFF_MUTATIONS } from '../../shared/protocol';
import { actionTime } from '../../shared/dossier';
import type { Device } from './devices';
import { reject, type Outcome } from './apply';
import { cachedPublicKey, signatureValid } from '../trust';

/** What a batch loads of the officers its mutations name. */
export interface StaffAuth { id: string; agencyCode: string; role: StaffRole; name: string; title: string; deactivatedAt: string | null }
/** A signing key the batch's mutations use, registered for this device. */
export interface KeyAuth { keyId: string; staffId: string; jwk: PublicJwk; revoked: boolean }

export interface AuthContext {
  device: Device;
  now: Date;
  staff: Map<string, StaffAuth>;
  keys: Map<string, KeyAuth>;
  /** The batch's dossiers as they stand when this mutation comes (for the action's time). */
  dossier(code: string): Dossier | null;
}

const isStaffMutation = (type: string): boolean => (STAFF_MUTATIONS as readonly string[]).includes(type);

/** The moment the engine will record for this action: `at` clamped to [receivedAt, now]; an intake's is its receipt time. */
function actionMs(ctx: AuthContext, m: Mutation): number {
  const now = ctx.now.toISOString();
  if (m.type === 'dossier.create') return Date.parse(actionTime(m.payload.receivedAt, m.payload.receivedAt, now));
  const d = m.type === 'code.void' ? null : ctx.dossier(m.payload.code);
  return d ? Date.parse(actionTime(m.at, d.receivedAt, now)) : Math.min(Date.parse(m.at), ctx.now.getTime());
}

/** Why an officer's action is refused: a mutation's rejection code (a `forbidden` reason for other routes). */
export type OfficerRefusal =
  | { code: 'staff-unknown'; details: { staffId: string | null } }
  | { code: 'staff-inactive'; details: { staffId: string; deactivatedAt: string } }
  | { code: 'staff-role'; details: { staffId: string; role: StaffRole } }
  | { code: 'signature-invalid'; details: { why: 'missing' | 'unknown-key' | 'revoked-key' | 'mismatch' } };

/**
 * Checks 2–5 above for one officer's action, whatever carries it (a mutation of a batch, the
 * attachment of a file): `st` the officer it names (undefined: none or unknown), `actionAtMs` the
 * moment the action is recorded at, `env` what the officer signed. Null when it may proceed.
 */
export function officerRefusal(
  device: Device, st: StaffAuth | undefined, staffId: string | null, actionAtMs: number,
  key: (keyId: string) => KeyAuth | undefined,
  env: Pick<MutationEnvelope, 'id' | 'type' | 'at' | 'staffId' | 'payload' | 'sig'>,
): OfficerRefusal | null {
  // Another agency's officer is refused exactly like an unknown one.
  if (!st || st.agencyCode !== device.agencyCode) return { code: 'staff-unknown', details: { staffId } };
  if (st.deactivatedAt !== null && Date.parse(st.deactivatedAt) <= actionAtMs) {
    return { code: 'staff-inactive', details: { staffId: st.id, deactivatedAt: st.deactivatedAt } };
  }
  if (!ROLE_MAY_ACT[st.role]) return { code: 'staff-role', details: { staffId: st.id, role: st.role } };
  if (!env.sig) return { code: 'signature-invalid', details: { why: 'missing' } };
  const k = key(env.sig.keyId);
  if (!k || k.staffId !== st.id) return { code: 'signature-invalid', details: { why: 'unknown-key' } };
  if (k.revoked) return { code: 'signature-invalid', details: { why: 'revoked-key' } };
  const pub = cachedPublicKey(k.keyId, k.jwk);
  if (!pub || !signatureValid(device.id, env, pub)) return { code: 'signature-invalid', details: { why: 'mismatch' } };
  return null;
}

/** Null when `m` may proceed to the gateway's checks and the engine; else its refusal. */
export function authorize(ctx: AuthContext, env: MutationEnvelope, m: Mutation): Outcome | null {
  if (!deviceMay(ctx.device.kind, MUTATION_SCOPES[m.type])) return reject('not-permitted', { type: m.type, deviceKind: ctx.device.kind });
  if (!isStaffMutation(m.type)) return null;
  const st = m.staffId === null ? undefined : ctx.staff.get(m.staffId);
  const refused = officerRefusal(ctx.device, st, m.staffId, actionMs(ctx, m), (id) => ctx.keys.get(id), env);
  return refused ? reject(refused.code, refused.details) : null;
}

export { isStaffMutation };
