import {
  type FieldPermissionOptions,
  forbidden,
  type Scope,
  type SubgraphContext,
  scopeFor,
} from '@wg/runtime';
import type { PeopleContext } from '../loaders';
import { visibleEmployees } from '../org-chart/visibility';

interface HasId {
  id: string;
}

/**
 * Non-directory fields: `employee:read` scope `all`, the caller's own record (`own`), or someone in
 * the caller's reporting line (`team`). Everyone else gets null.
 */
export const fullRecord: FieldPermissionOptions<HasId, unknown> = {
  denied: 'null',
  owner: (e) => e.id,
  team: async (ctx, e) => {
    const visible = await visibleEmployees(ctx as PeopleContext);
    return !visible || visible.has(e.id);
  },
};

/** Sensitive fields: only the holder of `employee_sensitive:read` (own = their own record). */
export const sensitiveRecord = <V>(mask: (value: V) => unknown): FieldPermissionOptions<HasId, V> => ({
  mask,
  owner: (e) => e.id,
  onRead: (ctx, e, field) =>
    (ctx as SubgraphContext<PeopleContext['loaders']>).loaders.sensitiveReads.load(`${e.id}|${field}`),
});

export interface ReadAccess {
  /** Scope of `employee:read` (full records), or null. */
  full: Scope | null;
  /** May list everyone's directory fields. */
  directory: boolean;
}

/**
 * What the caller may read about employees. Lists show every row to directory readers (their
 * non-directory fields resolve to null); without directory access rows are narrowed to the
 * `employee:read` scope. FORBIDDEN with neither.
 */
export function readAccess(ctx: PeopleContext): ReadAccess {
  ctx.tenantId();
  const full = scopeFor(ctx.identity, 'employee', 'read');
  const directory = full === 'all' || scopeFor(ctx.identity, 'employee_directory', 'read') === 'all';
  if (!full && !directory) throw forbidden('employee_directory:read');
  return { full, directory };
}
