/**
 * Applying one mutation to the in-memory state of a batch: pure, no I/O. The batch transaction
 * (store/mutations.ts) loads what the mutations touch, runs these in order, then writes back.
 * Times: `updatedAt` is server time; the moment of an action (timeline, finish, payment) is the
 * device's `at` clamped to [receivedAt, now], so an action recorded offline keeps its real time
 * but a wrong device clock cannot push it into the future.
 */
import { createHash } from 'node:crypto';
import type {
  CodeVoid, ConflictResult, Dossier, DossierCreate, DossierPayFee, DossierRate, DossierTransition, LocalizedMessage,
  Mutation, Procedure, RejectedResult, TimelineEntry,
} from '../../shared/protocol';
import { idHashInput } from '../../shared/protocol';
import { canTransition, parseDossierCode } from '../../shared/domain';
import { maskCitizenId } from '../../shared/privacy/mask';
import { z } from 'zod';

export interface DossierState { dossier: Dossier; citizenId: string | null; dirty: boolean }
export interface LeaseRange { agencyCode: string; day: string; first: number; last: number; id: string }

export interface BatchState {
  deviceId: string;
  agencyCode: string;
  idSalt: string;
  now: Date;
  dossiers: Map<string, DossierState | null>;
  voided: Set<string>;
  procedures: Map<string, Procedure>;
  leases: LeaseRange[];
  events: { code: string; mutationId: string; action: string; data: unknown }[];
  newVoids: { code: string; reason: string; mutationId: string; leaseId: string | null }[];
}

type Outcome =
  | { status: 'applied'; code: string; version: number | null; dossier?: Dossier }
  | Omit<z.infer<typeof ConflictResult>, 'id'>
  | Omit<z.infer<typeof RejectedResult>, 'id'>;

const msg = (vi: string, en: string): LocalizedMessage => ({ vi, en });
const reject = (reason: z.infer<typeof RejectedResult>['reason'], message: LocalizedMessage, details?: unknown): Outcome =>
  ({ status: 'rejected', reason, message, ...(details === undefined ? {} : { details }) });
const conflict = (code: string, reason: z.infer<typeof ConflictResult>['reason'], message: LocalizedMessage, dossier: Dossier | null): Outcome =>
  ({ status: 'conflict', code, reason, message, dossier });

function clampTime(at: string, min: string, now: Date): string {
  const t = Math.min(Math.max(Date.parse(at), Date.parse(min)), now.getTime());
  return new Date(t).toISOString();
}

function leaseFor(s: BatchState, code: string): { ok: true; lease: LeaseRange } | { ok: false; outcome: Outcome } {
  const p = parseDossierCode(code);
  if (!p.ok) return { ok: false, outcome: reject('validation', msg('Mã hồ sơ không hợp lệ.', 'Invalid dossier code.'), { reason: p.reason }) };
  if (p.value.agency !== s.agencyCode) {
    return { ok: false, outcome: reject('wrong-agency', msg('Mã hồ sơ thuộc cơ quan khác.', 'The code belongs to another agency.')) };
  }
  const lease = s.leases.find((l) => l.day === p.value.receivedOn && l.first <= p.value.sequence && p.value.sequence <= l.last);
  if (!lease) return { ok: false, outcome: reject('code-not-leased', msg('Số hồ sơ không thuộc dải số đã cấp cho thiết bị này.', 'This number was not leased to this device.')) };
  return { ok: true, lease };
}

function touch(s: BatchState, st: DossierState, entry: Omit<TimelineEntry, 'deviceId'>, m: Mutation): void {
  const d = st.dossier;
  d.timeline.push({ ...entry, deviceId: s.deviceId });
  d.version += 1;
  d.updatedAt = s.now.toISOString();
  st.dirty = true;
  s.events.push({ code: d.code, mutationId: m.id, action: m.type, data: { at: m.at, staffId: m.staffId, status: d.status } });
}

function create(s: BatchState, m: Mutation, p: DossierCreate): Outcome {
  // Lease (and so agency) first: another agency's dossier is never shown in a conflict.
  const l = leaseFor(s, p.code);
  if (!l.ok) return l.outcome;
  const existing = s.dossiers.get(p.code);
  if (existing) return conflict(p.code, 'code-taken', msg('Mã hồ sơ đã được dùng.', 'This dossier code is already used.'), existing.dossier);
  if (s.voided.has(p.code)) return conflict(p.code, 'code-voided', msg('Mã hồ sơ đã bị hủy.', 'This dossier code was voided.'), null);
  const proc = s.procedures.get(p.procedureCode);
  if (!proc) return reject('unknown-procedure', msg('Thủ tục không có trong danh mục.', 'Unknown procedure.'));
  const { citizenId, ...applicant } = p.applicant;
  if (citizenId !== undefined) {
    const h = createHash('sha256').update(idHashInput(s.idSalt, citizenId), 'utf8').digest('hex');
    if (h !== applicant.idHash) return reject('id-hash-mismatch', msg('Mã băm số định danh không khớp.', 'idHash does not match the ID number.'));
    applicant.idMasked = maskCitizenId(citizenId);
  }
  if (Date.parse(p.appointmentAt) < Date.parse(p.receivedAt)) {
    return reject('bad-appointment', msg('Ngày hẹn trả trước ngày tiếp nhận.', 'Appointment before receipt.'));
  }
  const now = s.now.toISOString();
  const dossier: Dossier = {
    code: p.code, agencyCode: s.agencyCode, procedureCode: proc.code, procedureName: proc.name,
    applicant, channel: p.channel, status: p.status, documents: p.documents,
    receivedAt: p.receivedAt, appointmentAt: p.appointmentAt, finishedAt: null, returnedAt: null,
    fees: p.fees, supplements: [], rating: null, timeline: [], updatedAt: now, version: 0,
  };
  const st: DossierState = { dossier, citizenId: citizenId ?? null, dirty: true };
  s.dossiers.set(p.code, st);
  touch(s, st, { at: clampTime(p.receivedAt, p.receivedAt, s.now), action: 'create', status: p.status, staffId: m.staffId, note: p.note }, m);
  return { status: 'applied', code: p.code, version: dossier.version, dossier };
}

