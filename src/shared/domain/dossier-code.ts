/**
 * Dossier code (mã hồ sơ): `<agency>-YYMMDD-XXXX`, the shape of Circular 01/2018/TT-VPCP art. 19
 * kept by Circular 03/2025/TT-VPCP, where the agency code follows QCVN 102:2016/BTTTT
 * (`V1V2V3.Z1Z2.Y1Y2.MX1X2`, e.g. `000.17.22.H56`), YYMMDD is the day of receipt (20YY) and XXXX
 * that agency's sequence number for the day. Provincial and ministry systems also issue other
 * shapes, read leniently: short agency strings (`H55.242`), longer sequences, and an 8-digit date
 * with a 7-digit sequence (`G09.20-20260609-0092637`); a province may declare its own patterns
 * (`DossierCodePattern`). The meaning of each agency level is deliberately not interpreted: codes
 * are reissued after the 2025 reorganisation.
 */
import { formatIsoDate, isValidCivilDate, parseIsoDate } from './dates';
import { domainError, type DomainError, type DomainErrorCode } from './errors';

export type LenientReason = 'short-agency' | 'long-sequence' | 'long-date' | 'province-pattern';

export interface DossierCodeParts {
  /** The canonical (upper-case) code. */
  code: string;
  agency: string;
  /** `YYYY-MM-DD`. */
  receivedOn: string;
  sequence: number;
  /** True when the code only matches a lenient form (`[A-Z0-9.]+-(YY)YYMMDD-NNNN+` or a province pattern). */
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

/**
 * A shape a province issues codes in, declared by the province (held by the gateway and synced
 * to devices): a regular expression over the upper-case code with the named groups `agency`,
 * `date` (YYMMDD or YYYYMMDD) and `seq`.
 */
export interface DossierCodePattern {
  name: string;
  regex: string;
}

/** A province pattern compiled once; null when it is unusable (bad syntax, missing groups, too long). */
export function compileDossierCodePattern(p: DossierCodePattern): RegExp | null {
  if (typeof p.regex !== 'string' || p.regex.length > 200) return null;
  if (!['(?<agency>', '(?<date>', '(?<seq>'].every((g) => p.regex.includes(g))) return null;
  try {
    return new RegExp(`^(?:${p.regex})$`);
  } catch {
    return null;
  }
}

/** Day of receipt from 6 (YYMMDD, 20YY) or 8 (YYYYMMDD, 2000–2099) digits. */
function dayOf(digits: string): { y: number; mo: number; d: number } | null {
  const y = digits.length === 6 ? 2000 + Number(digits.slice(0, 2)) : digits.length === 8 ? Number(digits.slice(0, 4)) : NaN;
  const rest = digits.slice(digits.length - 4);
  const mo = Number(rest.slice(0, 2));
  const d = Number(rest.slice(2, 4));
  if (!(y >= 2000 && y <= 2099) || !isValidCivilDate(y, mo, d)) return null;
  return { y, mo, d };
}

function parts(code: string, agency: string, day: { y: number; mo: number; d: number }, seq: string, lenientReason: LenientReason | null): DossierCodeParse {
  return {
    ok: true,
    value: { code, agency, receivedOn: formatIsoDate(day.y, day.mo, day.d), sequence: Number(seq), lenient: lenientReason !== null, lenientReason },
  };
}

/** Parses a bare dossier code. Case-insensitive (a wedge scanner with Caps Lock on flips case);
 * the returned code is upper case. Strict format first, then the lenient fallbacks, then the
 * province's own patterns. */
export function parseDossierCode(text: string, patterns: readonly RegExp[] = []): DossierCodeParse {
  if (typeof text !== 'string' || text.length > 200) return fail(false, 'bad-code');
  const upper = text.trim().toUpperCase();
  const m = SHAPE.exec(upper);
  if (!m) return byPattern(upper, patterns) ?? fail(false, 'bad-code');
  const agency = m[1] ?? '';
  const ymd = m[2] ?? '';
  const seq = m[3] ?? '';
  if (ymd.length !== 6 && ymd.length !== 8) return byPattern(upper, patterns) ?? fail(true, 'bad-date');
  const day = dayOf(ymd);
  if (!day) return fail(true, 'bad-date');
  if (seq.length < 4 || seq.length > MAX_SEQUENCE_DIGITS || /^0+$/.test(seq)) return fail(true, 'bad-sequence');
  let lenientReason: LenientReason | null = null;
  if (!STRICT_AGENCY.test(agency)) {
    if (!LENIENT_AGENCY.test(agency)) return fail(true, 'bad-agency');
    lenientReason = 'short-agency';
  } else if (ymd.length === 8) {
    lenientReason = 'long-date';
  } else if (seq.length > 4) {
    lenientReason = 'long-sequence';
  }
  return parts(upper, agency, day, seq, lenientReason);
}

function byPattern(upper: string, patterns: readonly RegExp[]): DossierCodeParse | null {
  for (const re of patterns) {
    const g = re.exec(upper)?.groups;
    if (!g?.agency || !g.date || !g.seq || !/^\d+$/.test(g.seq) || /^0+$/.test(g.seq) || g.seq.length > MAX_SEQUENCE_DIGITS) continue;
    const day = dayOf(g.date);
    if (day && LENIENT_AGENCY.test(g.agency)) return parts(upper, g.agency, day, g.seq, 'province-pattern');
  }
  return null;
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
