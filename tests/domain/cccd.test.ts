import { describe, expect, it } from 'vitest';
import { describeParseError, describeWarning, parseScan, type ParsedScan } from '../../src/shared/domain';

// Synthetic people only. ID 001095012345: province 001, digit 0 = male born 19xx, year 95.
const card = (fields: string[]): string => fields.join('|');
const base = ['001095012345', '', 'Nguyễn Văn Thử', '12071995', 'Nam', 'Số 1 Ngõ Test, Hà Nội', '01012022'];
const withField = (i: number, v: string): string[] => base.map((f, k) => (k === i ? v : f));

function invalidReason(r: ParsedScan): string | null {
  return r.kind === 'invalid' && r.expected === 'cccd' ? r.reason : null;
}

describe('CCCD parsing', () => {
  it('never collapses an empty old-ID field: later fields stay in place', () => {
    const r = parseScan(card(base));
    expect(r).toMatchObject({ kind: 'cccd', oldId: null, name: 'Nguyễn Văn Thử', sex: 'Nam' });
  });

  it('keeps appended fields (cards issued from July 2024) in order, trimmed', () => {
    const r = parseScan(card([...base, ' A ', '', 'B']));
    expect(r).toMatchObject({ kind: 'cccd', extra: ['A', '', 'B'] });
  });

  it('keeps partial birth dates: MMYYYY and YYYY', () => {
    expect(parseScan(card(withField(3, '071995')))).toMatchObject({ birthDate: '1995-07' });
    expect(parseScan(card(withField(3, '1995')))).toMatchObject({ birthDate: '1995' });
  });

  it('rejects impossible dates', () => {
    expect(invalidReason(parseScan(card(withField(3, '30021995'))))).toBe('bad-birth-date');
    expect(invalidReason(parseScan(card(withField(3, '131995'))))).toBe('bad-birth-date');
    expect(invalidReason(parseScan(card(withField(6, '32012022'))))).toBe('bad-issue-date');
    expect(invalidReason(parseScan(card(withField(6, '2022'))))).toBe('bad-issue-date');
  });

  it('accepts a 12-digit old number and rejects other shapes', () => {
    expect(parseScan(card(withField(1, '001095012999')))).toMatchObject({ oldId: '001095012999' });
    expect(invalidReason(parseScan(card(withField(1, '12345'))))).toBe('bad-old-id');
  });

  it('reads sex case-insensitively, and anything else as unknown with a warning', () => {
    expect(parseScan(card(withField(4, 'NỮ')))).toMatchObject({ sex: 'Nữ' });
    const r = parseScan(card(withField(4, 'X')));
    expect(r).toMatchObject({ kind: 'cccd', sex: null });
    expect(r.kind === 'cccd' && r.warnings).toContain('sex-unknown');
  });

  it('treats a mismatch with the ID structure as a warning only', () => {
    const r = parseScan(card(withField(3, '12072003')));
    expect(r).toMatchObject({ kind: 'cccd', birthDate: '2003-07-12', warnings: ['id-birth-year-mismatch'] });
    const s = parseScan(card(withField(4, 'Nữ')));
    expect(s).toMatchObject({ kind: 'cccd', warnings: ['id-sex-mismatch'] });
    // Digit 3 = "3": female born 20xx.
    const t = parseScan(card(['001303012345', '', 'Trần Thị Test', '01012003', 'Nữ', 'Huế', '01012022']));
    expect(t).toMatchObject({ kind: 'cccd', warnings: [] });
    expect(describeWarning('id-sex-mismatch').en).toMatch(/sex/);
  });

  it('reports mojibake as an encoding fault, never as a name', () => {
    // "Huỳnh Hiếu Thuận" as UTF-8 read as Big5, and as UTF-8 read as Windows-1252.
    expect(invalidReason(parseScan(card(withField(2, 'Hu廙軟h Hi廕簑 Thu廕要'))))).toBe('mojibake');
    expect(invalidReason(parseScan(card(withField(2, 'Huá»³nh Hiáº¿u Thuáº­n'))))).toBe('mojibake');
    expect(invalidReason(parseScan(card(withField(5, 'HÃ  Ná»™i'))))).toBe('mojibake');
    expect(describeParseError('mojibake').vi).toMatch(/mã hóa/);
  });

  it('keeps real Vietnamese names and addresses (no false mojibake)', () => {
    for (const name of ['Đặng Thị Ngọc Ánh', 'NGÔ BẢO CHÂU', 'Y Ngông Niê Kđăm', 'Lê Ã Ư', "H'Hen Niê"]) {
      expect(parseScan(card(withField(2, name)))).toMatchObject({ kind: 'cccd', name });
    }
  });

  it('rejects too few fields, a bad ID, an empty name and control characters', () => {
    expect(invalidReason(parseScan(base.slice(0, 6).join('|')))).toBe('too-few-fields');
    expect(invalidReason(parseScan(card(withField(0, '00109501234'))))).toBe('bad-id');
    expect(invalidReason(parseScan(card(withField(2, '  '))))).toBe('missing-name');
    expect(invalidReason(parseScan(card(withField(5, 'Hà\u0000Nội'))))).toBe('control-chars');
  });

  it('recognises a health-insurance (BHYT) card and does not read it as a CCCD', () => {
    // Synthetic BHYT layout: card number | hex(UTF-8 name) | dd/mm/yyyy | 1/2 | hex(address) | …
    const hex = (s: string): string => Array.from(new TextEncoder().encode(s), (b) => b.toString(16).padStart(2, '0')).join('');
    const bhyt = ['HS4010123456789', hex('Nguyễn Văn Thử'), '12/07/1995', '1', hex('Hà Nội'), '01 - 024', '01/01/2024', '-', '$'];
    expect(parseScan(bhyt.join('|'))).toEqual({
      kind: 'invalid',
      expected: 'cccd',
      reason: 'bhyt-card',
      message: describeParseError('bhyt-card').vi,
    });
    const newer = ['0123456789', hex('Trần Test'), '01/01/1990', '2', hex('Huế')];
    expect(invalidReason(parseScan(newer.join('|')))).toBe('bhyt-card');
  });

  it('outputs the contract fields in the contract order', () => {
    expect(Object.keys(parseScan(card(base)))).toEqual([
      'kind', 'id', 'oldId', 'name', 'birthDate', 'sex', 'address', 'issueDate', 'extra', 'warnings',
    ]);
  });
});
