/**
 * VietQR (NAPAS 247 QR transfer), NAPAS "VietQR" specification v1.0 on top of EMVCo MPM:
 * 00 format "01" | 01 initiation 11 static / 12 dynamic | 38 beneficiary template
 * (00 GUID A000000727, 01 {00 BIN, 01 account or card}, 02 service QRIBFTTA / QRIBFTTC) |
 * 53 currency 704 | 54 amount | 58 country VN | 62 additional data {01 bill, 08 purpose} | 63 CRC.
 */
import { isPrintableAscii } from './chars';
import { crc16ccitt, parseTlv, tlv, type TlvField } from './emv';
import { domainError, type DomainError, type DomainErrorCode } from './errors';

export const NAPAS_GUID = 'A000000727';
export const SERVICE_ACCOUNT = 'QRIBFTTA';
export const SERVICE_CARD = 'QRIBFTTC';
/** EMVCo caps each sub-field of template 62 at 25 characters. */
export const MAX_ADDITIONAL_FIELD = 25;

export interface VietQr {
  initiation: 'static' | 'dynamic';
  bin: string;
  account: string;
  service: string;
  amount: string | null;
  currency: string;
  country: string;
  billNumber: string | null;
  purpose: string | null;
}

export type VietQrParse = { ok: true; value: VietQr } | { ok: false; reason: DomainErrorCode };

/** An EMVCo payload always opens with "000201" (ID 00, length 02, value 01). */
export function looksLikeEmv(text: string): boolean {
  return text.startsWith('000201');
}

const BIN = /^\d{6}$/;
const ACCOUNT = /^[0-9A-Za-z]{1,19}$/;
const CARD = /^\d{1,19}$/;
const AMOUNT = /^(?:0|[1-9]\d*)(?:\.\d+)?$/;

/** EMVCo amount: digits with at most one '.', at most 13 characters; a zero amount is refused
 * because a bank app would let the payer type any amount. */
export function isValidAmount(a: string): boolean {
  return a.length <= 13 && AMOUNT.test(a) && /[1-9]/.test(a);
}

function isValidAccount(account: string, card: boolean): boolean {
  return (card ? CARD : ACCOUNT).test(account);
}

function toMap(fields: TlvField[]): Map<string, string> | null {
  const m = new Map<string, string>();
  for (const [id, v] of fields) {
    if (m.has(id)) return null;
    m.set(id, v);
  }
  return m;
}

const fail = (reason: DomainErrorCode): VietQrParse => ({ ok: false, reason });

/** Parses and validates an EMVCo payload as a VietQR transfer. Total. */
export function parseVietQr(text: string): VietQrParse {
  if (!isPrintableAscii(text)) return fail('bad-characters');
  if (!/6304[0-9A-Fa-f]{4}$/.test(text)) return fail('missing-crc');
  if (crc16ccitt(text.slice(0, -4)) !== text.slice(-4).toUpperCase()) return fail('bad-crc');
  const fields = parseTlv(text);
  if (!fields || fields.length < 2) return fail('malformed-tlv');
  const last = fields[fields.length - 1];
  if (!last || last[0] !== '63') return fail('malformed-tlv');
  const top = toMap(fields);
  if (!top) return fail('duplicate-field');
  if (fields[0]?.[0] !== '00' || top.get('00') !== '01') return fail('bad-format-indicator');
  const init = top.get('01');
  if (init !== '11' && init !== '12') return fail('bad-initiation');

  const t38 = top.get('38');
  if (t38 === undefined) return fail('missing-beneficiary');
  const f38 = parseTlv(t38);
  if (!f38) return fail('malformed-tlv');
  const b = toMap(f38);
  if (!b) return fail('duplicate-field');
  if (b.get('00') !== NAPAS_GUID) return fail('bad-guid');
  const t01 = b.get('01');
  const f01 = t01 === undefined ? null : parseTlv(t01);
  if (!f01) return fail('malformed-tlv');
  const acq = toMap(f01);
  if (!acq) return fail('duplicate-field');
  const bin = acq.get('00') ?? '';
  const account = acq.get('01') ?? '';
  const service = b.get('02') ?? '';
  if (!BIN.test(bin)) return fail('bad-bin');
  if (service !== SERVICE_ACCOUNT && service !== SERVICE_CARD) return fail('bad-service');
  if (!isValidAccount(account, service === SERVICE_CARD)) return fail('bad-account');

  if (top.get('53') !== '704') return fail('bad-currency');
  const amount = top.get('54') ?? null;
  if (amount !== null && !isValidAmount(amount)) return fail('bad-amount');
  if (top.get('58') !== 'VN') return fail('bad-country');

  let billNumber: string | null = null;
  let purpose: string | null = null;
  const t62 = top.get('62');
  if (t62 !== undefined) {
    const f62 = parseTlv(t62);
    const add = f62 ? toMap(f62) : null;
    if (!add) return fail('bad-additional-data');
    for (const v of add.values()) if (v.length > MAX_ADDITIONAL_FIELD) return fail('field-too-long');
    billNumber = add.get('01') ?? null;
    purpose = add.get('08') ?? null;
  }
  return {
    ok: true,
    value: {
      initiation: init === '12' ? 'dynamic' : 'static',
      bin,
      account,
      service,
      amount,
      currency: '704',
      country: 'VN',
      billNumber,
      purpose,
    },
  };
}

