/**
 * Applying one mutation to the in-memory state of a batch: pure, no I/O. The batch transaction
 * (store/mutations.ts) loads what the mutations touch, runs these in order, then writes back.
 * How a mutation changes a dossier is the shared engine's (src/shared/dossier); this file adds
 * only what needs the gateway's data: code leases, voided codes, the agency boundary and the
 * check of a raw ID number against its hash.
 */
import { createHash } from 'node:crypto';
import type {
  CodeVoid, ConflictReason, ConflictResult, Dossier, DossierCreate, Mutation, Procedure, RejectedResult, RejectReason,
} from '../../shared/protocol';
import { idHashInput } from '../../shared/protocol';
import { parseDossierCode } from '../../shared/domain';
import {
  agencyHolds, applyMutation as applyToDossier, refusalMessage, sameProvince, type DossierMutation, type EngineContext,
} from '../../shared/dossier';
import { localized } from '../../shared/messages';
import { z } from 'zod';

export interface DossierState {
  dossier: Dossier;
  citizenId: string | null;
  dirty: boolean;
  /** Read from the database (the dossier existed before this batch). */
  stored?: boolean;
}
export interface LeaseRange { agencyCode: string; day: string; first: number; last: number; id: string }

export interface BatchState {
  deviceId: string;
  agencyCode: string;
  idSalt: string;
  now: Date;
  dossiers: Map<string, DossierState | null>;
  voided: Set<string>;
  procedures: Map<string, Procedure>;
  /** Agencies of the province named as competent in this batch's intakes (the gateway's table and the province directory). */
  knownAgencies: Set<string>;
  leases: LeaseRange[];
  events: { code: string; mutationId: string; action: string; staffId: string | null; data: unknown }[];
  newVoids: { code: string; reason: string; mutationId: string; leaseId: string | null; staffId: string | null }[];
}

export type Outcome =
  | { status: 'applied'; code: string; version: number | null; dossier?: Dossier }
  | Omit<z.infer<typeof ConflictResult>, 'id'>
  | Omit<z.infer<typeof RejectedResult>, 'id'>;

export const reject = (reason: RejectReason, details?: unknown): Outcome =>
  ({ status: 'rejected', reason, message: localized('reject', reason), ...(details === undefined ? {} : { details }) });
const conflict = (code: string, reason: ConflictReason, dossier: Dossier | null): Outcome =>
  ({ status: 'conflict', code, reason, message: localized('conflict', reason), dossier });

function leaseFor(s: BatchState, code: string): { ok: true; lease: LeaseRange } | { ok: false; outcome: Outcome } {
  const p = parseDossierCode(code);
  if (!p.ok) return { ok: false, outcome: reject('validation', { reason: p.reason }) };
  if (p.value.agency !== s.agencyCode) return { ok: false, outcome: reject('wrong-agency') };
  const lease = s.leases.find((l) => l.day === p.value.receivedOn && l.first <= p.value.sequence && p.value.sequence <= l.last);
  if (!lease) return { ok: false, outcome: reject('code-not-leased') };
  return { ok: true, lease };
}

function engineContext(s: BatchState): EngineContext {
  return { deviceId: s.deviceId, agencyCode: s.agencyCode, now: s.now.toISOString(), procedure: (c) => s.procedures.get(c) };
}

/** Checks that need the gateway's data before the engine sees a mutation; null when it may proceed. */
function precheck(s: BatchState, m: DossierMutation): Outcome | null {
  if (m.type === 'dossier.create') return precheckCreate(s, m.payload);
  const st = s.dossiers.get(m.payload.code);
  // Boundary-free intake: the receiving and the competent agency both hold the dossier; which of
  // them may take which step is the engine's rule (shared/dossier/competence.ts).
  if (st && !agencyHolds(st.dossier, s.agencyCode)) return reject('wrong-agency');
  return null;
}

function precheckCreate(s: BatchState, p: DossierCreate): Outcome | null {
  // Lease (and so agency) first: another agency's dossier is never shown in a conflict.
  const l = leaseFor(s, p.code);
  if (!l.ok) return l.outcome;
  if (s.dossiers.get(p.code)) return null; // the engine answers `code-taken`
  if (s.voided.has(p.code)) return conflict(p.code, 'code-voided', null);
  const competent = p.competentAgencyCode;
  if (competent !== undefined && competent !== s.agencyCode) {
    if (!sameProvince(competent, s.agencyCode)) return reject('other-province');
    if (!s.knownAgencies.has(competent)) return reject('unknown-agency');
  }
  const { citizenId } = p.applicant;
  if (citizenId !== undefined && s.procedures.has(p.procedureCode)) {
    const h = createHash('sha256').update(idHashInput(s.idSalt, citizenId), 'utf8').digest('hex');
    if (h !== p.applicant.idHash) return reject('id-hash-mismatch');
  }
  return null;
}

function applyDossierMutation(s: BatchState, m: DossierMutation & { id: string }): Outcome {
  const early = precheck(s, m);
  if (early) return early;
  const code = m.payload.code;
  const st = s.dossiers.get(code) ?? null;
  const r = applyToDossier(st?.dossier ?? null, m, engineContext(s));
  if (!r.ok) {
    const message = refusalMessage(r.refusal);
    if (r.refusal.status === 'conflict') return { status: 'conflict', code, reason: r.refusal.reason, message, dossier: st?.dossier ?? null };
    return { status: 'rejected', reason: r.refusal.reason, message, ...(r.refusal.details === undefined ? {} : { details: r.refusal.details }) };
  }
  const citizenId = m.type === 'dossier.create' ? (m.payload.applicant.citizenId ?? null) : (st?.citizenId ?? null);
  s.dossiers.set(code, { dossier: r.dossier, citizenId, dirty: true, stored: st?.stored === true });
  // The event's staff_id is the officer the gateway verified (store/authorize.ts): none for a
  // rating, which is the citizen's even when the device names its signed-in officer.
  const officer = m.type === 'dossier.rate' ? null : m.staffId;
  for (const e of r.events) s.events.push({ code: e.code, mutationId: m.id, action: e.action, staffId: officer, data: { at: e.at, staffId: e.staffId, status: e.status } });
  return { status: 'applied', code, version: r.dossier.version, dossier: r.dossier };
}

function voidCode(s: BatchState, m: Mutation, p: CodeVoid): Outcome {
  const l = leaseFor(s, p.code);
  if (!l.ok) return l.outcome;
  const existing = s.dossiers.get(p.code);
  if (existing) return conflict(p.code, 'code-taken', existing.dossier);
  if (!s.voided.has(p.code)) {
    s.voided.add(p.code);
    s.newVoids.push({ code: p.code, reason: p.reason, mutationId: m.id, leaseId: l.lease.id, staffId: m.staffId });
  }
  return { status: 'applied', code: p.code, version: null };
}

/**
 * Applies `m`. A conflict carries a snapshot of the server's state at that point; an applied
 * outcome carries none (the batch attaches the final state to the last applied result of each
 * dossier, see store/mutations.ts).
 */
export function applyMutation(s: BatchState, m: Mutation): Outcome {
  const out = m.type === 'code.void' ? voidCode(s, m, m.payload) : applyDossierMutation(s, m);
  if (out.status === 'applied') return { status: 'applied', code: out.code, version: out.version };
  return 'dossier' in out && out.dossier ? { ...out, dossier: structuredClone(out.dossier) } : out;
}
