import { forbidden, type Scope, scopeFor } from '@wg/runtime';
import type { PeopleContext } from '../loaders';
import { reportingLineIds } from './reporting-line';

/**
 * Which employees a caller may see, as `null` (everyone in the tenant) or a set of ids. Scope
 * `team` = the caller and their whole reporting line (one recursive CTE, computed once per request),
 * `own` = the caller only.
 */
const lines = new WeakMap<object, Promise<Set<string>>>();

function idsForScope(ctx: PeopleContext, scope: Scope): Promise<Set<string> | null> {
  if (scope === 'all') return Promise.resolve(null);
  const self = ctx.identity.employeeId;
  if (!self) return Promise.resolve(new Set<string>());
  if (scope === 'own') return Promise.resolve(new Set([self]));
  let pending = lines.get(ctx);
  if (!pending) {
    pending = ctx.tx((tx) => reportingLineIds(tx, self)).then((ids) => new Set([self, ...ids]));
    lines.set(ctx, pending);
  }
  return pending;
}

/** Employees whose full record the caller may read (`employee:read` scope); FORBIDDEN without it. */
export function visibleEmployees(ctx: PeopleContext): Promise<Set<string> | null> {
  return idsForScope(ctx, ctx.authorize('employee:read'));
}

/**
 * Employees whose directory entry (name, title, department, manager: what an org chart shows) the
 * caller may see: everyone with `employee_directory:read:all` or `employee:read:all`, otherwise their
 * `employee:read` scope. FORBIDDEN with neither.
 */
export function directoryVisible(ctx: PeopleContext): Promise<Set<string> | null> {
  ctx.tenantId();
  if (scopeFor(ctx.identity, 'employee_directory', 'read') === 'all') return Promise.resolve(null);
  return visibleEmployees(ctx);
}

/** Employees whose skills the caller may see (`skill:read` scope). */
export function skillsVisible(ctx: PeopleContext): Promise<Set<string> | null> {
  return idsForScope(ctx, ctx.authorize('skill:read'));
}

/** Keeps only the rows whose id is in `visible` (null = all), order preserved. */
export function keepVisible<T>(visible: Set<string> | null, rows: T[], idOf: (row: T) => string): T[] {
  return visible ? rows.filter((r) => visible.has(idOf(r))) : rows;
}

/** Keeps only the employees the caller may read (full record), order preserved. */
export async function filterVisible<T>(
  ctx: PeopleContext,
  rows: T[],
  idOf: (row: T) => string,
): Promise<T[]> {
  return keepVisible(await visibleEmployees(ctx), rows, idOf);
}

/** FORBIDDEN unless `id` is in `visible`. */
export function assertIn(visible: Set<string> | null, id: string, permission = 'employee:read'): void {
  if (visible && !visible.has(id)) throw forbidden(permission);
}

/** FORBIDDEN unless the caller may read employee `id`'s full record. */
export async function assertVisible(ctx: PeopleContext, id: string): Promise<void> {
  assertIn(await visibleEmployees(ctx), id);
}
