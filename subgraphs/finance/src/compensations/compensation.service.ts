import { auditLog, compensations, entityRefs, outbox, payFrequencies } from '@wg/db/finance';
import { badInput, emitEvent, type FieldError, recordAudit, rules, scopeFor, z } from '@wg/runtime';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { employeeService } from '../employees/employee.service';
import type { FinanceContext } from '../loaders';
import { laborService, linesOfEmployee, lockPricing } from '../labor/labor.service';
import { settingsService } from '../settings/settings.service';
import type { SetCompensationInput } from './compensation.input';
import { type Compensation, type PayFrequency, toCompensation } from './compensation.type';

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

/**
 * A positive (or, for rates, non-negative) money amount as a decimal string: at most 2 decimal
 * places and 12 integer digits, which is what numeric(14,2) holds.
 */
export function moneyAmount(options: { allowZero: boolean }) {
  return z.string().superRefine((value, issue) => {
    const fail = (message: string) => issue.addIssue({ code: 'custom', message });
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
    if (!m) return fail('Must be a decimal string such as "1234.50"');
    const [, minus, whole = '', fraction = ''] = m;
    const zero = /^0*$/.test(whole) && /^0*$/.test(fraction);
    if (minus && !zero) return fail(options.allowZero ? 'Must not be negative' : 'Must be greater than 0');
    if (zero && !options.allowZero) return fail('Must be greater than 0');
    if (fraction.length > 2) return fail('Must have at most 2 decimal places');
    if (whole.replace(/^0+(?=\d)/, '').length > 12) return fail('Must be less than 1000000000000');
  });
}

const setSchema = z.object({
  employeeId: rules.uuid(),
  baseSalary: moneyAmount({ allowZero: false }),
  currency: rules.currency(),
  payFrequency: z.enum(payFrequencies, `Must be one of ${payFrequencies.join(', ')}`),
  effectiveFrom: rules.date(),
});

/** The message every amount in a non-reporting currency gets. */
export const currencyMismatch = (reporting: string) =>
  `Must be the tenant's reporting currency ${reporting}: multi-currency is not supported yet`;

export const compensationService = {
  /**
   * `Employee.compensation`. FORBIDDEN without any `compensation:read`; null for an employee
   * outside the caller's scope (own / team), so one query can list a team without failing.
   */
  async currentFor(ctx: FinanceContext, employeeId: string): Promise<Compensation | null> {
    // A field of an Employee: masked (null) without the permission or outside the scope, never an error.
    const scope = scopeFor(ctx.identity, 'compensation', 'read');
    if (!scope || !(await employeeService.visible(ctx, scope, employeeId))) return null;
    const row = await ctx.loaders.currentCompensationByEmployee.load(employeeId);
    return row ? toCompensation(row) : null;
  },

  /**
   * Records a compensation (history is kept; the current one is the latest effective on or before
   * today) and re-prices the labour lines dated from `effectiveFrom` to the next compensation. Requires `compensation:create`. Every bad field is reported at once and nothing is
   * written; the event and the audit entry commit with the row or not at all.
   */
  async set(ctx: FinanceContext, input: SetCompensationInput): Promise<Compensation> {
    ctx.authorize('compensation:create');
    const tenantId = ctx.tenantId();
    const parsed = setSchema.safeParse(input);
    const errors: FieldError[] = parsed.success
      ? []
      : parsed.error.issues.map((i) => ({ field: `input.${i.path.join('.')}`, message: i.message }));
    const bad = new Set(errors.map((e) => e.field));

    return ctx.tx(async (tx) => {
      // Before anything is read: the re-pricing below must see every line priced so far.
      await lockPricing(tx, tenantId);
      // Reference checks for the fields whose shape is fine, so one response names every problem.
      const [employee, reporting] = await Promise.all([
        bad.has('input.employeeId')
          ? null
          : tx
              .select({ id: entityRefs.id })
              .from(entityRefs)
              .where(and(eq(entityRefs.entityType, 'Employee'), eq(entityRefs.id, input.employeeId))),
        settingsService.reportingCurrency(tx),
      ]);
      if (employee && employee.length === 0) {
        errors.push({ field: 'input.employeeId', message: 'Unknown employee' });
      }
      if (!bad.has('input.currency') && input.currency !== reporting) {
        errors.push({ field: 'input.currency', message: currencyMismatch(reporting) });
      }
      if (errors.length > 0 || !parsed.success) throw badInput(errors);

      const data = parsed.data;
      const [created] = await tx
        .insert(compensations)
        .values({
          tenantId,
          employeeId: data.employeeId,
          baseSalary: data.baseSalary,
          currency: data.currency,
          payFrequency: data.payFrequency,
          effectiveFrom: data.effectiveFrom,
        })
        .returning();
      const row = created!;
      await emitEvent(tx, outbox, {
        tenantId,
        type: 'finance.compensation.set',
        aggregateType: 'Compensation',
        aggregateId: row.id,
        data: {
          employeeId: row.employeeId,
          baseSalary: row.baseSalary,
          currency: row.currency,
          payFrequency: row.payFrequency,
          effectiveFrom: row.effectiveFrom,
        },
      });
      // The lines whose dates the new compensation covers are re-priced now (a retroactive raise
      // changes their cost), announced as signed differences with this compensation as aggregate.
      await laborService.repriceAndAnnounce(tx, tenantId, linesOfEmployee(row.employeeId), row.id);
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'compensation.set',
          entityType: 'Compensation',
          entityId: row.id,
          after: row,
        },
      ]);
      return toCompensation(row);
    });
  },
};
