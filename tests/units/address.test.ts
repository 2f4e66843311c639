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

  it('gives no confident wrong answer for any pre-merger commune, with or without its district, nor for today\'s communes', async () => {
    const data = await loadUnitsData();
    const wrong: string[] = [];
    let right = 0;
    const check = (address: string, truth: string | null) => {
      const s = suggestCommune(index, address);
      if (s.status !== 'current') return;
      if (s.commune.code === truth) right += 1;
      else if (wrong.length < 10) wrong.push(`${address} → ${s.commune.code} ${s.commune.name} (truth ${truth ?? 'none'})`);
    };
    for (const [, provinceName, , districts] of data.old) {
      for (const [districtName, communes] of districts) {
        for (const [name, codes, partial] of communes) {
          if (name === '') continue;
          // One right answer only when the old commune went whole into one new commune.
          const truth = partial === 1 || codes.includes('|') ? null : codes;
          check(`${name}, ${districtName}, ${provinceName}`, truth);
          // Without the district, a name shared with a commune of today (or with another old
          // commune that went elsewhere, or differing only by accents or type) is not a reading.
          check(`${name}, ${provinceName}`, truth);
        }
      }
    }
    for (const [code, name, provinceCode] of data.communes) check(`${name}, ${data.provinces.find(([c]) => c === provinceCode)![1]}`, code);
    expect(wrong).toEqual([]);
    expect(right).toBeGreaterThan(14_000);
  });

  it('reads Thừa Thiên Huế, the province a card printed before 2025 names, as the city of Huế', () => {
    const s = suggestCommune(index, 'Kiệt 12, Phường An Cựu, TP Huế, Tỉnh Thừa Thiên Huế');
    expect(s).toMatchObject({ status: 'current', commune: { code: '19815', provinceCode: '46' }, parsed: { commune: 'an cựu', district: 'huế', province: 'thừa thiên huế' } });
    expect(suggestCommune(index, 'Phường Vĩnh Ninh, TP Huế, Tỉnh Thừa Thiên Huế').status).not.toBe('current');
  });

  it('does not take a name that differs by accents or by type for today\'s commune, and a thị trấn is pre-merger', () => {
    expect(suggestCommune(index, 'Xã Phú Đông, Thành phố Hà Nội')).toMatchObject({ status: 'ambiguous' });
    expect(suggestCommune(index, 'Xã Yên Sở, Thành phố Hà Nội')).toMatchObject({ status: 'ambiguous' });
    const cuChi = suggestCommune(index, 'Thị trấn Củ Chi, TP. Hồ Chí Minh');
    expect(cuChi.status === 'ambiguous' && cuChi.candidates.map((c) => c.code)).toContain('27496');
    // An address typed without any accent still finds the one commune its letters name.
    expect(suggestCommune(index, 'Xa Bac Ha, Tinh Lao Cai')).toMatchObject({ status: 'current', commune: { code: '02839' } });
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
