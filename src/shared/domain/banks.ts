/**
 * The banks a VietQR transfer can reach, by their NAPAS BIN (the 6 digits in field 38/01/00 of a
 * VietQR payload, docs/DOMAIN.md §5). A fact table, not a rule: the encoder accepts any 6 digits
 * (a bank that joins NAPAS after this list was made must still work); the list only lets the
 * technician console name the bank behind a BIN, so a typo shows as the wrong bank or as "not in
 * the list", and lets the citizen screen name the bank under the QR.
 *
 * Source: the NAPAS 247 member banks as listed by VietQR's public bank list (BIN, short name and
 * legal name), checked 2026-12; names after the 2025 renamings (OceanBank → MBV, DongA Bank →
 * Vikki Bank, CBBank → VCBNeo). Banks only: e-wallets have BINs too, but a commune's fee account
 * is a bank (or State Treasury) account.
 */

export interface VietQrBank {
  bin: string;
  /** The name people use ("Vietcombank"). */
  short: string;
  /** The legal name, in Vietnamese. */
  name: string;
}

export const VIETQR_BANKS_CHECKED = '2026-12';

export const VIETQR_BANKS: readonly VietQrBank[] = [
  { bin: '970436', short: 'Vietcombank', name: 'Ngân hàng TMCP Ngoại thương Việt Nam' },
  { bin: '970415', short: 'VietinBank', name: 'Ngân hàng TMCP Công thương Việt Nam' },
  { bin: '970418', short: 'BIDV', name: 'Ngân hàng TMCP Đầu tư và Phát triển Việt Nam' },
  { bin: '970405', short: 'Agribank', name: 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam' },
  { bin: '999888', short: 'VBSP', name: 'Ngân hàng Chính sách xã hội' },
  { bin: '970446', short: 'Co-opBank', name: 'Ngân hàng Hợp tác xã Việt Nam' },
  { bin: '970407', short: 'Techcombank', name: 'Ngân hàng TMCP Kỹ thương Việt Nam' },
  { bin: '970422', short: 'MB', name: 'Ngân hàng TMCP Quân đội' },
  { bin: '970416', short: 'ACB', name: 'Ngân hàng TMCP Á Châu' },
  { bin: '970432', short: 'VPBank', name: 'Ngân hàng TMCP Việt Nam Thịnh Vượng' },
  { bin: '970423', short: 'TPBank', name: 'Ngân hàng TMCP Tiên Phong' },
  { bin: '970403', short: 'Sacombank', name: 'Ngân hàng TMCP Sài Gòn Thương Tín' },
  { bin: '970437', short: 'HDBank', name: 'Ngân hàng TMCP Phát triển Thành phố Hồ Chí Minh' },
  { bin: '970441', short: 'VIB', name: 'Ngân hàng TMCP Quốc tế Việt Nam' },
  { bin: '970443', short: 'SHB', name: 'Ngân hàng TMCP Sài Gòn – Hà Nội' },
  { bin: '970426', short: 'MSB', name: 'Ngân hàng TMCP Hàng Hải Việt Nam' },
  { bin: '970448', short: 'OCB', name: 'Ngân hàng TMCP Phương Đông' },
  { bin: '970431', short: 'Eximbank', name: 'Ngân hàng TMCP Xuất Nhập khẩu Việt Nam' },
  { bin: '970449', short: 'LPBank', name: 'Ngân hàng TMCP Lộc Phát Việt Nam' },
  { bin: '970440', short: 'SeABank', name: 'Ngân hàng TMCP Đông Nam Á' },
  { bin: '970429', short: 'SCB', name: 'Ngân hàng TMCP Sài Gòn' },
  { bin: '970454', short: 'BVBank', name: 'Ngân hàng TMCP Bản Việt' },
  { bin: '970409', short: 'Bac A Bank', name: 'Ngân hàng TMCP Bắc Á' },
  { bin: '970412', short: 'PVcomBank', name: 'Ngân hàng TMCP Đại Chúng Việt Nam' },
  { bin: '970452', short: 'KienlongBank', name: 'Ngân hàng TMCP Kiên Long' },
  { bin: '970427', short: 'VietABank', name: 'Ngân hàng TMCP Việt Á' },
  { bin: '970428', short: 'Nam A Bank', name: 'Ngân hàng TMCP Nam Á' },
  { bin: '970430', short: 'PGBank', name: 'Ngân hàng TMCP Thịnh vượng và Phát triển' },
  { bin: '970400', short: 'Saigonbank', name: 'Ngân hàng TMCP Sài Gòn Công Thương' },
  { bin: '970438', short: 'BaoViet Bank', name: 'Ngân hàng TMCP Bảo Việt' },
  { bin: '970425', short: 'ABBANK', name: 'Ngân hàng TMCP An Bình' },
  { bin: '970433', short: 'Vietbank', name: 'Ngân hàng TMCP Việt Nam Thương Tín' },
  { bin: '970419', short: 'NCB', name: 'Ngân hàng TMCP Quốc Dân' },
  { bin: '970408', short: 'GPBank', name: 'Ngân hàng Thương mại TNHH MTV Dầu Khí Toàn Cầu' },
  { bin: '970414', short: 'MBV', name: 'Ngân hàng TNHH MTV Việt Nam Hiện Đại (trước đây OceanBank)' },
  { bin: '970406', short: 'Vikki Bank', name: 'Ngân hàng TNHH MTV Số Vikki (trước đây DongA Bank)' },
  { bin: '970444', short: 'VCBNeo', name: 'Ngân hàng TNHH MTV Ngoại thương Công nghệ số (trước đây CBBank)' },
  { bin: '970421', short: 'VRB', name: 'Ngân hàng Liên doanh Việt – Nga' },
  { bin: '970434', short: 'Indovina Bank', name: 'Ngân hàng TNHH Indovina' },
  { bin: '970424', short: 'Shinhan Bank', name: 'Ngân hàng TNHH MTV Shinhan Việt Nam' },
  { bin: '970457', short: 'Woori Bank', name: 'Ngân hàng TNHH MTV Woori Việt Nam' },
  { bin: '970442', short: 'Hong Leong Bank', name: 'Ngân hàng TNHH MTV Hong Leong Việt Nam' },
  { bin: '970439', short: 'Public Bank', name: 'Ngân hàng TNHH MTV Public Việt Nam' },
  { bin: '970410', short: 'Standard Chartered', name: 'Ngân hàng TNHH MTV Standard Chartered Việt Nam' },
  { bin: '458761', short: 'HSBC', name: 'Ngân hàng TNHH MTV HSBC (Việt Nam)' },
  { bin: '422589', short: 'CIMB', name: 'Ngân hàng TNHH MTV CIMB Việt Nam' },
  { bin: '970458', short: 'UOB', name: 'Ngân hàng TNHH MTV United Overseas Bank (Việt Nam)' },
  { bin: '796500', short: 'DBS', name: 'DBS Bank Ltd – Chi nhánh Thành phố Hồ Chí Minh' },
  { bin: '533948', short: 'Citibank', name: 'Ngân hàng Citibank, N.A. – Chi nhánh Hà Nội' },
  { bin: '970455', short: 'IBK Hà Nội', name: 'Ngân hàng Công nghiệp Hàn Quốc – Chi nhánh Hà Nội' },
  { bin: '970456', short: 'IBK TP.HCM', name: 'Ngân hàng Công nghiệp Hàn Quốc – Chi nhánh TP. Hồ Chí Minh' },
  { bin: '970462', short: 'Kookmin Hà Nội', name: 'Ngân hàng Kookmin – Chi nhánh Hà Nội' },
  { bin: '970463', short: 'Kookmin TP.HCM', name: 'Ngân hàng Kookmin – Chi nhánh TP. Hồ Chí Minh' },
  { bin: '970466', short: 'KEB Hana TP.HCM', name: 'Ngân hàng KEB Hana – Chi nhánh TP. Hồ Chí Minh' },
  { bin: '970467', short: 'KEB Hana Hà Nội', name: 'Ngân hàng KEB Hana – Chi nhánh Hà Nội' },
  { bin: '801011', short: 'Nonghyup', name: 'Ngân hàng Nonghyup – Chi nhánh Hà Nội' },
  { bin: '668888', short: 'KBank', name: 'Ngân hàng Đại chúng TNHH Kasikornbank – Chi nhánh TP. Hồ Chí Minh' },
];

const BY_BIN = new Map(VIETQR_BANKS.map((b) => [b.bin, b]));

/** The bank behind a BIN, or null when it is not in the list (which does not make the BIN wrong). */
export function bankByBin(bin: string): VietQrBank | null {
  return BY_BIN.get(bin.trim()) ?? null;
}
