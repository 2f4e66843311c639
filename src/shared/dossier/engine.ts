/**
 * The dossier engine: how a mutation changes a dossier. One pure function used by both ends —
 * the gateway's authoritative apply (src/gateway/store/apply.ts, which adds what needs the
 * database: leases, voided codes, agency checks, persistence) and the kiosk's optimistic apply
 * (src/renderer/db/apply.ts, which adds storage and the outbox). Because both run this code, an
 * offline counter shows what the gateway will store, field by field, timeline included.
 *
 * Times: the moment of an action (timeline, finish, return, payment, rating) is the mutation's
 * `at` clamped to [receivedAt, now]: an action recorded offline keeps its real time, a wrong
 * device clock cannot move it before the intake nor into the future. `updatedAt` is `now` (never
 * earlier than the previous change) and `version` counts changes (1 after the intake).
 */
import type {
  ConflictReason, Dossier, DossierCreate, DossierExtend, DossierPayFee, DossierRate, DossierTransition, Mutation, Procedure,
  RejectReason, TimelineEntry,
} from '../protocol';
import { canTransition, DossierStatus } from '../domain/status';
import { maskCitizenId } from '../privacy/mask';
import { stepRefusal, transitionStep, type DossierStep } from './competence';

/** A mutation that changes a dossier (`code.void` changes only the code register). */
export type DossierMutation = Extract<Mutation, { type: 'dossier.create' | 'dossier.transition' | 'dossier.payFee' | 'dossier.rate' | 'dossier.extend' }>;
/** What the engine reads of a mutation: its envelope without the id. */
export type EngineInput = DossierMutation extends infer M ? (M extends DossierMutation ? Pick<M, 'type' | 'at' | 'staffId' | 'payload'> : never) : never;

export interface EngineContext {
  /** The device credited in the timeline (the one that sent the mutation). */
  deviceId: string | null;
  /**
   * The agency of the device that acts: the receiving agency of a new dossier; on an existing
   * one, which steps it may take (competence.ts).
   */
  agencyCode: string;
  /** ISO time of the apply: the gateway's clock, or the action's own time on the kiosk. */
  now: string;
  /** The procedure catalogue, for an intake. */
  procedure(code: string): Procedure | undefined;
}

/** One entry of the dossier's history, as the gateway records it (`dossier_events`). */
export interface DossierEvent {
  code: string;
  action: DossierMutation['type'];
  at: string;
  staffId: string | null;
  status: number;
}

/** Why the engine refuses a mutation; `params` fill the catalogued message. */
export type Refusal =
  | { status: 'rejected'; reason: RejectReason; params?: Record<string, string | number>; details?: unknown }
  | { status: 'conflict'; reason: ConflictReason; params?: Record<string, string | number> };

export type ApplyResult =
  | { ok: true; dossier: Dossier; events: DossierEvent[] }
  | { ok: false; refusal: Refusal };

const rejected = (reason: RejectReason, params?: Record<string, string | number>): ApplyResult =>
  ({ ok: false, refusal: { status: 'rejected', reason, ...(params ? { params } : {}) } });
const conflict = (reason: ConflictReason, params?: Record<string, string | number>): ApplyResult =>
  ({ ok: false, refusal: { status: 'conflict', reason, ...(params ? { params } : {}) } });

/** Statuses in which a dossier is closed without a result: nothing more is collected. */
export const CLOSED_STATUSES: readonly number[] = [DossierStatus.Refused, DossierStatus.Withdrawn, DossierStatus.Stopped];

/** `at` clamped to [min, max(min, now)], as an ISO string. */
export function actionTime(at: string, min: string, now: string): string {
  const lo = Date.parse(min);
  const t = Math.min(Math.max(Date.parse(at), lo), Math.max(Date.parse(now), lo));
  return new Date(t).toISOString();
}

function step(d: Dossier, ctx: EngineContext, m: EngineInput, entry: Omit<TimelineEntry, 'deviceId' | 'staffId'>): ApplyResult {
  const timeline: TimelineEntry = { ...entry, deviceId: ctx.deviceId, staffId: m.staffId };
  // The time of the last change never goes back, whichever clock applies the change.
  const updatedAt = d.updatedAt > ctx.now ? d.updatedAt : ctx.now;
  const dossier: Dossier = { ...d, timeline: [...d.timeline, timeline], version: d.version + 1, updatedAt };
  return { ok: true, dossier, events: [{ code: d.code, action: m.type, at: entry.at, staffId: m.staffId, status: dossier.status }] };
}

function create(existing: Dossier | null, m: EngineInput, p: DossierCreate, ctx: EngineContext): ApplyResult {
  if (existing) return conflict('code-taken');
  const procedure = ctx.procedure(p.procedureCode);
  if (!procedure) return rejected('unknown-procedure');
  if (Date.parse(p.appointmentAt) < Date.parse(p.receivedAt)) return rejected('bad-appointment');
  const { citizenId, ...applicant } = p.applicant;
  if (citizenId !== undefined) applicant.idMasked = maskCitizenId(citizenId);
  // The competent agency is kept only when it is another one (boundary-free intake).
  const competent = p.competentAgencyCode !== undefined && p.competentAgencyCode !== ctx.agencyCode ? { competentAgencyCode: p.competentAgencyCode } : {};
  const fresh: Dossier = {
    code: p.code, agencyCode: ctx.agencyCode, ...competent, procedureCode: procedure.code, procedureName: procedure.name,
    applicant, channel: p.channel, status: p.status, documents: [...p.documents],
    receivedAt: p.receivedAt, appointmentAt: p.appointmentAt, finishedAt: null, returnedAt: null,
    fees: p.fees.map((f) => ({ ...f })), supplements: [], rating: null, timeline: [], updatedAt: ctx.now, version: 0,
  };
  return step(fresh, ctx, m, { at: actionTime(p.receivedAt, p.receivedAt, ctx.now), action: 'create', status: p.status, note: p.note });
}

