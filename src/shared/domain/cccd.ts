/**
 * Citizen ID card QR (CCCD / thẻ căn cước): pipe-separated UTF-8 text, no labels, no checksum.
 * Field layout from the Ministry of Public Security's card (as read by public integrations):
 * id | old id | name | birth date | sex | address | issue date [| fields added from 2024-07-01].
 * The health-insurance card (BHYT) QR also uses pipes and is recognised here so it is never read
 * as a CCCD.
 */
import { hasControlChar } from './chars';
import { isValidCivilDate, formatIsoDate } from './dates';
import type { CccdWarning, DomainErrorCode } from './errors';

export interface CccdCard {
  id: string;
  oldId: string | null;
  name: string;
  /** `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when the card only carries a partial date. */
  birthDate: string;
  sex: 'Nam' | 'Nữ' | null;
  address: string;
  issueDate: string;
  /** Fields after the seventh, trimmed, in order (cards issued from 1 July 2024 append some). */
  extra: string[];
  warnings: CccdWarning[];
}

export type CccdParse = { ok: true; card: CccdCard } | { ok: false; reason: DomainErrorCode };

const CCCD_FIELDS = 7;

/** A pipe payload whose shape says "citizen ID card": seven or more fields, or a leading
 * 9–12 digit number (an ID card with fields missing). */
export function looksLikeCccd(fields: readonly string[]): boolean {
  return fields.length >= CCCD_FIELDS || (fields.length >= 2 && /^\d{9,12}$/.test((fields[0] ?? '').trim()));
}

/** BHYT QR (Vietnam Social Security card): field 0 is the 15-character card number (two letters
 * and 13 digits) or a 10-digit social insurance number; name and address are hex-encoded UTF-8;
 * sex is 1 / 2. Either signature is enough. */
export function looksLikeBhyt(fields: readonly string[]): boolean {
  if (fields.length < 4) return false;
  const f0 = (fields[0] ?? '').trim();
  if (/^[A-Za-z]{2}\d{13}$/.test(f0)) return true;
  const hexName = /^(?:[0-9a-fA-F]{2}){2,}$/.test((fields[1] ?? '').trim());
  const sex = (fields[3] ?? '').trim();
  return hexName && (sex === '1' || sex === '2') && /^(?:\d{10}|[A-Za-z]{2}\d{13})$/.test(f0);
}

/** Characters a Vietnamese name or address never contains but mis-decoded UTF-8 does: CJK and
 * kana (UTF-8 read as Big5 / GBK / Shift-JIS), U+FFFD, and Latin-1 / cp1252 pairs such as "á»"
 * or "Æ°" (UTF-8 read as Windows-1252). */
const MOJIBAKE = new RegExp(
  '[\\u1100-\\u11ff\\u2e80-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff\\uff00-\\uffef\\ufffd]' +
    '|[\\ud840-\\ud87f][\\udc00-\\udfff]' +
    '|[\\u00c2-\\u00c6\\u00e1][\\u0080-\\u00bf\\u0152\\u0153\\u0160\\u0161\\u0178\\u017d\\u017e' +
    '\\u0192\\u02c6\\u02dc\\u2013\\u2014\\u2018-\\u201e\\u2020-\\u2022\\u2026\\u2030\\u2039\\u203a\\u20ac\\u2122]',
);

export function looksLikeMojibake(text: string): boolean {
  return MOJIBAKE.test(text);
}

function parseBirthDate(s: string): string | null {
  if (/^\d{8}$/.test(s)) return parseDdMmYyyy(s);
  if (/^\d{6}$/.test(s)) {
    const m = Number(s.slice(0, 2));
    const y = Number(s.slice(2));
    return plausibleYear(y) && m >= 1 && m <= 12 ? `${s.slice(2)}-${s.slice(0, 2)}` : null;
  }
  if (/^\d{4}$/.test(s)) return plausibleYear(Number(s)) ? s : null;
  return null;
}

function plausibleYear(y: number): boolean {
  return y >= 1900 && y <= 2100;
}

function parseDdMmYyyy(s: string): string | null {
  if (!/^\d{8}$/.test(s)) return null;
  const d = Number(s.slice(0, 2));
  const m = Number(s.slice(2, 4));
  const y = Number(s.slice(4));
  return plausibleYear(y) && isValidCivilDate(y, m, d) ? formatIsoDate(y, m, d) : null;
}

function parseSex(s: string): 'Nam' | 'Nữ' | null {
  const l = s.toLowerCase();
  if (l === 'nam') return 'Nam';
  if (l === 'nữ') return 'Nữ';
  return null;
}

/** The ID number's structure (province, century-and-sex digit, birth year) came from Circular
 * 07/2016/TT-BCA, replaced on 1 July 2024: it may only raise warnings, never reject. */
function idWarnings(id: string, birthDate: string, sex: 'Nam' | 'Nữ' | null): CccdWarning[] {
  const warnings: CccdWarning[] = [];
  const g = Number(id[3]);
  const year = Number(birthDate.slice(0, 4));
  const century = 1900 + 100 * Math.floor(g / 2);
  if (Math.floor(year / 100) * 100 !== century || id.slice(4, 6) !== birthDate.slice(2, 4)) {
    warnings.push('id-birth-year-mismatch');
  }
  if (sex !== null && (sex === 'Nữ') !== (g % 2 === 1)) warnings.push('id-sex-mismatch');
  return warnings;
}

/** Parses the fields of a CCCD-shaped payload (split on every `|`, empty fields kept). */
export function parseCccdFields(fields: readonly string[]): CccdParse {
  // Whole-text checks once, not per field: a 4 KB payload may hold a thousand pipes.
  const joined = fields.join('|');
  if (hasControlChar(joined)) return { ok: false, reason: 'control-chars' };
  if (fields.length < CCCD_FIELDS) return { ok: false, reason: 'too-few-fields' };
  if (looksLikeMojibake(joined)) return { ok: false, reason: 'mojibake' };
  const f = fields.map((x) => x.trim());
  const [id = '', oldIdRaw = '', name = '', birthRaw = '', sexRaw = '', address = '', issueRaw = ''] = f;
  if (!/^\d{12}$/.test(id)) return { ok: false, reason: 'bad-id' };
  if (oldIdRaw !== '' && !/^(?:\d{9}|\d{12})$/.test(oldIdRaw)) return { ok: false, reason: 'bad-old-id' };
  if (name === '') return { ok: false, reason: 'missing-name' };
  const birthDate = parseBirthDate(birthRaw);
  if (birthDate === null) return { ok: false, reason: 'bad-birth-date' };
  const issueDate = parseDdMmYyyy(issueRaw);
  if (issueDate === null) return { ok: false, reason: 'bad-issue-date' };
  const sex = parseSex(sexRaw);
  const warnings = idWarnings(id, birthDate, sex);
  if (sex === null) warnings.push('sex-unknown');
  if (birthDate > issueDate.slice(0, birthDate.length)) warnings.push('birth-after-issue');
  if (address === '') warnings.push('missing-address');
  return {
    ok: true,
    card: {
      id,
      oldId: oldIdRaw === '' ? null : oldIdRaw,
      name,
      birthDate,
      sex,
      address,
      issueDate,
      extra: f.slice(CCCD_FIELDS),
      warnings,
    },
  };
}
