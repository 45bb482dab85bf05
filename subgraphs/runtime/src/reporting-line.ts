import { type SQL, sql } from 'drizzle-orm';
import type { RefsTable } from './events/consumer';

/**
 * The reporting line as a subquery of employee ids: `rootId` and everyone below them, over a
 * subgraph's replica of people's employees (`entity_refs`, `managerId` in the Employee
 * snapshot). Use it as `sql\`${col} in ${reportingLine(entityRefs, self)}\``. `union` (not
 * `union all`) stops the recursion even if replicated data ever holds a cycle. The root is in
 * their own line even before people's events about them arrived.
 */
export function reportingLine(refs: RefsTable, rootId: string): SQL {
  return sql`(with recursive line(id) as (
      select ${rootId}::uuid
      union
      select r.id from ${refs} r join line on r.data->>'managerId' = line.id::text
       where r.entity_type = 'Employee'
    ) select id from line)`;
}

/**
 * The departments a `team` approver covers as a subquery of ids: the department of employee
 * `employeeId` (from its Employee ref) and every department below it (Department refs,
 * `parentId`). Needs the subgraph to replicate both Employee and Department refs.
 */
export function departmentSubtree(refs: RefsTable, employeeId: string): SQL {
  return sql`(with recursive tree(id) as (
      select (e.data->>'departmentId')::uuid from ${refs} e
       where e.entity_type = 'Employee' and e.id = ${employeeId}::uuid and e.data ? 'departmentId'
      union
      select d.id from ${refs} d join tree on d.data->>'parentId' = tree.id::text
       where d.entity_type = 'Department'
    ) select id from tree where id is not null)`;
}