/** The step is the other agency's (boundary-free intake): refused with that agency's code. */
function notHere(d: Dossier, ctx: EngineContext, step: DossierStep): ApplyResult | null {
  const owner = stepRefusal(d, ctx.agencyCode, step);
  return owner === null ? null : rejected('not-competent', { agency: owner });
}

function transition(d: Dossier, m: EngineInput, p: DossierTransition, ctx: EngineContext): ApplyResult {
  if (!canTransition(p.from, p.to)) return rejected('transition-not-allowed', { from: p.from, to: p.to });
  const other = notHere(d, ctx, transitionStep(p.from, p.to));
  if (other) return other;
  if (d.status !== p.from) return conflict('status-changed', { status: d.status, from: p.from });
  const at = actionTime(m.at, d.receivedAt, ctx.now);
  const next: Dossier = { ...d, status: p.to };
  if (p.to === DossierStatus.SupplementRequested) {
    next.supplements = [...d.supplements, ...p.supplements.map((s) => ({ name: s.name, note: s.note, requestedAt: at }))];
  }
  if (p.to === DossierStatus.Done) next.finishedAt = at;
  if (p.to === DossierStatus.Returned) {
    next.returnedAt = at;
    next.finishedAt = d.finishedAt ?? at;
  }
  return step(next, ctx, m, { at, action: 'transition', status: p.to, note: p.note });
}

/** Whether fees may still be collected on a dossier in this status. */
export function canCollectFees(status: number): boolean {
  return !CLOSED_STATUSES.includes(status);
}

function payFee(d: Dossier, m: EngineInput, p: DossierPayFee, ctx: EngineContext): ApplyResult {
  const fee = d.fees.find((f) => f.id === p.feeId);
  if (!fee) return rejected('unknown-fee');
  if (fee.amount !== p.amount) return rejected('fee-mismatch');
  if (fee.paid) return conflict('already-paid');
  if (!canCollectFees(d.status)) return rejected('dossier-closed', { status: d.status });
  const other = notHere(d, ctx, 'fee');
  if (other) return other;
  const at = actionTime(m.at, d.receivedAt, ctx.now);
  const fees = d.fees.map((f) => (f.id === p.feeId ? { ...f, paid: true, paidAt: at, method: p.method, reference: p.reference } : f));
  return step({ ...d, fees }, ctx, m, { at, action: 'payFee', status: null, note: fee.name });
}

function rate(d: Dossier, m: EngineInput, p: DossierRate, ctx: EngineContext): ApplyResult {
  if (d.status === DossierStatus.Submitted) return rejected('not-ratable');
  const at = actionTime(m.at, d.receivedAt, ctx.now);
  return step({ ...d, rating: { score: p.score, at } }, ctx, m, { at, action: 'rate', status: null, note: null });
}

/** Statuses in which a dossier may get its one extension: being handled, not yet settled. */
export const EXTENDABLE_STATUSES: readonly number[] = [
  DossierStatus.Accepted, DossierStatus.Processing, DossierStatus.SupplementRequested, DossierStatus.PaymentRequested,
];

/** Whether the dossier already had its one extension (form 04 is issued once). */
export const wasExtended = (d: Pick<Dossier, 'timeline' | 'extension'>): boolean => (d.extension ?? null) !== null || d.timeline.some((e) => e.action === 'extend');

function extend(d: Dossier, m: EngineInput, p: DossierExtend, ctx: EngineContext): ApplyResult {
  const other = notHere(d, ctx, 'process');
  if (other) return other;
  if (wasExtended(d)) return conflict('already-extended');
  if (!EXTENDABLE_STATUSES.includes(d.status)) return rejected('not-extendable', { status: d.status });
  const at = actionTime(m.at, d.receivedAt, ctx.now);
  // Later than the appointment it replaces and than the extension itself: an overdue dossier's
  // new date (form 04, "hẹn lại ngày trả") is one still to come.
  if (Date.parse(p.appointmentAt) <= Math.max(Date.parse(d.appointmentAt), Date.parse(at))) return rejected('appointment-not-later');
  const extension = { previousAppointmentAt: d.appointmentAt, reason: p.reason, at };
  return step({ ...d, appointmentAt: p.appointmentAt, extension }, ctx, m, { at, action: 'extend', status: null, note: p.reason });
}

/**
 * Applies one mutation to a dossier (`null`: the code has no dossier yet). Pure: the input is not
 * changed; an accepted mutation returns the new dossier and the history entries it adds.
 */
export function applyMutation(dossier: Dossier | null, m: EngineInput, ctx: EngineContext): ApplyResult {
  if (m.type === 'dossier.create') return create(dossier, m, m.payload, ctx);
  if (!dossier) return rejected('unknown-dossier');
  switch (m.type) {
    case 'dossier.transition': return transition(dossier, m, m.payload, ctx);
    case 'dossier.payFee': return payFee(dossier, m, m.payload, ctx);
    case 'dossier.rate': return rate(dossier, m, m.payload, ctx);
    case 'dossier.extend': return extend(dossier, m, m.payload, ctx);
  }
}

export function isDossierMutation<T extends { type: string }>(m: T): m is T & { type: DossierMutation['type'] } {
  return m.type === 'dossier.create' || m.type === 'dossier.transition' || m.type === 'dossier.payFee' || m.type === 'dossier.rate'
    || m.type === 'dossier.extend';
}
