import type { Tx } from '@wg/db';
import { leaveTypes, shiftSettings, shifts, timeOffRequests } from '@wg/db/work';
import { addDays, conflict, isoWeekday } from '@wg/runtime';
import { and, eq, gt, gte, lt, lte, notInArray, sql } from 'drizzle-orm';
import { formatHundredths, hoursToHundredths } from '../timesheets/timesheet.hours';

/**
 * The scheduling rules every assignment passes — creating an assigned shift, assigning, claiming
 * an open shift, approving a swap — in one place. Each refusal is a CONFLICT whose message names
 * the rule. The overlap rule is also the database's (`shifts_no_overlap`), so a racing pair gets
 * one winner; rest and weekly hours are checked under the employee's scheduling lock.
 */

export interface ShiftRules {
  minRestHours: string;
  maxWeeklyHours: string;
}
const DEFAULT_RULES: ShiftRules = { minRestHours: '11.00', maxWeeklyHours: '48.00' };

export async function rulesOf(tx: Tx): Promise<ShiftRules> {
  const [row] = await tx.select().from(shiftSettings);
  return row ? { minRestHours: row.minRestHours, maxWeeklyHours: row.maxWeeklyHours } : DEFAULT_RULES;
}

/** Paid minutes of a shift: its length minus the break. */
export const paidMinutes = (s: { startsAt: Date; endsAt: Date; breakMinutes: number }) =>
  Math.max(0, Math.round((s.endsAt.getTime() - s.startsAt.getTime()) / 60_000) - s.breakMinutes);

/** Minutes → hours with two decimals, exactly ("7.50"; 1 minute is 1.67 hundredths, rounded). */
export const hoursOfMinutes = (minutes: number) => formatHundredths(Math.round((minutes * 100) / 60));

/** Serialises the schedulers of these employees until the transaction ends (sorted: no deadlock). */
export async function lockSchedulesOf(tx: Tx, tenantId: string, employeeIds: readonly string[]) {
  const keys = [...new Set(employeeIds)].sort().map((id) => `shift:${tenantId}:${id}`);
  if (keys.length === 0) return;
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(k, 0))
          from (select k from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as k order by k) s`,
  );
}

export interface Candidate {
  date: string;
  startsAt: Date;
  endsAt: Date;
  breakMinutes: number;
}

const hhmm = (d: Date) => d.toISOString().slice(11, 16);
const describe = (s: { date: string; startsAt: Date; endsAt: Date }) =>
  `${s.date} ${hhmm(s.startsAt)}–${hhmm(s.endsAt)} UTC`;

/**
 * Throws a CONFLICT naming the first rule that `employeeId` working `shift` breaks: approved
 * leave on its day, an overlapping shift, less than the minimum rest before or after it, or more
 * than the weekly maximum in its ISO week. `ignore` lists shifts that are leaving the employee
 * (the other half of a swap, the shift itself when it is re-assigned).
 */
export async function assertAssignable(
  tx: Tx,
  rules: ShiftRules,
  employeeId: string,
  shift: Candidate,
  ignore: readonly string[] = [],
): Promise<void> {
  const others = ignore.length > 0 ? notInArray(shifts.id, [...ignore]) : undefined;
  const assigned = and(eq(shifts.employeeId, employeeId), eq(shifts.status, 'ASSIGNED'), others);

  const [leave] = await tx
    .select({ start: timeOffRequests.startDate, end: timeOffRequests.endDate, type: leaveTypes.name })
    .from(timeOffRequests)
    .innerJoin(leaveTypes, eq(leaveTypes.id, timeOffRequests.leaveTypeId))
    .where(
      and(
        eq(timeOffRequests.employeeId, employeeId),
        eq(timeOffRequests.status, 'APPROVED'),
        lte(timeOffRequests.startDate, shift.date),
        gte(timeOffRequests.endDate, shift.date),
      ),
    )
    .limit(1);
  if (leave) {
    throw conflict(`No shift on approved leave: ${leave.type} from ${leave.start} to ${leave.end}`);
  }

  const [overlap] = await tx
    .select()
    .from(shifts)
    .where(and(assigned, lt(shifts.startsAt, shift.endsAt), gt(shifts.endsAt, shift.startsAt)))
    .limit(1);
  if (overlap) throw conflict(`No overlapping shifts: it overlaps the shift on ${describe(overlap)}`);

  const restMs = (hoursToHundredths(rules.minRestHours) ?? 0) * 36_000;
  if (restMs > 0) {
    const [tooClose] = await tx
      .select()
      .from(shifts)
      .where(
        and(
          assigned,
          sql`((${shifts.endsAt} > ${new Date(shift.startsAt.getTime() - restMs).toISOString()}::timestamptz and ${shifts.endsAt} <= ${shift.startsAt.toISOString()}::timestamptz)
            or (${shifts.startsAt} >= ${shift.endsAt.toISOString()}::timestamptz and ${shifts.startsAt} < ${new Date(shift.endsAt.getTime() + restMs).toISOString()}::timestamptz))`,
        ),
      )
      .limit(1);
    if (tooClose) {
      throw conflict(
        `Minimum rest of ${rules.minRestHours} h between shifts: too close to the shift on ${describe(tooClose)}`,
      );
    }
  }

  const monday = addDays(shift.date, 1 - isoWeekday(shift.date));
  const sunday = addDays(monday, 6);
  const week = await tx
    .select({ startsAt: shifts.startsAt, endsAt: shifts.endsAt, breakMinutes: shifts.breakMinutes })
    .from(shifts)
    .where(and(assigned, gte(shifts.date, monday), lte(shifts.date, sunday)));
  const already = week.reduce((sum, s) => sum + paidMinutes(s), 0);
  const max = Math.round(((hoursToHundredths(rules.maxWeeklyHours) ?? 0) * 60) / 100);
  if (already + paidMinutes(shift) > max) {
    throw conflict(
      `Maximum of ${rules.maxWeeklyHours} h a week: the week of ${monday} has ${hoursOfMinutes(already)} h, this shift adds ${hoursOfMinutes(paidMinutes(shift))} h`,
    );
  }
}
