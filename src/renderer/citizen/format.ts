/**
 * Dates, times and money in the words a citizen reads on a receipt: "ngày 15 tháng 3 năm 2026",
 * "16 giờ 30", "50.000 đồng". Always Vietnam time (UTC+7): the kiosk's own zone may be wrong,
 * and the receipt was printed in Vietnamese local time.
 */
import type { TFunction } from 'i18next';
import { toEpochMs, VIETNAM_OFFSET_MS } from '../../shared/domain';

export type Month = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12;
/** 0 = Sunday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface VnParts {
  year: number;
  month: Month;
  day: number;
  weekday: Weekday;
  hour: number;
  minute: number;
}

export function vietnamParts(epochMs: number): VnParts {
  const d = new Date(epochMs + VIETNAM_OFFSET_MS);
  return {
    // What Date returns: a month 1–12 (0-based + 1), a weekday 0–6.
    year: d.getUTCFullYear(), month: (d.getUTCMonth() + 1) as Month, day: d.getUTCDate(), weekday: d.getUTCDay() as Weekday,
    hour: d.getUTCHours(), minute: d.getUTCMinutes(),
  };
}

type Time = number | string | null | undefined;

/** "Thứ Hai, ngày 15 tháng 3 năm 2026" (with the weekday) or "ngày 15 tháng 3 năm 2026". */
export function formatDate(t: TFunction<'citizen'>, time: Time, withWeekday = false): string {
  const ms = toEpochMs(time);
  if (ms === null) return '';
  const p = vietnamParts(ms);
  return t(withWeekday ? 'date.full' : 'date.short', {
    day: p.day, month: t(`date.month.${p.month}`), year: p.year, weekday: t(`date.weekday.${p.weekday}`),
  });
}

/** "7 giờ 30" from "07:30", "17 giờ" from "17:00" (as a receipt says it). */
export function formatClock(t: TFunction<'citizen'>, hhmm: string): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) return hhmm;
  const [, hour = '', minute = ''] = m;
  return t(minute === '00' ? 'date.hour' : 'date.time', { hour: Number(hour), minute });
}

/** Whole đồng with the Vietnamese thousands separator: 1250000 → "1.250.000". */
export function formatMoney(amount: number): string {
  // Fixed grouping instead of Intl: kiosks without full ICU data would print "1,250,000".
  return String(Math.trunc(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}
