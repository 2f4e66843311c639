/**
 * What the settings and secret services report besides their error codes (whose messages are the
 * catalog's, namespace `codes`, group `settings`): which settings a damaged file was replaced
 * with, and how the device key is kept. Vietnamese first.
 */
export default {
  vi: {
    restored: { backup: 'bản sao lưu gần nhất', defaults: 'cài đặt mặc định', file: 'các trường đọc được' },
    secretProtection: {
      os: 'Khóa thiết bị được hệ điều hành mã hóa.',
      'weak-os': 'Khóa thiết bị chỉ được mã hóa yếu (không có kho khóa của hệ điều hành).',
      file: 'Khóa thiết bị lưu trong tệp chỉ tài khoản này đọc được (kém an toàn hơn).',
    },
  },
  en: {
    restored: { backup: 'the latest backup', defaults: 'the default settings', file: 'the fields it could read' },
    secretProtection: {
      os: 'The device key is encrypted by the operating system.',
      'weak-os': 'The device key is only weakly encrypted (no OS keyring).',
      file: 'The device key is kept in a file only this account can read (weaker).',
    },
  },
};
