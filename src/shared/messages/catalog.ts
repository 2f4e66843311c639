/**
 * The one message catalog: every machine code a person may be shown, in Vietnamese and English.
 * Each group is keyed by a code list that is a `z.enum` elsewhere in src/shared (`CODE_LISTS`
 * below says which), so a code without a message (or a message without a code) fails
 * `npm run typecheck`; a test checks the two languages hold the same keys with the same
 * placeholders. Placeholders are i18next's `{{name}}`: the renderer registers this catalog as the
 * `codes` namespace, the gateway, host and command-line tools fill it with `localized()` (or
 * `bilingual()` where one "vi / en" line is the output format).
 */
import type { ConflictReason, EnrollErrorCode, ErrorCode, FileErrorCode, ForbiddenReason, LocalizedMessage, OutboxFailureCode, RejectReason } from '../protocol';
import type { HostErrorCode } from '../bridge/error';
import type { CccdWarning, DomainErrorCode } from '../domain/errors';
import type { ScannerErrorCode, ScannerHint, WedgeRejectReason } from '../scan/errors';
import type { SettingsErrorCode } from '../settings/errors';
import type { ActionErrorCode, CameraErrorCode, StorageErrorCode, SyncFailureCode } from './codes';
import { interpolate } from './interpolate';

export interface Catalog {
  /** Why the gateway refused one mutation of a batch. */
  reject: Record<RejectReason, string>;
  /** Why a mutation met a different server state. */
  conflict: Record<ConflictReason, string>;
  /** Error codes of the gateway's HTTP answers. */
  gateway: Record<ErrorCode, string>;
  /** Why a scanned text is not a valid CCCD, dossier code or VietQR (`qr parse`, the counter). */
  domain: Record<DomainErrorCode, string>;
  /** What a CCCD's fields say about each other (the card is still read). */
  cccdWarning: Record<CccdWarning, string>;
  /** A serial scanner's problems (the technician console; "vi / en" in the host's status detail and the CLI). */
  scanner: Record<ScannerErrorCode, string>;
  /** Hints the host adds to a serial scanner's status. */
  scannerHint: Record<ScannerHint, string>;
  /** Why the keyboard-wedge decoder rejected a burst. */
  wedge: Record<WedgeRejectReason, string>;
  /** The host's own refusals of a bridge call. */
  host: Record<HostErrorCode, string>;
  /** The settings, technician PIN, secret and support-bundle services. */
  settings: Record<SettingsErrorCode, string>;
  /** Why enrolling failed, with what the technician does next. */
  enroll: Record<EnrollErrorCode, string>;
  /** Why a sync run failed (the sync status: counter bar, console health). */
  sync: Record<SyncFailureCode, string>;
  /** The offline store's failures. */
  storage: Record<StorageErrorCode, string>;
  /** Staff actions refused before they were queued. */
  action: Record<ActionErrorCode, string>;
  /** The camera scanner's failures. */
  camera: Record<CameraErrorCode, string>;
  /** Why the gateway answered 403 `forbidden` to a device (`details.reason`). */
  forbidden: Record<ForbiddenReason, string>;
  /** Why the gateway's delivery to a provincial system failed (the admin API's outbox items). */
  outbox: Record<OutboxFailureCode, string>;
  /** Why a file was refused (the counter before storing it, the gateway's `file-rejected`). */
  file: Record<FileErrorCode, string>;
}

