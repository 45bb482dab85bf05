import { auditLog, outbox, projectRatePeriods } from '@wg/db/finance';
import { clock, emitEvent, recordAudit, rules, z } from '@wg/runtime';
import { desc, eq } from 'drizzle-orm';
import type { FinanceContext } from '../loaders';
import { checkPricedInput, moneyAmount } from '../priced-input';
import { laborService, linesOfProject, lockPricing } from '../labor/labor.service';
import type { SetProjectBillingRateInput } from './project-rate.input';
import { type ProjectBillingRate, toProjectBillingRate } from './project-rate.type';

const setSchema = z.object({
  projectId: rules.uuid(),
  hourlyRate: moneyAmount({ allowZero: true }),
  currency: rules.currency(),
  effectiveFrom: rules.date().nullish(),
});

export const projectRateService = {
  /**
   * Sets a project's hourly billing rate from `effectiveFrom` on (history is kept). Requires
   * `project:update`. Without `effectiveFrom` the project's first rate applies from the beginning
   * and a later one from today. Every labour line dated in the new rate's period is re-priced in
   * the same transaction and the differences announced (`finance.labor.costed`).
   */
  async set(ctx: FinanceContext, input: SetProjectBillingRateInput): Promise<ProjectBillingRate> {
    ctx.authorize('project:update');
    const tenantId = ctx.tenantId();
    return ctx.tx(async (tx) => {
      await lockPricing(tx, tenantId);
      const data = await checkPricedInput(tx, setSchema, input, {
        field: 'projectId',
        entityType: 'Project',
        unknownMessage: 'Unknown project',
      });
      // The rate history is the one record of rates: the last one recorded is "the rate before".
      const [before] = await tx
        .select()
        .from(projectRatePeriods)
        .where(eq(projectRatePeriods.projectId, data.projectId))
        .orderBy(desc(projectRatePeriods.createdAt), desc(projectRatePeriods.id))
        .limit(1);
      const effectiveFrom = data.effectiveFrom ?? (before ? clock.today() : null);
      const [period] = await tx
        .insert(projectRatePeriods)
        .values({
          tenantId,
          projectId: data.projectId,
          hourlyRate: data.hourlyRate,
          currency: data.currency,
          effectiveFrom,
        })
        .returning();
      const row = { ...period!, updatedAt: period!.createdAt };
      await emitEvent(tx, outbox, {
        tenantId,
        type: 'finance.project_rate.set',
        aggregateType: 'Project',
        aggregateId: row.projectId,
        data: { projectId: row.projectId, hourlyRate: row.hourlyRate, currency: row.currency, effectiveFrom },
      });
      await laborService.repriceAndAnnounce(tx, tenantId, linesOfProject(row.projectId), row.id);
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'project_rate.set',
          entityType: 'Project',
          entityId: row.projectId,
          before: before ?? null,
          after: period,
        },
      ]);
      return toProjectBillingRate(row);
    });
  },
};
