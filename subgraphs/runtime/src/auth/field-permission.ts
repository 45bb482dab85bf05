import { Extensions, getMetadataStorage, type MiddlewareFn, UseMiddleware } from 'type-graphql';
import type { SubgraphContext } from '../context';
import { ForbiddenError, forbidden } from '../errors';
import { type Scope, scopeFor } from './permissions';

/**
 * Field-level permission, declared next to the field it guards:
 *
 * ```ts
 * @RequiresPermission('employee_sensitive:read', { mask: maskSsn, owner: (e) => e.id, onRead: auditRead })
 * @FieldResolver(() => String, { nullable: true, description: 'National id.' })
 * nationalId(@Root() e: Employee) { … }
 * ```
 *
 * - scope `all` may read every row; `own` only rows whose `owner(root)` is the caller's employee
 *   id; `team` rows for which `team(ctx, root)` says yes (or their own). Without `owner` / `team`
 *   only `all` passes.
 * - A caller without access gets `mask(value)` when a mask is given, `null` with `denied: 'null'`,
 *   and a FORBIDDEN error otherwise.
 * - `onRead` runs for every unmasked read (e.g. an audit record); awaited, so a failed audit fails
 *   the read rather than letting it through unrecorded.
 * - The rule is appended to the field's description, so the schema docs say who may see it, and
 *   exposed as the field extension `requiresPermission` for tooling.
 */
export interface FieldPermissionOptions<TRoot, TValue> {
  mask?: (value: TValue, root: TRoot) => unknown;
  denied?: 'null' | 'error';
  owner?: (root: TRoot) => string | null | undefined;
  team?: (ctx: SubgraphContext<unknown>, root: TRoot) => boolean | Promise<boolean>;
  onRead?: (ctx: SubgraphContext<unknown>, root: TRoot, field: string) => unknown | Promise<unknown>;
}

/** Whether the caller's scope for `permission` covers `root`. */
export async function fieldAccess<TRoot>(
  ctx: SubgraphContext<unknown>,
  permission: `${string}:${string}`,
  root: TRoot,
  options: Pick<FieldPermissionOptions<TRoot, unknown>, 'owner' | 'team'>,
): Promise<boolean> {
  const [resource, action] = permission.split(':') as [string, string];
  const scope: Scope | null = scopeFor(ctx.identity, resource, action);
  if (!scope) return false;
  if (scope === 'all') return true;
  const self = ctx.identity.employeeId;
  if (self && options.owner && options.owner(root) === self) return true;
  if (scope === 'team' && options.team) return options.team(ctx, root);
  return false;
}

export function describePermission(permission: string, options: { mask?: unknown; denied?: string }): string {
  const otherwise = options.mask
    ? 'others see a masked value'
    : options.denied === 'null'
      ? 'others get null'
      : 'others get FORBIDDEN';
  return `Requires \`${permission}\` (${otherwise}).`;
}

export function RequiresPermission<TRoot = unknown, TValue = unknown>(
  permission: `${string}:${string}`,
  options: FieldPermissionOptions<TRoot, TValue> = {},
): MethodDecorator & PropertyDecorator {
  const guard: MiddlewareFn<SubgraphContext<unknown>> = async ({ root, context, info }, next) => {
    const allowed = await fieldAccess(context, permission, root as TRoot, options);
    if (allowed) {
      const value = await next();
      if (options.onRead && value !== null && value !== undefined) {
        await options.onRead(context, root as TRoot, info.fieldName);
      }
      return value;
    }
    if (options.mask) {
      const value = (await next()) as TValue;
      return value === null || value === undefined ? value : options.mask(value, root as TRoot);
    }
    if (options.denied === 'null') return null;
    throw forbidden(permission);
  };
  const note = describePermission(permission, options);
  return (target: object, propertyKey: string | symbol, descriptor?: PropertyDescriptor) => {
    UseMiddleware(guard)(target, propertyKey, descriptor as never);
    Extensions({ requiresPermission: permission })(target, propertyKey, descriptor as never);
    // @Field / @FieldResolver may sit above or below this decorator: patch the description once
    // the whole class has been decorated (before any schema is built).
    queueMicrotask(() => appendDescription(target.constructor, String(propertyKey), note));
  };
}

function appendDescription(cls: unknown, name: string, note: string) {
  const storage = getMetadataStorage() as unknown as {
    fields: { target: unknown; name: string; description?: string | undefined }[];
    fieldResolvers: { target: unknown; methodName: string; description?: string | undefined }[];
  };
  const add = (d: string | undefined) => (d?.includes(note) ? d : d ? `${d} ${note}` : note);
  for (const f of storage.fields) if (f.target === cls && f.name === name) f.description = add(f.description);
  for (const f of storage.fieldResolvers) {
    if (f.target === cls && f.methodName === name) f.description = add(f.description);
  }
}

/**
 * The README's rule for a field of an object the caller may see but whose value is not theirs to
 * read: null without an error. Wraps a field resolver whose service answers FORBIDDEN (because the
 * same service also backs a root field, where FORBIDDEN is right) and turns only that into null;
 * every other error still reaches the client. The field must be nullable and its description end
 * with "(others get null)."
 */
export async function nullWhenForbidden<T>(resolve: () => Promise<T> | T): Promise<T | null> {
  try {
    return await resolve();
  } catch (error) {
    if (error instanceof ForbiddenError) return null;
    throw error;
  }
}
