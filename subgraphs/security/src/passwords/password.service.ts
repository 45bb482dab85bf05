import { auditLog, users, userTokens } from '@wg/db/security';
import { badInput, type FieldError, forbidden, recordAudit, rules } from '@wg/runtime';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { randomToken, sha256Hex } from '../common/crypto';
import type { SecurityContext } from '../loaders';
import { appUrl, getMailer } from '@wg/runtime/mail';
import { passwordResetTtlMs } from '../sessions/session.config';
import { announceSessionsChanged } from '../sessions/session.notices';
import { recordFailedAttempt, revokeAllSessions, sessionService } from '../sessions/session.service';
import type { AuthPayload } from '../sessions/session.type';
import { inTenant } from '../transactions';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../users/password';
import { userColumns } from '../users/user.columns';
import { checkPassword } from './password-policy';

const INVALID_TOKEN = 'Invalid or expired token';

export const passwordService = {
  /**
   * Changes the caller's password: the current one proves it is them (a wrong one counts towards
   * lockout). Every existing session is revoked; the answer carries a fresh session instead.
   */
  async change(
    ctx: SecurityContext,
    input: { currentPassword: string; newPassword: string },
  ): Promise<AuthPayload> {
    const tenantId = ctx.tenantId();
    const userId = ctx.identity.userId;
    if (ctx.identity.kind !== 'user' || !userId) throw forbidden();
    const [user] = await ctx.tx((tx) =>
      tx
        .select({ ...userColumns, passwordHash: users.passwordHash })
        .from(users)
        .where(eq(users.id, userId)),
    );
    if (!user) throw forbidden();
    const errors: FieldError[] = checkPassword(input.newPassword, user, 'newPassword');
    if (input.newPassword === input.currentPassword) {
      errors.push({ field: 'newPassword', message: 'Must differ from the current password' });
    }
    const currentOk =
      Boolean(user.passwordHash) && (await verifyPassword(input.currentPassword, user.passwordHash!));
    if (!currentOk) {
      await recordFailedAttempt(ctx, { tenantId, userId, requestId: ctx.requestId }, 'password_change');
      errors.unshift({ field: 'currentPassword', message: 'Incorrect password' });
    }
    if (errors.length > 0) throw badInput(errors);
    const passwordHash = await hashPassword(input.newPassword);
    const issued = await ctx.tx(async (tx) => {
      await tx.update(users).set({ passwordHash, passwordChangedAt: sql`now()` }).where(eq(users.id, userId));
      const revoked = await revokeAllSessions(tx, userId, 'password_change');
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: userId,
          requestId: ctx.requestId,
          action: 'user.password_change',
          entityType: 'User',
          entityId: userId,
          after: { revokedSessions: revoked },
        },
      ]);
      return sessionService.reissue(ctx, tx, user, 'user.login_after_password_change');
    });
    // Every other session ended: their access tokens stop at the gateways now. The fresh one was
    // opened in the same transaction and is live, so its check passes.
    await announceSessionsChanged(ctx, { tenantId, userId, reason: 'password_change' });
    return sessionService.sign(issued);
  },

  /**
   * Mails a reset link to an active user. Always answers true and takes similar time, so it
   * cannot be used to find out which emails have accounts. Earlier unused reset tokens die.
   */
  async request(ctx: SecurityContext, rawEmail: string): Promise<boolean> {
    const parsed = rules.email().safeParse(rawEmail);
    if (!parsed.success) throw badInput([{ field: 'email', message: 'Must be a valid email address' }]);
    const [user] = await ctx.database.system
      .select({ id: users.id, tenantId: users.tenantId, email: users.email, status: users.status })
      .from(users)
      .where(eq(users.email, parsed.data))
      .limit(1);
    if (user?.status !== 'ACTIVE') return true;
    const token = randomToken();
    const expiresAt = new Date(Date.now() + passwordResetTtlMs());
    await inTenant(
      ctx.database,
      { tenantId: user.tenantId, userId: user.id, requestId: ctx.requestId },
      async (tx) => {
        await tx
          .update(userTokens)
          .set({ usedAt: sql`now()` })
          .where(
            and(
              eq(userTokens.userId, user.id),
              eq(userTokens.purpose, 'PASSWORD_RESET'),
              isNull(userTokens.usedAt),
            ),
          );
        await tx.insert(userTokens).values({
          tenantId: user.tenantId,
          userId: user.id,
          purpose: 'PASSWORD_RESET',
          tokenHash: sha256Hex(token),
          expiresAt,
        });
        await recordAudit(tx, auditLog, [
          {
            tenantId: user.tenantId,
            actorId: null,
            requestId: ctx.requestId,
            action: 'user.password_reset_requested',
            entityType: 'User',
            entityId: user.id,
            after: { ip: ctx.client.ip },
          },
        ]);
      },
    );
    await getMailer().send({
      to: user.email,
      subject: 'Reset your Workforce Graph password',
      text: `Someone (hopefully you) asked to reset your password.\n\nReset it here within ${Math.round(passwordResetTtlMs() / 60_000)} minutes:\n${appUrl()}/reset-password?token=${token}\n\nToken: ${token}\n\nIf it was not you, ignore this mail.`,
    });
    return true;
  },

  /** Sets a new password with a reset token (single use, expiring); unlocks the account and ends every session. */
  async reset(ctx: SecurityContext, input: { token: string; newPassword: string }): Promise<boolean> {
    const [token] = await ctx.database.system
      .select()
      .from(userTokens)
      .where(and(eq(userTokens.tokenHash, sha256Hex(input.token)), eq(userTokens.purpose, 'PASSWORD_RESET')))
      .limit(1);
    if (!token || token.usedAt || token.expiresAt.getTime() <= Date.now()) {
      await burnPasswordCheck(input.newPassword);
      throw badInput([{ field: 'token', message: INVALID_TOKEN }]);
    }
    const scope = { tenantId: token.tenantId, userId: token.userId, requestId: ctx.requestId };
    const [user] = await inTenant(ctx.database, scope, (tx) =>
      tx.select(userColumns).from(users).where(eq(users.id, token.userId)),
    );
    if (user?.status !== 'ACTIVE') throw badInput([{ field: 'token', message: INVALID_TOKEN }]);
    const errors = checkPassword(input.newPassword, user, 'newPassword');
    if (errors.length > 0) throw badInput(errors);
    const passwordHash = await hashPassword(input.newPassword);
    const ok = await inTenant(ctx.database, scope, async (tx) => {
      const [claimed] = await tx
        .update(userTokens)
        .set({ usedAt: sql`now()` })
        .where(and(eq(userTokens.id, token.id), isNull(userTokens.usedAt)))
        .returning({ id: userTokens.id });
      if (!claimed) return false;
      await tx
        .update(users)
        .set({ passwordHash, passwordChangedAt: sql`now()`, lockedUntil: null, failedLogins: 0 })
        .where(eq(users.id, user.id));
      const revoked = await revokeAllSessions(tx, user.id, 'password_reset');
      await recordAudit(tx, auditLog, [
        {
          tenantId: user.tenantId,
          actorId: user.id,
          requestId: ctx.requestId,
          action: 'user.password_reset',
          entityType: 'User',
          entityId: user.id,
          after: { revokedSessions: revoked },
        },
      ]);
      return true;
    });
    if (!ok) throw badInput([{ field: 'token', message: INVALID_TOKEN }]);
    await announceSessionsChanged(ctx, {
      tenantId: user.tenantId,
      userId: user.id,
      reason: 'password_reset',
    });
    return true;
  },
};
