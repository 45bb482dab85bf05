import type { Tx } from '@wg/db';
import { auditLog, roleAssignments, roles, users } from '@wg/db/security';
import {
  badInput,
  conflict,
  type Connection,
  encodeCursor,
  type FieldError,
  forbidden,
  isUniqueViolation,
  isUuid,
  notFound,
  type PageArgs,
  PageInfo,
  pageWindow,
  paginate,
  recordAudit,
  ROLE_TEMPLATES,
  z,
} from '@wg/runtime';
import { and, eq, isNull } from 'drizzle-orm';
import type { SecurityContext } from '../loaders';
import { announceSessionsChanged } from '../sessions/session.notices';
import { effectiveAccess, isBuiltInRole } from './effective-access';
import { isPermission, notHeldBy, PLATFORM_PERMISSIONS, parseGrant, parsePermission } from './permission';
import type { Permission, Role, RoleAssignment } from './role.type';

const BUILT_IN_DESCRIPTIONS: Record<string, string> = {
  super_admin: 'Platform operator: everything, in every tenant it is given, plus creating tenants.',
  admin: 'Tenant administrator: everything in the tenant.',
  hr_manager: 'People, departments, compensation and hiring across the tenant.',
  department_head: 'Their department: team people and pay (read), projects, time, hiring.',
  manager: 'Their reporting line: people and pay (read), time approval.',
  recruiter: 'Job postings and candidates.',
  analyst: 'Read-only analytics and financials; schema introspection.',
  employee: 'Self-service: own time, pay and benefits; the directory.',
  viewer: 'Read-only directory and projects.',
};

const builtInRole = (name: string): Role => ({
  id: `builtin:${name}`,
  name,
  description: BUILT_IN_DESCRIPTIONS[name] ?? '',
  builtIn: true,
  permissions: [...(ROLE_TEMPLATES[name] ?? [])],
  createdAt: null,
});

const roleSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(
      /^[a-z][a-z0-9_]{1,49}$/,
      'Must be 2–50 lower-case letters, digits or underscores, starting with a letter',
    )
    .refine((n) => !isBuiltInRole(n), 'This is the name of a built-in role'),
  description: z.string().trim().max(500, 'Must be at most 500 characters').nullish(),
  permissions: z
    .array(
      z
        .string()
        .refine(isPermission, 'Must be resource:action:scope with scope own, team or all')
        .refine((p) => !PLATFORM_PERMISSIONS.has(p), 'Platform permissions cannot be given to a tenant role'),
    )
    .min(1, 'Give the role at least one permission')
    .max(200, 'At most 200 permissions'),
});

/** Validates a role input: grammar, and no permission the caller does not hold. */
function parseRole(ctx: SecurityContext, input: unknown) {
  const data = parseGrant(ctx.identity, roleSchema, input);
  return { ...data, permissions: [...new Set(data.permissions)].sort() };
}

/** A role's permissions by name (built-in or this tenant's custom role); null when there is none. */
async function permissionsOfRole(tx: Tx, name: string): Promise<string[] | null> {
  if (isBuiltInRole(name)) return [...(ROLE_TEMPLATES[name] ?? [])];
  const [row] = await tx.select({ permissions: roles.permissions }).from(roles).where(eq(roles.name, name));
  return row?.permissions ?? null;
}

const audit = (
  ctx: SecurityContext,
  action: string,
  entityType: string,
  entityId: string,
  before?: unknown,
  after?: unknown,
) => ({
  tenantId: ctx.tenantId(),
  actorId: ctx.identity.userId,
  requestId: ctx.requestId,
  action,
  entityType,
  entityId,
  before,
  after,
});

export const toPermission = (name: string): Permission => {
  const p = parsePermission(name);
  return { name, resource: p?.resource ?? '', action: p?.action ?? '', scope: p?.scope ?? '' };
};

