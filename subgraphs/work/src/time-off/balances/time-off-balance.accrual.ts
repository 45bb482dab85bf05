/**
 * Accrual and balance arithmetic: pure functions of a policy, the employment dates, adjustments
 * and booked amounts, so a balance "as of" a date is the same whenever it is computed (no accrual
 * job, nothing stored). Balance years are calendar years. Amounts are exact decimals (`Dec`);
 * pro-rating keeps 6 places and the results are rounded half-even to 2.
 */
import {
  calendarDate,
  coveredDays,
  Dec,
  daysInMonth,
  daysInYear,
  maxDate,
  minDate,
  yearOf,
} from '@wg/runtime';

export interface AccrualRule {
  accrualPerYear: string;
  accrualFrequency: 'MONTHLY' | 'YEARLY' | 'UPFRONT';
  proRated: boolean;
  carryOverCap: string | null;
}

export interface Employment {
  hireDate: string;
  /** Last day employed (inclusive), when terminated. */
  terminationDate?: string | null;
  /** Every employment period (people's `stints`); when given, accrual follows these instead. */
  stints?: { start: string; end: string | null }[] | null;
}

const FAR = '9999-12-31';
const ZERO = Dec.of('0');
const PRECISION = 6;

/** Share of `amount` for `days` out of `total` (at 6 places). */
const share = (amount: Dec, days: number, total: number) =>
  amount.times(String(days)).div(String(total), PRECISION);

/**
 * What `rule` accrues in balance year `year` up to and including `asOf` (the whole year when
 * `asOf` is on or after 31 December). Nothing before the hire date or after the termination date.
 *  - UPFRONT: the year's amount on 1 January, or on the hire date in the hire year;
 *  - YEARLY: the year's amount on 31 December, or on the termination date;
 *  - MONTHLY: one twelfth at the end of each month (or on the termination date in its month).
 * Pro-rated: × days employed in the year (MONTHLY: in the month) ÷ days in it.
 */
export function accruedInYear(rule: AccrualRule, employment: Employment, year: number, asOf: string): Dec {
  const start = calendarDate(year, 1, 1);
  const end = calendarDate(year, 12, 31);
  const periods = employedPeriods(employment);
  /** The periods overlapping [from, to], and the days of [from, to] they cover. */
  const within = (from: string, to: string) => {
    const overlapping = periods.filter((p) => p.from <= to && p.to >= from);
    const days = overlapping.reduce((n, p) => n + coveredDays({ from, to }, p).days, 0);
    return { overlapping, days };
  };
  const inYear = within(start, end);
  if (asOf < start || inYear.overlapping.length === 0) return ZERO;
  const full = Dec.of(rule.accrualPerYear);
  const yearShare = () => (rule.proRated ? share(full, inYear.days, daysInYear(year)) : full);
  switch (rule.accrualFrequency) {
    case 'UPFRONT': {
      const grantedOn = maxDate(inYear.overlapping[0]!.from, start);
      return asOf >= grantedOn ? yearShare().round(2) : ZERO;
    }
    case 'YEARLY': {
      const grantedOn = minDate(end, inYear.overlapping.at(-1)!.to);
      return asOf >= grantedOn ? yearShare().round(2) : ZERO;
    }
    case 'MONTHLY': {
      const monthly = full.div('12', PRECISION);
      let total = ZERO;
      for (let month = 1; month <= 12; month++) {
        const from = calendarDate(year, month, 1);
        const to = calendarDate(year, month, daysInMonth(year, month));
        const inMonth = within(from, to);
        if (inMonth.overlapping.length === 0) continue;
        const accruesOn = minDate(to, inMonth.overlapping.at(-1)!.to);
        if (asOf < accruesOn) break;
        total = total.plus(rule.proRated ? share(monthly, inMonth.days, daysInMonth(year, month)) : monthly);
      }
      return total.round(2);
    }
  }
}

/**
 * The periods someone was employed, oldest first: people's stints (hire or rehire date to
 * termination date, inclusive) when the snapshot carries them, else the current hire date to the
 * termination date. Days between two stints accrue nothing.
 */
function employedPeriods(employment: Employment): { from: string; to: string }[] {
  const stints = employment.stints?.length
    ? employment.stints.map((s) => ({ from: s.start, to: s.end ?? FAR }))
    : [{ from: employment.hireDate, to: employment.terminationDate ?? FAR }];
  return stints.sort((a, b) => a.from.localeCompare(b.from));
}

/** Amounts per balance year (a year → decimal string), as requests store them. */
export type ByYear = Record<string, string>;

export interface BalanceInputs {
  /** Null when no policy covers the employee: nothing accrues (adjustments still count). */
  rule: AccrualRule | null;
  employment: Employment;
  asOf: string;
  adjustments: { amount: string; effectiveDate: string }[];
  /** APPROVED requests' amounts by year. */
  approved: ByYear[];
  /** PENDING requests' amounts by year. */
  pending: ByYear[];
}

export interface Balance {
  year: number;
  carriedOver: Dec;
  accrued: Dec;
  adjustments: Dec;
  taken: Dec;
  pending: Dec;
  /** carriedOver + accrued + adjustments − taken. */
  available: Dec;
}

const sumYear = (list: ByYear[], year: number) =>
  list.reduce((acc, b) => (b[String(year)] ? acc.plus(b[String(year)]!) : acc), ZERO);

/**
 * The balance of balance year `yearOf(asOf)` as of `asOf`. Years from the hire year on: a year's
 * end balance (carried in + accrued + adjustments − taken) carries into the next, a positive one
 * capped at `carryOverCap`. `taken` counts every approved day booked in the year (also later in
 * it: booked leave is spoken for), `pending` the same for requests awaiting a decision.
 */
export function balanceAsOf(inputs: BalanceInputs): Balance {
  const { rule, employment, asOf } = inputs;
  const year = yearOf(asOf);
  const accrue = (y: number, at: string) => (rule ? accruedInYear(rule, employment, y, at) : ZERO);
  const adjustedIn = (y: number, until: string) =>
    inputs.adjustments.reduce(
      (acc, a) => (yearOf(a.effectiveDate) === y && a.effectiveDate <= until ? acc.plus(a.amount) : acc),
      ZERO,
    );
  // History starts with the earliest of the hire year and anything recorded (an adjustment before
  // the hire date, say, after a rehire) so nothing recorded is ever dropped.
  let first = Math.min(yearOf(employment.stints?.[0]?.start ?? employment.hireDate), year);
  for (const st of employment.stints ?? []) first = Math.min(first, yearOf(st.start));
  for (const a of inputs.adjustments) first = Math.min(first, yearOf(a.effectiveDate));
  for (const b of inputs.approved) for (const y of Object.keys(b)) first = Math.min(first, Number(y));
  let carry = ZERO;
  for (let y = first; y < year; y++) {
    const end = calendarDate(y, 12, 31);
    const closing = carry.plus(accrue(y, end)).plus(adjustedIn(y, end)).minus(sumYear(inputs.approved, y));
    carry = rule?.carryOverCap != null && closing.gt(rule.carryOverCap) ? Dec.of(rule.carryOverCap) : closing;
  }
  const accrued = accrue(year, asOf);
  const adjustments = adjustedIn(year, asOf);
  const taken = sumYear(inputs.approved, year);
  const pending = sumYear(inputs.pending, year);
  return {
    year,
    carriedOver: carry,
    accrued,
    adjustments,
    taken,
    pending,
    available: carry.plus(accrued).plus(adjustments).minus(taken),
  };
}