export const vi: Catalog = {
  reject: {
    validation: 'Dữ liệu thay đổi không hợp lệ.',
    'unknown-type': 'Loại thay đổi không được hỗ trợ.',
    'transition-not-allowed': 'Không được chuyển trạng thái {{from}} → {{to}}.',
    'unknown-dossier': 'Không tìm thấy hồ sơ.',
    'wrong-agency': 'Hồ sơ thuộc cơ quan khác.',
    'code-not-leased': 'Số hồ sơ không thuộc dải số đã cấp cho thiết bị này.',
    'unknown-procedure': 'Thủ tục không có trong danh mục.',
    'unknown-fee': 'Không có khoản phí này.',
    'fee-mismatch': 'Số tiền không khớp khoản phí.',
    'id-hash-mismatch': 'Mã băm số định danh không khớp.',
    'id-collision': 'Mã thay đổi trùng với thiết bị khác.',
    'bad-appointment': 'Ngày hẹn trả trước ngày tiếp nhận.',
    'not-ratable': 'Hồ sơ chưa được tiếp nhận.',
    'dossier-closed': 'Hồ sơ đã đóng (trạng thái {{status}}): không thu phí.',
    'not-extendable': 'Hồ sơ ở trạng thái {{status}}: chỉ gia hạn hồ sơ đang giải quyết.',
    'appointment-not-later': 'Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại.',
    'not-permitted': 'Loại thiết bị này không được thực hiện thao tác này.',
    'staff-unknown': 'Thao tác không ghi rõ cán bộ thực hiện, hoặc cán bộ không thuộc cơ quan này.',
    'staff-inactive': 'Tài khoản cán bộ đã bị khóa vào thời điểm thao tác.',
    'staff-role': 'Vai trò của cán bộ không được thực hiện thao tác này.',
    'signature-invalid': 'Chữ ký của cán bộ trên thao tác không hợp lệ hoặc chưa được đăng ký cho thiết bị này.',
  },
  conflict: {
    'status-changed': 'Hồ sơ đã ở trạng thái {{status}}, không còn ở trạng thái {{from}}.',
    'code-taken': 'Mã hồ sơ đã được dùng.',
    'already-paid': 'Khoản phí đã được thu.',
    'code-voided': 'Mã hồ sơ đã bị hủy.',
    'already-extended': 'Hồ sơ đã được gia hạn một lần; không gia hạn lần nữa.',
  },
  gateway: {
    unauthorized: 'Thiết bị chưa được xác thực.',
    'device-revoked': 'Thiết bị đã bị thu hồi quyền truy cập; cần đăng ký lại.',
    forbidden: 'Không có quyền truy cập dữ liệu này.',
    'protocol-version': 'Phiên bản ứng dụng không tương thích với máy chủ tỉnh; cần cập nhật.',
    validation: 'Dữ liệu gửi lên không hợp lệ.',
    malformed: 'Yêu cầu không đọc được.',
    'payload-too-large': 'Yêu cầu quá lớn.',
    'not-found': 'Không tìm thấy.',
    'cursor-reset': 'Máy chủ không nhận ra vị trí đồng bộ (có thể vừa khôi phục dữ liệu); cần tải lại từ đầu.',
    'enroll-code-invalid': 'Mã đăng ký không đúng.',
    'enroll-code-expired': 'Mã đăng ký đã hết hạn.',
    'enroll-code-used': 'Mã đăng ký đã được sử dụng.',
    'enroll-code-kind': 'Mã đăng ký này dành cho loại thiết bị khác (ki-ốt công dân / quầy cán bộ).',
    'lease-invalid': 'Không cấp được dải số hồ sơ.',
    'pin-policy': 'Mã PIN phải gồm 6 đến 12 chữ số và không được dễ đoán (một chữ số lặp lại, dãy tăng hoặc giảm).',
    'file-rejected': 'Máy chủ tỉnh từ chối tệp.',
    'file-incomplete': 'Tệp chưa được gửi đủ; chưa thể gắn vào hồ sơ.',
    'rate-limited': 'Quá nhiều yêu cầu; thử lại sau.',
    'shutting-down': 'Máy chủ đang khởi động lại; thử lại sau.',
    internal: 'Lỗi máy chủ.',
  },
  domain: {
    'scan-empty': 'Mã quét trống.',
    'scan-too-long': 'Mã quét quá dài (tối đa 4 KB).',
    'scan-not-text': 'Dữ liệu quét không phải văn bản.',
    'bhyt-card': 'Đây là mã QR thẻ bảo hiểm y tế, không phải thẻ căn cước.',
    'too-few-fields': 'Mã QR thẻ căn cước thiếu trường dữ liệu.',
    'bad-id': 'Số định danh phải gồm đúng 12 chữ số.',
    'bad-old-id': 'Số CMND cũ không hợp lệ.',
    'missing-name': 'Mã QR thẻ căn cước thiếu họ tên.',
    'bad-birth-date': 'Ngày sinh không hợp lệ.',
    'bad-issue-date': 'Ngày cấp không hợp lệ.',
    mojibake: 'Lỗi mã hóa ký tự: máy quét đọc sai tiếng Việt. Hãy dùng chế độ cổng COM (serial) hoặc camera.',
    'control-chars': 'Mã quét chứa ký tự điều khiển không hợp lệ.',
    'bad-date': 'Ngày tiếp nhận trong mã hồ sơ không hợp lệ.',
    'bad-sequence': 'Số thứ tự trong mã hồ sơ phải có ít nhất 4 chữ số.',
    'bad-code': 'Mã hồ sơ không đúng định dạng.',
    'bad-agency': 'Mã cơ quan trong mã hồ sơ không hợp lệ.',
    'id-in-code': 'Đường dẫn tra cứu có dạng bất thường; hãy nhập mã hồ sơ.',
    'bad-characters': 'Mã VietQR chỉ được chứa ký tự ASCII in được, không dấu.',
    'malformed-tlv': 'Mã VietQR sai cấu trúc.',
    'missing-crc': 'Mã VietQR thiếu mã kiểm tra CRC.',
    'bad-crc': 'Mã kiểm tra CRC của VietQR không khớp.',
    'duplicate-field': 'Mã VietQR có trường bị lặp.',
    'bad-format-indicator': 'Mã VietQR sai phiên bản định dạng.',
    'bad-initiation': 'Mã VietQR sai phương thức khởi tạo.',
    'missing-beneficiary': 'Mã QR không có thông tin người thụ hưởng NAPAS.',
    'bad-guid': 'Mã VietQR sai mã định danh NAPAS.',
    'bad-bin': 'Mã ngân hàng (BIN) phải gồm 6 chữ số.',
    'bad-account': 'Số tài khoản / số thẻ không hợp lệ (tối đa 19 chữ và số).',
    'bad-service': 'Mã dịch vụ VietQR không được hỗ trợ.',
    'bad-currency': 'Mã VietQR phải dùng đồng Việt Nam (704).',
    'bad-amount': 'Số tiền không hợp lệ (chữ số, khác 0, tối đa 13 ký tự).',
    'bad-country': 'Mã quốc gia của VietQR phải là VN.',
    'bad-additional-data': 'Trường thông tin bổ sung (62) sai cấu trúc.',
    'field-too-long': 'Số hóa đơn / nội dung chuyển khoản tối đa 25 ký tự.',
    'bad-sequence-range': 'Số thứ tự hồ sơ phải từ 1 đến 9999.',
  },
  cccdWarning: {
    'id-birth-year-mismatch': 'Số định danh không khớp với năm sinh.',
    'id-sex-mismatch': 'Số định danh không khớp với giới tính.',
    'sex-unknown': 'Không đọc được giới tính.',
    'birth-after-issue': 'Ngày sinh sau ngày cấp thẻ.',
    'missing-address': 'Mã QR không có địa chỉ.',
  },
  scanner: {
    'frame-overflow': 'Mã quá dài hoặc thiếu ký tự kết thúc: kiểm tra cài đặt ký tự kết thúc.',
    'invalid-utf8': 'Máy quét gửi byte không phải UTF-8: đặt máy quét xuất UTF-8, hoặc kiểm tra tốc độ baud.',
    'baud-mismatch': 'Nhiều byte rác: có thể sai tốc độ baud.',
    'no-terminator': 'Máy quét không gửi ký tự kết thúc: chọn "Không có" hoặc cài máy quét gửi CR/LF.',
    missing: 'Không tìm thấy cổng.',
    busy: 'Cổng bị chương trình khác giữ.',
    permission: 'Không có quyền mở cổng.',
    disconnected: 'Máy quét bị rút ra; đang chờ cắm lại.',
    'not-serial': 'Đường dẫn này không phải cổng nối tiếp.',
    'open-failed': 'Không mở được cổng.',
    'invalid-config': 'Cài đặt máy quét không hợp lệ.',
  },
  scannerHint: {
    'try-baud': 'Đang đặt {{baud}} baud; thử {{others}}',
  },
  wedge: {
    ime: 'Bộ gõ tiếng Việt (Unikey, EVKey…) đang bật nên mã quét bị đổi ký tự. Hãy chuyển bộ gõ sang chế độ tiếng Anh (E) rồi quét lại, hoặc đặt máy quét ở chế độ cổng COM (serial / USB-CDC).',
    'no-terminator': 'Máy quét không gửi phím kết thúc (Enter hoặc Tab). Hãy cài đặt máy quét gửi Enter sau mỗi mã rồi quét lại.',
    'too-long': 'Mã quét quá dài. Hãy quét lại; nếu vẫn lỗi, dùng máy quét ở chế độ cổng COM.',
    'unknown-key': 'Máy quét gửi phím không nhận ra. Hãy đặt máy quét ở chế độ bàn phím Mỹ (US) hoặc chế độ cổng COM.',
    'prefix-mismatch': 'Mã quét thiếu tiền tố đã cài đặt. Hãy kiểm tra cài đặt máy quét.',
    'suffix-mismatch': 'Mã quét thiếu hậu tố đã cài đặt. Hãy kiểm tra cài đặt máy quét.',
  },
  host: {
    'invalid-input': 'Thông tin nhập chưa hợp lệ: {{detail}}',
    'unknown-call': 'Phần máy của ứng dụng không có chức năng này. Hãy cập nhật ứng dụng.',
    forbidden: 'Thao tác này không được phép.',
    'host-error': 'Ứng dụng gặp lỗi khi thực hiện. Hãy thử lại; nếu vẫn lỗi, tạo gói hỗ trợ.',
    'host-unavailable': 'Mất kết nối với phần máy của ứng dụng. Hãy chờ vài giây rồi thử lại.',
    unsupported: 'Chức năng này không dùng được khi ứng dụng chạy trên trình duyệt.',
    'no-printer': 'Chưa cài đặt máy in: hãy chọn máy in trong hộp thoại in.',
    'print-failed': 'Không in được. Hãy kiểm tra máy in rồi thử lại.',
    'bad-path': 'Đường dẫn yêu cầu tới máy chủ tỉnh không hợp lệ.',
    'key-unavailable': 'Máy này không mở được khóa ký đã lưu của cán bộ. Hãy đăng nhập lại để tạo khóa mới.',
  },
  settings: {
    'settings-invalid': 'Cài đặt không hợp lệ: {{detail}}',
    'settings-corrupt': 'Tệp cài đặt bị hỏng và đã được cất riêng ({{file}}). Máy đang dùng {{restored}}; hãy kiểm tra lại các cài đặt.',
    'settings-newer': 'Tệp cài đặt do phiên bản mới hơn ghi ({{file}} đã được giữ lại). Hãy kiểm tra lại các cài đặt.',
    'settings-write-failed': 'Không ghi được tệp cài đặt. Kiểm tra dung lượng ổ đĩa rồi thử lại.',
    'import-invalid': 'Tệp nhập vào không phải tệp cài đặt hợp lệ: {{detail}}',
    'pin-not-set': 'Chưa đặt mã PIN kỹ thuật viên. Hãy đặt mã PIN trước.',
    'pin-already-set': 'Đã có mã PIN. Nhập mã PIN hiện tại để đổi.',
    'pin-format': 'Mã PIN gồm 6 đến 12 chữ số, không được là một chữ số lặp lại hay dãy liên tiếp (như 123456).',
    'pin-wrong': 'Sai mã PIN hiện tại.',
    'pin-locked': 'Nhập sai mã PIN quá nhiều lần. Hãy chờ rồi thử lại.',
    'technician-locked': 'Bảng kỹ thuật đã khóa. Nhập mã PIN để mở.',
    'secret-unavailable': 'Hệ điều hành không cho phép lưu khóa bí mật được mã hóa.',
    'secret-invalid-name': 'Tên khóa bí mật không hợp lệ.',
    'bundle-failed': 'Không tạo được gói hỗ trợ: {{detail}}',
  },
  enroll: {
    'enroll-code-used': 'Mã đăng ký này đã được dùng. Hãy xin tỉnh cấp mã mới.',
    'enroll-code-expired': 'Mã đăng ký đã hết hạn. Hãy xin tỉnh cấp mã mới.',
    'enroll-code-invalid': 'Máy chủ tỉnh không nhận ra mã đăng ký này. Kiểm tra lại từng ký tự, hoặc xin mã mới.',
    validation: 'Máy chủ tỉnh từ chối thông tin đăng ký. Kiểm tra mã đăng ký và tên thiết bị.',
    'rate-limited': 'Thử quá nhiều lần. Hãy chờ một phút rồi thử lại.',
    network: 'Không kết nối được máy chủ tỉnh. Kiểm tra địa chỉ máy chủ và mạng của máy.',
    timeout: 'Máy chủ tỉnh không trả lời kịp. Kiểm tra mạng rồi thử lại.',
    'insecure-url': 'Địa chỉ máy chủ tỉnh không hợp lệ hoặc không dùng HTTPS.',
    'bad-response': 'Địa chỉ này không phải máy chủ một cửa của tỉnh (trả lời sai định dạng).',
    'enroll-failed': 'Máy chủ tỉnh từ chối đăng ký.',
    'enroll-code-kind': 'Mã đăng ký này dành cho loại thiết bị khác (ki-ốt công dân / quầy cán bộ). Hãy xin tỉnh cấp đúng loại mã.',
    'protocol-version': 'Phiên bản ứng dụng quá cũ, cần cập nhật',
  },
  sync: {
    network: 'Không kết nối được máy chủ tỉnh',
    timeout: 'Máy chủ tỉnh không trả lời kịp',
    unauthorized: 'Thiết bị chưa được máy chủ tỉnh chấp nhận',
    'device-revoked': 'Thiết bị đã bị thu hồi quyền truy cập',
    'not-enrolled': 'Thiết bị chưa đăng ký với máy chủ tỉnh',
    'protocol-version': 'Phiên bản ứng dụng quá cũ, cần cập nhật',
    'insecure-url': 'Địa chỉ máy chủ tỉnh phải dùng HTTPS',
    'bad-response': 'Máy chủ tỉnh trả lời sai định dạng',
    'cursor-reset': 'Máy chủ tỉnh liên tục đặt lại dữ liệu',
    internal: 'Lỗi nội bộ khi đồng bộ',
    'shutting-down': 'Máy chủ tỉnh đang khởi động lại',
    'rate-limited': 'Máy chủ tỉnh đang quá tải, sẽ thử lại',
    'http-error': 'Máy chủ tỉnh trả lời lỗi HTTP {{status}}',
    forbidden: 'Máy chủ tỉnh không cho truy cập dữ liệu này',
    validation: 'Máy chủ tỉnh từ chối dữ liệu gửi lên',
    malformed: 'Máy chủ tỉnh không đọc được yêu cầu',
    'payload-too-large': 'Dữ liệu gửi lên quá lớn',
    'not-found': 'Máy chủ tỉnh không tìm thấy dữ liệu được hỏi',
    'enroll-code-invalid': 'Mã đăng ký không đúng',
    'enroll-code-expired': 'Mã đăng ký đã hết hạn',
    'enroll-code-used': 'Mã đăng ký đã được sử dụng',
    'enroll-code-kind': 'Mã đăng ký dành cho loại thiết bị khác',
    'lease-invalid': 'Máy chủ tỉnh không cấp được dải số hồ sơ',
    'pin-policy': 'Máy chủ tỉnh từ chối mã PIN: mã PIN quá dễ đoán',
    'file-rejected': 'Máy chủ tỉnh từ chối tệp đính kèm',
    'file-incomplete': 'Tệp đính kèm chưa được gửi đủ',
  },
  storage: {
    'storage-quota': 'Bộ nhớ máy đã đầy: thao tác chưa được lưu. Dữ liệu chờ gửi vẫn an toàn. Hãy báo kỹ thuật viên giải phóng dung lượng.',
    'storage-corrupt': 'Không mở được dữ liệu trên máy. Đừng xóa dữ liệu; hãy báo kỹ thuật viên.',
    'storage-blocked': 'Một cửa sổ khác đang giữ dữ liệu. Hãy đóng cửa sổ đó.',
    'storage-closed': 'Kết nối dữ liệu đã đóng. Hãy tải lại ứng dụng.',
    'storage-version': 'Dữ liệu trên máy thuộc phiên bản mới hơn ứng dụng này.',
    'storage-timeout': 'Lưu dữ liệu quá lâu. Hãy kiểm tra lại trước khi thao tác lại.',
    'storage-failed': 'Lỗi lưu dữ liệu trên máy.',
  },
  action: {
    'unknown-dossier': 'Không tìm thấy hồ sơ',
    'unknown-procedure': 'Không có thủ tục này',
    'transition-not-allowed': 'Không thể chuyển sang trạng thái này',
    'no-code-lease': 'Hết số hồ sơ được cấp sẵn cho hôm nay. Cần kết nối máy chủ tỉnh để nhận thêm.',
    'not-enrolled': 'Thiết bị chưa đăng ký',
    invalid: 'Dữ liệu chưa hợp lệ',
    'not-found': 'Không tìm thấy mục này',
    refused: 'Hồ sơ ở trạng thái hiện tại không cho phép thao tác này',
    'not-signed-in': 'Thao tác không được ghi: chưa có cán bộ đăng nhập, hoặc khóa ký của cán bộ trên máy này không dùng được. Hãy đăng xuất rồi đăng nhập lại.',
    busy: 'Dữ liệu đang được thay đổi ở cửa sổ khác. Hãy thử lại.',
  },
  camera: {
    'camera-denied': 'Ứng dụng không được phép dùng camera. Hãy cho phép truy cập camera trong cài đặt của máy rồi thử lại.',
    'camera-busy': 'Camera đang được một chương trình khác sử dụng. Hãy đóng chương trình đó (ví dụ Zalo, Zoom) rồi thử lại.',
    'camera-absent': 'Không tìm thấy camera đã chọn. Hãy kiểm tra dây cắm hoặc chọn camera khác.',
    'camera-unsupported': 'Máy này không hỗ trợ mở camera từ ứng dụng.',
    'camera-closed': 'Màn hình quét đã đóng trước khi camera kịp mở.',
    'camera-failed': 'Không mở được camera. Hãy rút camera ra, cắm lại rồi thử lại.',
    'decoder-failed': 'Không khởi động được bộ giải mã QR. Hãy khởi động lại ứng dụng; nếu vẫn lỗi, báo cho kỹ thuật viên.',
  },
  forbidden: {
    scope: 'Loại thiết bị này (ki-ốt công dân / quầy cán bộ) không được dùng chức năng này.',
    'staff-unknown': 'Cán bộ không thuộc cơ quan của thiết bị này.',
    'staff-inactive': 'Tài khoản cán bộ đã bị khóa.',
    'staff-role': 'Vai trò của cán bộ không được xử lý hồ sơ.',
    'pin-not-set': 'Cán bộ chưa được đặt mã PIN mới; cần đặt lại PIN trên máy chủ tỉnh.',
    'bad-proof': 'Mã PIN của cán bộ không đúng: không đăng ký được khóa ký.',
    'revoked-key': 'Khóa ký này đã bị thu hồi.',
    'key-taken': 'Khóa ký này đã được đăng ký cho thiết bị hoặc cán bộ khác.',
  },
  outbox: {
    'portal-unavailable': 'Cổng dịch vụ công tạm thời không trả lời; sẽ gửi lại sau.',
    'portal-timeout': 'Cổng dịch vụ công trả lời quá lâu; sẽ gửi lại sau.',
    'portal-rate-limited': 'Cổng dịch vụ công yêu cầu gửi chậm lại; sẽ gửi lại sau.',
    'portal-session-expired': 'Phiên làm việc với cổng dịch vụ công hết hạn ngay sau khi đăng nhập lại; sẽ gửi lại sau.',
    'portal-login-failed': 'Không đăng nhập được cổng dịch vụ công; kiểm tra tài khoản kết nối của tỉnh.',
    'portal-bad-answer': 'Cổng dịch vụ công trả lời không đúng định dạng; sẽ gửi lại sau.',
    'portal-refused': 'Cổng dịch vụ công từ chối dữ liệu; không tự gửi lại, cần quản trị viên kiểm tra rồi gửi lại.',
    'adapter-failed': 'Lỗi khi gửi sang hệ thống của tỉnh; sẽ gửi lại sau.',
  },
  file: {
    'file-empty': 'Tệp trống (0 byte): không có gì để lưu. Hãy quét hoặc chọn lại tệp.',
    'file-too-large': 'Tệp quá lớn ({{size}}); tối đa {{max}}. Tệp chưa được đọc. Hãy quét lại với độ phân giải thấp hơn hoặc tách thành nhiều tệp.',
    'file-type': 'Tệp không phải ảnh (JPEG, PNG) hay PDF, nên không được nhận.',
    'file-changed': 'Tệp bị thay đổi trong khi đang đọc (máy quét có thể vẫn đang ghi). Hãy chờ máy quét ghi xong rồi thêm lại.',
    'file-read-failed': 'Không đọc được tệp. Hãy thử lại hoặc chọn tệp khác.',
    'chunk-hash-mismatch': 'Một phần của tệp bị sai lệch trên đường truyền; phần đó sẽ được gửi lại.',
    'file-hash-mismatch': 'Tệp nhận được không khớp với bản gốc; tệp sẽ được gửi lại từ đầu.',
    'file-declared-otherwise': 'Tệp này đã được khai báo với kích thước hoặc kiểu khác.',
  },
};

