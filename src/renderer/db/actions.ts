/**
 * Staff actions. Each one writes the new local state **and** its outbox mutation in one strict
 * read-write transaction before it resolves (FAILURES.md 3): when the UI says "saved", both are on
 * disk or neither is. Validation happens before queueing (the wire schema and the domain's
 * transition rule), so a typo becomes a message at the counter instead of a poison mutation.
 * Storage failures reject with a StorageError (never a hung promise: every action has a deadline).
 */
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { bilingual, type ActionErrorCode } from '../../shared/messages';
import { Mutation, idHashInput, type Applicant, type DeviceIdentity, type DossierCreate, type FeeItem, type MutationType } from '../../shared/protocol';
import { generateDossierCode } from '../../shared/domain/dossier-code';
import { applyMutation, refusalMessage, type EngineInput, type Refusal } from '../../shared/dossier';
import { dayNumberToIso, vietnamDayAndTime } from '../../shared/domain/dates';
import { rebase } from './apply';
import { META, type DossierRow, type KioskDb, type OutboxRow } from './database';
import { classifyStorageError, withDeadline } from './storage';

export interface ActionContext {
  db: KioskDb;
  staffId: string | null;
  /** Server-corrected clock (epoch ms): see SyncEngine.now. */
  now: () => number;
  /** How long a write may take before the UI is told (default 15 s). */
  deadlineMs?: number;
}

export type { ActionErrorCode };

/** A refused action: the UI shows the code's message (namespace `codes`, group `action`); the
 * error's own message is the code's "vi / en" text, or what exactly was wrong (for logs). */
export class ActionError extends Error {
  constructor(readonly code: ActionErrorCode, message: string = bilingual('action', code)) {
    super(message);
    this.name = 'ActionError';
  }
}

export interface IntakeInput {
  procedureCode: string;
  /** `idHash` from `hashCitizenId`; `citizenId` (optional) goes to the gateway only. */
  applicant: Applicant & { citizenId?: string };
  appointmentAt: string;
  documents?: string[];
  fees?: FeeItem[];
  channel?: 1 | 2 | 3;
  /** 3 = refused at intake (still gets a code and a receipt). */
  status?: 2 | 3;
  note?: string | null;
}

export interface ActionResult {
  mutationId: string;
  code: string;
  dossier: DossierRow | null;
}

