/**
 * Dossier code (mã hồ sơ), Circular 01/2018/TT-VPCP art. 19: `<agency>-YYMMDD-XXXX`, where the
 * agency code follows QCVN 102:2016/BTTTT (`V1V2V3.Z1Z2.Y1Y2.MX1X2`, e.g. `000.17.22.H56`),
 * YYMMDD is the day of receipt (20YY) and XXXX that agency's sequence number for the day.
 * The meaning of each agency level is deliberately not interpreted: codes are being reissued
 * after the 2025 reorganisation.
 */
import { formatIsoDate, isValidCivilDate, parseIsoDate } from './dates';
import { domainError, type DomainError, type DomainErrorCode } from './errors';

export type LenientReason = 'short-agency' | 'long-sequence';

export interface DossierCodeParts {
  /** The canonical (upper-case) code. */
  code: string;
  agency: string;
  /** `YYYY-MM-DD`. */
  receivedOn: string;
  sequence: number;
  /** True when the code only matches the lenient form `[A-Z0-9.]+-YYMMDD-NNNN+`. */
  lenient: boolean;
  lenientReason: LenientReason | null;
}

export type DossierCodeParse =
  | { ok: true; value: DossierCodeParts }
  /** `shaped`: the text has a dossier code's shape (agency-digits-digits) but breaks a rule. */
  | { ok: false; shaped: boolean; reason: DomainErrorCode; error: DomainError };

/** QCVN 102:2016 agency code: levels 4, 3, 2 then the level-1 letter and two digits
 * (H = province, G = ministry). */
export const STRICT_AGENCY = /^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z]\d{2}$/;
/** Short portal-specific agency strings such as `H55.242`. */
const LENIENT_AGENCY = /^[0-9A-Z]+(?:\.[0-9A-Z]+)*$/;
const SHAPE = /^([0-9A-Z.]{1,64})-(\d{1,12})-(\d{1,12})$/;
const MAX_SEQUENCE_DIGITS = 9;

function fail(shaped: boolean, reason: DomainErrorCode): DossierCodeParse {
  return { ok: false, shaped, reason, error: domainError(reason) };
}

/** Whether `text` (already trimmed) has a dossier code's outline; cheap, for the classifier. */
export function looksLikeDossierCode(text: string): boolean {
  return SHAPE.test(text.toUpperCase());
}

/** Parses a bare dossier code. Case-insensitive (a wedge scanner with Caps Lock on flips case);
 * the returned code is upper case. Strict format first, then the lenient fallback. */
export function parseDossierCode(text: string): DossierCodeParse {
  if (typeof text !== 'string' || text.length > 200) return fail(false, 'bad-code');
  const upper = text.trim().toUpperCase();
  const m = SHAPE.exec(upper);
  if (!m) return fail(false, 'bad-code');
  const agency = m[1] ?? '';
  const ymd = m[2] ?? '';
  const seq = m[3] ?? '';
  if (ymd.length !== 6) return fail(true, 'bad-date');
  const y = 2000 + Number(ymd.slice(0, 2));
  const mo = Number(ymd.slice(2, 4));
  const d = Number(ymd.slice(4, 6));
  if (!isValidCivilDate(y, mo, d)) return fail(true, 'bad-date');
  if (seq.length < 4 || seq.length > MAX_SEQUENCE_DIGITS || /^0+$/.test(seq)) return fail(true, 'bad-sequence');
  let lenientReason: LenientReason | null = null;
  if (!STRICT_AGENCY.test(agency)) {
    if (!LENIENT_AGENCY.test(agency)) return fail(true, 'bad-agency');
    lenientReason = 'short-agency';
  } else if (seq.length > 4) {
    lenientReason = 'long-sequence';
  }
  return {
    ok: true,
    value: {
      code: upper,
      agency,
      receivedOn: formatIsoDate(y, mo, d),
      sequence: Number(seq),
      lenient: lenientReason !== null,
      lenientReason,
    },
  };
}

export interface DossierCodeInput {
  agency: string;
  date: string | { y: number; m: number; d: number };
  sequence: number;
}

export type DossierCodeResult = { ok: true; code: string } | { ok: false; error: DomainError };

/** Builds a code in the official (strict) format; every code it returns parses back to the
 * same agency, date and sequence with `lenient: false`. */
export function generateDossierCode(input: DossierCodeInput): DossierCodeResult {
  const agency = typeof input.agency === 'string' ? input.agency.toUpperCase() : '';
  if (!STRICT_AGENCY.test(agency)) return { ok: false, error: domainError('bad-agency') };
  const date = typeof input.date === 'string'
    ? parseIsoDate(input.date)
    : input.date && isValidCivilDate(input.date.y, input.date.m, input.date.d)
      ? { year: input.date.y, month: input.date.m, day: input.date.d }
      : null;
  if (!date || date.year < 2000 || date.year > 2099) return { ok: false, error: domainError('bad-date') };
  const seq = input.sequence;
  if (!Number.isInteger(seq) || seq < 1 || seq > 9999) return { ok: false, error: domainError('bad-sequence-range') };
  const yymmdd = formatIsoDate(date.year, date.month, date.day).slice(2).replaceAll('-', '');
  return { ok: true, code: `${agency}-${yymmdd}-${String(seq).padStart(4, '0')}` };
}
