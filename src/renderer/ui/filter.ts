/**
 * Diacritic-insensitive matching for pickers: staff type "dang ky khai sinh" on a keyboard with
 * no Vietnamese input method, or "khai sinh" for "Đăng ký khai sinh". Uses the shared normaliser
 * (`stripDiacritics`: marks removed, đ/Đ → d/D).
 */
import { stripDiacritics } from '../../shared/domain';

/** Lower case, no diacritics, single spaces: "  Đăng  Ký " → "dang ky". */
export function looseText(s: string): string {
  return stripDiacritics(s).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Every word of `query` occurs in `text` (any order, diacritics and case ignored); an empty query matches. */
export function matchesLoosely(text: string, query: string): boolean {
  const words = looseText(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const hay = looseText(text);
  return words.every((w) => hay.includes(w));
}
