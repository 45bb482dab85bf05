import { employees } from '@wg/db/people';
import { badInput, forbidden, isUuid, notFound } from '@wg/runtime';
import { sql } from 'drizzle-orm';
import type { Employee } from '../employees/employee.type';
import type { PeopleContext } from '../loaders';
import type { OrgChart, OrgChartNode } from './org-chart.type';
import { jsonIds, selectRows } from './sql';
import { directoryVisible, keepVisible } from './visibility';

export const MAX_ORG_CHART_DEPTH = 50;

/** `OrgChartNode.id`: one per (chart root or all top-level, depth limit or whole tree, employee). */
export const orgChartNodeId =
  (root: string | null, depth: number | null) =>
  (employeeId: string): string =>
    `orgchart:${root ?? 'top'}:${depth ?? 'all'}:${employeeId}`;

export function checkDepth(depth: number | null | undefined, field = 'depth'): number | null {
  if (depth === null || depth === undefined) return null;
  if (!Number.isInteger(depth) || depth < 0 || depth > MAX_ORG_CHART_DEPTH) {
    throw badInput([{ field, message: `${field} must be between 0 and ${MAX_ORG_CHART_DEPTH}` }]);
  }
  return depth;
}

interface ChartRow {
  id: string;
  parent_id: string | null;
  depth: number;
  direct_reports: number;
}

export const orgChartService = {
  /**
   * The chart under `rootId` (or under every top-level employee when omitted), `depth` levels deep.
   * Two statements whatever its size: one recursive CTE (with a path guard, so even a corrupt
   * manager cycle terminates) for the shape, one batched load of the employees on it.
   */
  async orgChart(ctx: PeopleContext, rootId: string | null, depthArg: number | null): Promise<OrgChart> {
    const visible = await directoryVisible(ctx);
    const depth = checkDepth(depthArg);
    // A team-scoped caller without a root sees their own line.
    let root = rootId;
    if (!root && visible) root = ctx.identity.employeeId;
    if (!root && visible) throw forbidden('employee:read:all');
    if (root && !isUuid(root)) throw badInput([{ field: 'rootId', message: 'Must be a valid id' }]);
    if (root && visible && !visible.has(root)) throw forbidden('employee:read');

    const { rows, people } = await ctx.tx(async (tx) => {
      const start = root ? sql`e.id = ${root}::uuid` : sql`e.manager_id is null and e.status <> 'TERMINATED'`;
      const rows = await selectRows<ChartRow>(
        tx,
        sql`
          with recursive line(id, parent_id, depth, path) as (
            select e.id, null::uuid, 0, array[e.id]
            from people.employees e
            where ${start}
            union all
            select c.id, line.id, line.depth + 1, line.path || c.id
            from people.employees c
            join line on c.manager_id = line.id
            where c.id <> all(line.path)
              and c.status <> 'TERMINATED'
              and (${depth}::int is null or line.depth < ${depth}::int)
          )
          select line.id, line.parent_id, line.depth,
            (select count(*) from people.employees r
              where r.manager_id = line.id and r.status <> 'TERMINATED' and r.id <> line.id)::int as direct_reports
          from line
          join people.employees e on e.id = line.id
          order by line.depth, e.last_name, e.first_name, e.id`,
      );
      const ids = rows.map((r) => r.id);
      // The id list travels as one jsonb parameter: a 20,000-element IN list costs seconds in binding alone.
      const people: Employee[] =
        ids.length === 0
          ? []
          : ((await tx
              .select()
              .from(employees)
              .where(
                sql`${employees.id} in (select value::uuid from jsonb_array_elements_text(${jsonIds(ids)}::jsonb))`,
              )) as Employee[]);
      return { rows, people };
    });
    if (root && rows.length === 0) throw notFound('Employee', root);

    const byId = new Map(people.map((p) => [p.id, p] as const));
    // Later field resolvers (manager, department, ...) reuse these rows instead of reloading them.
    for (const p of people) ctx.loaders.employeeById.prime(p.id, p);
    const included = new Set(rows.map((r) => r.id));
    const childCount = new Map<string, number>();
    for (const r of rows)
      if (r.parent_id) childCount.set(r.parent_id, (childCount.get(r.parent_id) ?? 0) + 1);

    // depth, parentId and hasMoreReports are relative to this chart, so the node is too: its id
    // names (root, depth limit, employee), and two charts never overwrite each other's nodes in a
    // normalised client cache. The Employee itself stays the shared entity under `employee`.
    const nodeId = orgChartNodeId(root, depth);
    const nodes: OrgChartNode[] = [];
    for (const r of rows) {
      const employee = byId.get(r.id);
      if (!employee) continue;
      const direct = Number(r.direct_reports);
      nodes.push({
        id: nodeId(r.id),
        employeeId: r.id,
        parentId: r.parent_id && included.has(r.parent_id) ? nodeId(r.parent_id) : null,
        depth: Number(r.depth),
        directReportCount: direct,
        hasMoreReports: direct > (childCount.get(r.id) ?? 0),
        employee,
      });
    }
    const shown = keepVisible(visible, nodes, (n) => n.employeeId);
    return {
      rootIds: shown.filter((n) => n.depth === 0).map((n) => n.employeeId),
      depth,
      nodes: shown,
    };
  },
};
