import type { Database } from '@wg/db';
import { auditLog, outbox, tenants, users } from '@wg/db/security';
import {
  badInput,
  emitEvent,
  type FieldError,
  isProduction,
  isUniqueViolation,
  isUuid,
  recordAudit,
  ROLE_TEMPLATES,
  rules,
  scopeFor,
  z,
  zodFieldErrors,
} from '@wg/runtime';
import { and, eq } from 'drizzle-orm';
import { SecurityEventTypes, type UserCreatedData } from '../events';
import type { SecurityContext } from '../loaders';
import { checkPassword } from '../passwords/password-policy';
import { inTenant } from '../transactions';
import { hashPassword } from './password';
import { userColumns } from './user.columns';
import type { User } from './user.type';

export interface CreateUserWithPassword {
  tenantId: string;
  email: string;
  displayName: string;
  password: string;
  roles: string[];
  /** The people-subgraph Employee this login belongs to. */
  employeeId?: string | null;
}

/** The seed's shared demo password: fine on a laptop, never in production. */
const DEMO_PASSWORD = 'demo-password';

const createSchema = z.object({
  tenantId: rules.uuid(),
  email: rules.email(),
  displayName: rules.name('Display name'),
  roles: z.array(z.string().refine((r) => Object.hasOwn(ROLE_TEMPLATES, r), 'Unknown role')).max(20),
  employeeId: rules.uuid().nullish(),
});

export const userCreatedData = (u: User): UserCreatedData => ({
  id: u.id,
  displayName: u.displayName,
  employeeId: u.employeeId,
  roles: u.roles,
  status: u.status,
});

/**
 * Whether the caller may read other users. Everyone may read their own user; reading anyone else
 * needs `user:read` for the whole tenant (an own/team scope adds nothing beyond yourself).
 * Throws UNAUTHENTICATED for anonymous callers and FORBIDDEN without the permission.
 */
/** `user:read` at scope all, without throwing: the caller may read other people's logins. */
function canReadOthers(ctx: SecurityContext): boolean {
  return scopeFor(ctx.identity, 'user', 'read') === 'all';
}

export const userService = {
  /** The calling user; null for an API key (it has no user), UNAUTHENTICATED when anonymous. */
  async me(ctx: SecurityContext): Promise<User | null> {
    ctx.tenantId();
    const { userId } = ctx.identity;
    if (!userId || !isUuid(userId)) return null;
    return ctx.loaders.userById.load(userId);
  },

  async get(ctx: SecurityContext, id: string): Promise<User | null> {
    ctx.tenantId();
    if (id !== ctx.identity.userId && !canReadOthers(ctx)) return null;
    if (!isUuid(id)) return null;
    return ctx.loaders.userById.load(id);
  },

  /** `Employee.user`, batched across employees. */
  async forEmployee(ctx: SecurityContext, employeeId: string): Promise<User | null> {
    ctx.tenantId();
    if (employeeId !== ctx.identity.employeeId && !canReadOthers(ctx)) return null;
    if (!isUuid(employeeId)) return null;
    return ctx.loaders.userByEmployeeId.load(employeeId);
  },

  /**
   * Creates an ACTIVE user with a password (seed, tests, a future invitation flow). Runs inside
   * the tenant's RLS transaction, so it cannot write into any other tenant. Fails with
   * BAD_USER_INPUT naming each bad field (`email`, `password`, `roles.0`, …); writes nothing then.
   */
  async createWithPassword(database: Database, input: CreateUserWithPassword): Promise<User> {
    const parsed = createSchema.safeParse(input);
    const errors: FieldError[] = zodFieldErrors(parsed.error, '');
    // The password policy (length, breached favourites, own email/name) applies to every password set.
    errors.push(...checkPassword(input.password, { email: input.email, displayName: input.displayName }));
    if (isProduction() && input.password === DEMO_PASSWORD) {
      errors.push({
        field: 'password',
        message: `The demo password "${DEMO_PASSWORD}" cannot be used when NODE_ENV=production`,
      });
    }
    if (errors.length > 0 || !parsed.success) throw badInput(errors);
    const data = parsed.data;
    // Hash outside the transaction: 50–100 ms of CPU should not hold a connection.
    const passwordHash = await hashPassword(input.password);

    try {
      return await inTenant(database, { tenantId: data.tenantId, requestId: 'user.create' }, async (tx) => {
        // The tenants policy shows a transaction only its own tenant: an unknown id finds nothing.
        const [tenant] = await tx
          .select({ id: tenants.id })
          .from(tenants)
          .where(eq(tenants.id, data.tenantId));
        if (!tenant) throw badInput([{ field: 'tenantId', message: 'Unknown tenant' }]);
        if (data.employeeId) {
          const [linked] = await tx
            .select({ id: users.id })
            .from(users)
            .where(and(eq(users.tenantId, data.tenantId), eq(users.employeeId, data.employeeId)));
          if (linked) throw badInput([{ field: 'employeeId', message: 'This employee already has a user' }]);
        }
        const [created] = await tx
          .insert(users)
          .values({
            tenantId: data.tenantId,
            email: data.email,
            displayName: data.displayName,
            passwordHash,
            roles: data.roles,
            employeeId: data.employeeId ?? null,
            status: 'ACTIVE',
          })
          .returning(userColumns);
        const row = created as User;
        await emitEvent(tx, outbox, {
          tenantId: row.tenantId,
          type: SecurityEventTypes.userCreated,
          aggregateType: 'User',
          aggregateId: row.id,
          data: userCreatedData(row),
        });
        // userColumns has no password hash, so neither has the audit row.
        await recordAudit(tx, auditLog, [
          {
            tenantId: row.tenantId,
            actorId: null,
            requestId: 'user.create',
            action: 'user.create',
            entityType: 'User',
            entityId: row.id,
            after: row,
          },
        ]);
        return row;
      });
    } catch (error) {
      // users.email is unique across tenants; the other tenant's row stays invisible, only the clash shows.
      if (isUniqueViolation(error)) throw badInput([{ field: 'email', message: 'Email is already in use' }]);
      throw error;
    }
  },
};
