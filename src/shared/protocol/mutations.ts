/**
 * The mutation batch. POST /v1/mutations with `{ mutations: [...] }` (1..100).
 *
 * Each mutation has a client-generated UUIDv7 `id` and is applied at most once: the gateway keeps
 * the result of every id it has seen, written in the same transaction as the change. A resend
 * (lost answer, crash, retry) gets `duplicate` with that stored result. The answer has one result
 * per mutation, in order. A malformed envelope (no valid id/type) fails the whole request with
 * 400 `validation`; a bad payload fails only its item (`rejected`, reason `validation`), so one
 * poison mutation never blocks the rest.
 */
import { z } from 'zod';
import { LocalizedMessage } from './errors';
import { MAX_BATCH } from './version';
import { MutationSignature } from './trust';
import {
  AgencyCode, Applicant, Channel, CitizenId, Dossier, DossierCodeText, FeeItem, FeeMethod, IsoTime, Money, StatusCode,
} from './dossier';

export const MutationId = z.uuidv7();

/** What every mutation carries besides its payload; validated for the whole batch first. */
export const MutationEnvelope = z.object({
  id: MutationId,
  type: z.string().min(1).max(40),
  /** Client time of the action (informational: server time orders everything). */
  at: IsoTime,
  /** Signed-in staff member who acted (required for staff mutations, see trust.ts). */
  staffId: z.string().max(40).nullable().default(null),
  payload: z.unknown(),
  /** The officer's signature of `signedText(deviceId, envelope)` (staff mutations). */
  sig: MutationSignature.optional(),
});
export type MutationEnvelope = z.infer<typeof MutationEnvelope>;

/** Intake: a new dossier whose code comes from a lease held by this device. */
export const DossierCreate = z.object({
  code: DossierCodeText,
  procedureCode: z.string().min(1).max(40),
  /**
   * The competent agency when it is not the receiving (the device's) one: boundary-free intake.
   * Must be of the same province (docs/SYNC-PROTOCOL.md §5.1); absent = the receiving agency.
   */
  competentAgencyCode: AgencyCode.optional(),
  applicant: Applicant.extend({
    /**
     * The raw 12-digit number, optional. Kept server-side only, for the provincial adapter;
     * never returned by the change feed or lookup, never logged. Must hash to `idHash`.
     */
    citizenId: CitizenId.optional(),
  }),
  channel: Channel.default(1),
  /** 2 accepted (the normal intake) or 3 refused at intake. */
  status: z.union([z.literal(2), z.literal(3)]).default(2),
  documents: z.array(z.string().max(300)).max(100).default([]),
  receivedAt: IsoTime,
  /** As printed on the receipt; the gateway checks it is not before `receivedAt` and keeps it. */
  appointmentAt: IsoTime,
  fees: z.array(FeeItem).max(50).default([]),
  note: z.string().max(1000).nullable().default(null),
});
export type DossierCreate = z.infer<typeof DossierCreate>;

/** Status change; `from` is what the device believed, so a late arrival becomes a conflict, not an overwrite. */
export const DossierTransition = z.object({
  code: DossierCodeText,
  from: StatusCode,
  to: StatusCode,
  note: z.string().max(1000).nullable().default(null),
  /** Documents requested when moving to 5 (supplement). */
  supplements: z.array(z.object({ name: z.string().min(1).max(300), note: z.string().max(1000).nullable().default(null) }))
    .max(50).default([]),
});
export type DossierTransition = z.infer<typeof DossierTransition>;

export const DossierPayFee = z.object({
  code: DossierCodeText,
  feeId: z.string().min(1).max(40),
  /** Must equal the fee's amount. */
  amount: Money,
  method: FeeMethod,
  reference: z.string().max(80).nullable().default(null),
});
export type DossierPayFee = z.infer<typeof DossierPayFee>;

/**
 * Extension with apology (Circular 03/2025 form 04; the rule "hẹn lại ngày trả kết quả không quá
 * một lần" as restated under Decree 118/2025, docs/DOMAIN.md §10): a dossier that cannot be settled
 * by its appointment gets one new appointment, with the reason told to the applicant. Once per dossier; only while it is being handled (2, 4, 5, 6); the new appointment
 * is later than the current one.
 */
export const DossierExtend = z.object({
  code: DossierCodeText,
  appointmentAt: IsoTime,
  reason: z.string().trim().min(1).max(1000),
});
export type DossierExtend = z.infer<typeof DossierExtend>;

/** Citizen satisfaction, 1 (unhappy) .. 4 (very happy); the latest rating wins. */
export const DossierRate = z.object({ code: DossierCodeText, score: z.number().int().min(1).max(4) });
export type DossierRate = z.infer<typeof DossierRate>;

/** A leased code that will never be used (spoiled receipt): recorded so it is never reissued or mistaken. */
export const CodeVoid = z.object({ code: DossierCodeText, reason: z.string().max(300) });
export type CodeVoid = z.infer<typeof CodeVoid>;

