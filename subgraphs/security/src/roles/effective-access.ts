import type { Tx } from '@wg/db';
import { roleAssignments, roles, sessionPolicies } from '@wg/db/security';
import { ROLE_TEMPLATES } from '@wg/runtime';
import { and, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import { PLATFORM_PERMISSIONS } from './permission';

export interface EffectiveAccess {
  /** Built-in and custom role names the user holds now (direct + unexpired assignments). */
  roles: string[];
  /** Every permission those roles grant, sorted and de-duplicated. */
  permissions: string[];
}

export const isBuiltInRole = (name: string) => Object.hasOwn(ROLE_TEMPLATES, name);

/**
 * What a user may do right now: `users.roles` plus role assignments that are neither revoked nor
 * expired, expanded through the built-in templates and the tenant's custom roles. Runs in the
 * user's tenant transaction (RLS), so only that tenant's roles and assignments count.
 */
export async function effectiveAccess(
  tx: Tx,
  user: { id: string; roles: readonly string[] },
  now = new Date(),
): Promise<EffectiveAccess> {
  const assigned = await tx
    .select({ roleName: roleAssignments.roleName })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.userId, user.id),
        isNull(roleAssignments.revokedAt),
        or(isNull(roleAssignments.expiresAt), gt(roleAssignments.expiresAt, now)),
      ),
    );
  const names = [...new Set([...user.roles, ...assigned.map((a) => a.roleName)])].sort();
  const customNames = names.filter((n) => !isBuiltInRole(n));
  const custom =
    customNames.length > 0
      ? await tx
          .select({ name: roles.name, permissions: roles.permissions })
          .from(roles)
          .where(inArray(roles.name, customNames))
      : [];
  const permissions = new Set<string>();
  for (const name of names) for (const p of ROLE_TEMPLATES[name] ?? []) permissions.add(p);
  // Custom roles never carry platform permissions (validated on write; filtered again here).
  for (const role of custom)
    for (const p of role.permissions) if (!PLATFORM_PERMISSIONS.has(p)) permissions.add(p);
  const known = new Set([...names.filter(isBuiltInRole), ...custom.map((c) => c.name)]);
  return { roles: names.filter((n) => known.has(n)), permissions: [...permissions].sort() };
}

export interface EffectivePolicy {
  maxSessionSeconds: number | null;
  idleTimeoutSeconds: number | null;
  mfaRequired: boolean;
  /** Each list must admit the address (every applicable policy with a list must agree). */
  ipAllowLists: string[][];
}

/** The tenant policy and the policies of the user's roles, combined strictest-wins. */
export async function effectivePolicy(tx: Tx, roleNames: readonly string[]): Promise<EffectivePolicy> {
  const rows = await tx
    .select()
    .from(sessionPolicies)
    .where(
      roleNames.length > 0
        ? or(isNull(sessionPolicies.roleName), inArray(sessionPolicies.roleName, [...roleNames]))
        : isNull(sessionPolicies.roleName),
    );
  const min = (values: (number | null)[]) => {
    const set = values.filter((v): v is number => v !== null);
    return set.length > 0 ? Math.min(...set) : null;
  };
  return {
    maxSessionSeconds: min(rows.map((r) => r.maxSessionSeconds)),
    idleTimeoutSeconds: min(rows.map((r) => r.idleTimeoutSeconds)),
    mfaRequired: rows.some((r) => r.mfaRequired),
    ipAllowLists: rows.filter((r) => r.ipAllowList.length > 0).map((r) => r.ipAllowList),
  };
}
