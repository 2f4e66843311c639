/**
 * The dossier (hồ sơ) as it travels between kiosk and gateway, and the catalog entities of the
 * change feed. Times are ISO 8601 UTC strings (`2025-03-04T02:15:00.000Z`): they sort as text,
 * which the kiosk's indexes rely on. Money is whole đồng (VND has no minor unit).
 */
import { z } from 'zod';

export const IsoTime = z.iso.datetime();
/** Calendar day in Vietnam (Asia/Ho_Chi_Minh): `YYYY-MM-DD`. */
export const LocalDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** Receiving agency code (QCVN 102:2016 e.g. `000.17.22.H56`, or a short portal string `H55.242`). */
export const AgencyCode = z.string().min(3).max(32).regex(/^[A-Z0-9.]+$/);
/**
 * Dossier code text (`<agency>-YYMMDD-NNNN`). Only the alphabet and length are checked here; the
 * structure is the domain's rule (`parseDossierCode` in src/shared/domain), applied by the gateway.
 */
export const DossierCodeText = z.string().min(10).max(48).regex(/^[A-Z0-9.]+-(?:\d{6}|\d{8})-\d{4,9}$/);
/**
 * A code asked for (lookup, one dossier): any official shape, including a province's own pattern
 * (docs/DOMAIN.md §4), which this project never issues. A code in no stored shape is simply not
 * found (404), not a malformed request.
 */
export const DossierCodeQuery = z.string().min(4).max(64).regex(/^[A-Za-z0-9._-]+$/);
/** TrangThaiHoSo, 1..10 (DOMAIN.md §4). Which moves are allowed is `canTransition` in the domain. */
export const StatusCode = z.number().int().min(1).max(10);
/** Intake channel (HinhThuc): 1 in person, 2 online, 3 by post. */
export const Channel = z.union([z.literal(1), z.literal(2), z.literal(3)]);
/** Birth date as printed on the CCCD, possibly partial: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. */
export const PartialDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/);
export const Sex = z.enum(['male', 'female', 'unknown']);
/** Lower-case hex SHA-256, see `idHashInput`. */
export const IdHash = z.string().regex(/^[0-9a-f]{64}$/);
/** 12-digit personal ID number (số định danh). Personal data: never logged. */
export const CitizenId = z.string().regex(/^\d{12}$/);
export const Money = z.number().int().min(0).max(1_000_000_000_000);

export const Applicant = z.object({
  name: z.string().min(1).max(200),
  /** SHA-256 of `idHashInput(province idSalt, citizenId)`: lets a kiosk find a citizen's dossiers by scanning the CCCD. */
  idHash: IdHash,
  /** Masked ID for display (`maskCitizenId` of src/shared/privacy/mask). */
  idMasked: z.string().max(16).nullable(),
  birthDate: PartialDate.nullable(),
  sex: Sex,
  address: z.string().max(500),
  phone: z.string().max(20).nullable(),
  email: z.string().max(200).nullable(),
  /**
   * The current (2025) commune of the address, 5 digits (Decision 19/2025/QĐ-TTg), chosen by the
   * officer from the suggestion for the address as printed (which stays unchanged in `address`).
   */
  communeCode: z.string().regex(/^\d{5}$/).nullable().optional(),
});
export type Applicant = z.infer<typeof Applicant>;

export const FeeMethod = z.enum(['cash', 'vietqr', 'transfer', 'waived']);
export const FeeItem = z.object({
  id: z.string().min(1).max(40),
  name: z.string().min(1).max(200),
  amount: Money,
  paid: z.boolean(),
  paidAt: IsoTime.nullable(),
  method: FeeMethod.nullable(),
  reference: z.string().max(80).nullable(),
});
export type FeeItem = z.infer<typeof FeeItem>;

/** A document the applicant must supplement (status 5). */
export const Supplement = z.object({
  name: z.string().min(1).max(300),
  requestedAt: IsoTime,
  note: z.string().max(1000).nullable(),
});
export type Supplement = z.infer<typeof Supplement>;

