/**
 * What a technician is told about a serial scanner: open failures mapped to a scanner state, and
 * one message per machine code (Vietnamese first, English second; the UI translates the code).
 */
import type { z } from 'zod';
import type { ScannerState } from '../../shared/bridge/contract';

export type State = z.infer<typeof ScannerState>;

export type ScannerErrorCode =
  | 'frame-overflow'
  | 'invalid-utf8'
  | 'baud-mismatch'
  | 'no-terminator'
  | 'missing'
  | 'busy'
  | 'permission'
  | 'disconnected'
  | 'not-serial'
  | 'open-failed'
  | 'invalid-config';

/**
 * serialport's native bindings report open failures as `Error <strerror> Cannot …` strings with no
 * errno code, so the text is what we can match. Windows says "Access denied" for a COM port that
 * another program holds, and "File not found" for one that is gone.
 */
export function classifyOpenError(err: unknown): { state: State; code: ScannerErrorCode } {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const msg = typeof e?.message === 'string' ? e.message : String(err);
  if (code === 'EBUSY' || /Cannot lock port|Resource temporarily unavailable|resource busy|Access denied|locked/i.test(msg)) {
    return { state: 'busy', code: 'busy' };
  }
  if (code === 'EACCES' || code === 'EPERM' || /Permission denied|Operation not permitted/i.test(msg)) {
    return { state: 'permission', code: 'permission' };
  }
  if (code === 'ENOENT' || /No such file|File not found|cannot find the file|does not exist/i.test(msg)) {
    return { state: 'missing', code: 'missing' };
  }
  if (/Inappropriate ioctl|Not a typewriter/i.test(msg)) {
    return { state: 'error', code: 'not-serial' };
  }
  return { state: 'error', code: 'open-failed' };
}

const MESSAGES: Record<ScannerErrorCode, string> = {
  'frame-overflow': 'Mã quét quá dài hoặc thiếu ký tự kết thúc; đã bỏ và chờ mã tiếp theo / Frame too long or terminator missing; dropped, waiting for the next one',
  'invalid-utf8': 'Dữ liệu không phải UTF-8 hợp lệ; kiểm tra tốc độ baud và chế độ của máy quét / Bytes are not valid UTF-8; check the baud rate and the scanner mode',
  'baud-mismatch': 'Nhiều byte rác: có thể sai tốc độ baud / Mostly garbage bytes: the baud rate is probably wrong',
  'no-terminator': 'Máy quét gửi dữ liệu nhưng không có ký tự kết thúc; chọn kết thúc "none" hoặc cấu hình máy quét gửi CR/LF / Data without a terminator; choose terminator "none" or set the scanner to send CR/LF',
  missing: 'Không tìm thấy cổng; kiểm tra cáp USB / Port not found; check the USB cable',
  busy: 'Cổng đang bị chương trình khác sử dụng; đóng chương trình đó / Port is held by another program; close it',
  permission: 'Không có quyền mở cổng (Linux: thêm người dùng vào nhóm dialout) / No permission to open the port (Linux: add the user to the dialout group)',
  disconnected: 'Máy quét bị ngắt kết nối; đang chờ cắm lại / Scanner disconnected; waiting for it to come back',
  'not-serial': 'Đường dẫn này không phải cổng nối tiếp / This path is not a serial port',
  'open-failed': 'Không mở được cổng / Could not open the port',
  'invalid-config': 'Cấu hình máy quét không hợp lệ / Invalid scanner settings',
};

export function messageFor(code: string): string {
  return (MESSAGES as Record<string, string>)[code] ?? code;
}

/** The baud rates scanners actually ship with, tried first by a technician. */
const COMMON_BAUDS = [9600, 115200, 19200, 38400, 57600];

export function baudHint(configured: number): string {
  const others = COMMON_BAUDS.filter((b) => b !== configured).slice(0, 2).join(' / ');
  return `Đang đặt ${configured} baud; thử ${others} / Set to ${configured} baud; try ${others}`;
}
