import type { Tx } from '@wg/db';
import { type Identity, requireScope, type Scope } from '@wg/runtime';
import { sql } from 'drizzle-orm';
import { selectRows } from './sql';

/**
 * Who sees which part of the pipeline. Scope `all` (recruiters, HR) sees every posting's
 * applications; scope `team` (hiring managers: department heads and managers) sees those of their
 * own department and every department below it, as recruiting knows them from people's events
 * (`entity_refs`: the caller's Employee ref gives the department, Department refs the tree).
 */
export interface PipelineAccess {
  scope: Scope;
  /** Departments a `team` caller covers; null for scope `all`. */
  departments: string[] | null;
}

/** The caller's department and everything below it (recursive over the Department refs). */
export async function teamDepartments(tx: Tx, employeeId: string | null): Promise<string[]> {
  if (!employeeId) return [];
  const rows = await selectRows<{ id: string }>(
    tx,
    sql`
    with recursive tree(id, path) as (
      select (data->>'departmentId')::uuid, array[(data->>'departmentId')::uuid]
        from recruiting.entity_refs
       where entity_type = 'Employee' and id = ${employeeId}::uuid and data ? 'departmentId'
      union all
      select d.id, tree.path || d.id
        from recruiting.entity_refs d join tree on (d.data->>'parentId')::uuid = tree.id
       where d.entity_type = 'Department' and d.id <> all(tree.path)
    )
    select distinct id::text as id from tree where id is not null`,
  );
  return rows.map((r) => r.id);
}

/**
 * FORBIDDEN without the permission at scope `team` or `all`: `own` names no department, so it
 * covers no pipeline.
 */
export async function pipelineAccess(
  tx: Tx,
  identity: Identity,
  permission: `${string}:${string}`,
): Promise<PipelineAccess> {
  const scope = requireScope(identity, permission, 'team');
  if (scope === 'all') return { scope, departments: null };
  return { scope, departments: await teamDepartments(tx, identity.employeeId) };
}

/** True when the caller's access covers a posting of `departmentId`. */
export const covers = (access: PipelineAccess, departmentId: string) =>
  access.departments === null || access.departments.includes(departmentId);
