import type { LoaderContext } from '@wg/runtime';
import DataLoader from 'dataloader';
import { sql } from 'drizzle-orm';
import { annualisedSalary } from '../compensations/compensation.salary';
import { jsonIds, selectRows } from '../sql';
import { clock, isUuid } from '@wg/runtime';

/**
 * `reportingLine(rootId).load(employeeId)`: is the employee in root's reporting line (root
 * themselves, their reports, their reports' reports…)? Answered from entity_refs (`managerId` in
 * the replicated people snapshot), one recursive query per tick for all asked ids.
 * One DataLoader per root, created lazily and cached for the request.
 */
export const reportingLine = (ctx: LoaderContext) => {
  const byRoot = new Map<string, DataLoader<string, boolean>>();
  return (rootId: string) => {
    let loader = byRoot.get(rootId);
    if (!loader) {
      loader = new DataLoader<string, boolean>(async (ids) => {
        const asked = ids.filter(isUuid);
        if (!isUuid(rootId) || asked.length === 0) return ids.map(() => false);
        const rows = await ctx.tx((tx) =>
          selectRows<{ id: string }>(
            tx,
            // `union` (not `union all`) stops at a cycle in bad data instead of looping.
            sql`with recursive line(id) as (
                select ${rootId}::uuid
                union
                select r.id from finance.entity_refs r join line on r.data->>'managerId' = line.id::text
                where r.entity_type = 'Employee'
              )
              select id::text as id from line
              where id in (select value::uuid from jsonb_array_elements_text(${jsonIds(asked)}::jsonb))`,
          ),
        );
        const inLine = new Set(rows.map((r) => r.id));
        return ids.map((id) => inLine.has(id));
      });
      byRoot.set(rootId, loader);
    }
    return loader;
  };
};

/**
 * `Employee.roi` (deprecated) for many employees in one statement: the current compensation
 * annualised (latest effective_from on or before today) against the revenue their counted hours
 * generated from the same date a year ago through today, both days included, in SQL numeric,
 * rounded to 4 places. Null without a compensation.
 */
export const roiByEmployee = (ctx: LoaderContext) =>
  new DataLoader<string, string | null>(async (ids) => {
    const asked = ids.filter(isUuid);
    if (asked.length === 0) return ids.map(() => null);
    const today = clock.today();
    const rows = await ctx.tx((tx) =>
      selectRows<{ employeeId: string; roi: string }>(
        tx,
        sql`with asked as (
            select value::uuid as employee_id from jsonb_array_elements_text(${jsonIds(asked)}::jsonb)
          ),
          current as (
            select distinct on (c.employee_id) c.employee_id, ${annualisedSalary('c')} as annual
            from finance.compensations c
            where c.employee_id in (select employee_id from asked) and c.effective_from <= ${today}::date
            order by c.employee_id, c.effective_from desc, c.created_at desc, c.id desc
          ),
          revenue as (
            select l.employee_id, sum(l.revenue) as revenue
            from finance.labor_entries l
            where l.employee_id in (select employee_id from asked)
              and l.counted
              -- Both ends inclusive: a line on the window's first day counts (it did not before #12).
              and l.date >= (${today}::date - interval '12 months')::date and l.date <= ${today}::date
            group by l.employee_id
          )
          select cur.employee_id::text as "employeeId",
            round((coalesce(rev.revenue, 0) - cur.annual) / cur.annual, 4)::text as roi
          from current cur left join revenue rev on rev.employee_id = cur.employee_id`,
      ),
    );
    const byId = new Map(rows.map((r) => [r.employeeId, r.roi]));
    return ids.map((id) => byId.get(id) ?? null);
  });
