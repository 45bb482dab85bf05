import { schedules, shiftTemplates } from '@wg/db/work';
import { isUuid, keyedLoader, type LoaderContext } from '@wg/runtime';
import { inArray } from 'drizzle-orm';
import { toSchedule, toTemplate } from './shift.service';
import type { Schedule, ShiftTemplate } from './shift.type';

/** Schedules by id, for `Shift.schedule` across a rota. */
export const scheduleById = (ctx: LoaderContext) =>
  keyedLoader<string, Schedule>(
    async (ids) => {
      const valid = ids.filter(isUuid);
      if (valid.length === 0) return [];
      const rows = await ctx.tx((tx) => tx.select().from(schedules).where(inArray(schedules.id, valid)));
      return rows.map(toSchedule);
    },
    (s) => s.id,
  );

/** Shift templates by id, for `Shift.template`. */
export const shiftTemplateById = (ctx: LoaderContext) =>
  keyedLoader<string, ShiftTemplate>(
    async (ids) => {
      const valid = ids.filter(isUuid);
      if (valid.length === 0) return [];
      const rows = await ctx.tx((tx) =>
        tx.select().from(shiftTemplates).where(inArray(shiftTemplates.id, valid)),
      );
      return rows.map(toTemplate);
    },
    (t) => t.id,
  );