export const en: Catalog = {
  reject: {
    validation: 'Invalid mutation payload.',
    'unknown-type': 'Unsupported mutation type.',
    'transition-not-allowed': 'Transition {{from}} → {{to}} is not allowed.',
    'unknown-dossier': 'Unknown dossier.',
    'wrong-agency': 'The dossier belongs to another agency.',
    'code-not-leased': 'This number was not leased to this device.',
    'unknown-procedure': 'Unknown procedure.',
    'unknown-fee': 'No such fee on this dossier.',
    'fee-mismatch': 'Amount does not match the fee.',
    'id-hash-mismatch': 'idHash does not match the ID number.',
    'id-collision': 'Mutation id already used by another device.',
    'bad-appointment': 'Appointment before receipt.',
    'not-ratable': 'The dossier has not been received yet.',
    'dossier-closed': 'The dossier is closed (status {{status}}): no fee is collected.',
    'not-extendable': 'The dossier is in status {{status}}: only a dossier being handled can be extended.',
    'appointment-not-later': 'The new appointment must be after the current one.',
    'not-permitted': 'This kind of device may not do this.',
    'staff-unknown': 'The action names no officer, or an officer of another agency.',
    'staff-inactive': 'The officer\'s account was deactivated at the time of the action.',
    'staff-role': 'The officer\'s role may not do this.',
    'signature-invalid': 'The officer\'s signature of the action is missing, invalid, or its key is not registered for this device.',
  },
  conflict: {
    'status-changed': 'The dossier is now in status {{status}}, not {{from}}.',
    'code-taken': 'This dossier code is already used.',
    'already-paid': 'This fee was already paid.',
    'code-voided': 'This dossier code was voided.',
    'already-extended': 'The dossier was already extended once; it cannot be extended again.',
  },
  gateway: {
    unauthorized: 'Device not authenticated.',
    'device-revoked': 'This device was revoked; enroll it again.',
    forbidden: 'Access to this data is not allowed.',
    'protocol-version': 'Protocol version not supported by the gateway; update the app.',
    validation: 'The request is not valid.',
    malformed: 'The request could not be read.',
    'payload-too-large': 'The request is too large.',
    'not-found': 'Not found.',
    'cursor-reset': 'The gateway does not know this sync position (restored?); pull again from the start.',
    'enroll-code-invalid': 'Unknown enrollment code.',
    'enroll-code-expired': 'The enrollment code has expired.',
    'enroll-code-used': 'The enrollment code was already used.',
    'enroll-code-kind': 'This enrollment code is for another kind of device (citizen kiosk / staff counter).',
    'lease-invalid': 'Code lease not possible.',
    'pin-policy': 'The PIN must be 6 to 12 digits and not guessable (one repeated digit, a run up or down).',
    'file-rejected': 'The gateway refused the file.',
    'file-incomplete': 'The file has not fully arrived; it cannot be attached yet.',
    'rate-limited': 'Too many requests; retry later.',
    'shutting-down': 'The gateway is restarting; retry later.',
    internal: 'Gateway error.',
  },
  domain: {
    'scan-empty': 'The scan is empty.',
    'scan-too-long': 'The scan is too long (4 KB at most).',
    'scan-not-text': 'The scan is not text.',
    'bhyt-card': 'This is a health-insurance card QR, not a citizen ID card.',
    'too-few-fields': 'The citizen ID card QR has too few fields.',
    'bad-id': 'The personal ID number must be exactly 12 digits.',
    'bad-old-id': 'The old ID number is invalid.',
    'missing-name': 'The citizen ID card QR has no name.',
    'bad-birth-date': 'The date of birth is invalid.',
    'bad-issue-date': 'The issue date is invalid.',
    mojibake: 'Character encoding fault: the scanner mangled Vietnamese text. Use serial (COM) mode or the camera.',
    'control-chars': 'The scan contains invalid control characters.',
    'bad-date': 'The receipt date in the dossier code is invalid.',
    'bad-sequence': 'The sequence number in the dossier code must have at least 4 digits.',
    'bad-code': 'The dossier code is not in a valid format.',
    'bad-agency': 'The agency code in the dossier code is invalid.',
    'id-in-code': 'The lookup link looks wrong; please type the dossier code.',
    'bad-characters': 'A VietQR may only contain printable ASCII characters, without diacritics.',
    'malformed-tlv': 'The VietQR structure is malformed.',
    'missing-crc': 'The VietQR has no CRC.',
    'bad-crc': 'The VietQR CRC does not match.',
    'duplicate-field': 'The VietQR repeats a field.',
    'bad-format-indicator': 'The VietQR payload format indicator is wrong.',
    'bad-initiation': 'The VietQR point of initiation is invalid.',
    'missing-beneficiary': 'The QR has no NAPAS beneficiary information.',
    'bad-guid': 'The VietQR NAPAS identifier is wrong.',
    'bad-bin': 'The bank BIN must be 6 digits.',
    'bad-account': 'The account or card number is invalid (at most 19 letters and digits).',
    'bad-service': 'The VietQR service code is not supported.',
    'bad-currency': 'The VietQR currency must be VND (704).',
    'bad-amount': 'The amount is invalid (digits, non-zero, at most 13 characters).',
    'bad-country': 'The VietQR country code must be VN.',
    'bad-additional-data': 'The additional data field (62) is malformed.',
    'field-too-long': 'The bill number / transfer purpose is at most 25 characters.',
    'bad-sequence-range': 'The dossier sequence number must be between 1 and 9999.',
  },
  cccdWarning: {
    'id-birth-year-mismatch': 'The ID number does not match the birth year.',
    'id-sex-mismatch': 'The ID number does not match the sex.',
    'sex-unknown': 'The sex could not be read.',
    'birth-after-issue': 'The date of birth is after the issue date.',
    'missing-address': 'The QR has no address.',
  },
  scanner: {
    'frame-overflow': 'Code too long or terminator missing: check the terminator setting.',
    'invalid-utf8': 'The scanner sends bytes that are not UTF-8: set it to UTF-8 output, or check the baud rate.',
    'baud-mismatch': 'Mostly garbage bytes: the baud rate is probably wrong.',
    'no-terminator': 'The scanner sends no terminator: choose "None" or set the scanner to send CR/LF.',
    missing: 'Port not found.',
    busy: 'Port held by another program.',
    permission: 'No permission to open the port.',
    disconnected: 'Scanner unplugged; waiting for it to come back.',
    'not-serial': 'This path is not a serial port.',
    'open-failed': 'The port could not be opened.',
    'invalid-config': 'Invalid scanner settings.',
  },
  scannerHint: {
    'try-baud': 'Set to {{baud}} baud; try {{others}}',
  },
  wedge: {
    ime: 'A Vietnamese input method (Unikey, EVKey…) is on and changed the scanned characters. Switch it to English mode (E) and scan again, or set the scanner to serial (COM / USB-CDC) mode.',
    'no-terminator': 'The scanner sent no ending key (Enter or Tab). Configure it to send Enter after each code and scan again.',
    'too-long': 'The scanned code is too long. Scan again; if it keeps failing, use the scanner in serial (COM) mode.',
    'unknown-key': 'The scanner sent a key that was not recognised. Set it to the US keyboard layout or to serial (COM) mode.',
    'prefix-mismatch': 'The scan lacks the configured prefix. Check the scanner settings.',
    'suffix-mismatch': 'The scan lacks the configured suffix. Check the scanner settings.',
  },
  host: {
    'invalid-input': 'Invalid input: {{detail}}',
    'unknown-call': 'The app\'s host does not offer this function. Update the app.',
    forbidden: 'This is not allowed.',
    'host-error': 'The app failed to do that. Try again; if it keeps failing, create a support bundle.',
    'host-unavailable': 'The app\'s host is not reachable. Wait a few seconds and try again.',
    unsupported: 'This does not work while the app runs in a browser.',
    'no-printer': 'No printer is set: choose one in the print dialog.',
    'print-failed': 'Printing failed. Check the printer and try again.',
    'bad-path': 'The request path to the provincial gateway is invalid.',
    'key-unavailable': 'This machine cannot open the officer\'s saved signing key. Sign in again to make a new one.',
  },
  settings: {
    'settings-invalid': 'Invalid settings: {{detail}}',
    'settings-corrupt': 'The settings file was damaged and has been kept aside ({{file}}). The kiosk now runs on {{restored}}; please check the settings.',
    'settings-newer': 'The settings file was written by a newer version ({{file}} was kept). Please check the settings.',
    'settings-write-failed': 'The settings file could not be written. Check the free disk space and try again.',
    'import-invalid': 'The imported file is not a valid settings file: {{detail}}',
    'pin-not-set': 'No technician PIN yet. Set one first.',
    'pin-already-set': 'A PIN is already set. Enter the current PIN to change it.',
    'pin-format': 'The PIN has 6 to 12 digits and may not be one repeated digit or a run (like 123456).',
    'pin-wrong': 'The current PIN is wrong.',
    'pin-locked': 'Too many wrong PINs. Wait, then try again.',
    'technician-locked': 'The technician console is locked. Enter the PIN to open it.',
    'secret-unavailable': 'The operating system cannot store encrypted secrets.',
    'secret-invalid-name': 'Invalid secret name.',
    'bundle-failed': 'The support bundle could not be created: {{detail}}',
  },
  enroll: {
    'enroll-code-used': 'This enrollment code was already used. Ask the province for a new one.',
    'enroll-code-expired': 'The enrollment code has expired. Ask the province for a new one.',
    'enroll-code-invalid': 'The gateway does not know this enrollment code. Check every character, or ask for a new code.',
    validation: 'The gateway refused the enrollment details. Check the code and the device name.',
    'rate-limited': 'Too many attempts. Wait a minute and try again.',
    network: 'The provincial gateway cannot be reached. Check its address and this machine\'s network.',
    timeout: 'The provincial gateway did not answer in time. Check the network and try again.',
    'insecure-url': 'The gateway address is invalid or does not use HTTPS.',
    'bad-response': 'This address is not the province\'s one-stop gateway (unexpected answer).',
    'enroll-failed': 'The gateway refused the enrollment.',
    'enroll-code-kind': 'This enrollment code is for another kind of device (citizen kiosk / staff counter). Ask the province for the right kind.',
    'protocol-version': 'This app version is too old and must be updated',
  },
  sync: {
    network: 'Cannot reach the provincial gateway',
    timeout: 'The provincial gateway did not answer in time',
    unauthorized: 'The provincial gateway does not accept this device',
    'device-revoked': 'This device\'s access was revoked',
    'not-enrolled': 'This device is not enrolled with the provincial gateway',
    'protocol-version': 'This app version is too old and must be updated',
    'insecure-url': 'The provincial gateway address must use HTTPS',
    'bad-response': 'The provincial gateway answered in an unexpected format',
    'cursor-reset': 'The provincial gateway keeps resetting its data',
    internal: 'Internal sync error',
    'shutting-down': 'The provincial gateway is restarting',
    'rate-limited': 'The provincial gateway is busy; retrying',
    'http-error': 'The provincial gateway answered HTTP {{status}}',
    forbidden: 'The provincial gateway refuses access to this data',
    validation: 'The provincial gateway refused the data sent',
    malformed: 'The provincial gateway could not read the request',
    'payload-too-large': 'The data sent is too large',
    'not-found': 'The provincial gateway did not find what was asked',
    'enroll-code-invalid': 'Unknown enrollment code',
    'enroll-code-expired': 'The enrollment code has expired',
    'enroll-code-used': 'The enrollment code was already used',
    'enroll-code-kind': 'The enrollment code is for another kind of device',
    'lease-invalid': 'The provincial gateway could not lease dossier numbers',
    'pin-policy': 'The provincial gateway refused the PIN: it is too easy to guess',
    'file-rejected': 'The provincial gateway refused an attached file',
    'file-incomplete': 'An attached file has not fully arrived',
  },
  storage: {
    'storage-quota': 'The device storage is full: the action was not saved. Queued work is safe. Ask a technician to free space.',
    'storage-corrupt': 'The local database cannot be opened. Do not delete it; call a technician.',
    'storage-blocked': 'Another window holds the database. Close it.',
    'storage-closed': 'The local database was closed. Reload the app.',
    'storage-version': 'The data on this device belongs to a newer app version.',
    'storage-timeout': 'Saving took too long. Check before trying again.',
    'storage-failed': 'Local storage failed.',
  },
  action: {
    'unknown-dossier': 'Dossier not found',
    'unknown-procedure': 'Unknown procedure',
    'transition-not-allowed': 'This status change is not allowed',
    'no-code-lease': 'No dossier numbers left for today. Connect to the provincial gateway to get more.',
    'not-enrolled': 'Device not enrolled',
    invalid: 'Invalid data',
    'not-found': 'Item not found',
    refused: 'The dossier\'s current state does not allow this action',
    'not-signed-in': 'The action was not recorded: no officer is signed in, or the officer\'s signing key on this device cannot be used. Sign out and sign in again.',
    busy: 'Another window is changing the data. Try again.',
  },
  camera: {
    'camera-denied': 'The app is not allowed to use the camera. Allow camera access in the system settings and try again.',
    'camera-busy': 'Another program is using the camera. Close it (for example Zalo or Zoom) and try again.',
    'camera-absent': 'The selected camera was not found. Check its cable or choose another camera.',
    'camera-unsupported': 'This computer cannot open the camera from the app.',
    'camera-closed': 'The scan view closed before the camera opened.',
    'camera-failed': 'The camera could not be opened. Unplug it, plug it back in and try again.',
    'decoder-failed': 'The QR decoder could not start. Restart the app; if it still fails, call the technician.',
  },
  forbidden: {
    scope: 'This kind of device (citizen kiosk / staff counter) may not use this function.',
    'staff-unknown': 'The officer is not of this device\'s agency.',
    'staff-inactive': 'The officer\'s account is deactivated.',
    'staff-role': 'The officer\'s role may not handle dossiers.',
    'pin-not-set': 'The officer has no PIN of the current kind yet; reset it at the provincial gateway.',
    'bad-proof': 'The officer\'s PIN does not match: the signing key was not registered.',
    'revoked-key': 'This signing key was revoked.',
    'key-taken': 'This signing key is registered to another device or officer.',
  },
  outbox: {
    'portal-unavailable': 'The national portal is not answering for now; it will be sent again later.',
    'portal-timeout': 'The national portal took too long to answer; it will be sent again later.',
    'portal-rate-limited': 'The national portal asked to slow down; it will be sent again later.',
    'portal-session-expired': 'The portal session expired again right after a new login; it will be sent again later.',
    'portal-login-failed': 'Could not sign in to the national portal; check the province\'s connection account.',
    'portal-bad-answer': 'The national portal answered in an unexpected form; it will be sent again later.',
    'portal-refused': 'The national portal refused the data; it is not sent again by itself: an administrator checks it and requeues it.',
    'adapter-failed': 'Sending to the provincial system failed; it will be sent again later.',
  },
  file: {
    'file-empty': 'The file is empty (0 bytes): nothing to keep. Scan or choose the file again.',
    'file-too-large': 'The file is too large ({{size}}); at most {{max}}. It was not read. Scan again at a lower resolution or split it into several files.',
    'file-type': 'The file is not an image (JPEG, PNG) or a PDF, so it is not taken.',
    'file-changed': 'The file changed while it was being read (the scanner may still be writing it). Wait until the scanner has finished, then add it again.',
    'file-read-failed': 'The file could not be read. Try again or choose another file.',
    'chunk-hash-mismatch': 'A part of the file was damaged on the way; that part will be sent again.',
    'file-hash-mismatch': 'The file received does not match the original; it will be sent again from the start.',
    'file-declared-otherwise': 'This file was declared with another size or type.',
  },
};

export const CATALOG = { vi, en } as const;
export type CatalogGroup = keyof Catalog;
/** The codes of a group: `CodeOf<'sync'>` is `SyncFailureCode`. */
export type CodeOf<G extends CatalogGroup> = keyof Catalog[G] & string;

const text = (lang: Catalog, group: CatalogGroup, code: string): string => (lang[group] as Record<string, string>)[code] ?? code;

/** The message of `code` in both languages, placeholders filled. */
export function localized<G extends CatalogGroup>(group: G, code: CodeOf<G>, params?: Record<string, string | number>): LocalizedMessage {
  return { vi: interpolate(text(vi, group, code), params), en: interpolate(text(en, group, code), params) };
}

/** Both languages on one line, `vi / en`: the host's status details, logs and command-line output. */
export function bilingual<G extends CatalogGroup>(group: G, code: CodeOf<G>, params?: Record<string, string | number>): string {
  const m = localized(group, code, params);
  return `${m.vi} / ${m.en}`;
}
