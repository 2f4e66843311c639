import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc16ccitt, encodeVietQr, parseScan, parseVietQr, stripDiacritics, tlv } from '../../src/shared/domain';
import { bankByBin, VIETQR_BANKS } from '../../src/shared/domain/banks';

/** Independent reference: bit by bit over UTF-8 bytes, straight from the CRC-16/CCITT-FALSE
 * definition (poly 0x1021, init 0xFFFF, no reflection, no final XOR). */
function referenceCrc(s: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(s)) {
    for (let bit = 7; bit >= 0; bit -= 1) {
      const inBit = (byte >> bit) & 1;
      const top = (crc >> 15) & 1;
      crc = (crc << 1) & 0xffff;
      if (top ^ inBit) crc ^= 0x1021;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** Re-signs a payload body so only the rule under test fails. */
const sign = (body: string): string => `${body}6304${crc16ccitt(`${body}6304`)}`;
const beneficiary = (bin = '970405', account = '1234567890123', service = 'QRIBFTTA'): string =>
  tlv('38', tlv('00', 'A000000727') + tlv('01', tlv('00', bin) + tlv('01', account)) + tlv('02', service));
const reason = (payload: string): string | null => {
  const r = parseVietQr(payload);
  return r.ok ? null : r.reason;
};

describe('CRC-16/CCITT-FALSE', () => {
  it('matches the check value and the bitwise reference on arbitrary text', () => {
    expect(crc16ccitt('123456789')).toBe('29B1');
    expect(crc16ccitt('')).toBe('FFFF');
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => crc16ccitt(s) === referenceCrc(s)), { numRuns: 3000 });
  });
});

describe('VietQR parsing', () => {
  it('rejects a wrong or missing CRC', () => {
    const good = encodeVietQr({ bin: '970405', account: '1234567890123' });
    if (!good.ok) throw new Error('setup');
    expect(reason(`${good.payload.slice(0, -4)}0000`)).toBe('bad-crc');
    expect(reason(good.payload.slice(0, -8))).toBe('missing-crc');
    expect(reason(good.payload.toLowerCase().replace('a000000727', 'A000000727'))).not.toBeNull();
    // Lower-case hex in the CRC itself is tolerated.
    expect(reason(good.payload.slice(0, -4) + good.payload.slice(-4).toLowerCase())).toBeNull();
  });

  it('enforces the field rules behind a valid CRC', () => {
    const head = tlv('00', '01') + tlv('01', '12');
    const tail = tlv('53', '704') + tlv('54', '1000') + tlv('58', 'VN');
    expect(reason(sign(head + beneficiary() + tail))).toBeNull();
    expect(reason(sign(tlv('00', '02') + tlv('01', '12') + beneficiary() + tail))).toBe('bad-format-indicator');
    expect(reason(sign(tlv('00', '01') + tlv('01', '13') + beneficiary() + tail))).toBe('bad-initiation');
    expect(reason(sign(head + tail))).toBe('missing-beneficiary');
    expect(reason(sign(head + beneficiary('97040') + tail))).toBe('bad-bin');
    expect(reason(sign(head + beneficiary('970405', '12345678901234567890') + tail))).toBe('bad-account');
    expect(reason(sign(head + beneficiary('970405', '12AB', 'QRIBFTTC') + tail))).toBe('bad-account');
    expect(reason(sign(head + beneficiary('970405', '123', 'QRPUSH') + tail))).toBe('bad-service');
    expect(reason(sign(head + beneficiary() + tlv('53', '840') + tlv('58', 'VN')))).toBe('bad-currency');
    for (const amount of ['0', '0.00', '1,000', '1.2.3', '12345678901234', '-5', '']) {
      expect(reason(sign(head + beneficiary() + tlv('53', '704') + tlv('54', amount) + tlv('58', 'VN')))).toBe('bad-amount');
    }
    expect(reason(sign(head + beneficiary() + tlv('53', '704') + tlv('58', 'US')))).toBe('bad-country');
    expect(reason(sign(head + beneficiary() + tail + tlv('62', '0130' + 'x'.repeat(30))))).toBe('field-too-long');
    expect(reason(sign(head + beneficiary() + tail + tlv('62', '01')))).toBe('bad-additional-data');
    expect(reason(sign(head + beneficiary() + beneficiary() + tail))).toBe('duplicate-field');
    expect(reason(sign(head + beneficiary() + tail).replace('5802VN', '5802VÑ'))).toBe('bad-characters');
  });

  it('ignores other EMV fields (merchant name, city, unreserved templates)', () => {
    const p = sign(tlv('00', '01') + tlv('01', '11') + beneficiary() + tlv('53', '704') + tlv('58', 'VN') + tlv('59', 'UBND XA TEST') + tlv('99', 'abc'));
    expect(parseScan(p)).toMatchObject({ kind: 'vietqr', amount: null, billNumber: null, purpose: null });
  });

  it('outputs the contract fields in the contract order', () => {
    const p = encodeVietQr({ bin: '970405', account: '1', amount: '5' });
    expect(p.ok && Object.keys(parseScan(p.payload))).toEqual([
      'kind', 'initiation', 'bin', 'account', 'service', 'amount', 'currency', 'country', 'billNumber', 'purpose',
    ]);
  });
});

