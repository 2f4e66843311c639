/**
 * The one message catalog: every machine code a person may be shown, in Vietnamese and English.
 * Each group is keyed by a code list that is a `z.enum` elsewhere in src/shared, so a code
 * without a message (or a message without a code) fails `npm run typecheck`; a test checks the
 * two languages hold the same keys with the same placeholders. Placeholders are i18next's
 * `{{name}}`: the renderer registers this catalog as the `codes` namespace, the gateway, host and
 * command-line tools fill it with `localized()`.
 */
import type { ConflictReason, ErrorCode, ForbiddenReason, LocalizedMessage, RejectReason } from '../protocol';
import { interpolate } from './interpolate';

export interface Catalog {
  /** Why the gateway refused one mutation of a batch. */
  reject: Record<RejectReason, string>;
  /** Why a mutation met a different server state. */
  conflict: Record<ConflictReason, string>;
  /** Error codes of the gateway's HTTP answers. */
  gateway: Record<ErrorCode, string>;
  /** Why the gateway answered 403 `forbidden` to a device (`details.reason`). */
  forbidden: Record<ForbiddenReason, string>;
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
    'rate-limited': 'Quá nhiều yêu cầu; thử lại sau.',
    'shutting-down': 'Máy chủ đang khởi động lại; thử lại sau.',
    internal: 'Lỗi máy chủ.',
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
    'rate-limited': 'Too many requests; retry later.',
    'shutting-down': 'The gateway is restarting; retry later.',
    internal: 'Gateway error.',
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
};

export const CATALOG = { vi, en } as const;
export type CatalogGroup = keyof Catalog;

/** The message of `code` in both languages, placeholders filled. */
export function localized<G extends CatalogGroup>(group: G, code: keyof Catalog[G] & string, params?: Record<string, string | number>): LocalizedMessage {
  return {
    vi: interpolate((vi[group] as Record<string, string>)[code] ?? code, params),
    en: interpolate((en[group] as Record<string, string>)[code] ?? code, params),
  };
}
