import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays, computeAppointment, defaultHolidays, isWorkingDay, officialCalendar,
} from '../../src/shared/domain';

const dates = (year: number): string[] => defaultHolidays(year).map((h) => h.date);

describe('default holidays (Labour Code 2019, art. 112)', () => {
  it('lists 2024 with Tết, Hùng Kings, 30/4, 1/5, 2/9 + adjacent day and compensation', () => {
    expect(dates(2024)).toEqual([
      '2024-01-01',
      '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13', // 30 Chạp + mùng 1–4
      '2024-02-14', '2024-02-15', // compensation for Sat 10 and Sun 11
      '2024-04-18', '2024-04-30', '2024-05-01', '2024-09-02', '2024-09-03',
    ]);
    const names = defaultHolidays(2024).map((h) => h.name);
    expect(names[0]).toBe('Tết Dương lịch');
    expect(names[1]).toBe('Tết Âm lịch (30 tháng Chạp)');
    expect(names[6]).toMatch(/^Nghỉ bù /);
  });

  it('compensates weekend holidays on the next working day, skipping other holidays (2023)', () => {
    const d = dates(2023);
    expect(d).toContain('2023-01-02'); // 1/1 was a Sunday
    // Hùng Kings on Sat 29/4 and 30/4 on Sunday: compensated after 1/5, on 2/5 and 3/5.
    expect(d).toEqual(expect.arrayContaining(['2023-04-29', '2023-04-30', '2023-05-01', '2023-05-02', '2023-05-03']));
    // 2/9 on a Saturday: 1/9 (Friday) is the adjacent day, 4/9 the compensation.
    expect(d).toEqual(expect.arrayContaining(['2023-09-01', '2023-09-02', '2023-09-04']));
  });

  it('puts the adjacent National Day holiday where the 2021–2025 schedules did', () => {
    const adjacent = (y: number) => defaultHolidays(y).find((h) => h.name.includes('liền kề'))?.date;
    expect(adjacent(2021)).toBe('2021-09-03');
    expect(adjacent(2022)).toBe('2022-09-01');
    expect(adjacent(2023)).toBe('2023-09-01');
    expect(adjacent(2024)).toBe('2024-09-03');
    expect(adjacent(2025)).toBe('2025-09-01');
  });

  it('merges two holidays on one day and compensates the lost day (1947: Hùng Kings\' day on 30/4)', () => {
    const y1947 = defaultHolidays(1947);
    expect(y1947.filter((h) => h.date === '1947-04-30')).toEqual([{ date: '1947-04-30', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch) · Ngày Chiến thắng (30/4)' }]);
    expect(y1947.filter((h) => h.name.startsWith('Nghỉ bù Giỗ Tổ'))).toHaveLength(1);
  });

  it('property: every year has 11 statutory days, sorted and unique, compensation on working days', () => {
    fc.assert(fc.property(fc.integer({ min: 1900, max: 2150 }), (y) => {
      const list = defaultHolidays(y);
      const ds = list.map((h) => h.date);
      const statutory = list.filter((h) => !h.name.startsWith('Nghỉ bù'));
      const comp = list.filter((h) => h.name.startsWith('Nghỉ bù'));
      const weekday = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay();
      // Holidays that share a day are one entry naming both ("a · b"), and the lost day is compensated.
      const parts = (h: { name: string }) => h.name.split(' · ').length;
      return statutory.reduce((n, h) => n + parts(h), 0) === 11 && new Set(ds).size === ds.length && ds.every((d, i) => i === 0 || ds[i - 1]! < d) &&
        comp.length === statutory.reduce((n, h) => n + ([0, 6].includes(weekday(h.date)) ? 1 : 0) + parts(h) - 1, 0) &&
        comp.every((h) => ![0, 6].includes(weekday(h.date)));
    }), { numRuns: 60 });
  });
});

describe('working days', () => {
  it('counts the N-th working day strictly after the date, skipping weekends and holidays', () => {
    expect(addWorkingDays('2024-03-15', 1)).toBe('2024-03-18'); // Friday → Monday
    expect(addWorkingDays('2024-03-16', 1)).toBe('2024-03-18'); // Saturday → Monday
    expect(addWorkingDays('2024-03-15', 0)).toBe('2024-03-15');
    expect(addWorkingDays('2024-02-08', 1)).toBe('2024-02-16'); // over the default Tết block
    expect(addWorkingDays('2024-04-26', 3)).toBe('2024-05-03'); // 29/4, then 2/5, 3/5: 30/4 and 1/5 off
    expect(addWorkingDays('2024-12-31', 1)).toBe('2025-01-02'); // across the year, 1/1 off
  });

  it('replaces the default calendar with a given list (an empty list means no holidays)', () => {
    expect(addWorkingDays('2024-02-08', 1, [])).toBe('2024-02-09');
    expect(addWorkingDays('2024-02-08', 1, new Set(['2024-02-09']))).toBe('2024-02-12');
    expect(isWorkingDay('2024-02-12', [])).toBe(true);
    expect(isWorkingDay('2024-02-12')).toBe(false);
  });

  it('uses the official schedule where the gateway has one, including a worked Saturday', () => {
    // Official Tết 2024: 8–14 Feb.
    const cal = officialCalendar([{
      year: 2024,
      holidays: ['2024-01-01', '2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14'],
      workdays: ['2024-02-17'],
    }]);
    expect(addWorkingDays('2024-02-07', 1, cal)).toBe('2024-02-15');
    expect(addWorkingDays('2024-02-16', 1, cal)).toBe('2024-02-17');
    expect(addWorkingDays('2025-01-01', 1, cal)).toBe('2025-01-02'); // no 2025 schedule: default
  });

  it('throws a RangeError on malformed input (callers validate user input first)', () => {
    expect(() => addWorkingDays('2024-02-30', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2024-02-01', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2024-02-01', 1.5)).toThrow(RangeError);
  });

  it('property: the result is a working day, after the start, with exactly N working days in between', () => {
    const start = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(fc.property(start, fc.integer({ min: 1, max: 40 }), (s, n) => {
      const end = addWorkingDays(s, n);
      let count = 0;
      for (let d = new Date(`${s}T00:00:00Z`); d.toISOString().slice(0, 10) < end;) {
        d = new Date(d.getTime() + 86_400_000);
        if (isWorkingDay(d.toISOString().slice(0, 10))) count += 1;
      }
      return end > s && isWorkingDay(end) && count === n;
    }), { numRuns: 300 });
  });
});

describe('appointment from the receipt time (Asia/Ho_Chi_Minh, fixed UTC+7)', () => {
  const at = (isoLocal: string) => Date.parse(`${isoLocal}+07:00`);

  it('keeps the clock time on the N-th working day after the day of receipt', () => {
    expect(computeAppointment(at('2024-03-15T09:30:00'), 3)).toBe(at('2024-03-20T09:30:00'));
    // 23:30 on Friday in Hà Nội is still Friday there (16:30 UTC), whatever the host's zone.
    expect(computeAppointment(at('2024-03-15T23:30:00'), 1)).toBe(at('2024-03-18T23:30:00'));
    // 00:30 on Saturday in Hà Nội is Friday 17:30 UTC: counting starts from Saturday.
    expect(computeAppointment(at('2024-03-16T00:30:00'), 1)).toBe(at('2024-03-18T00:30:00'));
    expect(computeAppointment(at('2024-02-08T14:00:00'), 2, [])).toBe(at('2024-02-12T14:00:00'));
    expect(computeAppointment(at('2024-03-15T09:30:00'), 0)).toBe(at('2024-03-15T09:30:00'));
  });

  it('throws on a non-finite time', () => {
    expect(() => computeAppointment(Number.NaN, 1)).toThrow(RangeError);
  });
});