export interface VietQrInput {
  bin: string;
  account: string;
  amount?: string | number | null;
  billNumber?: string | null;
  purpose?: string | null;
  /** The beneficiary is a card number (service QRIBFTTC) instead of an account. */
  card?: boolean;
}

export type VietQrEncode = { ok: true; payload: string } | { ok: false; error: DomainError };

/** Banks reject or mangle diacritics in the transfer description: "Lệ phí đợt 1" → "Le phi dot 1". */
export function stripDiacritics(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

function additionalField(v: string | null | undefined): { ok: true; value: string | null } | { ok: false; code: DomainErrorCode } {
  if (v === undefined || v === null) return { ok: true, value: null };
  if (typeof v !== 'string') return { ok: false, code: 'bad-characters' };
  const s = stripDiacritics(v).trim();
  if (s === '') return { ok: true, value: null };
  if (!isPrintableAscii(s)) return { ok: false, code: 'bad-characters' };
  if (s.length > MAX_ADDITIONAL_FIELD) return { ok: false, code: 'field-too-long' };
  return { ok: true, value: s };
}

/** Builds a VietQR payload: dynamic (01=12) when an amount is given, static otherwise; fields in
 * the order 00 01 38 53 54 58 62 63, and 62's sub-fields 01 then 08. */
export function encodeVietQr(input: VietQrInput): VietQrEncode {
  const err = (code: DomainErrorCode): VietQrEncode => ({ ok: false, error: domainError(code) });
  const card = input.card === true;
  if (typeof input.bin !== 'string' || !BIN.test(input.bin)) return err('bad-bin');
  if (typeof input.account !== 'string' || !isValidAccount(input.account, card)) return err('bad-account');
  let amount: string | null = null;
  if (input.amount !== undefined && input.amount !== null && input.amount !== '') {
    amount = String(input.amount);
    if (!isValidAmount(amount)) return err('bad-amount');
  }
  const bill = additionalField(input.billNumber);
  if (!bill.ok) return err(bill.code);
  const purpose = additionalField(input.purpose);
  if (!purpose.ok) return err(purpose.code);

  const beneficiary =
    tlv('00', NAPAS_GUID) + tlv('01', tlv('00', input.bin) + tlv('01', input.account)) +
    tlv('02', card ? SERVICE_CARD : SERVICE_ACCOUNT);
  let additional = '';
  if (bill.value !== null) additional += tlv('01', bill.value);
  if (purpose.value !== null) additional += tlv('08', purpose.value);
  const body =
    tlv('00', '01') + tlv('01', amount === null ? '11' : '12') + tlv('38', beneficiary) + tlv('53', '704') +
    (amount === null ? '' : tlv('54', amount)) + tlv('58', 'VN') + (additional === '' ? '' : tlv('62', additional)) +
    '6304';
  return { ok: true, payload: body + crc16ccitt(body) };
}
