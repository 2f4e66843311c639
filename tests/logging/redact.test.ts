import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSensitiveKey, redactCccdPayloads, redactHexDumps, redactText, redactValue } from '../../src/shared/privacy/redact';
import { cccdPayload, DAMAGED_CCCD, findPersonalData, hex, IDS } from './synthetic';

describe('the test oracle', () => {
  it('finds every kind of personal data it is meant to catch (so it can fail)', () => {
    expect(findPersonalData(`scan ${IDS[0]} ok`)).toHaveLength(1);
    expect(findPersonalData(cccdPayload(IDS[1]!)).length).toBeGreaterThan(0);
    expect(findPersonalData(DAMAGED_CCCD).length).toBeGreaterThan(0);
    expect(findPersonalData(hex(cccdPayload(IDS[2]!), ' ')).length).toBeGreaterThan(0);
    expect(findPersonalData('dossier 000.17.22.H56-261126-0001 received at 1764186758000')).toEqual([]);
  });
});

describe('redaction', () => {
  it('replaces whole CCCD payloads, damaged ones too', () => {
    const out = redactText(`scan text=${cccdPayload(IDS[0]!)}`);
    expect(out).toBe('scan text=[cccd]');
    expect(redactText(`x ${DAMAGED_CCCD}`)).toBe('x [cccd]');
    expect(redactCccdPayloads('a|b')).toBe('a|b');
    // A frame cut before its ID starts with the holder's name: all of the name goes.
    expect(redactText('frame Nguyễn Văn An|01011990|Nam|Số 1, Phường X')).toBe('frame [cccd]');
    expect(redactText('frame Đặng Thị Ánh Tuyết|01011990|Nữ|Thôn 2')).toBe('frame [cccd]');
  });

  it('replaces bare 12-digit IDs but keeps timestamps and dossier codes', () => {
    expect(redactText(`id ${IDS[0]}, at 1764186758000, code 000.17.22.H56-261126-0001`))
      .toBe('id [id:45], at 1764186758000, code 000.17.22.H56-261126-0001');
  });

  it('replaces hex dumps that spell an ID or a payload, keeps other hex', () => {
    expect(redactHexDumps(`bytes ${hex(cccdPayload(IDS[0]!).slice(0, 40), ' ')}`)).toMatch(/^bytes \[hex:\d+B\]$/);
    expect(redactHexDumps(hex(IDS[1]!))).toBe('[hex:12B]');
    const garbage = 'ff fe 00 80 9c a1 b2 c3 d4';
    expect(redactHexDumps(garbage)).toBe(garbage);
    const uuid = '0192f3a4-b5c6-7d8e-9f00-1a2b3c4d5e6f';
    expect(redactText(uuid)).toBe(uuid);
  });

  it('blanks sensitive keys, scans of kind cccd, and 12-digit numbers in structures', () => {
    const out = redactValue({
      citizenId: IDS[0], id_number: 'x', token: 'secret-token', pin: '482915', deviceToken: 't', count: 3,
      scan: { kind: 'cccd', text: 'Nguyễn Văn An', source: 'serial' },
      dossier: { kind: 'dossier', text: '000.17.22.H56-261126-0001' },
      nested: [{ deep: { note: `citizen ${IDS[2]}` } }],
      asNumber: 79203004567, when: new Date(0),
      [IDS[1]!]: 'keyed by id',
    });
    expect(out).toEqual({
      citizenId: '[redacted]', id_number: '[redacted]', token: '[redacted]', pin: '[redacted]', deviceToken: '[redacted]', count: 3,
      scan: { kind: 'cccd', text: '[redacted]', source: 'serial' },
      dossier: { kind: 'dossier', text: '000.17.22.H56-261126-0001' },
      nested: [{ deep: { note: 'citizen [id:76]' } }],
      asNumber: 79203004567, when: '1970-01-01T00:00:00.000Z',
      '[id:67]': 'keyed by id',
    });
    expect(redactValue({ big: 123456789012 })).toEqual({ big: '[id]' });
    expect(redactValue({ applicant: { name: 'Nguyễn Văn An', address: 'Thôn 2' }, proof: 'sig', verifier: 'v', sealed: 'x', privateKey: 'k' }))
      .toEqual({ applicant: '[redacted]', proof: '[redacted]', verifier: '[redacted]', sealed: '[redacted]', privateKey: '[redacted]' });
    expect(isSensitiveKey('gatewayToken')).toBe(true);
    expect(isSensitiveKey('tokenCount')).toBe(false);
  });

  it('handles cycles, errors and binary without throwing', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    const err = Object.assign(new Error(`bad scan ${cccdPayload(IDS[0]!)}`), { code: 'E1' });
    const out = JSON.stringify(redactValue({ a, err, buf: new Uint8Array(8) }));
    expect(out).toContain('[circular]');
    expect(out).toContain('[bytes:8]');
    expect(findPersonalData(out)).toEqual([]);
  });

  it('leaves no ID or payload behind in any text (property)', () => {
    const id = fc.stringMatching(/^[0-9]{12}$/);
    const noise = fc.string({ maxLength: 20 }).map((s) => s.replace(/[0-9|]/g, ''));
    fc.assert(fc.property(id, noise, noise, fc.boolean(), (i, pre, post, asPayload) => {
      const inner = asPayload ? cccdPayload(i) : i;
      expect(findPersonalData(redactText(`${pre}${inner}${post}`))).toEqual([]);
      expect(findPersonalData(redactText(`${pre}${hex(inner, ' ')}${post}`))).toEqual([]);
    }), { numRuns: 300 });
  });
});

describe('redaction cost', () => {
  it('stays fast on long tokens with pipes (no quadratic backtracking) and cuts huge strings', () => {
    const nasty = `${'A'.repeat(8000)}|x|y`;
    const t = performance.now();
    for (let i = 0; i < 10; i++) redactValue({ blob: nasty });
    expect((performance.now() - t) / 10).toBeLessThan(50);
    const huge = redactValue({ s: `${'b'.repeat(20_000)} ${IDS[0]}` }) as { s: string };
    expect(huge.s).toMatch(/…\[cut 1\d{4}\]$/);
    expect(findPersonalData(huge.s)).toEqual([]);
  });
});
