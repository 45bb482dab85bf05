import { auditLog, compensations, outbox, payFrequencies } from '@wg/db/finance';
import { emitEvent, recordAudit, rules, scopeFor, z } from '@wg/runtime';
import { employeeService } from '../employees/employee.service';
import type { FinanceContext } from '../loaders';
import { laborService, linesOfEmployee, lockPricing } from '../labor/labor.service';
import { checkPricedInput, moneyAmount } from '../priced-input';
import type { SetCompensationInput } from './compensation.input';
import { type Compensation, toCompensation } from './compensation.type';

const setSchema = z.object({
  employeeId: rules.uuid(),
  baseSalary: moneyAmount({ allowZero: false }),
  currency: rules.currency(),
  payFrequency: z.enum(payFrequencies, `Must be one of ${payFrequencies.join(', ')}`),
  effectiveFrom: rules.date(),
});

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
    return ctx.tx(async (tx) => {
      // Before anything is read: the re-pricing below must see every line priced so far.
      await lockPricing(tx, tenantId);
      const data = await checkPricedInput(tx, setSchema, input, {
        field: 'employeeId',
        entityType: 'Employee',
        unknownMessage: 'Unknown employee',
      });
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
