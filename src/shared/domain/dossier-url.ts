/**
 * A receipt QR that holds a portal lookup URL, e.g.
 * `https://<portal>/portaldvc/tra-cuu?MaHoSo=<code>&SoDinhDanh=<id>`. Only the dossier code is
 * taken out. The applicant's ID number (SoDinhDanh and similar) is collected only so the caller
 * can prove it does not leak into a result; it is never returned to the application.
 * A URL is data: nothing here resolves, fetches or opens it.
 */
import { looksLikeDossierCode } from './dossier-code';

/** Parameter names that carry the code, most specific first; compared lower-case without
 * `_` / `-`. `MaHoSo` is the national portal's field; the rest are seen on provincial portals. */
const CODE_PARAMS = ['mahoso', 'mahs', 'sohoso', 'dossiercode', 'code', 'keyword', 'tukhoa', 'q', 'search', 'query'];
/** Names that hold only a code (a non-code value there is a broken receipt, not a random URL). */
export const SPECIFIC_CODE_PARAMS: ReadonlySet<string> = new Set(['mahoso', 'mahs', 'sohoso', 'dossiercode']);
/** A portal lookup link has a handful of parameters; a URL with more is not a receipt QR, and
 * refusing it bounds the work on hostile input. */
const MAX_PARAMS = 64;
const ID_PARAM = /dinhdanh|cccd|cmnd|cmt|giayto|cancuoc|idnumber|citizenid|personalid/;

export interface UrlCodeCandidate {
  /** The URL-decoded value of a code parameter, or a dossier-shaped last path segment; null
   * when the URL names no code. */
  value: string | null;
  /** Canonical name of the parameter the value came from ('' for a path segment). */
  param: string;
  /** Raw and decoded values of every ID-number-like parameter (and any 9–12 digit value). */
  secrets: string[];
}

export function isHttpUrl(text: string): boolean {
  return /^https?:\/\//i.test(text);
}

/** URL-decodes (`+` is a space) without throwing: decodeURIComponent throws on a malformed
 * escape, and on hostile URLs thousands of exceptions cost milliseconds. Null when malformed. */
function decode(s: string): string | null {
  if (!s.includes('%')) return s.includes('+') ? s.replace(/\+/g, ' ') : s;
  let out = '';
  for (let i = 0; i < s.length; ) {
    const c = s[i] ?? '';
    if (c !== '%') {
      out += c === '+' ? ' ' : c;
      i += 1;
      continue;
    }
    const bytes: number[] = [];
    while (s[i] === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
      bytes.push(parseInt(hex, 16));
      i += 3;
    }
    const text = utf8Decode(bytes);
    if (text === null) return null;
    out += text;
  }
  return out;
}

/** Strict UTF-8 (no overlongs, no surrogates), or null. */
function utf8Decode(bytes: readonly number[]): string | null {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] ?? 0;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return null;
    let cp = need === 0 ? b : b & (0x3f >> need);
    for (let k = 1; k <= need; k += 1) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (c & 0x3f);
    }
    const min = [0, 0x80, 0x800, 0x10000][need] ?? 0;
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

function canonicalName(name: string): string {
  return (decode(name) ?? name).toLowerCase().replace(/[_-]/g, '');
}

/** Reads query parameters from the query and from a fragment route (`#/tra-cuu?code=…`). */
export function extractCodeFromUrl(url: string): UrlCodeCandidate {
  const secrets: string[] = [];
  const found = new Map<string, string>();
  const q = url.search(/[?#]/);
  const pathPart = q < 0 ? url : url.slice(0, q);
  if (q >= 0) {
    const pairs = url.slice(q + 1).split(/[&;?#]/);
    if (pairs.length > MAX_PARAMS) return { value: null, param: '', secrets };
    for (const pair of pairs) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const name = canonicalName(eq < 0 ? pair : pair.slice(0, eq));
      const raw = eq < 0 ? '' : pair.slice(eq + 1);
      const value = decode(raw);
      const isSecret = ID_PARAM.test(name) || /^\d{9,12}$/.test((value ?? raw).trim());
      if (isSecret) {
        for (const v of [raw, value ?? '', (value ?? '').trim()]) if (v !== '' && !secrets.includes(v)) secrets.push(v);
        continue;
      }
      if (value !== null && value.trim() !== '' && !found.has(name)) found.set(name, value.trim());
    }
  }
  for (const name of CODE_PARAMS) {
    const value = found.get(name);
    if (value !== undefined) return { value, param: name, secrets };
  }
  // Some portals route the code as the last path segment: https://portal/tra-cuu/<code>.
  const afterHost = pathPart.replace(/^https?:\/\/[^/]*/i, '');
  const segments = afterHost.split('/').filter((s) => s !== '');
  const last = segments.length > 0 ? decode(segments[segments.length - 1] ?? '') : null;
  return { value: last !== null && looksLikeDossierCode(last.trim()) ? last.trim() : null, param: '', secrets };
}
