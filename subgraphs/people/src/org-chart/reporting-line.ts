import type { Tx } from '@wg/db';
import { sql } from 'drizzle-orm';
import { jsonIds, selectRows } from './sql';
import { isUuid } from '@wg/runtime';

/**
 * Reporting-line queries over `employees.manager_id`, shared by the org chart, the `team` permission
 * scope and anything else that needs "everyone under X" or "everyone above X".
 *
 * Each is ONE recursive CTE, whatever the size of the tree. The writers reject manager cycles, but the
 * readers do not rely on it: every walk carries the path it took and never revisits an id, so a cycle
 * that slipped in (bad import, manual SQL) still terminates. All run inside the caller's
 * tenant-scoped transaction, so RLS keeps them within one tenant.
 */

/** One node of a reporting line: who, their manager, and how far below the root (root = 0). */
export interface ReportingLineRow {
  /** The root this row was reached from (useful when several roots are walked at once). */
  rootId: string;
  id: string;
  managerId: string | null;
  depth: number;
}

/** Depth limit passed to SQL: `null` = the whole subtree. */
const depthLimit = (depth?: number | null) =>
  depth === undefined || depth === null ? null : Math.max(0, depth);

/**
 * The subtrees under several roots in one statement, roots included at depth 0 (only those that exist
 * in the tenant). Rows come ordered by root, then depth, then name, so a consumer can build a tree
 * in one pass.
 */
export async function reportingLines(
  tx: Tx,
  rootIds: readonly string[],
  depth?: number | null,
  options: { excludeTerminated?: boolean } = {},
): Promise<ReportingLineRow[]> {
  const roots = [...new Set(rootIds.filter(isUuid))];
  if (roots.length === 0) return [];
  const limit = depthLimit(depth);
  // Org charts skip people who have left (and so their former reports' stale links).
  const statusGuard = options.excludeTerminated ? sql`and c.status <> 'TERMINATED'` : sql``;
  const rows = await selectRows<{ root_id: string; id: string; manager_id: string | null; depth: number }>(
    tx,
    sql`
      with recursive line(root_id, id, manager_id, depth, path) as (
        select e.id, e.id, e.manager_id, 0, array[e.id]
        from people.employees e
        where e.id in (select value::uuid from jsonb_array_elements_text(${jsonIds(roots)}::jsonb))
        union all
        select line.root_id, c.id, c.manager_id, line.depth + 1, line.path || c.id
        from people.employees c
        join line on c.manager_id = line.id
        where c.id <> all(line.path)
          and (${limit}::int is null or line.depth < ${limit}::int)
          ${statusGuard}
      )
      select line.root_id, line.id, line.manager_id, line.depth
      from line
      join people.employees e on e.id = line.id
      order by line.root_id, line.depth, e.last_name, e.first_name, e.id`,
  );
  return rows.map((r) => ({
    rootId: r.root_id,
    id: r.id,
    managerId: r.manager_id,
    depth: Number(r.depth),
  }));
}

/**
 * Everyone below `rootEmployeeId` (direct and indirect reports, the root excluded), nearest first.
 * `depth` limits the levels (1 = direct reports only); omitted = the whole subtree.
 */
export async function reportingLineIds(
  tx: Tx,
  rootEmployeeId: string,
  depth?: number | null,
): Promise<string[]> {
  const rows = await reportingLines(tx, [rootEmployeeId], depth);
  return rows.filter((r) => r.depth > 0).map((r) => r.id);
}

/** Is `employeeId` somewhere below `managerId` (at any depth)? One statement. */
export async function isInReportingLine(tx: Tx, managerId: string, employeeId: string): Promise<boolean> {
  if (!isUuid(managerId) || !isUuid(employeeId) || managerId === employeeId) return false;
  const chain = await managementChainIds(tx, employeeId);
  return chain.includes(managerId);
}

/** One step up a management chain: `depth` 1 = the employee's own manager. */
export interface ManagementChainRow {
  /** The employee whose chain this is. */
  employeeId: string;
  managerId: string;
  depth: number;
}

/** The management chains of several employees in one statement, nearest manager first. */
export async function managementChains(
  tx: Tx,
  employeeIds: readonly string[],
): Promise<ManagementChainRow[]> {
  const ids = [...new Set(employeeIds.filter(isUuid))];
  if (ids.length === 0) return [];
  const rows = await selectRows<{ employee_id: string; manager_id: string; depth: number }>(
    tx,
    sql`
      with recursive chain(employee_id, manager_id, depth, path) as (
        select e.id, e.manager_id, 1, array[e.id]
        from people.employees e
        where e.id in (select value::uuid from jsonb_array_elements_text(${jsonIds(ids)}::jsonb))
          and e.manager_id is not null
        union all
        select chain.employee_id, m.manager_id, chain.depth + 1, chain.path || m.id
        from chain
        join people.employees m on m.id = chain.manager_id
        where m.manager_id is not null and m.id <> all(chain.path)
      )
      -- A cycle would bring the walk back to someone already listed: stop before repeating them.
      select employee_id, manager_id, depth from chain
      where manager_id <> all(path)
      order by employee_id, depth`,
  );
  return rows.map((r) => ({ employeeId: r.employee_id, managerId: r.manager_id, depth: Number(r.depth) }));
}

/**
 * The managers above `employeeId`, nearest first (their manager, that manager's manager, ... up to
 * the top). Empty for someone without a manager or an id outside the tenant.
 */
export async function managementChainIds(tx: Tx, employeeId: string): Promise<string[]> {
  const rows = await managementChains(tx, [employeeId]);
  return rows.map((r) => r.managerId);
}
