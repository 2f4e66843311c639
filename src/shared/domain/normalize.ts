/**
 * First step for every scanned text, whatever its source: serial scanners end frames with CR or
 * CRLF, some prepend a UTF-8 BOM, camera decoders may hand over NFD text. The cap bounds the work
 * every later step does on a hostile payload.
 */
import { MAX_SCAN_TEXT } from '../scan/raw-scan';
import { isAscii } from './chars';
import { domainError, type DomainError } from './errors';

export type NormalizeResult = { ok: true; text: string } | { ok: false; error: DomainError };

/** Whitespace, C0/C1 controls, BOM and zero-width characters: stripped at both ends only. */
function isEdgeJunk(c: number): boolean {
  return (
    c <= 0x20 || (c >= 0x7f && c <= 0xa0) || c === 0xfeff || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200d) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
    c === 0x205f || c === 0x2060 || c === 0x3000
  );
}

/** Manual trim: an anchored regex like /\s+$/ is quadratic on long inner runs of blanks. */
function trimEdges(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isEdgeJunk(s.charCodeAt(start))) start += 1;
  while (end > start && isEdgeJunk(s.charCodeAt(end - 1))) end -= 1;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Length in bytes once encoded as UTF-8 (a lone surrogate counts as U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i += 1;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Strip BOM / CR / LF / blanks / controls at both ends, NFC, and enforce the 4 KB cap
 * (measured in UTF-8 bytes, as the payload travels). Total: never throws. */
export function normalizeScan(raw: string): NormalizeResult {
  if (typeof raw !== 'string') return { ok: false, error: domainError('scan-not-text') };
  // Any text longer than this is over 4 KB in UTF-8 whatever its content: refuse before working.
  if (raw.length > MAX_SCAN_TEXT * 4) return { ok: false, error: domainError('scan-too-long') };
  let text = trimEdges(raw);
  if (text.length === 0) return { ok: false, error: domainError('scan-empty') };
  // ASCII is already NFC; skipping normalize() keeps typical payloads cheap.
  if (!isAscii(text)) text = trimEdges(text.normalize('NFC'));
  if (text.length === 0) return { ok: false, error: domainError('scan-empty') };
  if (utf8Length(text) > MAX_SCAN_TEXT) return { ok: false, error: domainError('scan-too-long') };
  return { ok: true, text };
}

export { MAX_SCAN_TEXT };
