import { type SQL, sql } from 'drizzle-orm';
import type { PayFrequency } from './compensation.type';

/*
 * Salary arithmetic, a leaf module: compensation's service (writes) and labour pricing (reads)
 * both use it, so neither imports the other for it.
 */

/** Pay periods in a year; HOURLY assumes 2080 working hours (52 weeks × 40 hours). */
export const PERIODS_PER_YEAR: Record<PayFrequency, number> = {
  ANNUAL: 1,
  MONTHLY: 12,
  BIWEEKLY: 26,
  WEEKLY: 52,
  HOURLY: 2080,
};
export const WORK_HOURS_PER_YEAR = 2080;

/**
 * SQL numeric: the annual salary of the compensations row aliased `alias`. The alias is a
 * constant of the calling query, never input.
 */
export function annualisedSalary(alias: string): SQL {
  const whens = Object.entries(PERIODS_PER_YEAR)
    .map(([frequency, n]) => `when '${frequency}' then ${n}`)
    .join(' ');
  return sql.raw(`(${alias}.base_salary * case ${alias}.pay_frequency ${whens} end)`);
}
