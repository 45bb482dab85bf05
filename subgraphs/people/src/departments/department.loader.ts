import { departments } from '@wg/db/people';
import type { LoaderContext } from '@wg/runtime';
import { groupedLoader, isUuid, keyedLoader } from '@wg/runtime';
import DataLoader from 'dataloader';
import { asc, inArray, sql } from 'drizzle-orm';
import { jsonIds, selectRows } from '../org-chart/sql';
import type { Department } from './department.type';

/** Departments by id: one query per request tick, whatever the number of ids. */
export const departmentById = (ctx: LoaderContext) =>
  keyedLoader<string, Department>(
    (ids) =>
      ctx.tx((tx) =>
        tx
          .select()
          .from(departments)
          .where(inArray(departments.id, ids.filter(isUuid))),
      ),
    (d) => d.id,
  );

/** Sub-departments by parent id, by name. */
export const departmentsByParent = (ctx: LoaderContext) =>
  groupedLoader<string, Department>(
    (ids) =>
      ctx.tx((tx) =>
        tx
          .select()
          .from(departments)
          .where(inArray(departments.parentId, ids.filter(isUuid)))
          .orderBy(asc(departments.name)),
      ),
    (d) => d.parentId!,
  );

/**
 * Active headcount per department, optionally over the whole subtree, for many departments in one
 * statement (recursive CTE with a path guard, so it terminates even on corrupt data).
 */
export const departmentHeadcounts = (ctx: LoaderContext) => {
  const make = (includeSub: boolean) =>
    new DataLoader<string, number>(async (ids) => {
      const rows = await ctx.tx((tx) =>
        selectRows<{ root_id: string; n: number }>(
          tx,
          sql`
            with recursive tree(root_id, id, path) as (
              select d.id, d.id, array[d.id]
              from people.departments d
              where d.id in (select value::uuid from jsonb_array_elements_text(${jsonIds(ids.filter(isUuid))}::jsonb))
              union all
              select tree.root_id, c.id, tree.path || c.id
              from people.departments c
              join tree on c.parent_id = tree.id
              where ${includeSub} and c.id <> all(tree.path)
            )
            select tree.root_id, count(e.id)::int as n
            from tree
            left join people.employees e on e.department_id = tree.id and e.status = 'ACTIVE'
            group by tree.root_id`,
        ),
      );
      const byId = new Map(rows.map((r) => [r.root_id, Number(r.n)] as const));
      return ids.map((id) => byId.get(id) ?? 0);
    });
  const own = make(false);
  const withSub = make(true);
  return (includeSubDepartments: boolean) => (includeSubDepartments ? withSub : own);
};