export const TimelineAction = z.enum(['create', 'transition', 'payFee', 'rate', 'extend', 'import']);
export const TimelineEntry = z.object({
  at: IsoTime,
  action: TimelineAction,
  /** Status after this step (null when the step did not change it). */
  status: StatusCode.nullable(),
  deviceId: z.string().nullable(),
  staffId: z.string().nullable(),
  note: z.string().max(1000).nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const Rating = z.object({ score: z.number().int().min(1).max(4), at: IsoTime });

export const Dossier = z.object({
  code: DossierCodeText,
  /** The receiving agency: the counter's, whose lease issued the code (Bộ phận tiếp nhận). */
  agencyCode: AgencyCode,
  /**
   * The competent agency (cơ quan có thẩm quyền giải quyết) when it is not the receiving one:
   * boundary-free intake (Decree 118/2025, docs/DOMAIN.md §6.4). Absent or null: the receiving
   * agency decides. Never changes after intake.
   */
  competentAgencyCode: AgencyCode.nullable().optional(),
  procedureCode: z.string().min(1).max(40),
  procedureName: z.string().min(1).max(500),
  applicant: Applicant,
  channel: Channel,
  status: StatusCode,
  /** Documents submitted at intake (TaiLieuNop, receipt item 1). */
  documents: z.array(z.string().max(300)).max(100),
  receivedAt: IsoTime,
  /** Promised return (NgayHenTra): intake + processing days in working days. Overdue is derived, never a status. */
  appointmentAt: IsoTime,
  /** Set on reaching 9 (done). */
  finishedAt: IsoTime.nullable(),
  /** Set on reaching 10 (handed back). */
  returnedAt: IsoTime.nullable(),
  fees: z.array(FeeItem).max(50),
  supplements: z.array(Supplement).max(50),
  rating: Rating.nullable(),
  /** The one extension (form 04): the appointment it replaced, why, and when. Absent before any. */
  extension: z.object({ previousAppointmentAt: IsoTime, reason: z.string().max(1000), at: IsoTime }).nullable().optional(),
  timeline: z.array(TimelineEntry),
  /** Server time of the last change. */
  updatedAt: IsoTime,
  /** Increments with every applied change (1 after create). */
  version: z.number().int().min(1),
});
export type Dossier = z.infer<typeof Dossier>;

export const ProcedureFee = z.object({ id: z.string().min(1).max(40), name: z.string().max(200), amount: Money });
export const Procedure = z.object({
  /** MaTTHC, e.g. `1.001193`. */
  code: z.string().min(1).max(40),
  name: z.string().min(1).max(500),
  /** MaLinhVuc / field name. */
  field: z.string().max(200),
  /** Statutory processing time in working days (0 = same day). */
  processingDays: z.number().int().min(0).max(365),
  /**
   * Which level decides it (docs/DOMAIN.md §6.4): `commune` (absent = commune) — the People's
   * Committee of the applicant's commune; `province` — the provincial agency `competentAgency`.
   */
  level: z.enum(['commune', 'province']).optional(),
  /** The provincial department (its agency code) that decides a `province`-level procedure. */
  competentAgency: AgencyCode.nullable().optional(),
  fees: z.array(ProcedureFee),
  documents: z.array(z.string().max(300)),
  active: z.boolean(),
  updatedAt: IsoTime,
});
export type Procedure = z.infer<typeof Procedure>;

/**
 * One day of the official schedule: `off` = a holiday or compensatory day off, `work` = a
 * weekend day swapped into a working day. Overrides the computed default calendar.
 */
export const Holiday = z.object({
  date: LocalDay,
  kind: z.enum(['off', 'work']),
  name: z.string().max(200),
  updatedAt: IsoTime,
});
export type Holiday = z.infer<typeof Holiday>;

/**
 * PIN hash a kiosk can verify offline with WebCrypto: PBKDF2-HMAC-SHA256 over the UTF-8 PIN,
 * salt and hash base64, 32-byte output.
 */
export const PinHash = z.object({
  alg: z.literal('pbkdf2-sha256'),
  iterations: z.number().int().min(1000),
  salt: z.string(),
  hash: z.string(),
});
export type PinHash = z.infer<typeof PinHash>;

export const StaffRole = z.enum(['counter', 'technician', 'leader']);
export type StaffRole = z.infer<typeof StaffRole>;
/** A staff account as a counter device of its agency receives it (never a kiosk-kind device). */
export const Staff = z.object({
  id: z.string().min(1).max(40),
  agencyCode: AgencyCode,
  name: z.string().max(200),
  /** Job title, sent to the national portal with the officer's name (ChucDanh). */
  title: z.string().max(200).default(''),
  role: StaffRole,
  pin: PinHash,
  /** Salt of the signing-key registration proof (trust.ts): public, the PIN stays the secret. */
  proofSalt: z.string().min(16).max(64),
  active: z.boolean(),
  updatedAt: IsoTime,
});
export type Staff = z.infer<typeof Staff>;
