/**
 * Civil-date arithmetic on plain numbers. Everything here works on "day numbers" (days since
 * 1970-01-01) computed with Date.UTC, so the host's time zone never leaks in.
 */

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const MS_PER_DAY = 86_400_000;
/** Vietnam has used UTC+7 without daylight saving since 1975; the kiosk never asks the host. */
export const VIETNAM_OFFSET_MS = 7 * 3_600_000;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export function isValidCivilDate(y: number, m: number, d: number): boolean {
  return (
    Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) &&
    y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)
  );
}

export function toDayNumber(y: number, m: number, d: number): number {
  const date = new Date(0);
  // setUTCFullYear keeps years < 100 literal (Date.UTC would map 0..99 to 1900..1999).
  date.setUTCFullYear(y, m - 1, d);
  return Math.floor(date.getTime() / MS_PER_DAY);
}

export function fromDayNumber(n: number): CivilDate {
  const date = new Date(n * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

export function formatIsoDate(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

export function dayNumberToIso(n: number): string {
  const c = fromDayNumber(n);
  return formatIsoDate(c.year, c.month, c.day);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Strict `YYYY-MM-DD` that names a real day, or null. */
export function parseIsoDate(text: string): CivilDate | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return isValidCivilDate(year, month, day) ? { year, month, day } : null;
}

export function isoToDayNumber(text: string): number | null {
  const c = parseIsoDate(text);
  return c ? toDayNumber(c.year, c.month, c.day) : null;
}

/** Splits an instant into its Vietnamese civil day number and milliseconds since local midnight. */
export function vietnamDayAndTime(epochMs: number): { day: number; msOfDay: number } {
  const local = epochMs + VIETNAM_OFFSET_MS;
  const day = Math.floor(local / MS_PER_DAY);
  return { day, msOfDay: local - day * MS_PER_DAY };
}

export function vietnamInstant(day: number, msOfDay: number): number {
  return day * MS_PER_DAY + msOfDay - VIETNAM_OFFSET_MS;
}
