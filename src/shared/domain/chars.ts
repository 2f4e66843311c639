/** Character-class checks as loops: hot on every scan, and control ranges in regex literals
 * trip the linter's no-control-regex. */

export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Only U+0020..U+007E (what EMV "ans" fields and a bank's transfer description accept). */
export function isPrintableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** Any C0 or C1 control character, DEL included (tab and newlines too: inside a payload they
 * mean two scans ran together or the framer broke). */
export function hasControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}
