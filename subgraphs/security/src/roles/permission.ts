import { badInput, type FieldError, type Identity, type Scope, type z, zodFieldErrors } from '@wg/runtime';

/**
 * The permission grammar: `resource:action:scope`. resource and action are snake_case words or
 * `*`; scope is own, team or all.
 */
export const PERMISSION_PATTERN = /^(\*|[a-z][a-z0-9_]{0,49}):(\*|[a-z][a-z0-9_]{0,49}):(own|team|all)$/;
const SCOPE_RANK: Record<Scope, number> = { own: 1, team: 2, all: 3 };

/** Permissions only the platform may hold; no tenant role or API key can carry them. */
export const PLATFORM_PERMISSIONS = new Set(['tenant:create:all']);

export function parsePermission(p: string): { resource: string; action: string; scope: Scope } | null {
  const m = PERMISSION_PATTERN.exec(p);
  return m ? { resource: m[1]!, action: m[2]!, scope: m[3] as Scope } : null;
}

export const isPermission = (p: string) => PERMISSION_PATTERN.test(p);

/** Whether `held` grants everything `wanted` does (wildcards in `wanted` need wildcards in `held`). */
export function covers(held: string, wanted: string): boolean {
  const h = parsePermission(held);
  const w = parsePermission(wanted);
  if (!h || !w) return false;
  return (
    (h.resource === '*' || h.resource === w.resource) &&
    (h.action === '*' || h.action === w.action) &&
    SCOPE_RANK[h.scope] >= SCOPE_RANK[w.scope]
  );
}

/** Permissions in `wanted` the identity could not grant itself: no escalation through roles or keys. */
export function notHeldBy(identity: Identity, wanted: readonly string[]): string[] {
  return wanted.filter((w) =>
    // Platform permissions are held by name only: a tenant admin's `*:*:all` does not cover them,
    // so it cannot mint a super_admin.
    PLATFORM_PERMISSIONS.has(w)
      ? !identity.permissions.includes(w)
      : !identity.permissions.some((h) => covers(h, w)),
  );
}

/**
 * Validates a role or API-key input whose `permissions` the caller grants: every zod issue, and
 * every permission the caller does not hold, is a BAD_USER_INPUT field (`input.permissions.<i>`).
 */
export function parseGrant<S extends z.ZodType<{ permissions: string[] }>>(
  identity: Identity,
  schema: S,
  input: unknown,
): z.infer<S> {
  const parsed = schema.safeParse(input);
  const errors: FieldError[] = zodFieldErrors(parsed.error);
  if (parsed.success) {
    const { permissions } = parsed.data;
    for (const p of notHeldBy(identity, permissions)) {
      errors.push({
        field: `input.permissions.${permissions.indexOf(p)}`,
        message: `You cannot grant ${p}: you do not hold it`,
      });
    }
  }
  if (errors.length > 0 || !parsed.success) throw badInput(errors);
  return parsed.data;
}

/** Does the permission set grant `resource:action` (any scope) — or with at least `minimum`? */
export function grants(permissions: readonly string[], permission: string): boolean {
  const [resource, action, scope] = permission.split(':');
  const wanted = `${resource}:${action}:${scope ?? 'own'}`;
  return permissions.some((h) => covers(h, wanted));
}
