/**
 * Staff actions. Each one writes the new local state **and** its outbox mutation in one strict
 * read-write transaction before it resolves (docs/RELIABILITY.md item 3): when the UI says "saved", both are on
 * disk or neither is. Every staff mutation names the signed-in officer and carries their
 * signature (src/renderer/trust), made before that transaction (see `perform`). Validation happens before queueing (the wire schema and the domain's
 * transition rule), so a typo becomes a message at the counter instead of a poison mutation.
 * Storage failures reject with a StorageError (never a hung promise: every action has a deadline).
 */
import type { Table } from 'dexie';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { bilingual, type ActionErrorCode } from '../../shared/messages';
import {
  Mutation, STAFF_MUTATIONS, canonicalJson, idHashInput, type Applicant, type DeviceIdentity, type DossierCreate, type FeeItem, type MutationType,
} from '../../shared/protocol';
import { generateDossierCode } from '../../shared/domain/dossier-code';
import { applyMutation, refusalMessage, type EngineInput, type Refusal } from '../../shared/dossier';
import { dayNumberToIso, vietnamDayAndTime } from '../../shared/domain/dates';
import { DossierStatus } from '../../shared/domain/status';
import type { OfficerSigner } from '../trust/officer-key';
import { rebase } from './apply';
import { META, type DossierRow, type KioskDb, type OutboxRow } from './database';
import { classifyStorageError, withDeadline } from './storage';
import { withoutCitizenId } from './outbox';
import { journalRows } from './journal';

