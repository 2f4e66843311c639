/**
 * Redaction for logs and support bundles (docs/RELIABILITY.md item 25): what `redactIds` (mask.ts) does for
 * bare ID numbers, extended to whole CCCD payloads, hex dumps of them, and structured values with
 * personal or secret keys. Applied at the source (the logger) and again when a bundle is built.
 * Over-redaction is the accepted cost: a log line losing context beats an ID number leaking.
 */
import { redactIds } from './mask';

/** A CCCD QR: an ID number (9–12 digits) then a pipe; the rest of the line goes with it because a
 * card's fields (name, address, dates) are all personal. */
const CCCD_LEAD = /(?<!\d)\d{9,12}\|[^\r\n"]*/g;
/** Any pipe payload of four or more fields (a CCCD with its ID field damaged, a BHYT card, a
 * frame cut before its ID so that it starts with the holder's name: "Nguyễn Văn An|01011990|…").
 * The first field is bounded: unbounded, a long token without pipes (a base64 blob) costs O(n²);
 * the capitalised words before it (a name's, at most six, each bounded too) go with it. */
const PIPE_PAYLOAD = /(?:\p{Lu}\p{L}{0,15}[ \t]+){0,6}[^\s"|=:,;]{0,64}(?:\|[^\r\n"|]*){3,}/gu;
/** Runs of at least 8 hex byte pairs, optionally separated (scanner diagnostics dump raw bytes). */
const HEX_RUN = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[ :-]?){7}[0-9A-Fa-f]{2}(?:[ :-]?[0-9A-Fa-f]{2})*(?![0-9A-Fa-f])/g;

export function redactCccdPayloads(text: string): string {
  if (!text.includes('|')) return text; // most log text: skip both scans
  return text.replace(PIPE_PAYLOAD, '[cccd]').replace(CCCD_LEAD, '[cccd]');
}

function hexBytesToLatin1(hex: string): string {
  const pairs = hex.replace(/[ :-]/g, '').match(/../g) ?? [];
  return pairs.map((p) => String.fromCharCode(parseInt(p, 16))).join('');
}

/** A hex dump is personal when its bytes spell an ID-length digit run or a pipe payload. */
export function redactHexDumps(text: string): string {
  return text.replace(HEX_RUN, (run) => {
    const bytes = hexBytesToLatin1(run);
    const pipes = bytes.split('|').length - 1;
    const personal = /\d{9}/.test(bytes) || pipes >= 2 || /\d{6,}\|/.test(bytes);
    return personal ? `[hex:${bytes.length}B]` : run;
  });
}

/** Every free-text rule, in the order that keeps each one's match intact. */
export function redactText(text: string): string {
  return redactIds(redactCccdPayloads(redactHexDumps(text)));
}

/** Keys whose value is personal or secret wherever they appear (compared without case, `_`, `-`). */
const SENSITIVE_KEYS = new Set([
  'citizenid', 'idnumber', 'oldid', 'cccd', 'card', 'fullname', 'citizenname', 'birthdate', 'dateofbirth',
  'address', 'phone', 'phonenumber', 'email', 'pin', 'currentpin', 'newpin', 'technicianpin', 'pinhash',
  'pinsalt', 'token', 'devicetoken', 'accesstoken', 'authorization', 'cookie', 'password', 'secret',
  'enrollmentcode', 'applicant', 'applicantname', 'holdername', 'proof', 'privatekey', 'sealed', 'verifier',
]);
const SENSITIVE_SUFFIXES = ['token', 'secret', 'password', 'citizenid', 'idnumber'];

export function isSensitiveKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_ ]/g, '');
  return SENSITIVE_KEYS.has(k) || SENSITIVE_SUFFIXES.some((s) => k.endsWith(s));
}

export const REDACTED = '[redacted]';

/** Longer strings are cut before redaction, which keeps its cost bounded (a few ms at worst). */
export const MAX_REDACTED_STRING = 8192;

/** `redactText` of at most `MAX_REDACTED_STRING` characters, saying how much was cut. */
export function redactBounded(text: string): string {
  if (text.length <= MAX_REDACTED_STRING) return redactText(text);
  return `${redactText(text.slice(0, MAX_REDACTED_STRING))}…[cut ${text.length - MAX_REDACTED_STRING}]`;
}
const MAX_DEPTH = 12;

/** Fields of a scan whose text is a citizen ID card. */
const SCAN_TEXT_KEYS = ['text', 'raw', 'payload', 'hex'];

/**
 * A deep copy of `value` that is safe to write out: sensitive keys blanked, scans of kind `cccd`
 * stripped of their text, every string (keys included) passed through `redactText`, 12-digit
 * integers (an ID number stored as a number) replaced, and cycles cut. The result is JSON-safe.
 */
export function redactValue(value: unknown): unknown {
  return walk(value, 0, new WeakSet());
}

function walk(v: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof v === 'string') return redactBounded(v);
  if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) >= 1e11 && Math.abs(v) < 1e12) return '[id]';
    const s = String(v); // 0.001099012345 still spells an ID
    return redactText(s) === s ? v : redactText(s);
  }
  if (typeof v === 'bigint') return redactText(v.toString());
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v !== 'object') return v === undefined ? undefined : `[${typeof v}]`;
  if (seen.has(v)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[depth]';
  seen.add(v);
  try {
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
    if (v instanceof Uint8Array || v instanceof ArrayBuffer) return `[bytes:${v.byteLength}]`;
    if (v instanceof Error) {
      const code = (v as { code?: unknown }).code;
      return walk({ name: v.name, message: v.message, ...(code === undefined ? {} : { code }), stack: v.stack }, depth + 1, seen);
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1, seen));
    if (v instanceof Map) return walk(Object.fromEntries(v), depth, seen);
    if (v instanceof Set) return walk([...v], depth, seen);
    const src = v as Record<string, unknown>;
    const cccdScan = src.kind === 'cccd';
    const out: Record<string, unknown> = {};
    for (const [key, x] of Object.entries(src)) {
      const blank = isSensitiveKey(key) || (cccdScan && SCAN_TEXT_KEYS.includes(key));
      out[redactBounded(key)] = blank && x !== null && x !== undefined ? REDACTED : walk(x, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(v);
  }
}