export const roleService = {
  /** Built-in templates first, then the tenant's custom roles by name. */
  /**
   * Built-in templates first (a fixed handful, in template order), then the tenant's custom roles
   * by name: one connection, paged across both. A built-in's cursor is its `builtin:<name>` id.
   */
  async list(ctx: SecurityContext, page: PageArgs): Promise<Connection<Role>> {
    ctx.authorize('role:read');
    const { limit, after } = pageWindow(page);
    const builtIns = Object.keys(ROLE_TEMPLATES).map(builtInRole);
    const inBuiltIns = after?.startsWith('builtin:') ?? false;
    const start =
      after === null ? 0 : inBuiltIns ? builtIns.findIndex((r) => r.id === after) + 1 : builtIns.length;
    if (inBuiltIns && start === 0) throw badInput([{ field: 'after', message: 'Malformed cursor' }]);
    const fixed = builtIns.slice(start, start + limit);
    const custom = await ctx.tx((tx) =>
      paginate(
        tx,
        { table: roles, key: roles.id, sortBy: roles.name },
        { first: limit - fixed.length, after: after === null || inBuiltIns ? null : page.after },
      ),
    );
    const edges = [
      ...fixed.map((node) => ({ cursor: encodeCursor(node.id), node })),
      ...custom.edges.map((e) => ({ cursor: e.cursor, node: { ...e.node, builtIn: false } as Role })),
    ];
    return {
      edges,
      totalCount: builtIns.length + custom.totalCount,
      pageInfo: Object.assign(new PageInfo(), {
        hasNextPage: start + fixed.length < builtIns.length || custom.pageInfo.hasNextPage,
        hasPreviousPage: after !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      }),
    };
  },

  async create(ctx: SecurityContext, input: unknown): Promise<Role> {
    ctx.authorize('role:create');
    const data = parseRole(ctx, input);
    try {
      return await ctx.tx(async (tx) => {
        const [row] = await tx
          .insert(roles)
          .values({
            tenantId: ctx.tenantId(),
            name: data.name,
            description: data.description ?? '',
            permissions: data.permissions,
          })
          .returning();
        await recordAudit(tx, auditLog, [audit(ctx, 'role.create', 'Role', row!.id, undefined, row)]);
        return { ...row!, builtIn: false };
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw badInput([{ field: 'input.name', message: 'A role with this name exists' }]);
      throw error;
    }
  },

  /** Built-in templates are protected: CONFLICT. The name is fixed once created (assignments use it). */
  async update(ctx: SecurityContext, id: string, input: unknown): Promise<Role> {
    ctx.authorize('role:update');
    if (id.startsWith('builtin:') && isBuiltInRole(id.slice(8)))
      throw conflict('Built-in roles cannot be edited');
    if (!isUuid(id)) throw notFound('Role', id);
    const data = parseRole(ctx, input);
    const result = await ctx.tx(async (tx) => {
      const [before] = await tx.select().from(roles).where(eq(roles.id, id)).for('update');
      if (!before) throw notFound('Role', id);
      if (data.name !== before.name)
        throw badInput([{ field: 'input.name', message: 'A role cannot be renamed; create a new one' }]);
      const [after] = await tx
        .update(roles)
        .set({ description: data.description ?? '', permissions: data.permissions })
        .where(eq(roles.id, id))
        .returning();
      await recordAudit(tx, auditLog, [audit(ctx, 'role.update', 'Role', id, before, after)]);
      return { ...after!, builtIn: false };
    });
    // Everyone holding the role has other permissions from their next request on.
    await announceSessionsChanged(ctx, { tenantId: ctx.tenantId(), reason: 'role_updated' });
    return result;
  },

  /** Deletes a custom role and revokes its assignments. */
  async delete(ctx: SecurityContext, id: string): Promise<boolean> {
    ctx.authorize('role:delete');
    if (id.startsWith('builtin:') && isBuiltInRole(id.slice(8)))
      throw conflict('Built-in roles cannot be deleted');
    if (!isUuid(id)) throw notFound('Role', id);
    const result = await ctx.tx(async (tx) => {
      const [before] = await tx.select().from(roles).where(eq(roles.id, id)).for('update');
      if (!before) throw notFound('Role', id);
      const revoked = await tx
        .update(roleAssignments)
        .set({ revokedAt: new Date() })
        .where(and(eq(roleAssignments.roleName, before.name), isNull(roleAssignments.revokedAt)))
        .returning({ id: roleAssignments.id });
      await tx.delete(roles).where(eq(roles.id, id));
      await recordAudit(tx, auditLog, [
        audit(ctx, 'role.delete', 'Role', id, before, { revokedAssignments: revoked.length }),
      ]);
      return true;
    });
    await announceSessionsChanged(ctx, { tenantId: ctx.tenantId(), reason: 'role_deleted' });
    return result;
  },

  async assign(
    ctx: SecurityContext,
    input: { userId: string; roleName: string; expiresAt?: Date | null },
  ): Promise<RoleAssignment> {
    ctx.authorize('role:assign');
    const errors: FieldError[] = [];
    if (!isUuid(input.userId)) throw notFound('User', input.userId);
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now())
      errors.push({ field: 'input.expiresAt', message: 'Must be in the future' });
    const result = await ctx.tx(async (tx) => {
      const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId));
      if (!user) throw notFound('User', input.userId);
      const permissions = await permissionsOfRole(tx, input.roleName);
      if (!permissions) errors.push({ field: 'input.roleName', message: 'No such role' });
      else if (notHeldBy(ctx.identity, permissions).length > 0) {
        errors.push({
          field: 'input.roleName',
          message: 'You cannot grant a role with permissions you do not hold',
        });
      }
      if (errors.length > 0) throw badInput(errors);
      const [row] = await tx
        .insert(roleAssignments)
        .values({
          tenantId: ctx.tenantId(),
          userId: input.userId,
          roleName: input.roleName,
          expiresAt: input.expiresAt ?? null,
          grantedBy: ctx.identity.userId,
        })
        .returning();
      await recordAudit(tx, auditLog, [audit(ctx, 'role.assign', 'RoleAssignment', row!.id, undefined, row)]);
      return row as RoleAssignment;
    });
    await announceSessionsChanged(ctx, {
      tenantId: ctx.tenantId(),
      userId: input.userId,
      reason: 'role_assigned',
    });
    return result;
  },

  async revokeAssignment(ctx: SecurityContext, id: string): Promise<RoleAssignment> {
    ctx.authorize('role:assign');
    if (!isUuid(id)) throw notFound('RoleAssignment', id);
    const result = await ctx.tx(async (tx) => {
      const [before] = await tx
        .select()
        .from(roleAssignments)
        .where(eq(roleAssignments.id, id))
        .for('update');
      if (!before) throw notFound('RoleAssignment', id);
      if (before.revokedAt) throw conflict('This assignment is already revoked');
      const [after] = await tx
        .update(roleAssignments)
        .set({ revokedAt: new Date() })
        .where(eq(roleAssignments.id, id))
        .returning();
      await recordAudit(tx, auditLog, [audit(ctx, 'role.revoke', 'RoleAssignment', id, before, after)]);
      return after as RoleAssignment;
    });
    await announceSessionsChanged(ctx, {
      tenantId: ctx.tenantId(),
      userId: result.userId,
      reason: 'role_assignment_revoked',
    });
    return result;
  },

  /** Batched across users (the User was already visible to the caller, or it would not be resolved). */
  async assignmentsOf(ctx: SecurityContext, userId: string): Promise<RoleAssignment[]> {
    return ctx.loaders.assignmentsByUser.load(userId);
  },

  /**
   * What a user may do right now (base roles + unexpired assignments, custom roles expanded).
   * Your own always; anyone else's needs `user:read` for the tenant. NOT_FOUND for unknown ids.
   */
  async effectivePermissions(ctx: SecurityContext, userId: string): Promise<Permission[]> {
    ctx.tenantId();
    if (userId !== ctx.identity.userId && ctx.authorize('user:read') !== 'all')
      throw forbidden('user:read:all');
    if (!isUuid(userId)) throw notFound('User', userId);
    return ctx.tx(async (tx) => {
      const [user] = await tx
        .select({ id: users.id, roles: users.roles })
        .from(users)
        .where(eq(users.id, userId));
      if (!user) throw notFound('User', userId);
      return (await effectiveAccess(tx, user)).permissions.map(toPermission);
    });
  },

  /** Whether the caller holds `permission` (as carried by their token). BAD_USER_INPUT on bad grammar. */
  check(ctx: SecurityContext, permission: string): boolean {
    ctx.tenantId();
    const wanted = parsePermission(permission);
    if (!wanted)
      throw badInput([
        { field: 'permission', message: 'Must be resource:action:scope with scope own, team or all' },
      ]);
    return notHeldBy(ctx.identity, [permission]).length === 0;
  },
};
