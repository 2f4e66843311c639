/**
 * What the citizen screen may show of a dossier, built from the local cache (a full `Dossier`)
 * or from the gateway's lookup (`PublicDossier`, already citizen-safe). Masking happens HERE,
 * before anything reaches React: the view model never holds a full name, ID number, phone or
 * address, so no render path can leak one (FAILURES.md 25).
 */
import type { DossierRow } from '../db/database';
import type { PublicDossier } from '../../shared/protocol';
import { encodeVietQr, MAX_ADDITIONAL_FIELD } from '../../shared/domain';
import { maskCitizenId, maskName, maskPhone } from '../../shared/privacy/mask';

export interface CitizenFee {
  name: string;
  amount: number;
  paid: boolean;
}

export interface CitizenSupplement {
  name: string;
  note: string | null;
}

export interface CitizenDossier {
  code: string;
  /** Shown for dossiers of another agency (online lookup); the own office is implied. */
  agencyName: string | null;
  procedureName: string;
  applicantInitials: string;
  /** Last digits only, or null when unknown. */
  idMasked: string | null;
  phoneMasked: string | null;
  status: number;
  receivedAt: string;
  appointmentAt: string;
  finishedAt: string | null;
  returnedAt: string | null;
  fees: CitizenFee[];
  supplements: CitizenSupplement[];
  /** `local`: in this kiosk's cache (can be rated here); `online`: from the provincial lookup. */
  source: 'local' | 'online';
}

/** The commune's account for fees (settings `feeAccount`). */
export interface FeeAccountInfo {
  bin: string;
  account: string;
  accountName: string;
}

/** The row carries `idMasked` as produced by `maskCitizenId`; if a row ever held more digits than
 * the mask keeps (a bad import), mask again rather than trust it. */
function safeIdMask(idMasked: string | null): string | null {
  if (idMasked === null || idMasked === '') return null;
  const digits = idMasked.replace(/\D/g, '');
  return digits.length > 4 ? maskCitizenId(digits) : idMasked;
}

export function fromRow(row: DossierRow): CitizenDossier {
  const a = row.applicant;
  return {
    code: row.code,
    agencyName: null,
    procedureName: row.procedureName,
    applicantInitials: maskName(a.name),
    idMasked: safeIdMask(a.idMasked),
    phoneMasked: a.phone ? maskPhone(a.phone) : null,
    status: row.status,
    receivedAt: row.receivedAt,
    appointmentAt: row.appointmentAt,
    finishedAt: row.finishedAt,
    returnedAt: row.returnedAt,
    fees: row.fees.map((f) => ({ name: f.name, amount: f.amount, paid: f.paid })),
    supplements: row.supplements.map((s) => ({ name: s.name, note: s.note })),
    source: 'local',
  };
}

export function fromPublic(d: PublicDossier): CitizenDossier {
  return {
    code: d.code,
    agencyName: d.agency.name,
    procedureName: d.procedure.name,
    // The gateway sends initials already; masking again is idempotent and guards a wrong server.
    applicantInitials: maskName(d.applicantMasked),
    idMasked: null,
    phoneMasked: null,
    status: d.status,
    receivedAt: d.receivedAt,
    appointmentAt: d.appointmentAt,
    finishedAt: d.finishedAt,
    returnedAt: d.returnedAt,
    fees: d.fees.map((f) => ({ name: f.name, amount: f.amount, paid: f.paid })),
    supplements: d.supplements.map((name) => ({ name, note: null })),
    source: 'online',
  };
}

export function unpaidTotal(d: CitizenDossier): number {
  return d.fees.reduce((sum, f) => sum + (f.paid ? 0 : f.amount), 0);
}

/**
 * Transfer description for the bank: banks strip punctuation and VietQR caps it at 25 characters
 * (DOMAIN.md §7), so the code's letters and digits only, keeping its tail (date + sequence) when
 * a long lenient agency string would overflow. The full code stays on the kiosk side.
 */
export function paymentReference(code: string): string {
  const compact = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return compact.length > MAX_ADDITIONAL_FIELD ? compact.slice(-MAX_ADDITIONAL_FIELD) : compact;
}

/** The VietQR payload for the unpaid fees, or null when there is nothing to pay or no account. */
export function feePayload(d: CitizenDossier, account: FeeAccountInfo | null): { payload: string; reference: string; amount: number } | null {
  const amount = unpaidTotal(d);
  if (account === null || amount <= 0) return null;
  const reference = paymentReference(d.code);
  const r = encodeVietQr({ bin: account.bin, account: account.account, amount, purpose: reference });
  return r.ok ? { payload: r.payload, reference, amount } : null;
}
