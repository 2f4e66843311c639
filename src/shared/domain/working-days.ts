/**
 * Working days for appointments (hẹn trả kết quả): a procedure's processing time is counted in
 * working days (Decree 118/2025/NĐ-CP, which replaced Decree 61/2018/NĐ-CP on 1 July 2025, keeps
 * that rule), so Saturdays, Sundays and public holidays do not count.
 * Times are Vietnamese civil time, UTC+7 with no daylight saving: computed with a fixed offset,
 * never with the host's time zone.
 */
import { dayNumberToIso, isoToDayNumber, vietnamDayAndTime, vietnamInstant, fromDayNumber } from './dates';
import { defaultHolidays, isWeekend } from './holidays';

/** A calendar that decides every day; see `officialCalendar` for the gateway's schedule. */
export interface HolidayCalendar {
  isDayOff(isoDate: string): boolean;
}

/** Either a full list of holidays (it replaces the default calendar; weekends stay off) or a
 * calendar object. Omitted: the default calendar of holidays.ts. */
export type HolidayInput = ReadonlySet<string> | readonly string[] | HolidayCalendar;

/** The official schedule of one year as the provincial gateway distributes it: `holidays`
 * replaces that year's default; `workdays` are weekend days worked in exchange for a bridge
 * day (the Prime Minister's yearly swap). */
export interface OfficialSchedule {
  year: number;
  holidays: readonly string[];
  workdays?: readonly string[];
}

export const MAX_WORKING_DAYS = 10_000;

const defaultSets = new Map<number, ReadonlySet<string>>();

function defaultSet(year: number): ReadonlySet<string> {
  let s = defaultSets.get(year);
  if (!s) {
    s = new Set(defaultHolidays(year).map((h) => h.date));
    defaultSets.set(year, s);
  }
  return s;
}

export const defaultCalendar: HolidayCalendar = {
  isDayOff(iso) {
    const day = isoToDayNumber(iso);
    if (day === null) return false;
    return isWeekend(day) || defaultSet(Number(iso.slice(0, 4))).has(iso);
  },
};

/** Official schedules where the gateway has them, the default calendar for other years. */
export function officialCalendar(schedules: readonly OfficialSchedule[]): HolidayCalendar {
  const byYear = new Map<number, { holidays: Set<string>; workdays: Set<string> }>();
  for (const s of schedules) {
    byYear.set(s.year, { holidays: new Set(s.holidays), workdays: new Set(s.workdays ?? []) });
  }
  return {
    isDayOff(iso) {
      const official = byYear.get(Number(iso.slice(0, 4)));
      if (!official) return defaultCalendar.isDayOff(iso);
      if (official.workdays.has(iso)) return false;
      const day = isoToDayNumber(iso);
      return day !== null && (isWeekend(day) || official.holidays.has(iso));
    },
  };
}

function toCalendar(holidays: HolidayInput | undefined): HolidayCalendar {
  if (holidays === undefined) return defaultCalendar;
  if ('isDayOff' in holidays) return holidays;
  const set: ReadonlySet<string> = holidays instanceof Set ? holidays : new Set(holidays as readonly string[]);
  return {
    isDayOff(iso) {
      const day = isoToDayNumber(iso);
      return day !== null && (isWeekend(day) || set.has(iso));
    },
  };
}

export function isWorkingDay(isoDate: string, holidays?: HolidayInput): boolean {
  if (isoToDayNumber(isoDate) === null) throw new RangeError(`not a YYYY-MM-DD date: ${isoDate}`);
  return !toCalendar(holidays).isDayOff(isoDate);
}

function nthWorkingDay(startDay: number, n: number, cal: HolidayCalendar): number {
  let day = startDay;
  let left = n;
  while (left > 0) {
    day += 1;
    if (!cal.isDayOff(dayNumberToIso(day))) left -= 1;
  }
  return day;
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
    throw new RangeError(`working days must be an integer in 0..${MAX_WORKING_DAYS}`);
  }
}

/** The n-th working day strictly after `startIso` (n = 0 returns the start date itself).
 * Throws RangeError on a malformed date or count: validate user input first. */
export function addWorkingDays(startIso: string, n: number, holidays?: HolidayInput): string {
  const start = isoToDayNumber(startIso);
  if (start === null) throw new RangeError(`not a YYYY-MM-DD date: ${startIso}`);
  checkCount(n);
  return dayNumberToIso(nthWorkingDay(start, n, toCalendar(holidays)));
}

/** Appointment for a dossier received at `receivedAt` (epoch ms) with a processing time of
 * `workingDays`: the same clock time (UTC+7) on the n-th working day after the day of receipt.
 * A receipt on a weekend or holiday therefore counts from the next working day. */
export function computeAppointment(receivedAt: number, workingDays: number, holidays?: HolidayInput): number {
  if (!Number.isFinite(receivedAt)) throw new RangeError('receivedAt must be epoch milliseconds');
  checkCount(workingDays);
  const { day, msOfDay } = vietnamDayAndTime(receivedAt);
  const y = fromDayNumber(day).year;
  if (y < 1 || y > 9999) throw new RangeError('receivedAt is out of range');
  return vietnamInstant(nthWorkingDay(day, workingDays, toCalendar(holidays)), msOfDay);
}
