/**
 * The default public-holiday calendar of the Labour Code 2019 (Bộ luật Lao động 45/2019/QH14),
 * art. 112(1), with art. 111(3)'s compensation: a holiday on a weekly rest day (Saturday or
 * Sunday for public offices since the 40-hour week of Decision 188/1999/QĐ-TTg) is compensated on the
 * next working day. The exact Tết days and any swapped days are set each year by the Prime
 * Minister; the provincial gateway distributes that official schedule and it replaces this
 * default (see working-days.ts).
 */
import { dayNumberToIso, fromDayNumber, toDayNumber, weekdayOfDayNumber } from './dates';
import { LUNAR_MAX_YEAR as MAX_YEAR, LUNAR_MIN_YEAR as MIN_YEAR, lunarToSolar, solarToLunar } from './lunar';

export interface Holiday {
  /** `YYYY-MM-DD` */
  date: string;
  name: string;
}

export function isWeekend(dayNumber: number): boolean {
  const w = weekdayOfDayNumber(dayNumber);
  return w === 0 || w === 6;
}

/** Which side of 2 September the second National Day holiday goes, by 2/9's weekday
 * (0 = Sunday). The law says "the day before or after"; the default joins the holiday to a
 * weekend and avoids a weekend day when it can, which matches the schedules of 2021–2025. */
const NATIONAL_DAY_NEIGHBOUR: readonly (1 | 3)[] = [3, 3, 1, 3, 3, 1, 1];

function statutory(year: number): { day: number; name: string }[] {
  const out: { day: number; name: string }[] = [];
  const add = (day: number, name: string): void => {
    out.push({ day, name });
  };
  add(toDayNumber(year, 1, 1), 'Tết Dương lịch');
  // Tết: five days; the default takes the last day of the old lunar year and days 1–4 of the new.
  const tet = lunarToSolar(year, 1, 1);
  if (tet) {
    const first = toDayNumber(tet.year, tet.month, tet.day);
    const e = fromDayNumber(first - 1);
    const eve = solarToLunar(e.year, e.month, e.day);
    add(first - 1, `Tết Âm lịch (${eve.day} tháng Chạp)`);
    for (let i = 0; i < 4; i += 1) add(first + i, `Tết Âm lịch (mùng ${i + 1} tháng Giêng)`);
  }
  const hung = lunarToSolar(year, 3, 10);
  if (hung) add(toDayNumber(hung.year, hung.month, hung.day), 'Giỗ Tổ Hùng Vương (10/3 âm lịch)');
  add(toDayNumber(year, 4, 30), 'Ngày Chiến thắng (30/4)');
  add(toDayNumber(year, 5, 1), 'Ngày Quốc tế Lao động (1/5)');
  const national = toDayNumber(year, 9, 2);
  add(national, 'Quốc khánh (2/9)');
  const side = NATIONAL_DAY_NEIGHBOUR[weekdayOfDayNumber(national)] ?? 3;
  add(toDayNumber(year, 9, side), 'Quốc khánh (ngày liền kề)');
  return out;
}

const cache = new Map<number, readonly Holiday[]>();

/** The default holidays of a Gregorian year, compensation days included, sorted by date.
 * Throws RangeError outside the lunar calendar's supported years. */
export function defaultHolidays(year: number): Holiday[] {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`year ${String(year)} is outside ${MIN_YEAR}..${MAX_YEAR}`);
  }
  let list = cache.get(year);
  if (!list) {
    // Two holidays can fall on one day (Hùng Kings' day, 10/3 lunar, was 30/4 in 1947): one entry
    // names both, and the day lost to the overlap is compensated like one lost to a weekend.
    const days: { day: number; name: string; lost: number }[] = [];
    for (const h of statutory(year).sort((a, b) => a.day - b.day)) {
      const last = days[days.length - 1];
      if (last && last.day === h.day) { last.name = `${last.name} · ${h.name}`; last.lost += 1; } else days.push({ day: h.day, name: h.name, lost: 0 });
    }
    const taken = new Set(days.map((h) => h.day));
    const result = days.map((h) => ({ day: h.day, name: h.name }));
    for (const h of days) {
      for (let k = (isWeekend(h.day) ? 1 : 0) + h.lost; k > 0; k -= 1) {
        let d = h.day + 1;
        while (isWeekend(d) || taken.has(d)) d += 1;
        taken.add(d);
        result.push({ day: d, name: `Nghỉ bù ${h.name}` });
      }
    }
    result.sort((a, b) => a.day - b.day);
    list = Object.freeze(result.map((h) => Object.freeze({ date: dayNumberToIso(h.day), name: h.name })));
    cache.set(year, list);
  }
  return list.map((h) => ({ ...h }));
}
