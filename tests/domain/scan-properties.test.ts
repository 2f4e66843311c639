import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScan } from '../../src/shared/domain';
import { analyzeScanUnguarded } from '../../src/shared/domain/scan';
import { contractViolation, runFuzz } from '../../scripts/fuzz-domain';

const pieces = fc.constantFrom(
  '|', '||', '-', '.', '%', '&', '=', '?', '#', '/', '\r\n', '\u0000', '\uFEFF', '\u0301', '廙', '\uD800', '000201', '6304',
  '001095012345', '000.17.22.H56', '-210531-', '0001', 'https://', 'MaHoSo=', 'SoDinhDanh=', 'Nam', 'Nữ', '12071995',
  'A000000727', 'QRIBFTTA', '5303704', '5802VN',
);
const mixed = fc.array(fc.oneof(pieces, fc.string({ unit: 'binary', maxLength: 12 })), { maxLength: 30 }).map((a) => a.join(''));

describe('parseScan is total', () => {
  it('property: never throws and always returns exactly one contract object', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), mixed), (s) => {
      const r = analyzeScanUnguarded(s).scan; // no safety net: a bug would throw here
      return contractViolation(r) === null && contractViolation(parseScan(s)) === null;
    }), { numRuns: 5000 });
  });

  it('property: never returns a lookup URL\'s ID number anywhere in its output', () => {
    const id = fc.stringMatching(/^\d{12}$|^\d{9}$/);
    const idName = fc.constantFrom('SoDinhDanh', 'sodinhdanh', 'soDinhDanh', 'SoCCCD', 'cmnd', 'SoGiayTo', 'other');
    const codeName = fc.constantFrom('MaHoSo', 'maHoSo', 'code', 'keyword', 'q');
    const codeValue = (secret: string) => fc.oneof(
      fc.constant(`000.17.22.H56-210531-0001`),
      fc.constant(`${secret}-240101-0001`),
      fc.constant(`H55.${secret}-240101-0001`),
      fc.constant(`000.17.22.H56-240101-${secret}`),
      fc.constant(`000.17.22.H56-240101-0${secret}`.slice(0, 25)),
      fc.string({ maxLength: 20 }).map((s) => `${s}${secret}${s}`),
    );
    const url = id.chain((secret) => fc.tuple(fc.constant(secret), idName, codeName, codeValue(secret), fc.boolean(), fc.boolean(), fc.constantFrom('?', '#/tra-cuu?', '/x?'))
      .map(([sec, n1, n2, v, swap, enc, sep]) => {
        const parts = [`${n2}=${enc ? encodeURIComponent(v) : v}`, `${n1}=${sec}`];
        if (swap) parts.reverse();
        return { secret: sec, payload: `https://portal.example.gov.vn/tra-cuu${sep}${parts.join('&')}` };
      }));
    fc.assert(fc.property(url, ({ secret, payload }) => !JSON.stringify(parseScan(payload)).includes(secret)), { numRuns: 5000 });
  });

  it('a 20,000-payload fuzz run raises no exception, contract violation or leak', () => {
    const r = runFuzz(20_000, 1);
    expect(r.failures).toEqual([]);
    expect({ exceptions: r.exceptions, violations: r.violations, leaks: r.leaks }).toEqual({ exceptions: 0, violations: 0, leaks: 0 });
    expect(Object.keys(r.outcomes).length).toBeGreaterThan(15); // the run reaches most branches
  });
});