export interface ActionContext {
  db: KioskDb;
  staffId: string | null;
  /**
   * The signed-in officer's key (src/renderer/trust): every staff mutation is signed with it, and
   * refused without it. Ratings (the citizen's) need none.
   */
  signer?: OfficerSigner | null;
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
  /** The competent agency when another agency decides (boundary-free intake); absent: this counter's. */
  competentAgencyCode?: string | null;
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

/** Shape version of outbox rows this build writes (3: may carry `sig`). */
const ROW_SCHEMA = 3;

function buildRow(type: MutationType, payload: unknown, staffId: string | null, dossierCode: string | null, at: string, id = uuidv7()): OutboxRow {
  const parsed = Mutation.safeParse({ id, type, at, staffId, payload });
  if (!parsed.success) {
    throw new ActionError('invalid', z.prettifyError(parsed.error));
  }
  const m = parsed.data;
  return {
    id: m.id, type, at, staffId: m.staffId, payload: m.payload, dossierCode, state: 'pending',
    createdAt: Date.now(), attempts: 0, lastAttemptAt: null, outcome: null, doneAt: null, schema: ROW_SCHEMA,
  };
}

const TABLES = (db: KioskDb): Table[] => [db.dossiers, db.outbox, db.leases, db.audit, db.procedures, db.meta];

async function commit<T>(ctx: ActionContext, work: () => Promise<T>, tables = TABLES(ctx.db)): Promise<T> {
  const { db } = ctx;
  try {
    const result = await withDeadline(db.transaction('rw', tables, work), ctx.deadlineMs ?? 15_000);
    db.notifyQueued();
    return result;
  } catch (err) {
    if (err instanceof ActionError) throw err;
    throw classifyStorageError(err);
  }
}

/** A read-only look at the state (no write, so no sync wake-up), with the same deadline. */
async function read<T>(ctx: ActionContext, work: () => Promise<T>): Promise<T> {
  const { db } = ctx;
  try {
    return await withDeadline(db.transaction('r', TABLES(db), work), ctx.deadlineMs ?? 15_000);
  } catch (err) {
    if (err instanceof ActionError) throw err;
    throw classifyStorageError(err);
  }
}

async function queue(ctx: ActionContext, row: OutboxRow, audit: string): Promise<void> {
  await ctx.db.outbox.add(row);
  if (row.dossierCode) await rebase(ctx.db, row.dossierCode, null);
  await ctx.db.audit.add({ at: Date.now(), kind: 'action', action: audit, code: row.dossierCode, mutationId: row.id, staffId: row.staffId });
}

/** What an action decided on the current state: the mutation, and what goes with it. */
interface Planned {
  type: MutationType;
  payload: unknown;
  dossierCode: string | null;
  audit: string;
  /** Checks the built row against the local state (the engine); throws an ActionError to refuse. */
  check?(row: OutboxRow): Promise<void> | void;
  /** Writes that belong to the same transaction (the used code number, an acknowledged row). */
  alsoWrite?(row: OutboxRow): Promise<void>;
}

/** Plans an action at the instant `at` (epoch ms); must read the state only through `ctx.db`. */
type Planner = (at: number) => Promise<Planned>;

const SIGN_ATTEMPTS = 5;

/** The staff's own message: no officer (or their key) is signed in, so nothing can be recorded. */
function notSignedIn(): ActionError {
  return new ActionError('not-signed-in');
}

/**
 * Runs an action. Staff mutations are signed by the signed-in officer, and WebCrypto must not run
 * inside the IndexedDB transaction (waiting on a promise that is not IndexedDB's lets the
 * transaction commit under us). So: plan on the current state and sign outside any transaction,
 * then in one transaction plan again on the state as it is now; if it is the same mutation, write
 * it with everything that goes with it (the dossier row, the used code number, the outbox row, the
 * audit line) or nothing; if another window changed the state in between, start over.
 */
async function perform(ctx: ActionContext, plan: Planner, result: (row: OutboxRow) => Promise<ActionResult>): Promise<ActionResult> {
  for (let attempt = 1; ; attempt++) {
    const at = ctx.now();
    const iso = new Date(at).toISOString();
    const first = await read(ctx, () => plan(at));
    const staff = STAFF_MUTATIONS.includes(first.type);
    const signer = staff ? ctx.signer ?? null : null;
    if (staff && (!signer || signer.staffId !== ctx.staffId)) throw notSignedIn();
    // A rating is the citizen's: it names no officer.
    const row = buildRow(first.type, first.payload, staff ? ctx.staffId : null, first.dossierCode, iso);
    await first.check?.(row);
    if (signer) {
      const envelope = { id: row.id, type: row.type, at: row.at, staffId: row.staffId, payload: row.payload };
      row.sig = await signer.sign(envelope);
      const kept = withoutCitizenId(row.payload);
      if (kept !== row.payload) row.replaySig = await signer.sign({ ...envelope, payload: kept });
    }
    const done = await commit(ctx, async () => {
      const now = await plan(at);
      if (now.type !== first.type || now.dossierCode !== first.dossierCode || canonicalJson(now.payload) !== canonicalJson(first.payload)) return null;
      if (signer) {
        const identity = await ctx.db.getMeta<DeviceIdentity>(META.identity);
        // Signed for another device id: the device was enrolled again since the officer signed in.
        if (identity?.deviceId !== signer.deviceId) throw notSignedIn();
      }
      await now.check?.(row);
      await now.alsoWrite?.(row);
      await queue(ctx, row, now.audit);
      return result(row);
    });
    // The second durable copy, on disk before the UI confirms (docs/ARCHITECTURE.md, "Host-side journal").
    if (done) { await journalRows(ctx.db, [row]); return done; }
    if (attempt >= SIGN_ATTEMPTS) throw new ActionError('busy');
  }
}

/** Receives a dossier: takes the next code of today's lease and queues `dossier.create`. */
export async function intake(ctx: ActionContext, input: IntakeInput): Promise<ActionResult> {
  const { db } = ctx;
  let code = '';
  return perform(ctx, async (now) => {
    const identity = await db.getMeta<DeviceIdentity>(META.identity);
    if (!identity) throw new ActionError('not-enrolled');
    const procedure = await db.procedures.get(input.procedureCode);
    if (!procedure) throw new ActionError('unknown-procedure');
    const day = vietnamDay(now);
    const leases = (await db.leases.where('day').equals(day).toArray())
      .filter((l) => l.releasedAt === null && l.next <= l.last && l.agencyCode === identity.agency.code)
      .sort((a, b) => a.first - b.first);
    const lease = leases[0];
    if (!lease) throw new ActionError('no-code-lease');
    const generated = generateDossierCode({ agency: lease.agencyCode, date: day, sequence: lease.next });
    if (!generated.ok) throw new ActionError('invalid', `${generated.error.vi} / ${generated.error.en}`);
    code = generated.code;
    const payload: Partial<DossierCreate> & Record<string, unknown> = {
      code,
      procedureCode: input.procedureCode,
      ...(input.competentAgencyCode && input.competentAgencyCode !== identity.agency.code ? { competentAgencyCode: input.competentAgencyCode } : {}),
      applicant: input.applicant,
      channel: input.channel ?? 1,
      status: input.status ?? 2,
      documents: input.documents ?? [],
      receivedAt: new Date(now).toISOString(),
      appointmentAt: input.appointmentAt,
      fees: input.fees ?? procedure.fees.map((f) => ({ ...f, paid: false, paidAt: null, method: null, reference: null })),
      note: input.note ?? null,
    };
    return {
      type: 'dossier.create', payload, dossierCode: code, audit: 'dossier.create',
      alsoWrite: async () => { await db.leases.put({ ...lease, next: lease.next + 1 }); },
    };
  }, async (row) => ({ mutationId: row.id, code, dossier: (await db.dossiers.get(code)) ?? null }));
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
  const { db } = ctx;
  return perform(ctx, async () => {
    const d = await db.dossiers.get(code);
    if (!d) throw new ActionError('unknown-dossier');
    const identity = await db.getMeta<DeviceIdentity>(META.identity);
    return {
      type, payload: payloadOf(d), dossierCode: code, audit: type,
      check: (row) => {
        const check = applyMutation(d, row as EngineInput, {
          deviceId: identity?.deviceId ?? null, agencyCode: identity?.agency.code ?? '', now: row.at, procedure: () => undefined,
        });
        if (!check.ok) throw refusalError(check.refusal);
      },
    };
  }, async (row) => ({ mutationId: row.id, code, dossier: (await db.dossiers.get(code)) ?? null }));
}

export function transition(ctx: ActionContext, input: { code: string; to: number; note?: string | null; supplements?: { name: string; note?: string | null }[] }): Promise<ActionResult> {
  return dossierAction(ctx, input.code, 'dossier.transition', (d) =>
    ({ code: input.code, from: d.status, to: input.to, note: input.note ?? null, supplements: input.supplements ?? [] }));
}

/** Extends a dossier being handled once, to a later appointment, with the reason told to the applicant (form 04). */
export function extend(ctx: ActionContext, input: { code: string; appointmentAt: string; reason: string }): Promise<ActionResult> {
  return dossierAction(ctx, input.code, 'dossier.extend', () => ({ code: input.code, appointmentAt: input.appointmentAt, reason: input.reason.trim() }));
}

export function payFee(ctx: ActionContext, input: { code: string; feeId: string; method: 'cash' | 'vietqr' | 'transfer' | 'waived'; reference?: string | null }): Promise<ActionResult> {
  return dossierAction(ctx, input.code, 'dossier.payFee', (d) => {
    const fee = d.fees.find((f) => f.id === input.feeId);
    if (!fee) throw new ActionError('not-found', bilingual('reject', 'unknown-fee'));
    return { code: input.code, feeId: fee.id, amount: fee.amount, method: input.method, reference: input.reference ?? null };
  });
}

/**
 * The citizen's satisfaction rating: not a staff action, so never signed. On a counter the
 * engine checks it against the full dossier; a kiosk-kind device holds only the citizen view, and
 * rates any dossier of its agency that was received (status ≠ 1), as the gateway will check.
 */
export async function rate(ctx: ActionContext, input: { code: string; score: number }): Promise<ActionResult> {
  const { db } = ctx;
  if (await db.dossiers.get(input.code)) return dossierAction(ctx, input.code, 'dossier.rate', () => ({ code: input.code, score: input.score }));
  return commit(ctx, async () => {
    const view = await db.citizenDossiers.get(input.code);
    if (!view) throw new ActionError('unknown-dossier');
    if (view.status === DossierStatus.Submitted) throw refusalError({ status: 'rejected', reason: 'not-ratable' });
    const row = buildRow('dossier.rate', { code: input.code, score: input.score }, null, input.code, new Date(ctx.now()).toISOString());
    await db.outbox.add(row);
    // The kiosk's own view says so at once (the gateway's answer in the feed says the same).
    if (!view.rated) await db.citizenDossiers.update(input.code, { rated: true });
    await db.audit.add({ at: Date.now(), kind: 'action', action: 'dossier.rate', code: input.code, mutationId: row.id, staffId: null });
    return { mutationId: row.id, code: input.code, dossier: null };
  }, [db.citizenDossiers, db.outbox, db.audit, db.dossiers]);
}

/** A spoiled receipt: its code is recorded as void so it is never reissued or mistaken. */
export async function voidCode(ctx: ActionContext, input: { code: string; reason: string }): Promise<ActionResult> {
  return perform(ctx, async () => ({ type: 'code.void', payload: { code: input.code, reason: input.reason }, dossierCode: null, audit: 'code.void' }),
    async (row) => ({ mutationId: row.id, code: input.code, dossier: null }));
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
 * the gateway would answer the old id with its stored rejection. A staff mutation is signed by
 * the officer who sends it again (they take it on).
 */
export async function retry(ctx: ActionContext, mutationId: string): Promise<ActionResult> {
  const { db } = ctx;
  return perform(ctx, async () => {
    const old = await db.outbox.where('id').equals(mutationId).first();
    if (!old || old.state !== 'rejected') throw new ActionError('not-found');
    return {
      type: old.type, payload: old.payload, dossierCode: old.dossierCode, audit: `${old.type}.retry`,
      alsoWrite: async () => { await db.outbox.update(old.seq!, { state: 'dismissed', dismissedBy: ctx.staffId, doneAt: Date.now() }); },
    };
  }, async (row) => ({ mutationId: row.id, code: row.dossierCode ?? '', dossier: row.dossierCode ? ((await db.dossiers.get(row.dossierCode)) ?? null) : null }));
}
