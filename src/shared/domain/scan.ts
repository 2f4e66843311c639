/**
 * The classifier: one scanned text in, one typed result out, for every source (serial, wedge,
 * camera, keypad). `ParsedScan` is exactly the `npm run qr -- parse` contract: JSON.stringify of
 * a result is the line the CLI prints, so nothing else may be put in these objects. Total:
 * never throws, whatever the input. A payload is data: nothing here evaluates or opens it.
 */
import { looksLikeBhyt, looksLikeCccd, parseCccdFields } from './cccd';
import { looksLikeDossierCode, parseDossierCode, type DossierCodeParts, type LenientReason } from './dossier-code';
import { extractCodeFromUrl, isHttpUrl, SPECIFIC_CODE_PARAMS } from './dossier-url';
import { describeParseError, type CccdWarning, type DomainError, type DomainErrorCode } from './errors';
import { normalizeScan } from './normalize';
import { looksLikeEmv, parseVietQr } from './vietqr';

export interface CccdScan {
  kind: 'cccd';
  id: string;
  oldId: string | null;
  name: string;
  birthDate: string;
  sex: 'Nam' | 'Nữ' | null;
  address: string;
  issueDate: string;
  extra: string[];
  warnings: CccdWarning[];
}

export interface DossierScan {
  kind: 'dossier';
  code: string;
  agency: string;
  receivedOn: string;
  sequence: number;
  lenient: boolean;
  via: 'code' | 'url';
}

export interface VietQrScan {
  kind: 'vietqr';
  initiation: 'static' | 'dynamic';
  bin: string;
  account: string;
  service: string;
  amount: string | null;
  currency: string;
  country: string;
  billNumber: string | null;
  purpose: string | null;
}

export interface InvalidScan {
  kind: 'invalid';
  expected: 'cccd' | 'dossier' | 'vietqr';
  /** Machine code; `describeParseError(reason)` gives both messages. */
  reason: DomainErrorCode;
  /** The Vietnamese message. */
  message: string;
}

export interface UnknownScan {
  kind: 'unknown';
}

export type ParsedScan = CccdScan | DossierScan | VietQrScan | InvalidScan | UnknownScan;

/** A parse plus what the contract objects leave out, for the UI and the audit log. */
export interface ScanAnalysis {
  scan: ParsedScan;
  /** Why normalisation refused the text (empty, over 4 KB…); the scan is then `unknown`. */
  normalizeError: DomainError | null;
  /** Why a dossier code only matched the lenient form. */
  lenientReason: LenientReason | null;
}

const UNKNOWN: UnknownScan = Object.freeze({ kind: 'unknown' });

function invalid(expected: InvalidScan['expected'], reason: DomainErrorCode): InvalidScan {
  return { kind: 'invalid', expected, reason, message: describeParseError(reason).vi };
}

function dossierScan(p: DossierCodeParts, via: 'code' | 'url'): DossierScan {
  return {
    kind: 'dossier',
    code: p.code,
    agency: p.agency,
    receivedOn: p.receivedOn,
    sequence: p.sequence,
    lenient: p.lenient,
    via,
  };
}

const done = (scan: ParsedScan, lenientReason: LenientReason | null = null): ScanAnalysis => ({
  scan,
  normalizeError: null,
  lenientReason,
});

function analyzeUrl(text: string): ScanAnalysis {
  const candidate = extractCodeFromUrl(text);
  if (candidate.value === null) return done(UNKNOWN);
  const parsed = parseDossierCode(candidate.value);
  if (!parsed.ok) {
    const specific = SPECIFIC_CODE_PARAMS.has(candidate.param);
    return done(parsed.shaped || specific ? invalid('dossier', parsed.reason) : UNKNOWN);
  }
  const scan = dossierScan(parsed.value, 'url');
  // The applicant's ID number must never come back out, even embedded in a lenient "code".
  const json = JSON.stringify(scan);
  if (candidate.secrets.some((s) => json.includes(s))) return done(invalid('dossier', 'id-in-code'));
  return done(scan, parsed.value.lenientReason);
}

/** What a device knows beyond the built-in shapes: the province's own dossier code patterns
 * (compiled with `compileDossierCodePattern`, synced from the gateway). */
export interface ScanContext {
  patterns?: readonly RegExp[];
}

function analyzeText(text: string, ctx: ScanContext = {}): ScanAnalysis {
  const hasPipe = text.includes('|');
  // A CCCD may start with "000201…"; its 12-digit first field settles it before EMV.
  if (looksLikeEmv(text) && !/^\d{12}\|/.test(text)) {
    const r = parseVietQr(text);
    if (!r.ok) return done(invalid('vietqr', r.reason));
    const v = r.value;
    return done({
      kind: 'vietqr',
      initiation: v.initiation,
      bin: v.bin,
      account: v.account,
      service: v.service,
      amount: v.amount,
      currency: v.currency,
      country: v.country,
      billNumber: v.billNumber,
      purpose: v.purpose,
    });
  }
  if (isHttpUrl(text)) return analyzeUrl(text);
  // javascript:, data:, file:, mailto:… are never dossier links.
  if (/^[a-z][a-z0-9+.-]{0,31}:/i.test(text) && !hasPipe) return done(UNKNOWN);
  if (hasPipe) {
    const fields = text.split('|');
    if (looksLikeBhyt(fields)) return done(invalid('cccd', 'bhyt-card'));
    if (!looksLikeCccd(fields)) return done(UNKNOWN);
    const r = parseCccdFields(fields);
    if (!r.ok) return done(invalid('cccd', r.reason));
    const c = r.card;
    return done({
      kind: 'cccd',
      id: c.id,
      oldId: c.oldId,
      name: c.name,
      birthDate: c.birthDate,
      sex: c.sex,
      address: c.address,
      issueDate: c.issueDate,
      extra: c.extra,
      warnings: c.warnings,
    });
  }
  const patterns = ctx.patterns ?? [];
  if (!looksLikeDossierCode(text)) {
    // A province's own shape need not look like the official one.
    const own = patterns.length > 0 && text.length <= 200 ? parseDossierCode(text, patterns) : null;
    return own?.ok ? done(dossierScan(own.value, 'code'), own.value.lenientReason) : done(UNKNOWN);
  }
  const d = parseDossierCode(text, patterns);
  if (!d.ok) return done(d.shaped ? invalid('dossier', d.reason) : UNKNOWN);
  return done(dossierScan(d.value, 'code'), d.value.lenientReason);
}

/** analyzeScan without its safety net: the fuzz run calls this one so that a bug shows up as an
 * exception instead of a quiet `unknown`. Not for application code. */
export function analyzeScanUnguarded(raw: string, ctx: ScanContext = {}): ScanAnalysis {
  const n = normalizeScan(raw);
  if (!n.ok) return { scan: UNKNOWN, normalizeError: n.error, lenientReason: null };
  return analyzeText(n.text, ctx);
}

/** Normalises and classifies a scan, keeping the details the contract objects leave out. */
export function analyzeScan(raw: string, ctx: ScanContext = {}): ScanAnalysis {
  try {
    return analyzeScanUnguarded(raw, ctx);
  } catch {
    // Unreachable by design (the fuzz run counts exceptions); kept so a bug cannot crash a kiosk.
    return { scan: UNKNOWN, normalizeError: null, lenientReason: null };
  }
}

/** Normalises and classifies a scanned text. Total: never throws. */
export function parseScan(raw: string, ctx: ScanContext = {}): ParsedScan {
  return analyzeScan(raw, ctx).scan;
}
