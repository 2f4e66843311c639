/**
 * The raw-bytes view of the scanner monitor: the host sends space-separated hex (possibly cut with
 * `…(+N)`); the technician also sees the bytes as text, with every byte that is not printable
 * ASCII shown as `·` so a stray CR, NUL or half a UTF-8 letter is visible, not hidden.
 */
export function hexToBytes(hex: string): Uint8Array {
  const pairs = hex.split(/\s+/).filter((p) => /^[0-9a-fA-F]{2}$/.test(p));
  return Uint8Array.from(pairs, (p) => parseInt(p, 16));
}

const NAMED: Record<number, string> = { 0x0d: '␍', 0x0a: '␊', 0x09: '␉', 0x00: '␀', 0x1b: '␛' };

export function printable(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : NAMED[b] ?? '·';
  return out;
}

/** The same bytes read as UTF-8, with U+FFFD where they are not (a hint of a charset or baud problem). */
export function asUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/[\r\n]+/g, ' ');
}
