import { describe, expect, it } from 'vitest';
import { analyzeScan, MAX_SCAN_TEXT, normalizeScan, parseScan } from '../../src/shared/domain';

const CCCD = '001095012345||Nguyễn Văn Thử|12071995|Nam|Hà Nội|01012022';

describe('normalizeScan', () => {
  it('strips a BOM, trailing CR/LF, blanks and controls at both ends', () => {
    expect(normalizeScan('\uFEFF  \u0000abc\t\r\n')).toEqual({ ok: true, text: 'abc' });
    expect(normalizeScan('\u200B\u00A0abc\u3000')).toEqual({ ok: true, text: 'abc' });
  });

  it('keeps inner text untouched apart from NFC', () => {
    expect(normalizeScan('a  b')).toEqual({ ok: true, text: 'a  b' });
    const nfd = 'Nguyễn'.normalize('NFD');
    expect(nfd).not.toBe('Nguyễn');
    expect(normalizeScan(nfd)).toEqual({ ok: true, text: 'Nguyễn' });
  });

  it('returns typed errors for empty and over-long text', () => {
    const empty = normalizeScan(' \r\n');
    expect(empty.ok === false && empty.error.code).toBe('scan-empty');
    expect(normalizeScan('a'.repeat(MAX_SCAN_TEXT)).ok).toBe(true);
    const long = normalizeScan('a'.repeat(MAX_SCAN_TEXT + 1));
    expect(long.ok === false && long.error).toMatchObject({ code: 'scan-too-long', vi: expect.any(String), en: expect.any(String) });
    // The cap is in UTF-8 bytes: 1,366 three-byte characters are 4,098 bytes.
    expect(normalizeScan('ệ'.repeat(1366)).ok).toBe(false);
    expect(normalizeScan('x'.repeat(10_000_000)).ok).toBe(false);
  });

  it('is total for non-strings handed over by untyped callers', () => {
    const r = normalizeScan(42 as unknown as string);
    expect(r.ok === false && r.error.code).toBe('scan-not-text');
    expect(parseScan(undefined as unknown as string)).toEqual({ kind: 'unknown' });
  });
});

describe('hostile and odd payloads', () => {
  it('classifies an NFD, BOM-prefixed, CRLF-terminated CCCD like the clean one', () => {
    expect(parseScan(`\uFEFF${CCCD.normalize('NFD')}\r\n`)).toEqual(parseScan(CCCD));
  });

  it('treats HTML, script and non-http URLs as unknown data', () => {
    for (const p of [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      'javascript:alert(document.cookie)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'file:///etc/passwd',
      'JAVASCRIPT:fetch("https://x/?MaHoSo=000.17.22.H56-210531-0001")',
    ]) {
      expect(parseScan(p)).toEqual({ kind: 'unknown' });
    }
  });

  it('never echoes payload text in an invalid result', () => {
    const r = parseScan('<b>x</b>|<b>|<script>|1|2|3|4');
    expect(r.kind).toBe('invalid');
    expect(JSON.stringify(r)).not.toMatch(/<|script/);
  });

  it('gives empty, whitespace-only and oversized scans as unknown with the reason kept aside', () => {
    expect(analyzeScan('')).toMatchObject({ scan: { kind: 'unknown' }, normalizeError: { code: 'scan-empty' } });
    expect(analyzeScan('\r\n\t ')).toMatchObject({ scan: { kind: 'unknown' }, normalizeError: { code: 'scan-empty' } });
    expect(analyzeScan(`${CCCD}|${'x'.repeat(5000)}`)).toMatchObject({ scan: { kind: 'unknown' }, normalizeError: { code: 'scan-too-long' } });
  });

  it('survives NULs, lone surrogates, emoji and pipes galore', () => {
    for (const p of ['\u0000', '\uD800', '\uDFFF|\uD800', '😀'.repeat(1000), '|'.repeat(4096), '||||||', '000201', '0002016304',
      'https://', 'https://?', 'https://x/?=&=&', 'https://x/?MaHoSo=%', 'https://x/?MaHoSo=%E0%A4%A', '-'.repeat(100)]) {
      expect(() => parseScan(p)).not.toThrow();
      expect(JSON.parse(JSON.stringify(parseScan(p)))).toHaveProperty('kind');
    }
  });

  it('rejects a dossier code with an impossible date, a CCCD with impossible dates', () => {
    expect(parseScan('000.17.22.H56-230229-0001')).toMatchObject({ kind: 'invalid', reason: 'bad-date' });
    expect(parseScan('001095012345||A|31041995|Nam|X|01012022')).toMatchObject({ kind: 'invalid', reason: 'bad-birth-date' });
  });
});
