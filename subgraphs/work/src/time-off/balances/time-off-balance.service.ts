import type { Tx } from '@wg/db';
import { leaveTypes, timeOffAdjustments, timeOffPolicies, timeOffRequests } from '@wg/db/work';
import { badInput, checkInput, clock, Dec, isValidDate, rules, yearOf, z } from '@wg/runtime';
import { and, asc, eq, gte, inArray, lte } from 'drizzle-orm';
import { type EmployeeRef, employeeService } from '../../employees/employee.service';
import type { WorkContext } from '../../loaders';
import type { LeaveType } from '../leave-types/leave-type.type';
import { mayActFor, requireManage } from '../time-off.access';
import { auditTimeOff } from '../time-off.audit';
import { type Balance, balanceAsOf, type ByYear } from './time-off-balance.accrual';
import type { TimeOffAdjustment, TimeOffBalance } from './time-off-balance.type';

/** What the balance needs to know about an employee, from work's replica of people's snapshot. */
export interface EmployeeTerms {
  id: string;
  hireDate: string;
  terminationDate: string | null;
  employmentType: NonNullable<EmployeeRef['employmentType']>;
  workLocation: string | null;
  /** people's employment periods, when the snapshot carries them (a rehire keeps the earlier). */
  stints: { start: string; end: string | null }[] | null;
}

export function termsOf(ref: EmployeeRef): EmployeeTerms {
  return {
    id: ref.id,
    // An employee whose snapshot has no hire date has no accrual history yet: count from today.
    hireDate: typeof ref.hireDate === 'string' && isValidDate(ref.hireDate) ? ref.hireDate : clock.today(),
    terminationDate: typeof ref.terminationDate === 'string' ? ref.terminationDate : null,
    // Snapshots from before employmentType was replicated: people's default.
    employmentType: ref.employmentType ?? 'FULL_TIME',
    workLocation: ref.workLocation ? ref.workLocation : null,
    stints: Array.isArray(ref.stints) && ref.stints.length > 0 ? ref.stints : null,
  };
}

const fmt = (d: Dec) => d.toFixed(2);

/**
 * Balances of one employee for the given leave types as of `asOf`: three queries (policies,
 * adjustments, requests) whatever the number of types.
 */
export async function computeBalances(
  tx: Tx,
  employee: EmployeeTerms,
  types: LeaveType[],
  asOf: string,
): Promise<Map<string, Balance>> {
  const typeIds = types.map((t) => t.id);
  if (typeIds.length === 0) return new Map();
  const [policies, adjustments, requests] = await Promise.all([
    tx
      .select()
      .from(timeOffPolicies)
      .where(
        and(
          inArray(timeOffPolicies.leaveTypeId, typeIds),
          eq(timeOffPolicies.employmentType, employee.employmentType),
        ),
      ),
    tx
      .select({
        leaveTypeId: timeOffAdjustments.leaveTypeId,
        amount: timeOffAdjustments.amount,
        effectiveDate: timeOffAdjustments.effectiveDate,
      })
      .from(timeOffAdjustments)
      .where(
        and(eq(timeOffAdjustments.employeeId, employee.id), inArray(timeOffAdjustments.leaveTypeId, typeIds)),
      ),
    tx
      .select({
        leaveTypeId: timeOffRequests.leaveTypeId,
        status: timeOffRequests.status,
        amountByYear: timeOffRequests.amountByYear,
      })
      .from(timeOffRequests)
      .where(
        and(
          eq(timeOffRequests.employeeId, employee.id),
          inArray(timeOffRequests.leaveTypeId, typeIds),
          inArray(timeOffRequests.status, ['PENDING', 'APPROVED']),
        ),
      ),
  ]);
  const out = new Map<string, Balance>();
  for (const type of types) {
    const policy = policies.find((p) => p.leaveTypeId === type.id) ?? null;
    const mine = requests.filter((r) => r.leaveTypeId === type.id);
    out.set(
      type.id,
      balanceAsOf({
        rule: policy,
        employment: employee,
        asOf,
        adjustments: adjustments.filter((a) => a.leaveTypeId === type.id),
        approved: mine.filter((r) => r.status === 'APPROVED').map((r) => r.amountByYear as ByYear),
        pending: mine.filter((r) => r.status === 'PENDING').map((r) => r.amountByYear as ByYear),
      }),
    );
  }
  return out;
}

