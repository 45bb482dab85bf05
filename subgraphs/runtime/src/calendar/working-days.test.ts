import { describe, expect, it } from 'vitest';
import { setClock } from '../clock';
import {
  coveredDays,
  daySpanProblems,
  daysBetween,
  daysInMonth,
  daysInYear,
  eachDay,
  isWorkingDay,
  workingCalendar,
  workingDays,
  workingDaysByYear,
  workingHoursByYear,
} from './working-days';

const byYear = (m: Map<number, { toString(): string }>) =>
  Object.fromEntries([...m].map(([y, v]) => [y, v.toString()]));

describe('working calendar', () => {
  // 2026-05-22 is a Friday, 2026-05-25 (Whit Monday) a public holiday, 2026-05-26 a Tuesday.
  const whitMonday = workingCalendar({ holidays: [{ date: '2026-05-25', name: 'Whit Monday' }] });

  it('a Friday-to-Tuesday request over a public Monday holiday costs 2 days, not 5', () => {
    expect(workingDays(whitMonday, { start: '2026-05-22', end: '2026-05-26' }).toString()).toBe('2');
    // Without the holiday the same span is 3 working days: the weekend never counts.
    expect(workingDays(workingCalendar(), { start: '2026-05-22', end: '2026-05-26' }).toString()).toBe('3');
  });

  it('half days at the start and at the end cost half a day each', () => {
    const span = { start: '2026-05-22', end: '2026-05-26' };
    expect(workingDays(whitMonday, { ...span, halfDayStart: true }).toString()).toBe('1.5');
    expect(workingDays(whitMonday, { ...span, halfDayEnd: true }).toString()).toBe('1.5');
    expect(workingDays(whitMonday, { ...span, halfDayStart: true, halfDayEnd: true }).toString()).toBe('1.0');
    // One day, one flag: half a day.
    expect(
      workingDays(whitMonday, { start: '2026-05-26', end: '2026-05-26', halfDayEnd: true }).toString(),
    ).toBe('0.5');
    // A half day starting on a holiday costs nothing for that day.
    expect(
      workingDays(whitMonday, { start: '2026-05-25', end: '2026-05-26', halfDayStart: true }).toString(),
    ).toBe('1');
  });

  it('a half-day holiday is worth half a day, and a half-day request on it no more than that', () => {
    const eve = workingCalendar({ holidays: [{ date: '2025-12-24', name: 'Christmas Eve', halfDay: true }] });
    // Wed 24 (half) + Thu 25 + Fri 26 (no holiday in this calendar).
    expect(workingDays(eve, { start: '2025-12-24', end: '2025-12-26' }).toString()).toBe('2.5');
    expect(workingDays(eve, { start: '2025-12-24', end: '2025-12-24', halfDayStart: true }).toString()).toBe(
      '0.5',
    );
  });

  it('a holiday on a weekend counts once (never subtracted twice)', () => {
    // 2026-12-26 is a Saturday.
    const boxing = workingCalendar({ holidays: [{ date: '2026-12-26', name: 'Boxing Day' }] });
    expect(workingDays(boxing, { start: '2026-12-21', end: '2026-12-27' }).toString()).toBe('5');
    expect(isWorkingDay(boxing, '2026-12-26')).toBe(false);
    // The same holiday listed twice is still one day.
    const twice = workingCalendar({
      holidays: [{ date: '2026-05-25' }, { date: '2026-05-25', halfDay: true }],
    });
    expect(workingDays(twice, { start: '2026-05-25', end: '2026-05-26' }).toString()).toBe('1');
  });

  it('knows leap years: 29 February is a day like any other', () => {
    expect(daysInYear(2024)).toBe(366);
    expect(daysInYear(2025)).toBe(365);
    expect(daysInYear(2000)).toBe(366);
    expect(daysInYear(2100)).toBe(365);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2025, 2)).toBe(28);
    // Wed 28 Feb, Thu 29 Feb, Fri 1 Mar 2024.
    expect(eachDay('2024-02-28', '2024-03-01')).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(workingDays(workingCalendar(), { start: '2024-02-28', end: '2024-03-01' }).toString()).toBe('3');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('splits a request over a year end across the two balance years', () => {
    const newYear = workingCalendar({ holidays: [{ date: '2027-01-01', name: "New Year's Day" }] });
    // Mon 28 Dec 2026 … Tue 5 Jan 2027: 4 days in 2026 (28–31), 2 in 2027 (Fri 1 Jan is a holiday).
    const split = workingDaysByYear(newYear, { start: '2026-12-28', end: '2027-01-05' });
    expect(byYear(split)).toEqual({ 2026: '4', 2027: '2' });
  });

  it('converts to hours for hours-unit leave', () => {
    const span = { start: '2026-05-22', end: '2026-05-26', halfDayEnd: true };
    expect(byYear(workingHoursByYear(whitMonday, span, '8'))).toEqual({ 2026: '12.0' });
    expect(byYear(workingHoursByYear(whitMonday, span, '7.5'))).toEqual({ 2026: '11.25' });
  });

  it('honours other weekend definitions (Friday and Saturday)', () => {
    const gulf = workingCalendar({ weekendDays: [5, 6] });
    // Fri 22 … Tue 26 May 2026: Sun, Mon, Tue are worked.
    expect(workingDays(gulf, { start: '2026-05-22', end: '2026-05-26' }).toString()).toBe('3');
    expect(isWorkingDay(gulf, '2026-05-24')).toBe(true);
  });

  it('names the problem with a span', () => {
    expect(daySpanProblems({ start: '2026-05-26', end: '2026-05-22' })).toEqual([
      { field: 'end', message: 'Must be on or after start' },
    ]);
    expect(
      daySpanProblems({ start: '2026-05-26', end: '2026-05-26', halfDayStart: true, halfDayEnd: true })[0]
        ?.field,
    ).toBe('halfDayEnd');
    expect(daySpanProblems({ start: '2025-02-29', end: '2025-03-01' })[0]?.field).toBe('start');
    expect(() => workingDays(workingCalendar(), { start: '2026-05-26', end: '2026-05-22' })).toThrow(
      RangeError,
    );
  });

  it('does not depend on the process time zone or the clock (DST nights are ordinary days)', () => {
    // Europe's 2026 spring-forward night is 29 March; any "now" gives the same answer.
    const restore = setClock('2026-03-29T01:30:00Z');
    try {
      expect(eachDay('2026-03-28', '2026-03-30')).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
      expect(workingDays(workingCalendar(), { start: '2026-03-27', end: '2026-03-30' }).toString()).toBe('2');
    } finally {
      restore();
    }
  });

  it('counts the days of a period covered by another (pro-rating)', () => {
    expect(
      coveredDays({ from: '2024-01-01', to: '2024-12-31' }, { from: '2024-07-01', to: '9999-12-31' }),
    ).toEqual({
      days: 184,
      total: 366,
    });
    expect(
      coveredDays({ from: '2025-03-01', to: '2025-03-31' }, { from: '2025-04-02', to: '2025-05-01' }).days,
    ).toBe(0);
  });
});
