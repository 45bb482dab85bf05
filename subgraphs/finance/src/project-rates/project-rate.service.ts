import { auditLog, entityRefs, outbox, projectRatePeriods, projectRates } from '@wg/db/finance';
import { badInput, clock, emitEvent, type FieldError, recordAudit, rules, z } from '@wg/runtime';
import { and, eq, sql } from 'drizzle-orm';
import { currencyMismatch, moneyAmount } from '../compensations/compensation.service';
import type { FinanceContext } from '../loaders';
import { laborService, linesOfProject, lockPricing } from '../labor/labor.service';
import { settingsService } from '../settings/settings.service';
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
    const parsed = setSchema.safeParse(input);
    const errors: FieldError[] = parsed.success
      ? []
      : parsed.error.issues.map((i) => ({ field: `input.${i.path.join('.')}`, message: i.message }));
    const bad = new Set(errors.map((e) => e.field));

    return ctx.tx(async (tx) => {
      await lockPricing(tx, tenantId);
      const [project, reporting] = await Promise.all([
        bad.has('input.projectId')
          ? null
          : tx
              .select({ id: entityRefs.id })
              .from(entityRefs)
              .where(and(eq(entityRefs.entityType, 'Project'), eq(entityRefs.id, input.projectId))),
        settingsService.reportingCurrency(tx),
      ]);
      if (project && project.length === 0)
        errors.push({ field: 'input.projectId', message: 'Unknown project' });
      if (!bad.has('input.currency') && input.currency !== reporting) {
        errors.push({ field: 'input.currency', message: currencyMismatch(reporting) });
      }
      if (errors.length > 0 || !parsed.success) throw badInput(errors);

      const data = parsed.data;
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
        .returning({ id: projectRatePeriods.id });
      await emitEvent(tx, outbox, {
        tenantId,
        type: 'finance.project_rate.set',
        aggregateType: 'Project',
        aggregateId: row.projectId,
        data: { projectId: row.projectId, hourlyRate: row.hourlyRate, currency: row.currency, effectiveFrom },
      });
      await laborService.repriceAndAnnounce(tx, tenantId, linesOfProject(row.projectId), period!.id);
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
      return toProjectBillingRate({ ...row, effectiveFrom });
    });
  },
};
