/**
 * Technician console strings. This file holds the messages for the settings, PIN, secret and
 * support-bundle error codes (src/shared/settings/errors.ts), under `errors.<code>`; the console's
 * screen strings are added next to them by whoever builds the console. Vietnamese first.
 */
export default {
  vi: {
    errors: {
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
    restored: { backup: 'bản sao lưu gần nhất', defaults: 'cài đặt mặc định', file: 'các trường đọc được' },
    secretProtection: {
      os: 'Khóa thiết bị được hệ điều hành mã hóa.',
      'weak-os': 'Khóa thiết bị chỉ được mã hóa yếu (không có kho khóa của hệ điều hành).',
      file: 'Khóa thiết bị lưu trong tệp chỉ tài khoản này đọc được (kém an toàn hơn).',
    },
  },
  en: {
    errors: {
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
    restored: { backup: 'the latest backup', defaults: 'the default settings', file: 'the fields it could read' },
    secretProtection: {
      os: 'The device key is encrypted by the operating system.',
      'weak-os': 'The device key is only weakly encrypted (no OS keyring).',
      file: 'The device key is kept in a file only this account can read (weaker).',
    },
  },
};
