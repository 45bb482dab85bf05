import type { Tx } from '@wg/db';
import { auditLog, entityRefs, outbox, tenants, users, userTokens } from '@wg/db/security';
import {
  badInput,
  conflict,
  type Connection,
  emitEvent,
  forbidden,
  fromZod,
  isUniqueViolation,
  isUuid,
  notFound,
  type PageArgs,
  paginate,
  permissionsForRoles,
  recordAudit,
  ROLE_TEMPLATES,
  rules,
  z,
} from '@wg/runtime';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { randomToken, sha256Hex } from '../common/crypto';
import { SecurityEventTypes } from '../events';
import type { SecurityContext } from '../loaders';
import { appUrl, getMailer } from '@wg/runtime/mail';
import { checkPassword } from '../passwords/password-policy';
import { notHeldBy } from '../roles/permission';
import { invitationTtlMs } from '../sessions/session.config';
import { announceSessionsChanged } from '../sessions/session.notices';
import { revokeAllSessions } from '../sessions/session.service';
import { inTenant } from '../transactions';
import { burnPasswordCheck, hashPassword } from './password';
import { userColumns } from './user.columns';
import { userCreatedData } from './user.service';
import type { User } from './user.type';

const INVALID_TOKEN = 'Invalid or expired invitation';

const inviteSchema = z.object({
  email: rules.email(),
  displayName: rules.name('Display name'),
  roles: z
    .array(z.string().refine((r) => Object.hasOwn(ROLE_TEMPLATES, r), 'Unknown role'))
    .max(20, 'At most 20 roles'),
  employeeId: rules.uuid().nullish(),
});

async function emitUser(
  tx: Tx,
  ctx: SecurityContext,
  action: string,
  before: User | null,
  after: User,
  type: (typeof SecurityEventTypes)['userCreated' | 'userUpdated'] = SecurityEventTypes.userUpdated,
) {
  await emitEvent(tx, outbox, {
    tenantId: after.tenantId,
    type,
    aggregateType: 'User',
    aggregateId: after.id,
    data: userCreatedData(after),
  });
  await recordAudit(tx, auditLog, [
    {
      tenantId: after.tenantId,
      actorId: ctx.identity.userId,
      requestId: ctx.requestId,
      action,
      entityType: 'User',
      entityId: after.id,
      before,
      after,
    },
  ]);
}

async function employeeTaken(tx: Tx, employeeId: string, exceptUserId?: string) {
  const [linked] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.employeeId, employeeId), exceptUserId ? ne(users.id, exceptUserId) : undefined));
  return Boolean(linked);
}

/**
 * The employee is people's; security knows it from people's events (entity_refs, fed by the
 * `security.refs` consumer), under RLS — so another tenant's employee is as unknown as a made-up id.
 */
async function isKnownEmployee(tx: Tx, employeeId: string): Promise<boolean> {
  const [ref] = await tx
    .select({ id: entityRefs.id })
    .from(entityRefs)
    .where(and(eq(entityRefs.entityType, 'Employee'), eq(entityRefs.id, employeeId)));
  return Boolean(ref);
}

const UNKNOWN_EMPLOYEE = 'No such employee in this organisation';

export type InviteData = z.infer<typeof inviteSchema>;

export function parseInvite(input: unknown): InviteData {
  const parsed = inviteSchema.safeParse(input);
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}

/**
 * The invitation inside a caller's transaction (running in `tenantId`): the user row, its event
 * and audit, and the invitation token. Returns the mail to send once the transaction commits.
 */
export async function inviteInTx(
  ctx: SecurityContext,
  tx: Tx,
  tenantId: string,
  data: InviteData,
  tenantName: string,
) {
  if (data.employeeId && !(await isKnownEmployee(tx, data.employeeId))) {
    throw badInput([{ field: 'input.employeeId', message: UNKNOWN_EMPLOYEE }]);
  }
  if (data.employeeId && (await employeeTaken(tx, data.employeeId))) {
    throw badInput([{ field: 'input.employeeId', message: 'This employee already has a user' }]);
  }
  try {
    // A savepoint, so a clash on the unique email can be reported without aborting the caller's transaction.
    const created = await tx.transaction((sp) =>
      sp
        .insert(users)
        .values({
          tenantId,
          email: data.email,
          displayName: data.displayName,
          passwordHash: null,
          roles: data.roles,
          employeeId: data.employeeId ?? null,
          status: 'INVITED',
        })
        .returning(userColumns),
    );
    const user = created[0] as User;
    await emitUser(tx, ctx, 'user.invite', null, user, SecurityEventTypes.userCreated);
    const mail = await issueInvitation(tx, user, tenantName);
    return { user, mail };
  } catch (error) {
    if (isUniqueViolation(error))
      throw badInput([{ field: 'input.email', message: 'Email is already in use' }]);
    throw error;
  }
}

