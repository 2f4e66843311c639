/** The intake's birth date: typed day first as Vietnamese write it, stored as the card gives it. */
import { describe, expect, it } from 'vitest';
import { birthDateOrNull, birthDateText } from '../../src/renderer/counter/model';

describe('birth date at the intake', () => {
  it('takes the day first, with /, - or . between the parts, and the stored shape itself', () => {
    expect(birthDateOrNull('17/05/1990')).toBe('1990-05-17');
    expect(birthDateOrNull('7/5/1990')).toBe('1990-05-07');
    expect(birthDateOrNull('17-05-1990')).toBe('1990-05-17');
    expect(birthDateOrNull('17.05.1990')).toBe('1990-05-17');
    expect(birthDateOrNull(' 05/1990 ')).toBe('1990-05');
    expect(birthDateOrNull('1990')).toBe('1990');
    expect(birthDateOrNull('1990-05-17')).toBe('1990-05-17');
    expect(birthDateOrNull('1990-05')).toBe('1990-05');
  });

  it('refuses what is no day of the calendar, and what is not a date', () => {
    for (const bad of ['31/02/1990', '29/02/1991', '00/05/1990', '17/13/1990', '13/1990', '1990-13-01', '90', '17/05/90', 'ngày 17', '', '0001', '17/05/1899', '2101']) {
      expect(birthDateOrNull(bad), bad).toBeNull();
    }
    expect(birthDateOrNull('29/02/1992')).toBe('1992-02-29');
  });

  it('refuses a day not yet come, at the date\'s own precision', () => {
    const today = '2026-12-07';
    expect(birthDateOrNull('07/12/2026', today)).toBe('2026-12-07');
    expect(birthDateOrNull('12/2026', today)).toBe('2026-12');
    expect(birthDateOrNull('2026', today)).toBe('2026');
    for (const future of ['08/12/2026', '01/01/2030', '01/2027', '2027', '2030-01-01']) expect(birthDateOrNull(future, today), future).toBeNull();
  });

  it('shows a stored date day first, and a year or a month as it is', () => {
    expect(birthDateText('1990-05-17')).toBe('17/05/1990');
    expect(birthDateText('1990-05')).toBe('05/1990');
    expect(birthDateText('1990')).toBe('1990');
    expect(birthDateText(null)).toBe('');
    for (const s of ['1990-05-17', '1990-05', '1990']) expect(birthDateOrNull(birthDateText(s))).toBe(s);
  });
});
