import { entityRefs } from '@wg/db/work';
import type { LoaderContext } from '@wg/runtime';
import DataLoader from 'dataloader';
import { and, eq, sql } from 'drizzle-orm';
import { EMPLOYEE_REF, reportingLine } from './employee.service';

/**
 * The reporting line (the root and everyone below them) by root employee id. In practice the only
 * key is the caller, so a request pays one query however many `team`-scoped fields it resolves.
 */
export const reportingLineOf = (ctx: LoaderContext) =>
  new DataLoader<string, Set<string>>((roots) =>
    Promise.all(
      roots.map(async (root) => {
        const rows = await ctx.tx((tx) =>
          tx
            .select({ id: entityRefs.id })
            .from(entityRefs)
            .where(
              and(eq(entityRefs.entityType, EMPLOYEE_REF), sql`${entityRefs.id} in ${reportingLine(root)}`),
            ),
        );
        // The root is in their own line even before people's events about them have arrived.
        return new Set([root, ...rows.map((r) => r.id)]);
      }),
    ),
  );