async function issueInvitation(
  tx: Tx,
  user: { id: string; tenantId: string; email: string },
  tenantName: string,
) {
  const token = randomToken();
  await tx
    .update(userTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(userTokens.userId, user.id), eq(userTokens.purpose, 'INVITE'), isNull(userTokens.usedAt)));
  await tx.insert(userTokens).values({
    tenantId: user.tenantId,
    userId: user.id,
    purpose: 'INVITE',
    tokenHash: sha256Hex(token),
    expiresAt: new Date(Date.now() + invitationTtlMs()),
  });
  return {
    to: user.email,
    subject: `You are invited to ${tenantName} on Workforce Graph`,
    text: `Set your password to activate your account (the link works once, for ${Math.round(invitationTtlMs() / 3_600_000)} hours):\n${appUrl()}/accept-invitation?token=${token}\n\nToken: ${token}`,
  };
}

export const userLifecycleService = {
  /** Every login of the tenant by email. A root list: FORBIDDEN (not empty) without `user:read:all`. */
  async list(ctx: SecurityContext, page: PageArgs): Promise<Connection<User>> {
    if (ctx.authorize('user:read') !== 'all') throw forbidden('user:read:all');
    return ctx.tx((tx) =>
      paginate<typeof users, User>(
        tx,
        { table: users, key: users.id, sortBy: users.email, columns: userColumns },
        page,
      ),
    );
  },

  /**
   * Creates an INVITED user and mails a single-use, expiring activation link. Roles are built-in
   * templates; the inviter must hold every permission they grant (no escalation by invitation).
   */
  async invite(ctx: SecurityContext, input: unknown): Promise<User> {
    ctx.authorize('user:create');
    const data = parseInvite(input);
    if (notHeldBy(ctx.identity, permissionsForRoles(data.roles)).length > 0) {
      throw badInput([
        { field: 'input.roles', message: 'You cannot grant roles with permissions you do not hold' },
      ]);
    }
    const { user, mail } = await ctx.tx(async (tx) => {
      const [tenant] = await tx.select({ name: tenants.name }).from(tenants);
      return inviteInTx(ctx, tx, ctx.tenantId(), data, tenant?.name ?? 'your organisation');
    });
    // After the commit, so nobody gets a link to an account that was rolled back.
    await getMailer().send(mail);
    return user;
  },

  /** Sets the password with the invitation token (single use, expiring): INVITED -> ACTIVE. Anonymous. */
  async accept(ctx: SecurityContext, input: { token: string; password: string }): Promise<User> {
    const [token] = await ctx.database.system
      .select()
      .from(userTokens)
      .where(and(eq(userTokens.tokenHash, sha256Hex(input.token)), eq(userTokens.purpose, 'INVITE')))
      .limit(1);
    if (!token || token.usedAt || token.expiresAt.getTime() <= Date.now()) {
      await burnPasswordCheck(input.password);
      throw badInput([{ field: 'token', message: INVALID_TOKEN }]);
    }
    const scope = { tenantId: token.tenantId, userId: token.userId, requestId: ctx.requestId };
    const [user] = await inTenant(ctx.database, scope, (tx) =>
      tx.select(userColumns).from(users).where(eq(users.id, token.userId)),
    );
    if (user?.status !== 'INVITED') throw badInput([{ field: 'token', message: INVALID_TOKEN }]);
    const errors = checkPassword(input.password, user);
    if (errors.length > 0) throw badInput(errors);
    const passwordHash = await hashPassword(input.password);
    const activated = await inTenant(ctx.database, scope, async (tx) => {
      const [claimed] = await tx
        .update(userTokens)
        .set({ usedAt: sql`now()` })
        .where(and(eq(userTokens.id, token.id), isNull(userTokens.usedAt)))
        .returning({ id: userTokens.id });
      if (!claimed) return null;
      const [after] = await tx
        .update(users)
        .set({ passwordHash, passwordChangedAt: sql`now()`, status: 'ACTIVE' })
        .where(and(eq(users.id, user.id), eq(users.status, 'INVITED')))
        .returning(userColumns);
      if (!after) return null;
      await emitUser(
        tx,
        { ...ctx, identity: { ...ctx.identity, userId: user.id } } as SecurityContext,
        'user.activate',
        user as User,
        after as User,
      );
      return after as User;
    });
    if (!activated) throw badInput([{ field: 'token', message: INVALID_TOKEN }]);
    return activated;
  },

  /** Mails a new invitation link (older ones die). Only for INVITED users. */
  async resendInvitation(ctx: SecurityContext, id: string): Promise<User> {
    ctx.authorize('user:create');
    if (!isUuid(id)) throw notFound('User', id);
    const { user, mail } = await ctx.tx(async (tx) => {
      const [row] = await tx.select(userColumns).from(users).where(eq(users.id, id)).for('update');
      if (!row) throw notFound('User', id);
      if (row.status !== 'INVITED') throw conflict(`A ${row.status} user has no pending invitation`);
      const mail = await issueInvitation(tx, row, 'your organisation');
      await recordAudit(tx, auditLog, [
        {
          tenantId: row.tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'user.reinvite',
          entityType: 'User',
          entityId: id,
        },
      ]);
      return { user: row as User, mail };
    });
    await getMailer().send(mail);
    return user;
  },

  /** ACTIVE/INVITED -> DEACTIVATED; every session ends. Not yourself. */
  async deactivate(ctx: SecurityContext, id: string): Promise<User> {
    ctx.authorize('user:update');
    if (!isUuid(id)) throw notFound('User', id);
    if (id === ctx.identity.userId) throw conflict('You cannot deactivate yourself');
    const deactivated = await ctx.tx(async (tx) => {
      const [before] = await tx.select(userColumns).from(users).where(eq(users.id, id)).for('update');
      if (!before) throw notFound('User', id);
      if (before.status === 'DEACTIVATED') throw conflict('The user is already deactivated');
      assertNoEscalation(ctx, before as User);
      const [after] = await tx
        .update(users)
        .set({ status: 'DEACTIVATED', deactivatedAt: sql`now()` })
        .where(eq(users.id, id))
        .returning(userColumns);
      await revokeAllSessions(tx, id, 'deactivated');
      await emitUser(tx, ctx, 'user.deactivate', before as User, after as User);
      return after as User;
    });
    // Access tokens already issued stop working at the gateways now, not at their expiry.
    await announceSessionsChanged(ctx, { tenantId: deactivated.tenantId, userId: id, reason: 'deactivated' });
    return deactivated;
  },

  /** DEACTIVATED -> ACTIVE (or INVITED when they never set a password). */
  async reactivate(ctx: SecurityContext, id: string): Promise<User> {
    ctx.authorize('user:update');
    if (!isUuid(id)) throw notFound('User', id);
    return ctx.tx(async (tx) => {
      const [before] = await tx
        .select({ ...userColumns, hasPassword: sql<boolean>`${users.passwordHash} is not null` })
        .from(users)
        .where(eq(users.id, id))
        .for('update');
      if (!before) throw notFound('User', id);
      if (before.status !== 'DEACTIVATED') throw conflict(`A ${before.status} user cannot be reactivated`);
      const { hasPassword, ...row } = before;
      assertNoEscalation(ctx, row as User);
      const [after] = await tx
        .update(users)
        .set({ status: hasPassword ? 'ACTIVE' : 'INVITED', lockedUntil: null, failedLogins: 0 })
        .where(eq(users.id, id))
        .returning(userColumns);
      await emitUser(tx, ctx, 'user.reactivate', row as User, after as User);
      return after as User;
    });
  },

  /** Links (or unlinks, with null) a user and an Employee; an employee has at most one user. */
  async setEmployee(ctx: SecurityContext, id: string, employeeId: string | null): Promise<User> {
    ctx.authorize('user:update');
    if (employeeId !== null && !isUuid(employeeId))
      throw badInput([{ field: 'employeeId', message: 'Must be a valid id' }]);
    if (!isUuid(id)) throw notFound('User', id);
    const linked = await ctx.tx(async (tx) => {
      const [before] = await tx.select(userColumns).from(users).where(eq(users.id, id)).for('update');
      if (!before) throw notFound('User', id);
      if (employeeId && !(await isKnownEmployee(tx, employeeId))) {
        throw badInput([{ field: 'employeeId', message: UNKNOWN_EMPLOYEE }]);
      }
      if (employeeId && (await employeeTaken(tx, employeeId, id))) {
        throw badInput([{ field: 'employeeId', message: 'This employee already has a user' }]);
      }
      const [after] = await tx
        .update(users)
        .set({ employeeId })
        .where(eq(users.id, id))
        .returning(userColumns);
      await emitUser(tx, ctx, 'user.link_employee', before as User, after as User);
      return after as User;
    });
    // The employee id is part of the identity (own/team scopes): gateways re-read it next request.
    await announceSessionsChanged(ctx, { tenantId: linked.tenantId, userId: id, reason: 'employee_linked' });
    return linked;
  },
};

/** Deactivating or reactivating someone more powerful than you is an escalation too. */
function assertNoEscalation(ctx: SecurityContext, user: User) {
  if (notHeldBy(ctx.identity, permissionsForRoles(user.roles)).length > 0) {
    throw badInput([
      { field: 'id', message: 'This user holds permissions you do not; ask someone who holds them' },
    ]);
  }
}
