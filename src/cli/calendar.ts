/**
 * `npm run --silent calendar -- <command>`: the working-day calendar from the command line.
 * stdout carries exactly one JSON value per line and nothing else; errors go to stderr with a
 * non-zero exit.
 *
 *   to-lunar YYYY-MM-DD                      {"year","month","day","leap"}
 *   holidays YYYY                            [{"date","name"}, …] default calendar, sorted
 *   add-working-days YYYY-MM-DD N [--holidays d1,d2,…]
 *                                            the N-th working day strictly after the date;
 *                                            --holidays replaces the default calendar
 *                                            (an empty value means no holidays at all)
 */
import { parseArgs } from 'node:util';
import {
  addWorkingDays,
  defaultHolidays,
  LUNAR_MAX_YEAR,
  LUNAR_MIN_YEAR,
  MAX_WORKING_DAYS,
  parseIsoDate,
  solarToLunar,
} from '../shared/domain';

const USAGE =
  'Cách dùng / usage: calendar to-lunar YYYY-MM-DD | calendar holidays YYYY | ' +
  'calendar add-working-days YYYY-MM-DD N [--holidays d1,d2,…]';

function die(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function out(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function inRange(year: number): boolean {
  return year >= LUNAR_MIN_YEAR && year <= LUNAR_MAX_YEAR;
}

function dateArg(text: string | undefined): string {
  const d = text === undefined ? null : parseIsoDate(text);
  if (!d) die(`Ngày không hợp lệ (cần YYYY-MM-DD) / invalid date (expected YYYY-MM-DD): ${text ?? ''}`);
  if (!inRange(d.year)) die(`Năm ngoài phạm vi ${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR} / year out of range`);
  return text as string;
}

function toLunar(args: string[]): void {
  if (args.length !== 1) die(USAGE);
  const iso = dateArg(args[0]);
  const d = parseIsoDate(iso);
  if (!d) die(USAGE);
  const l = solarToLunar(d.year, d.month, d.day);
  out({ year: l.year, month: l.month, day: l.day, leap: l.leap });
}

function holidays(args: string[]): void {
  if (args.length !== 1 || !/^\d{4}$/.test(args[0] ?? '')) die(USAGE);
  const year = Number(args[0]);
  if (!inRange(year)) die(`Năm ngoài phạm vi ${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR} / year out of range`);
  out(defaultHolidays(year));
}

function addDays(argv: string[]): void {
  let parsed: { values: { holidays?: string }; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { holidays: { type: 'string' } }, strict: true, allowPositionals: true });
  } catch (err) {
    die(`Tham số không hợp lệ / invalid arguments: ${(err as Error).message}\n${USAGE}`);
  }
  const [start, count, ...extra] = parsed.positionals;
  if (extra.length > 0 || count === undefined) die(USAGE);
  const iso = dateArg(start);
  if (!/^\d{1,5}$/.test(count) || Number(count) > MAX_WORKING_DAYS) {
    die(`Số ngày làm việc phải là số nguyên 0–${MAX_WORKING_DAYS} / N must be an integer 0–${MAX_WORKING_DAYS}`);
  }
  let holidayList: string[] | undefined;
  if (parsed.values.holidays !== undefined) {
    holidayList = parsed.values.holidays.split(',').map((s) => s.trim()).filter((s) => s !== '');
    for (const h of holidayList) {
      if (!parseIsoDate(h)) die(`Ngày nghỉ không hợp lệ / invalid holiday date: ${h}`);
    }
  }
  try {
    out(addWorkingDays(iso, Number(count), holidayList));
  } catch (err) {
    // Past the end of the supported calendar (the default needs lunar dates for every year).
    die(`Lỗi / error: ${err instanceof Error ? err.message : String(err)}`, 1);
  }
}

const wantsHelp = (args: string[]): boolean => args.some((a) => a === '--help' || a === '-h');

function main(): void {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'help' || wantsHelp(process.argv.slice(2))) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command === 'to-lunar') toLunar(rest);
  else if (command === 'holidays') holidays(rest);
  else if (command === 'add-working-days') addDays(rest);
  else die(USAGE);
}

main();
