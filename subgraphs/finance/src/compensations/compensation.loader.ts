import { compensations } from '@wg/db/finance';
import type { LoaderContext } from '@wg/runtime';
import { clock, isUuid, keyedLoader } from '@wg/runtime';
import { and, desc, inArray, lte } from 'drizzle-orm';
import type { CompensationRow } from './compensation.type';

/**
 * The current compensation of many employees in one `distinct on (employee_id)` query: for each,
 * the latest effective_from on or before today (later-recorded wins on the same day).
 */
export const currentCompensationByEmployee = (ctx: LoaderContext) =>
  keyedLoader<string, CompensationRow>(
    async (ids) => {
      const asked = ids.filter(isUuid);
      if (asked.length === 0) return [];
      return ctx.tx((tx) =>
        tx
          .selectDistinctOn([compensations.employeeId])
          .from(compensations)
          .where(
            and(inArray(compensations.employeeId, asked), lte(compensations.effectiveFrom, clock.today())),
          )
          .orderBy(
            compensations.employeeId,
            desc(compensations.effectiveFrom),
            desc(compensations.createdAt),
            desc(compensations.id),
          ),
      );
    },
    (c) => c.employeeId,
  );
