import { requireScope, type Scope, scopeFor } from '@wg/runtime';
import type { WorkContext } from '../loaders';

/**
 * Time-off permissions (role templates in the runtime's auth/permissions.ts):
 *  - `time_off:manage` (all): leave types, holiday calendars, policies, balance adjustments (HR);
 *  - `time_off:read` (own / team / all): balances and requests of yourself / your reporting line /
 *    anyone; leave types and holiday calendars are readable with any scope of it;
 *  - `time_off:request` (own / team / all): ask for time off for yourself / on someone's behalf;
 *  - `time_off:approve` (team / all): decide requests (never your own; team = reporting line).
 */
export const TIME_OFF_MANAGE = 'time_off:manage' as const;

/** The caller holds `time_off:manage:all`, else FORBIDDEN. */
export function requireManage(ctx: WorkContext): void {
  requireScope(ctx.identity, TIME_OFF_MANAGE, 'all');
}

/** Any scope of `time_off:read` (leave types and calendars are tenant-wide reference data). */
export function requireRead(ctx: WorkContext): Scope {
  return ctx.authorize('time_off:read');
}

/**
 * Whether the caller may see `employeeId`'s time off with `resource:action` (`time_off:read`,
 * `time_off:request`): own → themselves, team → their reporting line, all → anyone.
 */
export async function mayActFor(
  ctx: WorkContext,
  action: 'read' | 'request',
  employeeId: string,
): Promise<boolean> {
  const scope = scopeFor(ctx.identity, 'time_off', action);
  if (!scope) return false;
  if (scope === 'all') return true;
  const self = ctx.identity.employeeId;
  if (!self) return false;
  if (scope === 'own') return employeeId === self;
  return (await ctx.loaders.reportingLineOf.load(self)).has(employeeId);
}
