/** Strings of the scanner pieces (namespace `scanners`): why a scan could not be read, and what to
 * do about it. Keys `problem.<reason>` match `ScanProblem.reason` (see problemKey). */
export default {
  vi: {
    problem: {
      ime: 'Bộ gõ tiếng Việt (Unikey, EVKey…) đang bật nên mã quét bị đổi ký tự. Hãy chuyển bộ gõ sang chế độ tiếng Anh (E) rồi quét lại, hoặc đặt máy quét ở chế độ cổng COM (serial / USB-CDC).',
      'no-terminator': 'Máy quét không gửi phím kết thúc (Enter hoặc Tab). Hãy cài đặt máy quét gửi Enter sau mỗi mã rồi quét lại.',
      'too-long': 'Mã quét quá dài. Hãy quét lại; nếu vẫn lỗi, dùng máy quét ở chế độ cổng COM.',
      'unknown-key': 'Máy quét gửi phím không nhận ra. Hãy đặt máy quét ở chế độ bàn phím Mỹ (US) hoặc chế độ cổng COM.',
      'prefix-mismatch': 'Mã quét thiếu tiền tố đã cài đặt. Hãy kiểm tra cài đặt máy quét.',
      'suffix-mismatch': 'Mã quét thiếu hậu tố đã cài đặt. Hãy kiểm tra cài đặt máy quét.',
      unknown: 'Không đọc được mã vừa quét ({{reason}}). Hãy quét lại.',
    },
    wedgeHint: 'Nếu mã quét hay bị sai, hãy tắt bộ gõ tiếng Việt khi quét.',
  },
  en: {
    problem: {
      ime: 'A Vietnamese input method (Unikey, EVKey…) is on and changed the scanned characters. Switch it to English mode (E) and scan again, or set the scanner to serial (COM / USB-CDC) mode.',
      'no-terminator': 'The scanner sent no ending key (Enter or Tab). Configure it to send Enter after each code and scan again.',
      'too-long': 'The scanned code is too long. Scan again; if it keeps failing, use the scanner in serial (COM) mode.',
      'unknown-key': 'The scanner sent a key that was not recognised. Set it to the US keyboard layout or to serial (COM) mode.',
      'prefix-mismatch': 'The scan lacks the configured prefix. Check the scanner settings.',
      'suffix-mismatch': 'The scan lacks the configured suffix. Check the scanner settings.',
      unknown: 'The scan could not be read ({{reason}}). Please scan again.',
    },
    wedgeHint: 'If scans often come out wrong, turn the Vietnamese input method off while scanning.',
  },
};
