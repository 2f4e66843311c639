/** Errors as values with a machine code; the HTTP layer turns them into the protocol's ErrorBody. */
import type { ErrorCode, LocalizedMessage } from '../shared/protocol';

export const MESSAGES: Record<ErrorCode, LocalizedMessage> = {
  unauthorized: { vi: 'Thiết bị chưa được xác thực.', en: 'Device not authenticated.' },
  'device-revoked': { vi: 'Thiết bị đã bị thu hồi quyền truy cập; cần đăng ký lại.', en: 'This device was revoked; enroll it again.' },
  forbidden: { vi: 'Không có quyền truy cập dữ liệu này.', en: 'Access to this data is not allowed.' },
  'protocol-version': { vi: 'Phiên bản ứng dụng không tương thích với máy chủ tỉnh; cần cập nhật.', en: 'Protocol version not supported by the gateway; update the app.' },
  validation: { vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The request is not valid.' },
  malformed: { vi: 'Yêu cầu không đọc được.', en: 'The request could not be read.' },
  'payload-too-large': { vi: 'Yêu cầu quá lớn.', en: 'The request is too large.' },
  'not-found': { vi: 'Không tìm thấy.', en: 'Not found.' },
  'cursor-reset': { vi: 'Máy chủ không nhận ra vị trí đồng bộ (có thể vừa khôi phục dữ liệu); cần tải lại từ đầu.', en: 'The gateway does not know this sync position (restored?); pull again from the start.' },
  'enroll-code-invalid': { vi: 'Mã đăng ký không đúng.', en: 'Unknown enrollment code.' },
  'enroll-code-expired': { vi: 'Mã đăng ký đã hết hạn.', en: 'The enrollment code has expired.' },
  'enroll-code-used': { vi: 'Mã đăng ký đã được sử dụng.', en: 'The enrollment code was already used.' },
  'lease-invalid': { vi: 'Không cấp được dải số hồ sơ.', en: 'Code lease not possible.' },
  'rate-limited': { vi: 'Quá nhiều yêu cầu; thử lại sau.', en: 'Too many requests; retry later.' },
  'shutting-down': { vi: 'Máy chủ đang khởi động lại; thử lại sau.', en: 'The gateway is restarting; retry later.' },
  internal: { vi: 'Lỗi máy chủ.', en: 'Gateway error.' },
};

export const STATUS: Record<ErrorCode, number> = {
  unauthorized: 401, 'device-revoked': 401, forbidden: 403, 'protocol-version': 426, validation: 400,
  malformed: 400, 'payload-too-large': 413, 'not-found': 404, 'cursor-reset': 410,
  'enroll-code-invalid': 400, 'enroll-code-expired': 400, 'enroll-code-used': 400, 'lease-invalid': 400,
  'rate-limited': 429, 'shutting-down': 503, internal: 500,
};

export class GatewayError extends Error {
  constructor(readonly code: ErrorCode, readonly details?: unknown, message?: LocalizedMessage) {
    super((message ?? MESSAGES[code]).en);
    this.name = 'GatewayError';
    this.localized = message ?? MESSAGES[code];
  }
  readonly localized: LocalizedMessage;
  get status(): number {
    return STATUS[this.code];
  }
  body() {
    return { error: { code: this.code, message: this.localized, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}
