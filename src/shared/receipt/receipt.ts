/**
 * The receipt "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" (mẫu 01 of Circular 03/2025/TT-VPCP, which
 * replaced mẫu 01 of Circular 01/2018/TT-VPCP; the other forms are in src/shared/forms,
 * DOMAIN.md §5) as data: every field the form asks for, computed from a dossier, its procedure and
 * the receiving agency. The wording around the fields (labels) is the UI's; the values here are
 * final text, in Vietnam time (UTC+7) whatever the machine's zone, because the printed time is a
 * legal statement of when the dossier was received.
 */
import type { Dossier, Procedure } from '../protocol';
import { parseDossierCode, toEpochMs, VIETNAM_OFFSET_MS } from '../domain';

export interface ReceiptParty {
  name: string;
  address: string;
  phone: string | null;
  email: string | null;
}

export interface ReceiptFee {
  name: string;
  amount: number;
  paid: boolean;
}

/** One of the two copies: liên 1 stays with the agency, liên 2 goes to the applicant. */
export interface ReceiptCopy {
  copy: 1 | 2;
  keeper: 'agency' | 'applicant';
}

export interface Receipt {
  code: string;
  /** What the QR holds: the bare code, in the wedge-safe alphabet (DOMAIN.md §3). */
  qrText: string;
  agencyCode: string;
  agencyName: string;
  /** The agency that decides the dossier (Cơ quan giải quyết): the receiving one unless another was named (boundary-free intake). */
  competentAgencyCode: string;
  competentAgencyName: string;
  /** "Xã Tân Trào, ngày 04 tháng 03 năm 2026". */
  placeAndDate: string;
  applicant: ReceiptParty;
  /** Nội dung yêu cầu giải quyết: the procedure's name. */
  request: string;
  procedureCode: string;
  documents: string[];
  sets: number;
  /** Statutory processing time in working days (null when the catalog no longer has the procedure). */
  processingDays: number | null;
  receivedAt: string;
  appointmentAt: string;
  resultPlace: string;
  fees: ReceiptFee[];
  feeTotal: number;
  /** Register book (the year of receipt) and entry (the code's sequence number). */
  registerBook: string;
  registerEntry: string;
  staffName: string;
  copies: ReceiptCopy[];
}

export interface ReceiptInput {
  dossier: Pick<Dossier, 'code' | 'procedureCode' | 'procedureName' | 'applicant' | 'documents' | 'receivedAt' | 'appointmentAt' | 'fees'>;
  procedure: Pick<Procedure, 'code' | 'name' | 'processingDays'> | null;
  agency: { code: string; name: string };
  /** The competent agency when it is not the receiving one (boundary-free intake). */
  competentAgency?: { code: string; name: string } | null;
  /** Place written before the date; defaults to the agency's name. */
  place?: string;
  /** Where the result is collected; defaults to the agency's name. */
  resultPlace?: string;
  staffName: string;
  /** Number of sets of documents (receipt item 2); 1 unless told. */
  sets?: number;
}

/** Only the characters every scanner types the same in every keyboard layout (DOMAIN.md §3, §6). */
export const RECEIPT_QR_ALPHABET = /^[0-9A-Z.-]+$/;

export type ReceiptResult = { ok: true; receipt: Receipt } | { ok: false; code: 'bad-code' | 'bad-time' };

const pad2 = (n: number): string => String(n).padStart(2, '0');

interface VnParts { year: number; month: number; day: number; hour: number; minute: number }

function vnParts(epochMs: number): VnParts {
  const d = new Date(epochMs + VIETNAM_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

/** "ngày 04 tháng 03 năm 2026" (Vietnam day of the instant). */
export function vietnameseDate(time: number | string): string | null {
  const ms = toEpochMs(time);
  if (ms === null) return null;
  const p = vnParts(ms);
  return `ngày ${pad2(p.day)} tháng ${pad2(p.month)} năm ${p.year}`;
}

/** "08 giờ 05 phút, ngày 04 tháng 03 năm 2026": the form's wording for receipt and appointment times. */
export function vietnameseDateTime(time: number | string): string | null {
  const ms = toEpochMs(time);
  if (ms === null) return null;
  const p = vnParts(ms);
  return `${pad2(p.hour)} giờ ${pad2(p.minute)} phút, ngày ${pad2(p.day)} tháng ${pad2(p.month)} năm ${p.year}`;
}

/** "07:51 08/11/2026": a time and day in Vietnam, short, for a table's cell (the register book). */
export function vietnameseShortDateTime(time: number | string): string | null {
  const ms = toEpochMs(time);
  if (ms === null) return null;
  const p = vnParts(ms);
  return `${pad2(p.hour)}:${pad2(p.minute)} ${pad2(p.day)}/${pad2(p.month)}/${p.year}`;
}

/** "1.500.000" — đồng have no minor unit; Vietnamese groups thousands with dots. */
export function formatDong(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  return sign + String(Math.abs(Math.trunc(amount))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

export function buildReceipt(input: ReceiptInput): ReceiptResult {
  const { dossier: d, procedure, agency } = input;
  const parsed = parseDossierCode(d.code);
  if (!parsed.ok || !RECEIPT_QR_ALPHABET.test(d.code)) return { ok: false, code: 'bad-code' };
  const receivedAt = vietnameseDateTime(d.receivedAt);
  const appointmentAt = vietnameseDateTime(d.appointmentAt);
  const day = vietnameseDate(d.receivedAt);
  if (receivedAt === null || appointmentAt === null || day === null) return { ok: false, code: 'bad-time' };
  const fees = d.fees.map((f) => ({ name: f.name, amount: f.amount, paid: f.paid }));
  return {
    ok: true,
    receipt: {
      code: d.code,
      qrText: d.code,
      agencyCode: agency.code,
      agencyName: agency.name,
      competentAgencyCode: (input.competentAgency ?? agency).code,
      competentAgencyName: (input.competentAgency ?? agency).name,
      placeAndDate: `${input.place ?? agency.name}, ${day}`,
      applicant: { name: d.applicant.name, address: d.applicant.address, phone: d.applicant.phone, email: d.applicant.email },
      request: procedure?.name ?? d.procedureName,
      procedureCode: d.procedureCode,
      documents: [...d.documents],
      sets: Math.max(1, Math.trunc(input.sets ?? 1)),
      processingDays: procedure?.processingDays ?? null,
      receivedAt,
      appointmentAt,
      resultPlace: input.resultPlace ?? agency.name,
      fees,
      feeTotal: fees.reduce((s, f) => s + f.amount, 0),
      registerBook: String(vnParts(toEpochMs(d.receivedAt) ?? 0).year),
      registerEntry: String(parsed.value.sequence).padStart(4, '0'),
      staffName: input.staffName,
      copies: [{ copy: 1, keeper: 'agency' }, { copy: 2, keeper: 'applicant' }],
    },
  };
}
