import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { auditLog, refreshTokens, users } from '@wg/db/schema/security';
import { ACCESS_TOKEN_TTL_SECONDS, recordAudit, signAccessToken, unauthenticated } from '@wg/runtime';
import { eq, sql } from 'drizzle-orm';
import type { SecurityContext } from '../loaders';
import { inTenant } from '../transactions';
import { burnPasswordCheck, verifyPassword } from '../users/password';
import { userColumns } from '../users/user.columns';
import type { User } from '../users/user.type';
import type { AuthPayload } from './session.type';

/** One message for every failure, so the response never says whether the email exists. */
export const INVALID_CREDENTIALS = 'Invalid email or password';
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Refresh tokens are stored as their SHA-256: a leaked table holds nothing that can be replayed. */
export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const sessionService = {
  /**
   * Email + password -> access token, refresh token and user. Open to anonymous callers (the
   * gateway forwards them with an anonymous internal token), so it never calls `ctx.authorize`.
   */
  async login(ctx: SecurityContext, args: { email: string; password: string }): Promise<AuthPayload> {
    const email = args.email.trim().toLowerCase();
    // The one sanctioned pre-tenant lookup: the caller has no tenant yet, and users.email is
    // unique across tenants, so the owner handle finds at most one row. Everything after this
    // runs in that user's tenant under row-level security.
    const [found] =
      email.length > 0 && email.length <= 254
        ? await ctx.database.system
            .select({
              id: users.id,
              tenantId: users.tenantId,
              passwordHash: users.passwordHash,
              status: users.status,
            })
            .from(users)
            .where(eq(users.email, email))
            .limit(1)
        : [];
    if (!found?.passwordHash) {
      // Same scrypt work as a real check: unknown emails must not answer faster than wrong passwords.
      await burnPasswordCheck(args.password);
      throw unauthenticated(INVALID_CREDENTIALS);
    }
    const scope = { tenantId: found.tenantId, userId: found.id, requestId: ctx.requestId };
    const audit = (action: string) => ({
      tenantId: found.tenantId,
      actorId: found.id,
      requestId: ctx.requestId,
      action,
      entityType: 'User',
      entityId: found.id,
    });

    if (!(await verifyPassword(args.password, found.passwordHash))) {
      // Counted for the lockout that comes later; reset by the next successful login.
      await inTenant(ctx.database, scope, async (tx) => {
        await tx
          .update(users)
          .set({ failedLogins: sql`${users.failedLogins} + 1` })
          .where(eq(users.id, found.id));
        await recordAudit(tx, auditLog, [audit('user.login_failed')]);
      });
      throw unauthenticated(INVALID_CREDENTIALS);
    }
    // Checked only after the password, so an account's status is revealed to nobody who lacks it.
    if (found.status !== 'ACTIVE') throw unauthenticated(INVALID_CREDENTIALS);

    const refreshToken = randomBytes(32).toString('base64url');
    const user = await inTenant(ctx.database, scope, async (tx) => {
      const [updated] = await tx
        .update(users)
        .set({ failedLogins: 0, lastLoginAt: sql`now()` })
        .where(eq(users.id, found.id))
        .returning(userColumns);
      await tx.insert(refreshTokens).values({
        tenantId: found.tenantId,
        userId: found.id,
        tokenHash: hashRefreshToken(refreshToken),
        // Each login starts a new family; rotation (a later issue) keeps the family id.
        familyId: randomUUID(),
        expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_MS),
      });
      await recordAudit(tx, auditLog, [audit('user.login')]);
      return updated as User;
    });
    const accessToken = await signAccessToken({
      userId: user.id,
      tenantId: user.tenantId,
      employeeId: user.employeeId,
      roles: user.roles,
    });
    return { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, user };
  },
};
