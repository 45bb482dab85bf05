import type { Tx } from '@wg/db';
import { clock } from '@wg/runtime/clock';
import { sql } from 'drizzle-orm';

/**
 * Hours are exact decimals with two places. They are validated and normalised as whole
 * hundredths (integers) so no binary float ever touches them; sums happen in SQL numeric.
 */
const HOURS_RE = /^(\d{1,4})(?:\.(\d{1,2}))?$/;

/** "7.5" -> 750; null when the text is not a non-negative decimal with at most 2 places. */
export function hoursToHundredths(value: string): number | null {
  const m = HOURS_RE.exec(value);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 750 -> "7.50", the form numeric(5,2) returns. */
export function formatHundredths(h: number): string {
  return `${Math.trunc(h / 100)}.${String(h % 100).padStart(2, '0')}`;
}

export const MAX_HOURS_PER_DAY = 24;

/** Problem with an hours value, or null when it is acceptable for one entry. */
export function hoursProblem(value: string): string | null {
  const h = hoursToHundredths(value);
  if (h === null) return 'Hours must be a decimal string with at most 2 decimal places, e.g. "7.50"';
  if (h <= 0) return 'Hours must be greater than 0';
  if (h > MAX_HOURS_PER_DAY * 100) return `Hours must be at most ${MAX_HOURS_PER_DAY}`;
  return null;
}

/**
 * The latest calendar date anywhere on Earth right now (UTC+14). A day is "in the future" only if
 * it has not started in any time zone, so nobody east of UTC is refused today's hours.
 */
export function latestToday(now = clock.now().getTime()): string {
  return new Date(now + 14 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Serialises the writers of these employees' timesheets until the transaction ends, so the
 * daily-limit check (sum of the day plus the new hours) cannot be passed by two writers at once:
 * `logTime`, `correctTimesheetEntry` and `importTimesheets` all take it. One lock per employee (not
 * per day), taken in id order so two imports sharing employees cannot deadlock; a lock costs a
 * slot of PostgreSQL's lock table, which is why an import is limited to MAX_IMPORT_EMPLOYEES.
 */
export async function lockTimesheetsOf(tx: Tx, tenantId: string, employeeIds: readonly string[]) {
  const keys = [...new Set(employeeIds)].sort().map((id) => `timesheet:${tenantId}:${id}`);
  if (keys.length === 0) return;
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(k, 0))
          from (select k from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as k order by k) s`,
  );
}

/** Distinct employees one import may touch (one advisory lock each, see lockTimesheetsOf). */
export const MAX_IMPORT_EMPLOYEES = 2000;
