import { describe, expect, it } from 'vitest';
import vectors from '../fixtures/qr-vectors.json';
import { crc16ccitt, encodeVietQr, parseScan, type VietQrInput } from '../../src/shared/domain';

type Vector = { in: string; expect?: Record<string, unknown>; reject?: boolean; mustNotContain?: string };

function check(kind: 'cccd' | 'dossier' | 'vietqr', v: Vector): void {
  const r = parseScan(v.in);
  if (v.reject) {
    expect(r).toMatchObject({ kind: 'invalid', expected: kind });
  } else {
    expect(r).toMatchObject({ kind, ...v.expect });
  }
  if (v.mustNotContain) expect(JSON.stringify(r)).not.toContain(v.mustNotContain);
}

describe('public QR vectors (tests/fixtures/qr-vectors.json)', () => {
  for (const kind of ['cccd', 'dossier', 'vietqr'] as const) {
    (vectors[kind] as Vector[]).forEach((v, i) => {
      it(`${kind} #${i} ${v.reject ? 'is rejected' : 'parses'}`, () => check(kind, v));
    });
  }

  vectors.vietqrEncode.forEach((v, i) => {
    it(`encodes VietQR #${i} byte for byte and parses it back`, () => {
      const r = encodeVietQr(v.args as VietQrInput);
      expect(r).toEqual({ ok: true, payload: v.out });
      const args = v.args as VietQrInput;
      expect(parseScan(v.out)).toMatchObject({
        kind: 'vietqr',
        bin: args.bin,
        account: args.account,
        amount: args.amount ?? null,
        purpose: args.purpose ?? null,
        service: args.card ? 'QRIBFTTC' : 'QRIBFTTA',
        initiation: args.amount ? 'dynamic' : 'static',
      });
    });
  });

  it('computes the CRC-16/CCITT-FALSE check value', () => {
    expect(crc16ccitt(vectors.crcCheck.in)).toBe(vectors.crcCheck.crc16CcittFalse);
  });
});