/** SHA-256 (hex) of `idHashInput(idSalt, citizenId)`, computed with WebCrypto. */
export async function hashCitizenId(idSalt: string, citizenId: string): Promise<string> {
  const bytes = new TextEncoder().encode(idHashInput(idSalt, citizenId));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Vietnam calendar day (`YYYY-MM-DD`) of an instant. */
export function vietnamDay(epochMs: number): string {
  return dayNumberToIso(vietnamDayAndTime(epochMs).day);
}

function buildRow(type: MutationType, payload: unknown, ctx: ActionContext, dossierCode: string | null): OutboxRow {
  const at = new Date(ctx.now()).toISOString();
  const parsed = Mutation.safeParse({ id: uuidv7(), type, at, staffId: ctx.staffId, payload });
  if (!parsed.success) {
    throw new ActionError('invalid', z.prettifyError(parsed.error));
  }
  const m = parsed.data;
  return {
    id: m.id, type, at, staffId: m.staffId, payload: m.payload, dossierCode, state: 'pending',
    createdAt: Date.now(), attempts: 0, lastAttemptAt: null, outcome: null, doneAt: null, schema: 2,
  };
}

async function commit<T>(ctx: ActionContext, work: () => Promise<T>): Promise<T> {
  const { db } = ctx;
  try {
    const result = await withDeadline(
      db.transaction('rw', [db.dossiers, db.outbox, db.leases, db.audit, db.procedures, db.meta], work),
      ctx.deadlineMs ?? 15_000,
    );
    db.notifyQueued();
    return result;
  } catch (err) {
    if (err instanceof ActionError) throw err;
    throw classifyStorageError(err);
  }
}

async function queue(ctx: ActionContext, row: OutboxRow, audit: string): Promise<void> {
  await ctx.db.outbox.add(row);
  if (row.dossierCode) await rebase(ctx.db, row.dossierCode, null);
  await ctx.db.audit.add({ at: Date.now(), kind: 'action', action: audit, code: row.dossierCode, mutationId: row.id, staffId: ctx.staffId });
}

/** Receives a dossier: takes the next code of today's lease and queues `dossier.create`. */
export async function intake(ctx: ActionContext, input: IntakeInput): Promise<ActionResult> {
  return commit(ctx, async () => {
    const { db } = ctx;
    const identity = await db.getMeta<DeviceIdentity>(META.identity);
    if (!identity) throw new ActionError('not-enrolled');
    const procedure = await db.procedures.get(input.procedureCode);
    if (!procedure) throw new ActionError('unknown-procedure');
    const now = ctx.now();
    const day = vietnamDay(now);
    const leases = (await db.leases.where('day').equals(day).toArray())
      .filter((l) => l.releasedAt === null && l.next <= l.last && l.agencyCode === identity.agency.code)
      .sort((a, b) => a.first - b.first);
    const lease = leases[0];
    if (!lease) throw new ActionError('no-code-lease');
    const generated = generateDossierCode({ agency: lease.agencyCode, date: day, sequence: lease.next });
    if (!generated.ok) throw new ActionError('invalid', `${generated.error.vi} / ${generated.error.en}`);
    const code = generated.code;
    await db.leases.put({ ...lease, next: lease.next + 1 });
    const payload: Partial<DossierCreate> & Record<string, unknown> = {
      code,
      procedureCode: input.procedureCode,
      applicant: input.applicant,
      channel: input.channel ?? 1,
      status: input.status ?? 2,
      documents: input.documents ?? [],
      receivedAt: new Date(now).toISOString(),
      appointmentAt: input.appointmentAt,
      fees: input.fees ?? procedure.fees.map((f) => ({ ...f, paid: false, paidAt: null, method: null, reference: null })),
      note: input.note ?? null,
    };
    const row = buildRow('dossier.create', payload, ctx, code);
    await queue(ctx, row, 'dossier.create');
    return { mutationId: row.id, code, dossier: (await db.dossiers.get(code)) ?? null };
  });
}

/** The engine's refusal of an action on the local state, as the error the counter shows. */
function refusalError(r: Refusal): ActionError {
  const m = refusalMessage(r);
  const code: ActionErrorCode = r.reason === 'transition-not-allowed' ? 'transition-not-allowed' : r.reason === 'unknown-fee' ? 'not-found' : 'refused';
  return new ActionError(code, `${m.vi} / ${m.en}`);
}

/**
 * Queues a change of one dossier after the engine accepted it on the local state: what the
 * gateway would refuse is refused here, with its reason, before it reaches the queue.
 */
async function dossierAction(ctx: ActionContext, code: string, type: MutationType, payloadOf: (d: DossierRow) => unknown): Promise<ActionResult> {
  return commit(ctx, async () => {
    const d = await ctx.db.dossiers.get(code);
    if (!d) throw new ActionError('unknown-dossier');
    const row = buildRow(type, payloadOf(d), ctx, code);
    const identity = await ctx.db.getMeta<DeviceIdentity>(META.identity);
    const check = applyMutation(d, row as EngineInput, {
      deviceId: identity?.deviceId ?? null, agencyCode: identity?.agency.code ?? '', now: row.at, procedure: () => undefined,
    });
    if (!check.ok) throw refusalError(check.refusal);
    await queue(ctx, row, type);
    return { mutationId: row.id, code, dossier: (await ctx.db.dossiers.get(code)) ?? null };
  });
}

export function transition(ctx: ActionContext, input: { code: string; to: number; note?: string | null; supplements?: { name: string; note?: string | null }[] }): Promise<ActionResult> {
  return dossierAction(ctx, input.code, 'dossier.transition', (d) =>
    ({ code: input.code, from: d.status, to: input.to, note: input.note ?? null, supplements: input.supplements ?? [] }));
}

export function payFee(ctx: ActionContext, input: { code: string; feeId: string; method: 'cash' | 'vietqr' | 'transfer' | 'waived'; reference?: string | null }): Promise<ActionResult> {
  return dossierAction(ctx, input.code, 'dossier.payFee', (d) => {
    const fee = d.fees.find((f) => f.id === input.feeId);
    if (!fee) throw new ActionError('not-found', bilingual('reject', 'unknown-fee'));
    return { code: input.code, feeId: fee.id, amount: fee.amount, method: input.method, reference: input.reference ?? null };
  });
}

export function rate(ctx: ActionContext, input: { code: string; score: number }): Promise<ActionResult> {
  return dossierAction(ctx, input.code, 'dossier.rate', () => ({ code: input.code, score: input.score }));
}

/** A spoiled receipt: its code is recorded as void so it is never reissued or mistaken. */
export async function voidCode(ctx: ActionContext, input: { code: string; reason: string }): Promise<ActionResult> {
  return commit(ctx, async () => {
    const row = buildRow('code.void', { code: input.code, reason: input.reason }, ctx, null);
    await queue(ctx, row, 'code.void');
    return { mutationId: row.id, code: input.code, dossier: null };
  });
}

/** Staff acknowledged a rejected or conflicting mutation: it leaves the attention list (kept until retention). */
export async function dismiss(ctx: ActionContext, mutationId: string): Promise<void> {
  await commit(ctx, async () => {
    const row = await ctx.db.outbox.where('id').equals(mutationId).first();
    if (!row || (row.state !== 'rejected' && row.state !== 'conflict')) throw new ActionError('not-found');
    await ctx.db.outbox.update(row.seq!, { state: 'dismissed', dismissedBy: ctx.staffId, doneAt: Date.now() });
    await ctx.db.audit.add({ at: Date.now(), kind: 'action', action: 'outbox.dismiss', code: row.dossierCode, mutationId, staffId: ctx.staffId });
  });
}

/**
 * Sends a rejected mutation again (after the cause was fixed at the province) under a new id —
 * the gateway would answer the old id with its stored rejection.
 */
export async function retry(ctx: ActionContext, mutationId: string): Promise<ActionResult> {
  return commit(ctx, async () => {
    const old = await ctx.db.outbox.where('id').equals(mutationId).first();
    if (!old || old.state !== 'rejected') throw new ActionError('not-found');
    await ctx.db.outbox.update(old.seq!, { state: 'dismissed', dismissedBy: ctx.staffId, doneAt: Date.now() });
    const row = buildRow(old.type, old.payload, ctx, old.dossierCode);
    await queue(ctx, row, `${old.type}.retry`);
    return { mutationId: row.id, code: old.dossierCode ?? '', dossier: old.dossierCode ? ((await ctx.db.dossiers.get(old.dossierCode)) ?? null) : null };
  });
}
