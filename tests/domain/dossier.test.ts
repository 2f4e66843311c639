import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeScan, compileDossierCodePattern, extractCodeFromUrl, generateDossierCode, parseDossierCode, parseScan } from '../../src/shared/domain';

const URL_BASE = 'https://portal.example.gov.vn/portaldvc/tra-cuu';

describe('dossier codes', () => {
  it('parses the strict format and reports it as not lenient', () => {
    expect(parseDossierCode('000.17.22.H56-210531-0001')).toEqual({
      ok: true,
      value: { code: '000.17.22.H56-210531-0001', agency: '000.17.22.H56', receivedOn: '2021-05-31', sequence: 1, lenient: false, lenientReason: null },
    });
  });

  it('falls back to the lenient form, flagged with its reason', () => {
    expect(analyzeScan('H55.242-240101-0001')).toMatchObject({ scan: { lenient: true }, lenientReason: 'short-agency' });
    expect(analyzeScan('000.17.22.H56-240101-12345')).toMatchObject({ scan: { sequence: 12345, lenient: true }, lenientReason: 'long-sequence' });
  });

  it('reads codes with an 8-digit date and a 7-digit sequence, as a ministry system issues them', () => {
    expect(parseScan('G09.20-20260609-0092637')).toEqual({
      kind: 'dossier', code: 'G09.20-20260609-0092637', agency: 'G09.20', receivedOn: '2026-06-09', sequence: 92637, lenient: true, via: 'code',
    });
    expect(analyzeScan('000.17.22.H56-20260609-0001')).toMatchObject({ scan: { receivedOn: '2026-06-09', lenient: true }, lenientReason: 'long-date' });
    expect(parseScan('G09.20-20261399-0092637')).toMatchObject({ kind: 'invalid', reason: 'bad-date' });
    expect(parseScan('G09.20-19990609-0092637')).toMatchObject({ kind: 'invalid', reason: 'bad-date' });
    expect(parseScan('G09.20-2026060-0092637')).toMatchObject({ kind: 'invalid', reason: 'bad-date' });
  });

  it('reads a province\'s own pattern, and ignores a pattern that is unusable', () => {
    const re = compileDossierCodePattern({ name: 'H08 portal', regex: '(?<agency>H08\\.[0-9]{3})/(?<date>[0-9]{8})/(?<seq>[0-9]{6})' })!;
    expect(parseDossierCode('H08.123/20260115/000042', [re])).toMatchObject({ ok: true, value: { agency: 'H08.123', receivedOn: '2026-01-15', sequence: 42, lenientReason: 'province-pattern' } });
    expect(parseDossierCode('H08.123/20260115/000042')).toMatchObject({ ok: false, reason: 'bad-code' });
    expect(parseDossierCode('H08.123/20261315/000042', [re])).toMatchObject({ ok: false });
    expect(compileDossierCodePattern({ name: 'no groups', regex: '[A-Z]+' })).toBeNull();
    expect(compileDossierCodePattern({ name: 'broken', regex: '(?<agency>(?<date>(?<seq>' })).toBeNull();
    expect(compileDossierCodePattern({ name: 'huge', regex: `(?<agency>A)(?<date>1)(?<seq>2)${'x'.repeat(300)}` })).toBeNull();
    // A scan in the province's shape is a dossier code once the device holds the pattern.
    expect(parseScan('h08.123/20260115/000042')).toMatchObject({ kind: 'unknown' });
    expect(parseScan('h08.123/20260115/000042', { patterns: [re] })).toMatchObject({ kind: 'dossier', code: 'H08.123/20260115/000042', agency: 'H08.123', sequence: 42, lenient: true });
    expect(parseScan('H08.123/20261315/000042', { patterns: [re] })).toMatchObject({ kind: 'unknown' });
  });

  it('keeps the lenient reason out of the contract object', () => {
    expect(Object.keys(parseScan('H55.242-240101-0001'))).toEqual(['kind', 'code', 'agency', 'receivedOn', 'sequence', 'lenient', 'via']);
  });

  it('accepts lower case (Caps Lock on a wedge scanner) and returns the canonical code', () => {
    expect(parseScan('000.17.22.h56-210531-0001')).toMatchObject({ code: '000.17.22.H56-210531-0001', lenient: false });
  });

  it('rejects impossible dates, short or zero sequences and malformed agencies', () => {
    expect(parseScan('000.17.22.H56-210230-0001')).toMatchObject({ kind: 'invalid', expected: 'dossier', reason: 'bad-date' });
    expect(parseScan('000.17.22.H56-21053-0001')).toMatchObject({ reason: 'bad-date' });
    expect(parseScan('000.17.22.H56-210531-0000')).toMatchObject({ reason: 'bad-sequence' });
    expect(parseScan('000.17.22.H56-210531-001')).toMatchObject({ reason: 'bad-sequence' });
    expect(parseScan('000..H56-210531-0001')).toMatchObject({ reason: 'bad-agency' });
    expect(parseScan('.H56-210531-0001')).toMatchObject({ reason: 'bad-agency' });
  });

  it('generates codes in the official format and refuses bad parts', () => {
    expect(generateDossierCode({ agency: '000.17.22.H56', date: '2024-03-05', sequence: 7 })).toEqual({ ok: true, code: '000.17.22.H56-240305-0007' });
    expect(generateDossierCode({ agency: '000.17.22.H56', date: { y: 2024, m: 12, d: 31 }, sequence: 9999 })).toEqual({ ok: true, code: '000.17.22.H56-241231-9999' });
    const bad = [
      { agency: 'H55.242', date: '2024-03-05', sequence: 1 },
      { agency: '000.17.22.H56', date: '2024-02-30', sequence: 1 },
      { agency: '000.17.22.H56', date: '1999-12-31', sequence: 1 },
      { agency: '000.17.22.H56', date: '2024-03-05', sequence: 0 },
      { agency: '000.17.22.H56', date: '2024-03-05', sequence: 10000 },
      { agency: '000.17.22.H56', date: '2024-03-05', sequence: 1.5 },
    ];
    for (const input of bad) expect(generateDossierCode(input).ok).toBe(false);
  });

  it('property: every generated code parses back to the same parts, strictly', () => {
    const alnum = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    const part = (n: number) => fc.array(alnum, { minLength: n, maxLength: n }).map((a) => a.join(''));
    const agency = fc.tuple(part(3), part(2), part(2), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), fc.integer({ min: 0, max: 99 }))
      .map(([a, b, c, l, n]) => `${a}.${b}.${c}.${l}${String(n).padStart(2, '0')}`);
    const date = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(fc.property(agency, date, fc.integer({ min: 1, max: 9999 }), (ag, d, seq) => {
      const g = generateDossierCode({ agency: ag, date: d, sequence: seq });
      if (!g.ok) return false;
      const p = parseDossierCode(g.code);
      const s = parseScan(g.code);
      return p.ok && p.value.agency === ag && p.value.receivedOn === d && p.value.sequence === seq && !p.value.lenient &&
        s.kind === 'dossier' && s.code === g.code;
    }), { numRuns: 2000 });
  });
});

