import { positions } from '@wg/db/people';
import type { LoaderContext } from '@wg/runtime';
import { groupedLoader, isUuid, keyedLoader } from '@wg/runtime';
import DataLoader from 'dataloader';
import { asc, inArray, sql } from 'drizzle-orm';
import { jsonIds, selectRows } from '../org-chart/sql';
import type { Position } from './position.type';

/** Positions by id (`Employee.position`, references): one query per tick. */
export const positionById = (ctx: LoaderContext) =>
  keyedLoader<string, Position>(
    (ids) =>
      ctx.tx((tx) =>
        tx
          .select()
          .from(positions)
          .where(inArray(positions.id, ids.filter(isUuid))),
      ),
    (p) => p.id,
  );

/** Positions by department (`Department.positions`), by title. */
export const positionsByDepartment = (ctx: LoaderContext) =>
  groupedLoader<string, Position>(
    (ids) =>
      ctx.tx((tx) =>
        tx
          .select()
          .from(positions)
          .where(inArray(positions.departmentId, ids.filter(isUuid)))
          .orderBy(asc(positions.title), asc(positions.id)),
      ),
    (p) => p.departmentId,
  );

/** Filled seats (employees holding the position who have not left: ACTIVE or ON_LEAVE) for many positions in one statement. */
export const filledSeatsByPosition = (ctx: LoaderContext) =>
  new DataLoader<string, number>(async (ids) => {
    const rows = await ctx.tx((tx) =>
      selectRows<{ position_id: string; n: number }>(
        tx,
        sql`select position_id, count(*)::int as n from people.employees
            where status <> 'TERMINATED'
              and position_id in (select value::uuid from jsonb_array_elements_text(${jsonIds(ids.filter(isUuid))}::jsonb))
            group by position_id`,
      ),
    );
    const byId = new Map(rows.map((r) => [r.position_id, Number(r.n)] as const));
    return ids.map((id) => byId.get(id) ?? 0);
  });
