/**
 * Synthetic personal data for the redaction tests (never real people): ID numbers with valid
 * province / century-sex codes and CCCD QR payloads in the card's field order.
 */
export const IDS = ['001099012345', '079203004567', '036185009876'];

export function cccdPayload(id: string, name = 'Nguyễn Văn An'): string {
  return `${id}|187654321|${name}|01011999|Nam|Thôn Phú Lộc, Xã An Bình, Huyện Ninh Hòa, Khánh Hòa|15062021`;
}

/** A CCCD payload whose ID field was mangled by a scanner: no 12-digit run left, still personal. */
export const DAMAGED_CCCD = '0010990x2345|187654321|Trần Thị Bích|02021985|Nữ|Số 5 Lê Lợi, Phường 1|01012022';

export function hex(text: string, sep = ''): string {
  return [...Buffer.from(text, 'utf8')].map((b) => b.toString(16).padStart(2, '0')).join(sep);
}

/**
 * The test oracle, independent of the redaction code: finds any 12-digit ID number, any CCCD-like
 * pipe payload, and any hex dump that decodes to either.
 */
export function findPersonalData(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?<!\d)\d{12}(?!\d)/g)) found.push(`id:${m[0]}`);
  for (const m of text.matchAll(/\d{6,}\|[^|\n]*\|/g)) found.push(`cccd:${m[0].slice(0, 20)}`);
  for (const m of text.matchAll(/\|[^|\n"]*\|[^|\n"]*\|/g)) found.push(`pipes:${m[0].slice(0, 20)}`);
  for (const m of text.matchAll(/(?:[0-9a-fA-F]{2}[ :]?){9,}/g)) {
    const decoded = Buffer.from(m[0].replace(/[ :]/g, ''), 'hex').toString('latin1');
    if (/\d{9}|\|/.test(decoded)) found.push(`hex:${m[0].slice(0, 20)}`);
  }
  return found;
}
