/**
 * Card addresses → today's commune. Suggested, never guessed: on the fixture of card-shaped
 * addresses (tests/fixtures/card-addresses.json) at least 95 % of those with one right answer get
 * it, and none gets a confident wrong one.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildUnitsIndex, loadUnitsData, suggestCommune, typed, type UnitsIndex } from '../../src/shared/units';

const fixture = JSON.parse(readFileSync('tests/fixtures/card-addresses.json', 'utf8')) as { cases: { address: string; current: string | null }[] };
let index: UnitsIndex;
beforeAll(async () => { index = buildUnitsIndex(await loadUnitsData()); });

describe('administrative units 2025', () => {
  it('ships the 34 provinces and 3,321 communes with their codes, and the pre-merger provinces', async () => {
    const data = await loadUnitsData();
    expect(data.provinces).toHaveLength(34);
    expect(data.communes).toHaveLength(3321);
    expect(data.old).toHaveLength(63);
    expect(data.provinces.every(([c]) => /^\d{2}$/.test(c))).toBe(true);
    expect(data.communes.every(([c, , p]) => /^\d{5}$/.test(c) && data.provinces.some(([pc]) => pc === p))).toBe(true);
    expect(data.provinces.find(([c]) => c === '08')?.[1]).toBe('Tỉnh Tuyên Quang');
    expect(data.source.licence).toContain('MIT');
  });
});

describe('suggestCommune', () => {
  it(`reads ${fixture.cases.length} card addresses: ≥ 95 % exact and no confident wrong answer`, () => {
    let exact = 0;
    const wrong: string[] = [];
    const withAnswer = fixture.cases.filter((c) => c.current !== null);
    expect(fixture.cases.length).toBeGreaterThanOrEqual(30);
    for (const c of fixture.cases) {
      const s = suggestCommune(index, c.address);
      if (s.status === 'current') {
        if (s.commune.code === c.current) exact += 1;
        else wrong.push(`${c.address} → ${s.commune.code} (expected ${c.current ?? 'no confident answer'})`);
      }
    }
    expect(wrong).toEqual([]);
    expect(exact / withAnswer.length).toBeGreaterThanOrEqual(0.95);
  });

  it('offers the candidates of a commune split by the merger instead of choosing one', () => {
    const s = suggestCommune(index, 'Thôn Khe Lạc, Xã Vô Ngại, Huyện Bình Liêu, Tỉnh Quảng Ninh');
    expect(s).toMatchObject({ status: 'ambiguous', reason: 'split' });
    expect(s.status === 'ambiguous' && s.candidates.map((c) => c.code).sort()).toEqual(['06838', '06862']);
  });

  it('keeps what it read, and flags empty or unknown places', () => {
    expect(suggestCommune(index, '')).toMatchObject({ status: 'unknown', reason: 'empty' });
    expect(suggestCommune(index, 'Xã Thiên Đường, Tỉnh Không Có')).toMatchObject({ status: 'unknown', reason: 'no-province' });
    expect(suggestCommune(index, 'Tổ 9, Phường Hạnh Phúc, Quận Tưởng Tượng, Tỉnh Tuyên Quang')).toMatchObject({ status: 'unknown', parsed: { district: 'tưởng tượng' } });
    expect(suggestCommune(index, 'Tổ 5, P. Minh Xuân, TP. Tuyên Quang, T. Tuyên Quang').parsed).toEqual({ commune: 'minh xuân', district: 'tuyên quang', province: 'tuyên quang' });
  });

  it('separates type words and their abbreviations from names', () => {
    expect(typed('P.3')).toMatchObject({ kind: 'commune', type: 'phuong', name: '3' });
    expect(typed('TT. Sơn Dương')).toMatchObject({ kind: 'commune', type: 'thi tran', name: 'sơn dương' });
    expect(typed('TX.Hồng Lĩnh')).toMatchObject({ kind: 'district', type: 'thi xa', name: 'hồng lĩnh' });
    expect(typed('Thành phố Hà Nội')).toMatchObject({ kind: 'city', name: 'hà nội' });
    expect(typed('Xuân Hòa')).toMatchObject({ kind: null, name: 'xuân hòa' });
  });

  it('never throws on hostile input', () => {
    for (const text of ['\u0000', ','.repeat(10_000), 'Tỉnh'.repeat(1000), '<script>alert(1)</script>, Hà Nội', '𝓗à 𝓝ội']) {
      expect(() => suggestCommune(index, text)).not.toThrow();
    }
  });
});