function own(s: BatchState, code: string): { ok: true; st: DossierState } | { ok: false; outcome: Outcome } {
  const st = s.dossiers.get(code);
  if (!st) return { ok: false, outcome: reject('unknown-dossier', msg('Không tìm thấy hồ sơ.', 'Unknown dossier.')) };
  if (st.dossier.agencyCode !== s.agencyCode) {
    return { ok: false, outcome: reject('wrong-agency', msg('Hồ sơ thuộc cơ quan khác.', 'The dossier belongs to another agency.')) };
  }
  return { ok: true, st };
}

function transition(s: BatchState, m: Mutation, p: DossierTransition): Outcome {
  const o = own(s, p.code);
  if (!o.ok) return o.outcome;
  const d = o.st.dossier;
  if (!canTransition(p.from, p.to)) {
    return reject('transition-not-allowed', msg(`Không được chuyển trạng thái ${p.from} → ${p.to}.`, `Transition ${p.from} → ${p.to} is not allowed.`));
  }
  if (d.status !== p.from) {
    return conflict(p.code, 'status-changed', msg(
      `Hồ sơ đã ở trạng thái ${d.status}, không còn ở trạng thái ${p.from}.`,
      `The dossier is now in status ${d.status}, not ${p.from}.`), d);
  }
  const at = clampTime(m.at, d.receivedAt, s.now);
  d.status = p.to;
  if (p.to === 5) d.supplements.push(...p.supplements.map((x) => ({ name: x.name, note: x.note, requestedAt: at })));
  if (p.to === 9) d.finishedAt = at;
  if (p.to === 10) {
    d.returnedAt = at;
    d.finishedAt ??= at;
  }
  touch(s, o.st, { at, action: 'transition', status: p.to, staffId: m.staffId, note: p.note }, m);
  return { status: 'applied', code: p.code, version: d.version, dossier: d };
}

function payFee(s: BatchState, m: Mutation, p: DossierPayFee): Outcome {
  const o = own(s, p.code);
  if (!o.ok) return o.outcome;
  const d = o.st.dossier;
  const fee = d.fees.find((f) => f.id === p.feeId);
  if (!fee) return reject('unknown-fee', msg('Không có khoản phí này.', 'No such fee on this dossier.'));
  if (fee.amount !== p.amount) return reject('fee-mismatch', msg('Số tiền không khớp khoản phí.', 'Amount does not match the fee.'));
  if (fee.paid) return conflict(p.code, 'already-paid', msg('Khoản phí đã được thu.', 'This fee was already paid.'), d);
  const at = clampTime(m.at, d.receivedAt, s.now);
  Object.assign(fee, { paid: true, paidAt: at, method: p.method, reference: p.reference });
  touch(s, o.st, { at, action: 'payFee', status: null, staffId: m.staffId, note: fee.name }, m);
  return { status: 'applied', code: p.code, version: d.version, dossier: d };
}

function rate(s: BatchState, m: Mutation, p: DossierRate): Outcome {
  const o = own(s, p.code);
  if (!o.ok) return o.outcome;
  const d = o.st.dossier;
  if (d.status === 1) return reject('not-ratable', msg('Hồ sơ chưa được tiếp nhận.', 'The dossier has not been received yet.'));
  const at = clampTime(m.at, d.receivedAt, s.now);
  d.rating = { score: p.score, at };
  touch(s, o.st, { at, action: 'rate', status: null, staffId: m.staffId, note: null }, m);
  return { status: 'applied', code: p.code, version: d.version, dossier: d };
}

function voidCode(s: BatchState, m: Mutation, p: CodeVoid): Outcome {
  const l = leaseFor(s, p.code);
  if (!l.ok) return l.outcome;
  const existing = s.dossiers.get(p.code);
  if (existing) return conflict(p.code, 'code-taken', msg('Mã hồ sơ đã được dùng.', 'This dossier code is already used.'), existing.dossier);
  if (!s.voided.has(p.code)) {
    s.voided.add(p.code);
    s.newVoids.push({ code: p.code, reason: p.reason, mutationId: m.id, leaseId: l.lease.id });
  }
  return { status: 'applied', code: p.code, version: null };
}

/**
 * Applies `m`. A conflict carries a snapshot of the server's state at that point; an applied
 * outcome carries none (the batch attaches the final state to the last applied result of each
 * dossier, see store/mutations.ts).
 */
export function applyMutation(s: BatchState, m: Mutation): Outcome {
  const out = dispatch(s, m);
  if (out.status === 'applied') return { status: 'applied', code: out.code, version: out.version };
  return 'dossier' in out && out.dossier ? { ...out, dossier: structuredClone(out.dossier) } : out;
}

function dispatch(s: BatchState, m: Mutation): Outcome {
  switch (m.type) {
    case 'dossier.create': return create(s, m, m.payload);
    case 'dossier.transition': return transition(s, m, m.payload);
    case 'dossier.payFee': return payFee(s, m, m.payload);
    case 'dossier.rate': return rate(s, m, m.payload);
    case 'code.void': return voidCode(s, m, m.payload);
  }
}

/** Codes a mutation touches, for loading. */
export const codeOf = (m: Mutation): string => m.payload.code;