export function toBalanceType(type: LeaveType, asOf: string, b: Balance): TimeOffBalance {
  return {
    leaveType: type,
    unit: type.unit,
    asOf,
    year: b.year,
    carriedOver: fmt(b.carriedOver),
    accrued: fmt(b.accrued),
    adjustments: fmt(b.adjustments),
    taken: fmt(b.taken),
    pending: fmt(b.pending),
    available: type.balanceApplies ? fmt(b.available) : null,
  };
}

const adjustSchema = z.object({
  employeeId: rules.uuid(),
  leaveTypeId: rules.uuid(),
  amount: z
    .string()
    .regex(/^-?\d{1,4}(\.\d{1,2})?$/, 'Must be a signed decimal with at most 2 decimal places (e.g. "-1.5")')
    .refine((v) => !Dec.of(v).isZero(), 'Must not be zero'),
  reason: z
    .string()
    .trim()
    .min(1, 'Say why the balance changes')
    .max(2000, 'Reason must be at most 2000 characters'),
  effectiveDate: rules.date().nullish(),
});

export const timeOffBalanceService = {
  /**
   * `Employee.timeOffBalances(asOf)`: one balance per leave type, by name. Requires
   * `time_off:read`: own → yourself, team → your reporting line, all → anyone (others get null).
   */
  async forEmployee(
    ctx: WorkContext,
    employeeId: string,
    asOf: string | null,
  ): Promise<TimeOffBalance[] | null> {
    const day = asOf ?? clock.today();
    if (!(await mayActFor(ctx, 'read', employeeId))) return null;
    return ctx.tx(async (tx) => {
      // Side by side: one round trip fewer on a pipelining driver.
      const [ref, types] = await Promise.all([
        employeeService.findRef(tx, employeeId),
        tx.select().from(leaveTypes).orderBy(asc(leaveTypes.name), asc(leaveTypes.id)),
      ]);
      if (!ref) return [];
      const balances = await computeBalances(tx, termsOf(ref), types, day);
      return types.map((t) => toBalanceType(t, day, balances.get(t.id)!));
    });
  },

  /** A manual, audited balance correction. Requires `time_off:manage:all`. */
  async adjust(
    ctx: WorkContext,
    input: {
      employeeId: string;
      leaveTypeId: string;
      amount: string;
      reason: string;
      effectiveDate?: string | null;
    },
  ): Promise<TimeOffAdjustment> {
    requireManage(ctx);
    const check = checkInput(adjustSchema, input, '');
    return ctx.tx(async (tx) => {
      if (!check.bad('employeeId') && !(await employeeService.findRef(tx, input.employeeId))) {
        check.fail('employeeId', 'Unknown employee');
      }
      if (!check.bad('leaveTypeId')) {
        const [type] = await tx.select().from(leaveTypes).where(eq(leaveTypes.id, input.leaveTypeId));
        if (!type) check.fail('leaveTypeId', 'Unknown leave type');
        else if (!type.balanceApplies)
          check.fail('leaveTypeId', `Leave type ${type.code} has no balance to adjust`);
      }
      const data = check.valid();
      const [row] = await tx
        .insert(timeOffAdjustments)
        .values({
          tenantId: ctx.tenantId(),
          employeeId: data.employeeId,
          leaveTypeId: data.leaveTypeId,
          amount: Dec.of(data.amount).toFixed(2),
          reason: data.reason,
          effectiveDate: data.effectiveDate ?? clock.today(),
          createdBy: ctx.identity.userId,
        })
        .returning();
      await auditTimeOff(ctx, tx, 'time_off.adjust', 'TimeOffAdjustment', row!.id, null, row);
      return row!;
    });
  },

  /** Adjustments of one employee, newest first. Same read rule as balances (others: null). */
  async adjustmentsOf(
    ctx: WorkContext,
    employeeId: string,
    year: number | null,
  ): Promise<TimeOffAdjustment[] | null> {
    const y = year ?? yearOf(clock.today());
    if (y < 1900 || y > 9999)
      throw badInput([{ field: 'year', message: 'Must be a year between 1900 and 9999' }]);
    if (!(await mayActFor(ctx, 'read', employeeId))) return null;
    return ctx.tx((tx) =>
      tx
        .select()
        .from(timeOffAdjustments)
        .where(
          and(
            eq(timeOffAdjustments.employeeId, employeeId),
            gte(timeOffAdjustments.effectiveDate, `${y}-01-01`),
            lte(timeOffAdjustments.effectiveDate, `${y}-12-31`),
          ),
        )
        .orderBy(asc(timeOffAdjustments.effectiveDate), asc(timeOffAdjustments.id)),
    );
  },
};