describe('lookup URLs on the receipt', () => {
  it('takes the code from MaHoSo / maHoSo / code / keyword, case-insensitively and URL-decoded', () => {
    for (const name of ['MaHoSo', 'maHoSo', 'MAHOSO', 'ma_ho_so', 'code', 'keyword']) {
      const r = parseScan(`${URL_BASE}?${name}=000.17.22.H56%2D210531%2D0001&SoDinhDanh=001095012345`);
      expect(r).toMatchObject({ kind: 'dossier', code: '000.17.22.H56-210531-0001', via: 'url' });
    }
    expect(parseScan(`${URL_BASE}#/tra-cuu?code=H55.242-240101-0001`)).toMatchObject({ kind: 'dossier', lenient: true, via: 'url' });
    expect(parseScan(`${URL_BASE}/000.17.22.H56-210531-0001`)).toMatchObject({ kind: 'dossier', via: 'url' });
  });

  it('never returns the applicant ID number, even when the "code" embeds it', () => {
    const id = '079203004567';
    const r = parseScan(`${URL_BASE}?SoDinhDanh=${id}&MaHoSo=000.17.22.H56-210531-0001`);
    expect(r.kind).toBe('dossier');
    expect(JSON.stringify(r)).not.toContain(id);
    const sneaky = parseScan(`${URL_BASE}?MaHoSo=H55.${id}-240101-0001&SoDinhDanh=${id}`);
    expect(sneaky).toMatchObject({ kind: 'invalid', reason: 'id-in-code' });
    expect(JSON.stringify(sneaky)).not.toContain(id);
    expect(extractCodeFromUrl(`${URL_BASE}?MaHoSo=x&SoDinhDanh=${id}`).value).toBe('x');
  });

  it('reports a broken MaHoSo as an invalid dossier, a URL without a code as unknown', () => {
    expect(parseScan(`${URL_BASE}?MaHoSo=hello`)).toMatchObject({ kind: 'invalid', expected: 'dossier', reason: 'bad-code' });
    expect(parseScan(`${URL_BASE}?MaHoSo=000.17.22.H56-219999-0001`)).toMatchObject({ kind: 'invalid', reason: 'bad-date' });
    expect(parseScan('https://example.com/login?code=abc123')).toEqual({ kind: 'unknown' });
    expect(parseScan('https://example.com/')).toEqual({ kind: 'unknown' });
    expect(parseScan(`${URL_BASE}?${Array.from({ length: 100 }, (_, i) => `p${i}=1`).join('&')}&MaHoSo=000.17.22.H56-210531-0001`))
      .toEqual({ kind: 'unknown' });
  });

  it('property: URL decoding agrees with decodeURIComponent on well-formed text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
      const r = extractCodeFromUrl(`${URL_BASE}?code=${encodeURIComponent(s)}`);
      const expected = s.trim();
      if (/^\d{9,12}$/.test(expected)) return r.value === null; // an ID-like value is held back
      return r.value === (expected === '' ? null : expected);
    }), { numRuns: 3000 });
  });

  it('rejects malformed percent escapes and invalid UTF-8 without throwing', () => {
    for (const bad of ['%', '%G1', '%C3', '%C3%28', '%ED%A0%80', '%F5%80%80%80', '%C0%AF', '%E2%82']) {
      expect(extractCodeFromUrl(`${URL_BASE}?code=${bad}`).value).toBeNull();
    }
  });
});
