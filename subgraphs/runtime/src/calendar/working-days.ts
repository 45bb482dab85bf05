/**
 * Working-day arithmetic (ARCHITECTURE "working calendar"): weekends, holiday sets and the cost of
 * a span of days, on calendar dates (`YYYY-MM-DD` strings) only. Nothing here reads a local
 * `Date`: every day step goes through UTC midnights, so a DST change can never make a day 23 or
 * 25 hours long or skip a date. Domain-free on purpose: time off, shifts and payroll pro-rating
 * all count days with these functions.
 *
 * Amounts are decimal strings (see `Dec`): a working day is `1`, a half day `0.5`.
 */
import { Dec } from '../decimal';
import { isValidDate } from '../graphql/scalar-types';
import { addDays, isoWeekday } from './time-zone';

/** A non-working day (or half day) of a calendar. */
export interface Holiday {
  /** YYYY-MM-DD */
  date: string;
  name?: string;
  /** Only half the day is off (e.g. Christmas Eve afternoon): the day is worth 0.5. */
  halfDay?: boolean;
}

/** Weekend days plus holidays: what makes a date a working day. */
export interface WorkingCalendar {
  /** ISO weekdays that are not worked: 1 = Monday … 7 = Sunday. */
  readonly weekendDays: ReadonlySet<number>;
  /** Holidays by date (one entry per date; a half and a full holiday on one date count as full). */
  readonly holidays: ReadonlyMap<string, Holiday>;
}

/** Saturday and Sunday. */
export const DEFAULT_WEEKEND_DAYS: readonly number[] = [6, 7];

export function workingCalendar(
  options: { weekendDays?: readonly number[]; holidays?: readonly Holiday[] } = {},
): WorkingCalendar {
  const holidays = new Map<string, Holiday>();
  for (const h of options.holidays ?? []) {
    const existing = holidays.get(h.date);
    // A date listed twice is still one day off; a full holiday wins over a half one.
    if (!existing || (existing.halfDay && !h.halfDay)) holidays.set(h.date, h);
  }
  return { weekendDays: new Set(options.weekendDays ?? DEFAULT_WEEKEND_DAYS), holidays };
}

const utcDay = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
};

/** Calendar days from `from` to `to` (`to − from`; 0 for the same day, negative when before). */
export function daysBetween(from: string, to: string): number {
  return utcDay(to) - utcDay(from);
}

/** The year of a date. */
export const yearOf = (date: string): number => Number(date.slice(0, 4));

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export const daysInYear = (year: number): number => (isLeapYear(year) ? 366 : 365);

/** Days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a year, month (1–12) and day. */
export const calendarDate = (year: number, month: number, day: number): string =>
  `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/** Every date from `from` to `to`, both included (empty when `to` is before `from`). */
export function eachDay(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The later / earlier of two dates. */
export const maxDate = (a: string, b: string): string => (a >= b ? a : b);
export const minDate = (a: string, b: string): string => (a <= b ? a : b);

/**
 * How much of `date` is worked under `calendar`: 1, 0.5 (a half-day holiday) or 0 (weekend or
 * holiday). A holiday on a weekend is still 0: it is never subtracted twice.
 */
export function workingFraction(calendar: WorkingCalendar, date: string): Dec {
  if (calendar.weekendDays.has(isoWeekday(date))) return Dec.of('0');
  const holiday = calendar.holidays.get(date);
  if (!holiday) return Dec.of('1');
  return Dec.of(holiday.halfDay ? '0.5' : '0');
}

export const isWorkingDay = (calendar: WorkingCalendar, date: string): boolean =>
  !workingFraction(calendar, date).isZero();

/** A span of days off: `start`..`end` inclusive; the first and/or last day may be a half day. */
export interface DaySpan {
  start: string;
  end: string;
  /** Only the second half of `start` is taken. */
  halfDayStart?: boolean;
  /** Only the first half of `end` is taken. */
  halfDayEnd?: boolean;
}

/** Why a span is not well-formed (field → message), empty when it is. */
export function daySpanProblems(span: DaySpan): { field: 'start' | 'end' | 'halfDayEnd'; message: string }[] {
  const out: { field: 'start' | 'end' | 'halfDayEnd'; message: string }[] = [];
  if (!isValidDate(span.start)) out.push({ field: 'start', message: 'Must be a real date (YYYY-MM-DD)' });
  if (!isValidDate(span.end)) out.push({ field: 'end', message: 'Must be a real date (YYYY-MM-DD)' });
  if (out.length > 0) return out;
  if (span.end < span.start) out.push({ field: 'end', message: 'Must be on or after start' });
  else if (span.start === span.end && span.halfDayStart && span.halfDayEnd) {
    // On a single day "second half of the first day" and "first half of the last day" are
    // disjoint halves: both together mean nothing (ask for the whole day instead).
    out.push({
      field: 'halfDayEnd',
      message: 'A one-day request is either a half day (one flag) or a whole day (no flag), not both',
    });
  }
  return out;
}

/**
 * The working time a span costs, per calendar year (a span over New Year is split across two
 * balance years), in days: each date's `workingFraction`, halved on a half-day start or end (a
 * half day on a half-day holiday costs 0.5, never more than the day is worth). Throws on a
 * malformed span (see `daySpanProblems`).
 */
export function workingDaysByYear(calendar: WorkingCalendar, span: DaySpan): Map<number, Dec> {
  const problems = daySpanProblems(span);
  if (problems.length > 0) throw new RangeError(`Bad span: ${problems.map((p) => p.message).join('; ')}`);
  const half = Dec.of('0.5');
  const out = new Map<number, Dec>();
  for (const date of eachDay(span.start, span.end)) {
    let worth = workingFraction(calendar, date);
    const halved = (date === span.start && span.halfDayStart) || (date === span.end && span.halfDayEnd);
    if (halved) worth = Dec.min(worth, half);
    const year = yearOf(date);
    out.set(year, (out.get(year) ?? Dec.of('0')).plus(worth));
  }
  return out;
}

/** The working days a span costs in total (see `workingDaysByYear`). */
export function workingDays(calendar: WorkingCalendar, span: DaySpan): Dec {
  let total = Dec.of('0');
  for (const v of workingDaysByYear(calendar, span).values()) total = total.plus(v);
  return total;
}

/** Working days converted to hours at `hoursPerDay` (e.g. "8" or "7.5"), per calendar year. */
export function workingHoursByYear(
  calendar: WorkingCalendar,
  span: DaySpan,
  hoursPerDay: string,
): Map<number, Dec> {
  const out = new Map<number, Dec>();
  for (const [year, days] of workingDaysByYear(calendar, span)) out.set(year, days.times(hoursPerDay));
  return out;
}

/**
 * The share of `[from, to]` (inclusive) covered by `[coveredFrom, coveredTo]`, in calendar days,
 * as a fraction `days / total` — for pro-rating an amount by the days of a period someone was
 * employed. Returns the two counts so callers round once, at the end.
 */
export function coveredDays(
  period: { from: string; to: string },
  covered: { from: string; to: string },
): { days: number; total: number } {
  const total = daysBetween(period.from, period.to) + 1;
  const from = maxDate(period.from, covered.from);
  const to = minDate(period.to, covered.to);
  return { days: Math.max(0, daysBetween(from, to) + 1), total };
}
