import { auditLog, outbox, projectRates } from '@wg/db/finance';
import { emitEvent, recordAudit, rules, z } from '@wg/runtime';
import { eq, sql } from 'drizzle-orm';
import type { FinanceContext } from '../loaders';
import { checkPricedInput, moneyAmount } from '../priced-input';
import type { SetProjectBillingRateInput } from './project-rate.input';
import { type ProjectBillingRate, toProjectBillingRate } from './project-rate.type';

const setSchema = z.object({
  projectId: rules.uuid(),
  hourlyRate: moneyAmount({ allowZero: true }),
  currency: rules.currency(),
});

export const projectRateService = {
  /**
   * Sets (or replaces) a project's hourly billing rate. Requires `project:update`. Hours costed
   * from now on earn it; labour already costed keeps the revenue it was priced at.
   */
  async set(ctx: FinanceContext, input: SetProjectBillingRateInput): Promise<ProjectBillingRate> {
    ctx.authorize('project:update');
    const tenantId = ctx.tenantId();
    return ctx.tx(async (tx) => {
      const data = await checkPricedInput(tx, setSchema, input, {
        field: 'projectId',
        entityType: 'Project',
        unknownMessage: 'Unknown project',
      });
      const [before] = await tx.select().from(projectRates).where(eq(projectRates.projectId, data.projectId));
      const [saved] = await tx
        .insert(projectRates)
        .values({ tenantId, projectId: data.projectId, hourlyRate: data.hourlyRate, currency: data.currency })
        .onConflictDoUpdate({
          target: [projectRates.tenantId, projectRates.projectId],
          set: { hourlyRate: data.hourlyRate, currency: data.currency, updatedAt: sql`now()` },
        })
        .returning();
      const row = saved!;
      await emitEvent(tx, outbox, {
        tenantId,
        type: 'finance.project_rate.set',
        aggregateType: 'Project',
        aggregateId: row.projectId,
        data: { projectId: row.projectId, hourlyRate: row.hourlyRate, currency: row.currency },
      });
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'project_rate.set',
          entityType: 'Project',
          entityId: row.projectId,
          before: before ?? null,
          after: row,
        },
      ]);
      return toProjectBillingRate(row);
    });
  },
};
