/**
 * Every error the domain core can report, as data: a machine code plus a Vietnamese and an
 * English message. Parse failures use the same codes as the `reason` of an `invalid` scan.
 * Messages never echo the payload (it may be personal data).
 */

export interface DomainError {
  code: string;
  vi: string;
  en: string;
}

export interface Messages {
  vi: string;
  en: string;
}

const MESSAGES = {
  // Normalisation
  'scan-empty': { vi: 'Mã quét trống.', en: 'The scan is empty.' },
  'scan-too-long': { vi: 'Mã quét quá dài (tối đa 4 KB).', en: 'The scan is too long (4 KB at most).' },
  'scan-not-text': { vi: 'Dữ liệu quét không phải văn bản.', en: 'The scan is not text.' },
  // Citizen ID card (CCCD)
  'bhyt-card': {
    vi: 'Đây là mã QR thẻ bảo hiểm y tế, không phải thẻ căn cước.',
    en: 'This is a health-insurance card QR, not a citizen ID card.',
  },
  'too-few-fields': {
    vi: 'Mã QR thẻ căn cước thiếu trường dữ liệu.',
    en: 'The citizen ID card QR has too few fields.',
  },
  'bad-id': { vi: 'Số định danh phải gồm đúng 12 chữ số.', en: 'The personal ID number must be exactly 12 digits.' },
  'bad-old-id': { vi: 'Số CMND cũ không hợp lệ.', en: 'The old ID number is invalid.' },
  'missing-name': { vi: 'Mã QR thẻ căn cước thiếu họ tên.', en: 'The citizen ID card QR has no name.' },
  'bad-birth-date': { vi: 'Ngày sinh không hợp lệ.', en: 'The date of birth is invalid.' },
  'bad-issue-date': { vi: 'Ngày cấp không hợp lệ.', en: 'The issue date is invalid.' },
  mojibake: {
    vi: 'Lỗi mã hóa ký tự: máy quét đọc sai tiếng Việt. Hãy dùng chế độ cổng COM (serial) hoặc camera.',
    en: 'Character encoding fault: the scanner mangled Vietnamese text. Use serial (COM) mode or the camera.',
  },
  'control-chars': {
    vi: 'Mã quét chứa ký tự điều khiển không hợp lệ.',
    en: 'The scan contains invalid control characters.',
  },
  // Dossier code
  'bad-date': { vi: 'Ngày tiếp nhận trong mã hồ sơ không hợp lệ.', en: 'The receipt date in the dossier code is invalid.' },
  'bad-sequence': {
    vi: 'Số thứ tự trong mã hồ sơ phải có ít nhất 4 chữ số.',
    en: 'The sequence number in the dossier code must have at least 4 digits.',
  },
  'bad-code': { vi: 'Mã hồ sơ không đúng định dạng.', en: 'The dossier code is not in a valid format.' },
  'bad-agency': { vi: 'Mã cơ quan trong mã hồ sơ không hợp lệ.', en: 'The agency code in the dossier code is invalid.' },
  'id-in-code': {
    vi: 'Đường dẫn tra cứu có dạng bất thường; hãy nhập mã hồ sơ.',
    en: 'The lookup link looks wrong; please type the dossier code.',
  },
  // VietQR
  'bad-characters': {
    vi: 'Mã VietQR chỉ được chứa ký tự ASCII in được, không dấu.',
    en: 'A VietQR may only contain printable ASCII characters, without diacritics.',
  },
  'malformed-tlv': { vi: 'Mã VietQR sai cấu trúc.', en: 'The VietQR structure is malformed.' },
  'missing-crc': { vi: 'Mã VietQR thiếu mã kiểm tra CRC.', en: 'The VietQR has no CRC.' },
  'bad-crc': { vi: 'Mã kiểm tra CRC của VietQR không khớp.', en: 'The VietQR CRC does not match.' },
  'duplicate-field': { vi: 'Mã VietQR có trường bị lặp.', en: 'The VietQR repeats a field.' },
  'bad-format-indicator': { vi: 'Mã VietQR sai phiên bản định dạng.', en: 'The VietQR payload format indicator is wrong.' },
  'bad-initiation': { vi: 'Mã VietQR sai phương thức khởi tạo.', en: 'The VietQR point of initiation is invalid.' },
  'missing-beneficiary': {
    vi: 'Mã QR không có thông tin người thụ hưởng NAPAS.',
    en: 'The QR has no NAPAS beneficiary information.',
  },
  'bad-guid': { vi: 'Mã VietQR sai mã định danh NAPAS.', en: 'The VietQR NAPAS identifier is wrong.' },
  'bad-bin': { vi: 'Mã ngân hàng (BIN) phải gồm 6 chữ số.', en: 'The bank BIN must be 6 digits.' },
  'bad-account': {
    vi: 'Số tài khoản / số thẻ không hợp lệ (tối đa 19 chữ và số).',
    en: 'The account or card number is invalid (at most 19 letters and digits).',
  },
  'bad-service': { vi: 'Mã dịch vụ VietQR không được hỗ trợ.', en: 'The VietQR service code is not supported.' },
  'bad-currency': { vi: 'Mã VietQR phải dùng đồng Việt Nam (704).', en: 'The VietQR currency must be VND (704).' },
  'bad-amount': {
    vi: 'Số tiền không hợp lệ (chữ số, khác 0, tối đa 13 ký tự).',
    en: 'The amount is invalid (digits, non-zero, at most 13 characters).',
  },
  'bad-country': { vi: 'Mã quốc gia của VietQR phải là VN.', en: 'The VietQR country code must be VN.' },
  'bad-additional-data': { vi: 'Trường thông tin bổ sung (62) sai cấu trúc.', en: 'The additional data field (62) is malformed.' },
  'field-too-long': {
    vi: 'Số hóa đơn / nội dung chuyển khoản tối đa 25 ký tự.',
    en: 'The bill number / transfer purpose is at most 25 characters.',
  },
  // Dossier-code generation
  'bad-sequence-range': {
    vi: 'Số thứ tự hồ sơ phải từ 1 đến 9999.',
    en: 'The dossier sequence number must be between 1 and 9999.',
  },
} as const satisfies Record<string, Messages>;