describe('VietQR encoding', () => {
  it('strips diacritics from 62 fields and enforces the 25-character limit', () => {
    expect(stripDiacritics('Lệ phí đợt một – Đà Nẵng')).toBe('Le phi dot mot – Da Nang');
    const r = encodeVietQr({ bin: '970405', account: '1234567890123', amount: '20000', purpose: 'Lệ phí hộ tịch', billNumber: 'HS0007' });
    expect(r.ok && parseScan(r.payload)).toMatchObject({ purpose: 'Le phi ho tich', billNumber: 'HS0007' });
    expect(r.ok && r.payload.indexOf('0106HS0007')).toBeLessThan(r.ok ? r.payload.indexOf('0814Le phi ho tich') : 0);
    expect(encodeVietQr({ bin: '970405', account: '1', purpose: 'x'.repeat(26) })).toMatchObject({ ok: false, error: { code: 'field-too-long' } });
    expect(encodeVietQr({ bin: '970405', account: '1', purpose: 'x'.repeat(25) }).ok).toBe(true);
    expect(encodeVietQr({ bin: '970405', account: '1', purpose: 'phí 😀' })).toMatchObject({ ok: false, error: { code: 'bad-characters' } });
  });

  it('refuses a bad BIN, account or amount with a typed error', () => {
    expect(encodeVietQr({ bin: '97040', account: '1' })).toMatchObject({ ok: false, error: { code: 'bad-bin', vi: expect.any(String), en: expect.any(String) } });
    expect(encodeVietQr({ bin: '970405', account: '' })).toMatchObject({ ok: false, error: { code: 'bad-account' } });
    expect(encodeVietQr({ bin: '970405', account: '1234-5678' })).toMatchObject({ ok: false, error: { code: 'bad-account' } });
    expect(encodeVietQr({ bin: '970405', account: 'ABC123', card: true })).toMatchObject({ ok: false, error: { code: 'bad-account' } });
    for (const amount of ['0', '00', '1e5', '5.', ' 5', 'abc', '12345678901234']) {
      expect(encodeVietQr({ bin: '970405', account: '1', amount })).toMatchObject({ ok: false, error: { code: 'bad-amount' } });
    }
    expect(encodeVietQr({ bin: '970405', account: '1', amount: 50000 })).toMatchObject({ ok: true });
  });

  it('property: encode → parse round-trips every field', () => {
    const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^\\d{${min},${max}}$`));
    const text = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 .]{0,23}[A-Za-z0-9]$/);
    const amount = fc.oneof(fc.integer({ min: 1, max: 999_999_999_999 }).map(String), fc.stringMatching(/^[1-9]\d{0,8}\.\d{1,3}$/));
    fc.assert(fc.property(
      digits(6, 6), fc.boolean(), fc.option(amount, { nil: undefined }), fc.option(text, { nil: undefined }), fc.option(text, { nil: undefined }),
      fc.stringMatching(/^[A-Za-z0-9]{1,19}$/), digits(1, 19),
      (bin, card, amt, bill, purpose, account, cardNo) => {
        const acc = card ? cardNo : account;
        const r = encodeVietQr({ bin, account: acc, amount: amt, billNumber: bill, purpose, card });
        if (!r.ok) return false;
        const p = parseScan(r.payload);
        return p.kind === 'vietqr' && p.bin === bin && p.account === acc && p.amount === (amt ?? null) &&
          p.billNumber === (bill ?? null) && p.purpose === (purpose ?? null) && p.service === (card ? 'QRIBFTTC' : 'QRIBFTTA') &&
          p.initiation === (amt === undefined ? 'static' : 'dynamic') && p.currency === '704' && p.country === 'VN';
      },
    ), { numRuns: 2000 });
  });
});

describe('the VietQR bank list', () => {
  it('holds each BIN once, each one the encoder takes, and names the bank behind a BIN or none', () => {
    const bins = VIETQR_BANKS.map((b) => b.bin);
    expect(new Set(bins).size).toBe(bins.length);
    for (const b of VIETQR_BANKS) {
      expect(b.bin).toMatch(/^\d{6}$/);
      expect(b.short.trim()).not.toBe('');
      expect(encodeVietQr({ bin: b.bin, account: '0011004567890' }).ok).toBe(true);
    }
    expect(bankByBin('970436')?.short).toBe('Vietcombank');
    expect(bankByBin(' 970405 ')?.short).toBe('Agribank');
    // Not in the list: unknown, not wrong (the encoder still takes any 6 digits).
    expect(bankByBin('970499')).toBeNull();
    expect(bankByBin('')).toBeNull();
  });
});
