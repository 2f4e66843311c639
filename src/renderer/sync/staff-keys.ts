/**
 * Registering officers' signing keys (src/shared/protocol/trust.ts): before the outbox is pushed,
 * every key made at a sign-in on this device and not registered yet is sent to the gateway with
 * its proof (`POST /v1/staff/keys`). Mutations signed with a key stay in the outbox, held, until
 * it is registered (push.ts), so the gateway never sees a signature it cannot check yet.
 *
 * A refusal (403: the proof does not match the officer's PIN, e.g. the PIN was changed at the
 * province before the key was registered) marks the key as failed: the counter's "needs
 * attention" area asks that officer to sign in again, which makes a new key and proof. Nothing
 * queued is lost: what the old key signed is sent once it is replaced, and the gateway's answer
 * (`signature-invalid`) stays visible to staff, who can send it again under their new key.
 */
import { ErrorBody, PATHS, StaffKeyResponse, type DeviceIdentity, type StaffKeyRequest } from '../../shared/protocol';
import { META, type StaffKeyRow } from '../db/database';
import type { RunContext } from './context';
import { SyncFailure, exchange, failureOf } from './http';

/** Answers that say the gateway will never accept this key as sent (not: try again later). */
const REFUSED = (status: number): boolean => status >= 400 && status < 500 && ![401, 408, 426, 429].includes(status);

/** Registers the keys waiting for it; returns how many were registered. */
export async function registerStaffKeys(ctx: RunContext): Promise<number> {
  const { db } = ctx;
  const identity = await db.getMeta<DeviceIdentity>(META.identity);
  if (!identity || identity.kind !== 'counter') return 0;
  const waiting = (await db.staffKeys.toArray())
    .filter((k) => k.registeredAt === null && !k.failure && k.proof !== null && k.deviceId === identity.deviceId);
  let registered = 0;
  for (const key of waiting) {
    const body: StaffKeyRequest = { staffId: key.staffId, publicKey: key.publicJwk, keyId: key.keyId, proof: key.proof! };
    const res = await exchange(ctx.transport, { method: 'POST', path: PATHS.staffKeys, body }, ctx.requestTimeoutMs, ctx.link);
    if (res.status === 200 || res.status === 201) {
      const parsed = StaffKeyResponse.safeParse(res.body);
      if (!parsed.success || parsed.data.keyId !== key.keyId) throw new SyncFailure('bad-response', 'server', 'The key registration answer does not match the protocol');
      // The proof was only for the registration: not kept once it served.
      await settle(ctx, key, { registeredAt: parsed.data.registeredAt, proof: null, failure: null }, null);
      registered++;
    } else if (REFUSED(res.status)) {
      const body = ErrorBody.safeParse(res.body);
      const code = body.success ? body.data.error.code : `http-${res.status}`;
      const reason = body.success ? (body.data.error.details as { reason?: unknown } | undefined)?.reason : undefined;
      await settle(ctx, key, {
        failure: {
          code, at: Date.now(),
          ...(typeof reason === 'string' ? { reason } : {}),
          ...(body.success ? { message: body.data.error.message } : {}),
        },
      }, typeof reason === 'string' ? `${code}:${reason}` : code);
    } else {
      throw failureOf(res);
    }
  }
  return registered;
}

/** Records the answer, unless a sign-in replaced the key meanwhile (then the new one is sent next run). */
async function settle(ctx: RunContext, key: StaffKeyRow, patch: Partial<StaffKeyRow>, refused: string | null): Promise<void> {
  const { db } = ctx;
  await db.transaction('rw', [db.staffKeys, db.audit], async () => {
    const now = await db.staffKeys.get(key.staffId);
    if (now?.keyId !== key.keyId) return;
    await db.staffKeys.put({ ...now, ...patch });
    await db.audit.add({
      at: Date.now(), kind: 'sync', action: refused ? 'sync.keyRefused' : 'sync.keyRegistered', staffId: key.staffId, detail: refused ?? key.keyId,
    });
  });
}

/** Keys whose signatures must wait (not registered yet, or refused and not yet replaced). */
export async function unregisteredKeyIds(ctx: Pick<RunContext, 'db'>): Promise<Set<string>> {
  return new Set((await ctx.db.staffKeys.toArray()).filter((k) => k.registeredAt === null).map((k) => k.keyId));
}
