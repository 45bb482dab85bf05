import { forbidden, unauthenticated } from '../errors';
import type { Identity } from './identity';

/**
 * Permissions are `resource:action:scope`; scope is `own` (records about yourself), `team` (your
 * reporting line) or `all` (the whole tenant). `*` matches any resource or action.
 */
export type Scope = 'own' | 'team' | 'all';
const SCOPE_RANK: Record<Scope, number> = { own: 1, team: 2, all: 3 };

/** Built-in role templates. Custom roles (security issue) expand to the same strings. */
export const ROLE_TEMPLATES: Record<string, readonly string[]> = {
  super_admin: ['*:*:all', 'tenant:create:all', 'schema:introspect:all'],
  admin: ['*:*:all', 'schema:introspect:all'],
  hr_manager: [
    'employee:*:all',
    'employee_sensitive:read:all',
    'department:*:all',
    'position:*:all',
    'skill:*:all',
    'benefit_plan:*:all',
    'benefit:*:all',
    'compensation:*:all',
    'job_posting:*:all',
    'candidate:*:all',
    'application:*:all',
    'interview:*:all',
    'scorecard:*:all',
    'offer:*:all',
    'rate_negotiation:*:all',
    'recruiting_settings:*:all',
    'referral:*:own',
    'project:read:all',
    'timesheet:read:all',
    'timesheet:approve:all',
    'attendance:*:all',
    'shift:*:all',
    // Leave types, calendars, policies, adjustments; every balance and request; approve anyone's.
    'time_off:*:all',
    'analytics:read:all',
    'conversation:*:own',
    'user:read:all',
  ],
  department_head: [
    'employee:read:team',
    'employee_directory:read:all',
    'department:read:all',
    'position:read:all',
    'skill:read:all',
    'skill:assign:team',
    'benefit_plan:read:all',
    'benefit:read:own',
    'compensation:read:team',
    'project:*:all',
    'timesheet:*:team',
    'timesheet:approve:team',
    'attendance:create:team',
    'attendance:read:team',
    'attendance:approve:team',
    'shift:read:team',
    'shift:manage:team',
    'shift:approve:team',
    'shift:create:own',
    'time_off:read:team',
    'time_off:request:team',
    'time_off:approve:team',
    'job_posting:*:all',
    'candidate:read:team',
    'application:read:team',
    'interview:read:team',
    'scorecard:read:team',
    'scorecard:create:own',
    'offer:read:team',
    'offer:approve:team',
    'referral:*:own',
    'analytics:read:all',
    'conversation:*:own',
  ],
  manager: [
    'employee:read:team',
    'employee_directory:read:all',
    'department:read:all',
    'position:read:all',
    'skill:read:all',
    'skill:assign:team',
    'benefit_plan:read:all',
    'benefit:read:own',
    'project:read:all',
    'timesheet:*:team',
    'timesheet:approve:team',
    'attendance:create:team',
    'attendance:read:team',
    'attendance:approve:team',
    'shift:read:team',
    'shift:manage:team',
    'shift:approve:team',
    'shift:create:own',
    'time_off:read:team',
    'time_off:request:team',
    'time_off:approve:team',
    'compensation:read:team',
    'job_posting:read:all',
    'candidate:read:team',
    'application:read:team',
    'interview:read:team',
    'scorecard:read:team',
    'scorecard:create:own',
    'referral:*:own',
    'analytics:read:team',
    'conversation:*:own',
  ],
  recruiter: [
    'job_posting:*:all',
    'candidate:*:all',
    'application:*:all',
    'interview:*:all',
    'scorecard:read:all',
    'offer:create:all',
    'offer:read:all',
    'offer:update:all',
    'rate_negotiation:*:all',
    'recruiting_settings:read:all',
    'referral:*:own',
    'department:read:all',
    'employee:read:all',
    'position:read:all',
    'skill:read:all',
    'conversation:*:own',
  ],
  analyst: [
    'employee:read:all',
    'department:read:all',
    'position:read:all',
    'skill:read:all',
    'benefit_plan:read:all',
    'project:read:all',
    'timesheet:read:all',
    'attendance:read:all',
    'shift:read:all',
    'job_posting:read:all',
    'financials:read:all',
    'analytics:read:all',
    'schema:introspect:all',
    'conversation:*:own',
  ],
  employee: [
    'employee_directory:read:all',
    'employee:read:own',
    'employee:update:own',
    'employee:export:own',
    'employee_sensitive:read:own',
    'department:read:all',
    'position:read:all',
    'skill:read:all',
    'skill:assign:own',
    'benefit_plan:read:all',
    'benefit:read:own',
    'project:read:all',
    'job_posting:read:all',
    'referral:create:own',
    'referral:read:own',
    'interview:read:own',
    'scorecard:create:own',
    'scorecard:read:own',
    'timesheet:create:own',
    'timesheet:read:own',
    'attendance:create:own',
    'attendance:read:own',
    'shift:read:own',
    'shift:create:own',
    'time_off:read:own',
    'time_off:request:own',
    'compensation:read:own',
    'analytics:read:own',
    'conversation:*:own',
  ],
  viewer: [
    'employee:read:all',
    'department:read:all',
    'position:read:all',
    'skill:read:all',
    'project:read:all',
    'job_posting:read:all',
  ],
};

export function permissionsForRoles(roles: readonly string[]): string[] {
  return [...new Set(roles.flatMap((r) => ROLE_TEMPLATES[r] ?? []))].sort();
}

/** The widest scope the identity holds for `resource:action`, or null. */
export function scopeFor(identity: Identity, resource: string, action: string): Scope | null {
  let best: Scope | null = null;
  for (const p of identity.permissions) {
    const [r, a, s] = p.split(':');
    if ((r === resource || r === '*') && (a === action || a === '*') && s && s in SCOPE_RANK) {
      const scope = s as Scope;
      if (!best || SCOPE_RANK[scope] > SCOPE_RANK[best]) best = scope;
    }
  }
  return best;
}

/**
 * Throws UNAUTHENTICATED for anonymous callers and FORBIDDEN without the permission; returns the
 * granted scope so the service can narrow the query (own / team / all).
 */
export function requirePermission(identity: Identity, permission: `${string}:${string}`): Scope {
  if (identity.kind === 'anonymous' || !identity.tenantId) throw unauthenticated();
  const [resource, action] = permission.split(':') as [string, string];
  const scope = scopeFor(identity, resource, action);
  if (!scope) throw forbidden(`${permission}`);
  return scope;
}

/** Like requirePermission, but demands a minimum scope. */
export function requireScope(identity: Identity, permission: `${string}:${string}`, minimum: Scope): Scope {
  const scope = requirePermission(identity, permission);
  if (SCOPE_RANK[scope] < SCOPE_RANK[minimum]) throw forbidden(`${permission}:${minimum}`);
  return scope;
}