export const MUTATION_PAYLOADS = {
  'dossier.create': DossierCreate,
  'dossier.transition': DossierTransition,
  'dossier.payFee': DossierPayFee,
  'dossier.rate': DossierRate,
  'dossier.extend': DossierExtend,
  'code.void': CodeVoid,
} as const;
export type MutationType = keyof typeof MUTATION_PAYLOADS;
export const MUTATION_TYPES = Object.keys(MUTATION_PAYLOADS) as MutationType[];

const envelope = <T extends MutationType, P extends z.ZodType>(type: T, payload: P) =>
  MutationEnvelope.extend({ type: z.literal(type), payload });

/** A fully typed mutation (what a kiosk builds and the gateway applies). */
export const Mutation = z.discriminatedUnion('type', [
  envelope('dossier.create', DossierCreate),
  envelope('dossier.transition', DossierTransition),
  envelope('dossier.payFee', DossierPayFee),
  envelope('dossier.rate', DossierRate),
  envelope('dossier.extend', DossierExtend),
  envelope('code.void', CodeVoid),
]);
export type Mutation = z.infer<typeof Mutation>;
/** Input type (defaults optional), for building mutations. */
export type MutationInput = z.input<typeof Mutation>;

export const MutationBatch = z.object({ mutations: z.array(MutationEnvelope).min(1).max(MAX_BATCH) });
export type MutationBatch = z.infer<typeof MutationBatch>;

export const REJECT_REASONS = [
  'validation', 'unknown-type', 'transition-not-allowed', 'unknown-dossier', 'wrong-agency',
  'code-not-leased', 'unknown-procedure', 'unknown-fee', 'fee-mismatch', 'id-hash-mismatch',
  'id-collision', 'bad-appointment', 'not-ratable', 'dossier-closed', 'not-extendable', 'appointment-not-later',
  // Trust model (trust.ts): the device kind may not send this type; the officer is missing,
  // unknown, inactive at the time of the action or in a role that may not act; the signature
  // is missing, made with a key not registered for this device and officer, or does not verify.
  'not-permitted', 'staff-unknown', 'staff-inactive', 'staff-role', 'signature-invalid',
  // Boundary-free intake (docs/SYNC-PROTOCOL.md §5.1): the step belongs to the other agency of the
  // dossier; the competent agency is of another province; or it is not an agency the gateway knows.
  'not-competent', 'other-province', 'unknown-agency',
] as const;
export const RejectReason = z.enum(REJECT_REASONS);
export type RejectReason = z.infer<typeof RejectReason>;
export const CONFLICT_REASONS = ['status-changed', 'code-taken', 'already-paid', 'code-voided', 'already-extended'] as const;
export const ConflictReason = z.enum(CONFLICT_REASONS);
export type ConflictReason = z.infer<typeof ConflictReason>;

export const AppliedResult = z.object({
  id: MutationId,
  status: z.literal('applied'),
  code: DossierCodeText,
  /** Dossier version after this change (absent for `code.void`). */
  version: z.number().int().nullable(),
  /**
   * Server state of the dossier after the whole batch, on the last applied result of each
   * dossier in the batch only (live answers only; stored results omit it).
   */
  dossier: Dossier.optional(),
});
export const ConflictResult = z.object({
  id: MutationId,
  status: z.literal('conflict'),
  code: DossierCodeText,
  reason: ConflictReason,
  message: LocalizedMessage,
  /** The server's state the device should rebase on (live answers only). */
  dossier: Dossier.nullable().optional(),
});
export const RejectedResult = z.object({
  id: MutationId,
  status: z.literal('rejected'),
  reason: RejectReason,
  message: LocalizedMessage,
  details: z.unknown().optional(),
});
/** What the gateway stores per mutation id. */
export const StoredResult = z.discriminatedUnion('status', [
  AppliedResult.omit({ dossier: true }),
  ConflictResult.omit({ dossier: true }),
  RejectedResult,
]);
export type StoredResult = z.infer<typeof StoredResult>;

export const DuplicateResult = z.object({
  id: MutationId,
  status: z.literal('duplicate'),
  /** The result of the first time this id was seen. */
  original: StoredResult,
  /** Current server state of the dossier, if there is one. */
  dossier: Dossier.nullable(),
});

export const MutationResult = z.discriminatedUnion('status', [AppliedResult, ConflictResult, RejectedResult, DuplicateResult]);
export type MutationResult = z.infer<typeof MutationResult>;

export const MutationBatchResponse = z.object({ results: z.array(MutationResult), serverTime: IsoTime });
export type MutationBatchResponse = z.infer<typeof MutationBatchResponse>;

/**
 * What the gateway knows of given mutation ids (POST /v1/mutations/status), asked by soak tests
 * and support tools. `effects` counts the history entries the id wrote: 1 for an applied change,
 * 0 otherwise; more than 1 would mean it was applied twice.
 */
export const MutationStatusRequest = z.object({ ids: z.array(MutationId).min(1).max(1000) });
export const MutationStatusResponse = z.object({
  items: z.array(z.object({
    id: MutationId,
    known: z.boolean(),
    status: z.enum(['applied', 'conflict', 'rejected']).nullable(),
    effects: z.number().int().min(0),
  })),
});
export type MutationStatusResponse = z.infer<typeof MutationStatusResponse>;
