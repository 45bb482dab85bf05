import type { Tx } from '@wg/db';
import { auditLog, recruitingSettings } from '@wg/db/recruiting';
import { checkInput, recordAudit, requireScope, z } from '@wg/runtime';
import { eq } from 'drizzle-orm';
import { DEFAULT_REMINDER_LEAD_HOURS, retimeReminders } from '../interviews/interview.reminders';
import type { RecruitingContext } from '../loaders';
import type { UpdateRecruitingSettingsInput } from './settings.input';
import { RecruitingSettings } from './settings.type';

const updateSchema = z.object({
  reminderLeadHours: z
    .number()
    .int('Must be a whole number of hours')
    .min(1, 'At least 1 hour')
    .max(168, 'At most 168 hours (a week)')
    .nullish(),
});

type Row = typeof recruitingSettings.$inferSelect;

const view = (tenantId: string, row: Row | undefined): RecruitingSettings =>
  Object.assign(new RecruitingSettings(), {
    id: tenantId,
    reminderLeadHours: row?.reminderLeadHours ?? DEFAULT_REMINDER_LEAD_HOURS,
    updatedAt: row?.updatedAt ?? null,
  });

async function rowOf(tx: Tx, tenantId: string, lock = false): Promise<Row | undefined> {
  const q = tx.select().from(recruitingSettings).where(eq(recruitingSettings.tenantId, tenantId));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export const settingsService = {
  async get(ctx: RecruitingContext): Promise<RecruitingSettings> {
    requireScope(ctx.identity, 'recruiting_settings:read', 'all');
    const tenantId = ctx.tenantId();
    return ctx.tx(async (tx) => view(tenantId, await rowOf(tx, tenantId)));
  },

  async update(ctx: RecruitingContext, input: UpdateRecruitingSettingsInput): Promise<RecruitingSettings> {
    requireScope(ctx.identity, 'recruiting_settings:update', 'all');
    const data = checkInput(updateSchema, input).valid();
    const tenantId = ctx.tenantId();
    return ctx.tx(async (tx) => {
      const before = await rowOf(tx, tenantId, true);
      const lead = data.reminderLeadHours ?? before?.reminderLeadHours ?? DEFAULT_REMINDER_LEAD_HOURS;
      if (before && before.reminderLeadHours === lead) return view(tenantId, before);
      const values = { tenantId, reminderLeadHours: lead, updatedBy: ctx.identity.userId };
      const [after] = await tx
        .insert(recruitingSettings)
        .values(values)
        .onConflictDoUpdate({ target: recruitingSettings.tenantId, set: values })
        .returning();
      await retimeReminders(tx, tenantId, lead);
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'recruiting_settings.update',
          entityType: 'RecruitingSettings',
          entityId: tenantId,
          before: before ?? null,
          after,
        },
      ]);
      return view(tenantId, after);
    });
  },
};
