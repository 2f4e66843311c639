/** Synthetic QR payloads for the camera corpus: CCCD-shaped citizen-ID text (fake 12-digit ids,
 * Vietnamese names in UTF-8), dossier codes, dossier lookup URLs and VietQR strings. Nothing here is
 * a real person or a real account. */
import type { Rng } from './prng';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Ngọc', 'Thanh', 'Quốc', 'Thu', 'Xuân', 'Hoài'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hiếu', 'Hương', 'Khánh', 'Lan', 'Long', 'Mai', 'Nam', 'Phương', 'Quân', 'Thảo', 'Thuận', 'Trang', 'Tuấn', 'Yến', 'Ánh'];
const STREETS = ['Số 12, ngõ 34, đường Lê Lợi', 'Thôn Đông Hòa', 'Xóm 3, thôn Thượng', 'Số 7, đường Trần Hưng Đạo', 'Tổ 5, khu phố Bắc'];
const WARDS = ['phường Đông Vệ, Thanh Hóa', 'xã Quảng Tâm, Thanh Hóa', 'phường Hoàn Kiếm, Hà Nội', 'xã Ea Tu, Đắk Lắk', 'phường Vĩnh Hải, Khánh Hòa'];
const AGENCIES = ['000.17.22.H56', '000.00.14.H56', '000.21.30.H01', '000.00.05.H26', 'H55.242'];
const BANK_BINS = ['970436', '970415', '970418', '970405', '970422'];

const digits = (rng: Rng, n: number): string => Array.from({ length: n }, () => String(rng.int(0, 9))).join('');
const pad2 = (n: number): string => String(n).padStart(2, '0');
const ddmmyyyy = (rng: Rng, fromYear: number, toYear: number): string =>
  `${pad2(rng.int(1, 28))}${pad2(rng.int(1, 12))}${rng.int(fromYear, toYear)}`;

export function cccdPayload(rng: Rng): string {
  // A fake id: province block 001–096, then 9 random digits; the old 9-digit id is often empty.
  const id = `${String(rng.int(1, 96)).padStart(3, '0')}${digits(rng, 9)}`;
  const oldId = rng.next() < 0.4 ? '' : digits(rng, 9);
  const name = `${rng.pick(FAMILY)} ${rng.pick(MIDDLE)} ${rng.pick(GIVEN)}`;
  const sex = rng.next() < 0.5 ? 'Nam' : 'Nữ';
  const address = `${rng.pick(STREETS)}, ${rng.pick(WARDS)}`;
  return [id, oldId, name, ddmmyyyy(rng, 1950, 2006), sex, address, ddmmyyyy(rng, 2021, 2025)].join('|');
}

export function dossierCode(rng: Rng): string {
  const yy = rng.int(21, 25);
  return `${rng.pick(AGENCIES)}-${yy}${pad2(rng.int(1, 12))}${pad2(rng.int(1, 28))}-${digits(rng, 4)}`;
}

export function dossierUrl(rng: Rng): string {
  const param = rng.pick(['MaHoSo', 'maHoSo', 'code']);
  return `https://dichvucong.example.gov.vn/portaldvc/tra-cuu?${param}=${encodeURIComponent(dossierCode(rng))}`;
}

/** CRC-16/CCITT-FALSE as VietQR requires (DOMAIN.md §7); here only to make well-formed test data. */
function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

const tlv = (id: string, value: string): string => `${id}${pad2(value.length)}${value}`;

export function vietQr(rng: Rng): string {
  const account = tlv('00', rng.pick(BANK_BINS)) + tlv('01', digits(rng, rng.int(8, 14)));
  const beneficiary = tlv('00', 'A000000727') + tlv('01', account) + tlv('02', 'QRIBFTTA');
  const body = tlv('00', '01') + tlv('01', '12') + tlv('38', beneficiary) + tlv('53', '704')
    + tlv('54', String(rng.int(1, 200) * 5000)) + tlv('58', 'VN')
    + tlv('62', tlv('08', `HS${digits(rng, 10)}`)) + '6304';
  return body + crc16(body);
}

export type PayloadKind = 'cccd' | 'dossier' | 'dossier-url' | 'vietqr';

/** Mostly CCCD text (the densest code a kiosk camera must read), then the other kinds. */
export function payloadFor(rng: Rng, index: number): { kind: PayloadKind; text: string } {
  const slot = index % 6;
  if (slot <= 2) return { kind: 'cccd', text: cccdPayload(rng) };
  if (slot === 3) return { kind: 'dossier', text: dossierCode(rng) };
  if (slot === 4) return { kind: 'dossier-url', text: dossierUrl(rng) };
  return { kind: 'vietqr', text: vietQr(rng) };
}