export type DomainErrorCode = keyof typeof MESSAGES;

export function domainError(code: DomainErrorCode): DomainError {
  const m = MESSAGES[code];
  return { code, vi: m.vi, en: m.en };
}

const UNKNOWN: Messages = { vi: 'Mã quét không hợp lệ.', en: 'The scan is invalid.' };

/** Messages for the `reason` of an `invalid` scan (or any DomainError code); total. */
export function describeParseError(reason: string): Messages {
  return Object.hasOwn(MESSAGES, reason) ? MESSAGES[reason as DomainErrorCode] : UNKNOWN;
}

const WARNINGS = {
  'id-birth-year-mismatch': {
    vi: 'Số định danh không khớp với năm sinh.',
    en: 'The ID number does not match the birth year.',
  },
  'id-sex-mismatch': { vi: 'Số định danh không khớp với giới tính.', en: 'The ID number does not match the sex.' },
  'sex-unknown': { vi: 'Không đọc được giới tính.', en: 'The sex could not be read.' },
  'birth-after-issue': { vi: 'Ngày sinh sau ngày cấp thẻ.', en: 'The date of birth is after the issue date.' },
  'missing-address': { vi: 'Mã QR không có địa chỉ.', en: 'The QR has no address.' },
} as const satisfies Record<string, Messages>;

export type CccdWarning = keyof typeof WARNINGS;

export function describeWarning(code: string): Messages {
  return Object.hasOwn(WARNINGS, code) ? WARNINGS[code as CccdWarning] : { vi: code, en: code };
}
