/**
 * What the citizen screen may show of a dossier: the one citizen-safe projection
 * (`toCitizenView`, src/shared/dossier) of a cached dossier, or the gateway's lookup answer
 * (already that projection). Masking happens before anything reaches React: the view model never
 * holds a full name, ID number, phone or address, so no render path can leak one.
 */
import type { CitizenRow, DossierRow } from '../db/database';
import type { CitizenView } from '../../shared/protocol';
import { DossierStatus, encodeVietQr, MAX_ADDITIONAL_FIELD } from '../../shared/domain';
import { toCitizenView, unpaidTotal } from '../../shared/dossier';
import { maskCitizenId, maskName, maskPhone } from '../../shared/privacy/mask';

export { unpaidTotal };

export interface CitizenDossier extends CitizenView {
  /** `local`: in this kiosk's cache (can be rated here); `online`: from the provincial lookup. */
  source: 'local' | 'online';
}

/**
 * The counter's citizen-facing display adds what the citizen standing at the counter checks
 * against their card: the last digits of the ID number and of the phone.
 */
export interface DisplayDossier extends CitizenDossier {
  idMasked: string | null;
  phoneMasked: string | null;
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

/** A cached dossier of this device's agency (`agencyName`: the office's own name). */
export function fromRow(row: DossierRow, agencyName = row.agencyCode): CitizenDossier {
  return { ...toCitizenView(row, agencyName), source: 'local' };
}

export function forDisplay(row: DossierRow): DisplayDossier {
  const a = row.applicant;
  return { ...fromRow(row), idMasked: safeIdMask(a.idMasked), phoneMasked: a.phone ? maskPhone(a.phone) : null };
}

/** A kiosk-kind device's cached citizen view (its own agency's dossier, so it can be rated here). */
export function fromCitizenRow(row: CitizenRow): CitizenDossier {
  const { pulledEpoch: _e, ...view } = row;
  // The gateway sends initials already; masking again is idempotent and guards a wrong server.
  return { ...view, applicantMasked: maskName(view.applicantMasked), source: 'local' };
}

export function fromPublic(d: CitizenView): CitizenDossier {
  // The gateway sends initials already; masking again is idempotent and guards a wrong server.
  return { ...d, applicantMasked: maskName(d.applicantMasked), source: 'online' };
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

/**
 * A request (documents to bring, fees to pay) that lists nothing on this screen: the key of the
 * sentence that sends the citizen to the counter instead, or null when there is a list to show
 * (or nothing is requested). With nothing listed, the status's "bring/pay the following:" line
 * introduces nothing, so it is neither shown nor read aloud.
 */
export function unlistedRequest(d: Pick<CitizenView, 'status' | 'fees' | 'supplements'>): 'fee.noList' | 'status.noSupplementList' | null {
  if (d.status === DossierStatus.PaymentRequested && d.fees.length === 0) return 'fee.noList';
  if (d.status === DossierStatus.SupplementRequested && d.supplements.length === 0) return 'status.noSupplementList';
  return null;
}
