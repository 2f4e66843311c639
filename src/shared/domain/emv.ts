/**
 * EMVCo merchant-presented QR building blocks (EMV QRCPS-MPM): ID-length-value records with a
 * two-digit ID and a two-digit length, and the CRC-16/CCITT-FALSE that closes every payload.
 */
import { isAscii } from './chars';

export type TlvField = readonly [id: string, value: string];

/** Splits `s` into records; null when a record is cut short or an ID/length is not two digits. */
export function parseTlv(s: string): TlvField[] | null {
  const out: TlvField[] = [];
  let i = 0;
  while (i < s.length) {
    if (i + 4 > s.length) return null;
    const id = s.slice(i, i + 2);
    const lenText = s.slice(i + 2, i + 4);
    if (!/^\d\d$/.test(id) || !/^\d\d$/.test(lenText)) return null;
    const len = Number(lenText);
    if (i + 4 + len > s.length) return null;
    out.push([id, s.slice(i + 4, i + 4 + len)]);
    i += 4 + len;
  }
  return out;
}

/** One record; the caller guarantees `value` is at most 99 characters. */
export function tlv(id: string, value: string): string {
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

const CRC_TABLE: Uint16Array = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n << 8;
    for (let k = 0; k < 8; k += 1) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    table[n] = c;
  }
  return table;
})();

/** UTF-8 bytes of a string, without TextEncoder (src/shared has no DOM or Node types). */
function utf8Bytes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    let cp = ch.codePointAt(0) ?? 0xfffd;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final XOR) of the UTF-8
 * bytes of `s`, as four upper-case hex digits. Check value: crc16ccitt('123456789') = '29B1'. */
export function crc16ccitt(s: string): string {
  let crc = 0xffff;
  const bytes = isAscii(s) ? null : utf8Bytes(s);
  const n = bytes ? bytes.length : s.length;
  for (let i = 0; i < n; i += 1) {
    const b = bytes ? (bytes[i] ?? 0) : s.charCodeAt(i);
    crc = ((crc << 8) & 0xffff) ^ (CRC_TABLE[((crc >> 8) ^ b) & 0xff] ?? 0);
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}
