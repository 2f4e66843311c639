/**
 * Vietnamese lunisolar calendar, after Hồ Ngọc Đức's astronomical method ("Thuật toán tính âm
 * lịch"): months start on the day (in UTC+7) of the astronomical new moon; month 11 is the month
 * holding the winter solstice; in a 13-month year the leap month is the first one after month 11
 * whose span contains no major solar term. New moons and the sun's longitude use the truncated
 * series of Meeus, "Astronomical Algorithms", which the method prescribes.
 *
 * Vietnam's zone (UTC+7, used for the calendar since 1968) is why Tết differs from the Chinese
 * new year in some years (e.g. 1985, 2007, 2030): a new moon between 16:00 and 17:00 UTC starts
 * the month a day earlier in Hà Nội than in Beijing.
 */
import { fromDayNumber, isValidCivilDate, toDayNumber, type CivilDate } from './dates';

export interface LunarDate {
  year: number;
  month: number;
  day: number;
  leap: boolean;
}

const TIME_ZONE = 7;
/** Supported range: the truncated series stay accurate to well under an hour here. */
export const LUNAR_MIN_YEAR = 1800;
export const LUNAR_MAX_YEAR = 2199;

/** Julian day number at noon (UTC) of a Gregorian date. */
function julianDay(y: number, m: number, d: number): number {
  // 2440588 is the Julian day number of 1970-01-01.
  return toDayNumber(y, m, d) + 2_440_588;
}

function fromJulianDay(jd: number): CivilDate {
  return fromDayNumber(jd - 2_440_588);
}

const RAD = Math.PI / 180;

/** Julian date (TT-corrected to UT) of the k-th new moon after 1900-01-01 13:52 UT. */
function newMoon(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
  const m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3; // sun's mean anomaly
  const mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3; // moon's
  const f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3; // argument of latitude
  let c = (0.1734 - 0.000393 * t) * Math.sin(m * RAD) + 0.0021 * Math.sin(2 * m * RAD);
  c += -0.4068 * Math.sin(mpr * RAD) + 0.0161 * Math.sin(2 * mpr * RAD);
  c += -0.0004 * Math.sin(3 * mpr * RAD);
  c += 0.0104 * Math.sin(2 * f * RAD) - 0.0051 * Math.sin((m + mpr) * RAD);
  c += -0.0074 * Math.sin((m - mpr) * RAD) + 0.0004 * Math.sin((2 * f + m) * RAD);
  c += -0.0004 * Math.sin((2 * f - m) * RAD) - 0.0006 * Math.sin((2 * f + mpr) * RAD);
  c += 0.001 * Math.sin((2 * f - mpr) * RAD) + 0.0005 * Math.sin((2 * mpr + m) * RAD);
  const deltaT = t < -11
    ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return jd + c - deltaT;
}

/** The sun's apparent longitude in radians, [0, 2π), at Julian date `jdn`. */
function sunLongitude(jdn: number): number {
  const t = (jdn - 2451545.0) / 36525;
  const t2 = t * t;
  const m = 357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  let dl = (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(m * RAD);
  dl += (0.019993 - 0.000101 * t) * Math.sin(2 * m * RAD) + 0.00029 * Math.sin(3 * m * RAD);
  const l = (l0 + dl) * RAD;
  return l - 2 * Math.PI * Math.floor(l / (2 * Math.PI));
}

/** Local (UTC+7) Julian day number of the k-th new moon. */
function newMoonDay(k: number): number {
  return Math.floor(newMoon(k) + 0.5 + TIME_ZONE / 24);
}

/** Which 30° sector (0..11) the sun is in at the start of local day `dayNumber`. */
function sunSector(dayNumber: number): number {
  return Math.floor((sunLongitude(dayNumber - 0.5 - TIME_ZONE / 24) / Math.PI) * 6);
}

const SYNODIC_MONTH = 29.530588853;
const NEW_MOON_EPOCH = 2415021.076998695;

/** Julian day number of the first day of lunar month 11 (the month of the winter solstice)
 * that begins in Gregorian year `y`. */
function month11Start(y: number): number {
  const off = julianDay(y, 12, 31) - 2415021;
  const k = Math.floor(off / SYNODIC_MONTH);
  const nm = newMoonDay(k);
  // Sector 9 starts at 270°, the winter solstice: a month starting past it is month 12.
  return sunSector(nm) >= 9 ? newMoonDay(k - 1) : nm;
}

/** Index (1-based, counted from month 11) of the leap month in the 13-month year after `a11`. */
function leapMonthOffset(a11: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i));
  let last: number;
  do {
    last = arc;
    i += 1;
    arc = sunSector(newMoonDay(k + i));
  } while (arc !== last && i < 14);
  return i - 1;
}

function inRange(y: number): boolean {
  return Number.isInteger(y) && y >= LUNAR_MIN_YEAR && y <= LUNAR_MAX_YEAR;
}

/** Gregorian → Vietnamese lunar date. Throws RangeError outside LUNAR_MIN_YEAR..LUNAR_MAX_YEAR
 * or for an impossible date: callers validate input first. */
export function solarToLunar(y: number, m: number, d: number): LunarDate {
  if (!inRange(y) || !isValidCivilDate(y, m, d)) throw new RangeError(`invalid or unsupported date ${y}-${m}-${d}`);
  const dayNumber = julianDay(y, m, d);
  // The month holding the day starts at the last new moon on or before it. The mean lunation only
  // guesses which one that is: the true new moon can be a day off either side of the guess (the
  // method's own "k or k + 1" picked a month starting after the day, day 0, for 2054-05-07 and
  // 2062-04-09), so step until the day lies between this new moon and the next.
  let k = Math.floor((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH) + 1;
  let monthStart = newMoonDay(k);
  while (monthStart > dayNumber) monthStart = newMoonDay(--k);
  while (newMoonDay(k + 1) <= dayNumber) monthStart = newMoonDay(++k);
  let a11 = month11Start(y);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = y;
    a11 = month11Start(y - 1);
  } else {
    lunarYear = y + 1;
    b11 = month11Start(y + 1);
  }
  const day = dayNumber - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11);
    if (diff >= leapDiff) {
      month = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) lunarYear -= 1;
  return { year: lunarYear, month, day, leap };
}

/** Vietnamese lunar → Gregorian date, or null when that lunar day does not exist (a leap flag on
 * a month that is not leap that year, or day 30 of a 29-day month). */
export function lunarToSolar(year: number, month: number, day: number, leap = false): CivilDate | null {
  if (!inRange(year) || !Number.isInteger(month) || month < 1 || month > 12) return null;
  if (!Number.isInteger(day) || day < 1 || day > 30) return null;
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = month11Start(year - 1);
    b11 = month11Start(year);
  } else {
    a11 = month11Start(year);
    b11 = month11Start(year + 1);
  }
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) return null;
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    return null;
  }
  const solar = fromJulianDay(newMoonDay(k + off) + day - 1);
  if (!inRange(solar.year)) return null;
  // Day 30 of a 29-day month lands on the next month's first day: reject it by round trip.
  const back = solarToLunar(solar.year, solar.month, solar.day);
  if (back.day !== day || back.month !== month || back.leap !== leap) return null;
  return solar;
}
