/** Strings of the scanner pieces (namespace `scanners`). Why a wedge scan was rejected, and what to
 * do about it, is the catalog's (namespace `codes`, group `wedge`); `unreadable` covers the other
 * problems, naming their code (see ../scanners/problem-message.ts). */
export default {
  vi: {
    unreadable: 'Không đọc được mã vừa quét ({{reason}}). Hãy quét lại.',
    wedgeHint: 'Nếu mã quét hay bị sai, hãy tắt bộ gõ tiếng Việt khi quét.',
  },
  en: {
    unreadable: 'The scan could not be read ({{reason}}). Please scan again.',
    wedgeHint: 'If scans often come out wrong, turn the Vietnamese input method off while scanning.',
  },
};
