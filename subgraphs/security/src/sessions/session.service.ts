import type { Tx } from '@wg/db';
import { auditLog, loginAttempts, refreshTokens, sessions, users, userTokens } from '@wg/db/security';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  type AuditEntry,
  conflict,
  forbidden,
  isUuid,
  notFound,
  recordAudit,
  signAccessToken,
  UnauthenticatedError,
} from '@wg/runtime';
import { and, count, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { raiseAlert } from '../alerts/alert.service';
import { randomToken, sha256Hex } from '../common/crypto';
import { ipAllowed } from '../common/ip';
import type { SecurityContext } from '../loaders';
import { verifySecondFactor } from '../mfa/mfa.service';
import {
  type EffectiveAccess,
  type EffectivePolicy,
  effectiveAccess,
  effectivePolicy,
} from '../roles/effective-access';
import { inTenant } from '../transactions';
import { burnPasswordCheck, verifyPassword } from '../users/password';
import { userColumns } from '../users/user.columns';
import type { User } from '../users/user.type';
import {
  lockoutConfig,
  MFA_CHALLENGE_MAX_ATTEMPTS,
  mfaChallengeTtlMs,
  REFRESH_TOKEN_TTL_MS,
} from './session.config';
import { announceSessionsChanged } from './session.notices';
import type { AuthPayload, Session, SessionAccess } from './session.type';

export { REFRESH_TOKEN_TTL_MS } from './session.config';

/** One message for every failure, so the response never says whether the email exists. */
export const INVALID_CREDENTIALS = 'Invalid email or password';
export const INVALID_REFRESH = 'Invalid or expired refresh token';
export const INVALID_CHALLENGE = 'Invalid or expired MFA challenge or code';

/** Refresh tokens are stored as their SHA-256: a leaked table holds nothing that can be replayed. */
export const hashRefreshToken = sha256Hex;

type Scope = { tenantId: string; userId: string; requestId: string };

const auditEntry = (
  ctx: SecurityContext,
  tenantId: string,
  userId: string,
  action: string,
  extra: Partial<AuditEntry> = {},
): AuditEntry => ({
  tenantId,
  actorId: userId,
  requestId: ctx.requestId,
  action,
  entityType: 'User',
  entityId: userId,
  ...extra,
});

/** The user row for login: the one sanctioned pre-tenant lookup (emails are unique across tenants). */
async function findByEmail(ctx: SecurityContext, rawEmail: string) {
  const email = rawEmail.trim().toLowerCase();
  if (email.length === 0 || email.length > 254) return undefined;
  const [found] = await ctx.database.system
    .select({ ...userColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  return found;
}

const isLocked = (u: { lockedUntil: Date | null }, now = Date.now()) =>
  u.lockedUntil !== null && u.lockedUntil.getTime() > now;

/**
 * Records a failed attempt (bad password, bad second factor) and locks the account when the
 * window holds `threshold` failures since the last success. Locking raises FAILED_LOGIN_BURST.
 * Its own transaction: it must commit although the login then fails.
 */
export async function recordFailedAttempt(ctx: SecurityContext, scope: Scope, reason: string): Promise<void> {
  const { threshold, windowMs, durationMs } = lockoutConfig();
  await inTenant(ctx.database, scope, async (tx) => {
    // Serialise concurrent failures of one account, so the count below is exact.
    const [user] = await tx
      .select({ lockedUntil: users.lockedUntil })
      .from(users)
      .where(eq(users.id, scope.userId))
      .for('update');
    if (!user) return;
    await tx
      .insert(loginAttempts)
      .values({ tenantId: scope.tenantId, userId: scope.userId, succeeded: false, ip: ctx.client.ip });
    const since = new Date(Date.now() - windowMs);
    const [lastSuccess] = await tx
      .select({ at: sql<Date | null>`max(${loginAttempts.at})`.mapWith((v) => (v ? new Date(v) : null)) })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.userId, scope.userId), eq(loginAttempts.succeeded, true)));
    const from = lastSuccess?.at && lastSuccess.at > since ? lastSuccess.at : since;
    const [failures] = await tx
      .select({ n: count() })
      .from(loginAttempts)
      .where(
        and(
          eq(loginAttempts.userId, scope.userId),
          eq(loginAttempts.succeeded, false),
          gt(loginAttempts.at, from),
        ),
      );
    const n = failures?.n ?? 0;
    const lock = n >= threshold && !isLocked(user);
    const lockedUntil = lock ? new Date(Date.now() + durationMs) : user.lockedUntil;
    await tx.update(users).set({ failedLogins: n, lockedUntil }).where(eq(users.id, scope.userId));
    await recordAudit(tx, auditLog, [
      auditEntry(ctx, scope.tenantId, scope.userId, 'user.login_failed', {
        after: { reason, ip: ctx.client.ip },
      }),
    ]);
    if (lock) {
      await raiseAlert(tx, {
        tenantId: scope.tenantId,
        kind: 'FAILED_LOGIN_BURST',
        severity: 'HIGH',
        summary: `${n} failed logins within ${Math.round(windowMs / 60_000)} minutes: account locked`,
        userId: scope.userId,
        details: {
          failures: n,
          windowMinutes: windowMs / 60_000,
          lockedUntil: lockedUntil?.toISOString(),
          ip: ctx.client.ip,
          reason,
        },
        requestId: ctx.requestId,
      });
      await recordAudit(tx, auditLog, [
        auditEntry(ctx, scope.tenantId, scope.userId, 'user.locked', { after: { lockedUntil } }),
      ]);
    }
  });
}

/** Whether the client address passes every IP allow-list that applies. */
const ipPasses = (policy: EffectivePolicy, ip: string | null) =>
  policy.ipAllowLists.every((list) => ipAllowed(ip, list));

async function refuseIp(ctx: SecurityContext, scope: Scope, during: 'login' | 'refresh') {
  await inTenant(ctx.database, scope, (tx) =>
    raiseAlert(tx, {
      tenantId: scope.tenantId,
      kind: 'IP_NOT_ALLOWED',
      severity: 'MEDIUM',
      summary: `A ${during} from ${ctx.client.ip ?? 'an unknown address'} was refused by the IP allow-list`,
      userId: scope.userId,
      details: { ip: ctx.client.ip, during },
      dedupe: true,
      requestId: ctx.requestId,
    }),
  );
  return appForbiddenIp();
}

const appForbiddenIp = () => forbidden('login from this network');

interface Issued {
  user: User;
  access: EffectiveAccess;
  restricted: boolean;
  sessionId: string;
  refreshToken: string;
}

async function signFor(issued: Issued): Promise<AuthPayload> {
  const { user, access, restricted } = issued;
  const accessToken = await signAccessToken({
    userId: user.id,
    tenantId: user.tenantId,
    employeeId: user.employeeId,
    // A restricted session (MFA required, not enrolled) proves identity only: no roles, no permissions.
    roles: restricted ? [] : access.roles,
    permissions: restricted ? [] : access.permissions,
    sessionId: issued.sessionId,
  });
  return {
    accessToken,
    refreshToken: issued.refreshToken,
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    user,
    mfaRequired: false,
    mfaChallenge: null,
    mfaChallengeExpiresAt: null,
    mfaEnrollmentRequired: restricted,
  };
}

/** Opens a session (one refresh-token family) for a fully authenticated user. */
async function openSession(
  ctx: SecurityContext,
  tx: Tx,
  userId: string,
  opts: { mfaVerified: boolean; access: EffectiveAccess; policy: EffectivePolicy; action: string },
): Promise<Issued> {
  const now = Date.now();
  const lifetime = Math.min(
    REFRESH_TOKEN_TTL_MS,
    (opts.policy.maxSessionSeconds ?? Number.POSITIVE_INFINITY) * 1000,
  );
  const restricted = opts.policy.mfaRequired && !opts.mfaVerified;
  const [user] = await tx
    .update(users)
    .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: sql`now()` })
    .where(eq(users.id, userId))
    .returning(userColumns);
  const row = user as User;
  const [session] = await tx
    .insert(sessions)
    .values({
      tenantId: row.tenantId,
      userId,
      mfaVerified: opts.mfaVerified,
      restricted,
      ip: ctx.client.ip,
      userAgent: ctx.client.userAgent?.slice(0, 500) ?? null,
      expiresAt: new Date(now + lifetime),
    })
    .returning({ id: sessions.id, expiresAt: sessions.expiresAt });
  const refreshToken = randomToken();
  await tx.insert(refreshTokens).values({
    tenantId: row.tenantId,
    userId,
    tokenHash: hashRefreshToken(refreshToken),
    familyId: session!.id,
    expiresAt: session!.expiresAt,
  });
  await tx
    .insert(loginAttempts)
    .values({ tenantId: row.tenantId, userId, succeeded: true, ip: ctx.client.ip });
  await recordAudit(tx, auditLog, [
    auditEntry(ctx, row.tenantId, userId, opts.action, {
      after: { sessionId: session!.id, mfa: opts.mfaVerified, restricted, ip: ctx.client.ip },
    }),
  ]);
  return { user: row, access: opts.access, restricted, sessionId: session!.id, refreshToken };
}

/** Revokes a session and every refresh token in it. Returns whether anything was live. */
export async function revokeSession(tx: Tx, sessionId: string, reason: string): Promise<boolean> {
  const [s] = await tx
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  await tx
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(refreshTokens.familyId, sessionId), isNull(refreshTokens.revokedAt)));
  return Boolean(s);
}

/** Revokes every live session of a user; returns how many there were. */
export async function revokeAllSessions(tx: Tx, userId: string, reason: string): Promise<number> {
  const revoked = await tx
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  await tx
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
  return revoked.length;
}

/** Roles, permissions and session policy of a user, in their tenant. */
const accessAndPolicy = (tx: Tx, user: { id: string; roles: string[] }) =>
  effectiveAccess(tx, user).then(async (access) => ({
    access,
    policy: await effectivePolicy(tx, access.roles),
  }));

export const sessionService = {
  /**
   * Email + password. Open to anonymous callers, so it never calls `ctx.authorize`. Answers one
   * of: tokens; an MFA challenge (user has MFA); tokens without permissions (policy requires MFA,
   * not enrolled yet). Locked accounts are refused even with the right password.
   */
  async login(ctx: SecurityContext, args: { email: string; password: string }): Promise<AuthPayload> {
    const found = await findByEmail(ctx, args.email);
    if (!found?.passwordHash) {
      // Same scrypt work as a real check: unknown emails must not answer faster than wrong passwords.
      await burnPasswordCheck(args.password);
      throw new UnauthenticatedError(INVALID_CREDENTIALS);
    }
    const scope = { tenantId: found.tenantId, userId: found.id, requestId: ctx.requestId };
    if (isLocked(found)) {
      await burnPasswordCheck(args.password);
      await inTenant(ctx.database, scope, async (tx) => {
        await tx
          .insert(loginAttempts)
          .values({ tenantId: found.tenantId, userId: found.id, succeeded: false, ip: ctx.client.ip });
        await recordAudit(tx, auditLog, [
          auditEntry(ctx, found.tenantId, found.id, 'user.login_refused_locked', {
            after: { ip: ctx.client.ip },
          }),
        ]);
      });
      throw new UnauthenticatedError(INVALID_CREDENTIALS);
    }
    if (!(await verifyPassword(args.password, found.passwordHash))) {
      await recordFailedAttempt(ctx, scope, 'password');
      throw new UnauthenticatedError(INVALID_CREDENTIALS);
    }
    // Checked only after the password, so an account's status is revealed to nobody who lacks it.
    if (found.status !== 'ACTIVE') throw new UnauthenticatedError(INVALID_CREDENTIALS);

    const { policy } = await inTenant(ctx.database, scope, (tx) => accessAndPolicy(tx, found));
    if (!ipPasses(policy, ctx.client.ip)) throw await refuseIp(ctx, scope, 'login');

    if (found.mfaEnabledAt) {
      const challenge = randomToken();
      const expiresAt = new Date(Date.now() + mfaChallengeTtlMs());
      await inTenant(ctx.database, scope, async (tx) => {
        await tx.insert(userTokens).values({
          tenantId: found.tenantId,
          userId: found.id,
          purpose: 'MFA_CHALLENGE',
          tokenHash: sha256Hex(challenge),
          expiresAt,
        });
        await recordAudit(tx, auditLog, [auditEntry(ctx, found.tenantId, found.id, 'user.mfa_challenge')]);
      });
      return {
        accessToken: null,
        refreshToken: null,
        expiresIn: null,
        user: null,
        mfaRequired: true,
        mfaChallenge: challenge,
        mfaChallengeExpiresAt: expiresAt,
        mfaEnrollmentRequired: false,
      };
    }
    const issued = await inTenant(ctx.database, scope, async (tx) => {
      const { access, policy: p } = await accessAndPolicy(tx, found);
      return openSession(ctx, tx, found.id, { mfaVerified: false, access, policy: p, action: 'user.login' });
    });
    return signFor(issued);
  },

  /** Second step of an MFA login: the challenge from `login` plus a TOTP code or a backup code. */
  async completeMfaLogin(
    ctx: SecurityContext,
    args: { challenge: string; code: string },
  ): Promise<AuthPayload> {
    const [token] = await ctx.database.system
      .select()
      .from(userTokens)
      .where(
        and(eq(userTokens.tokenHash, sha256Hex(args.challenge)), eq(userTokens.purpose, 'MFA_CHALLENGE')),
      )
      .limit(1);
    if (
      !token ||
      token.usedAt ||
      token.expiresAt.getTime() <= Date.now() ||
      token.attempts >= MFA_CHALLENGE_MAX_ATTEMPTS
    ) {
      throw new UnauthenticatedError(INVALID_CHALLENGE);
    }
    const scope = { tenantId: token.tenantId, userId: token.userId, requestId: ctx.requestId };
    const result = await inTenant(ctx.database, scope, async (tx) => {
      const [user] = await tx
        .select({ ...userColumns, mfaSecret: users.mfaSecret })
        .from(users)
        .where(eq(users.id, token.userId))
        .for('update');
      if (user?.status !== 'ACTIVE' || isLocked(user)) return { ok: false as const, counted: false };
      const verified = await verifySecondFactor(tx, user, args.code);
      if (!verified) {
        await tx
          .update(userTokens)
          .set({ attempts: sql`${userTokens.attempts} + 1` })
          .where(eq(userTokens.id, token.id));
        return { ok: false as const, counted: true };
      }
      // Single use, even under a race: only the first update finds it unused.
      const [claimed] = await tx
        .update(userTokens)
        .set({ usedAt: sql`now()` })
        .where(and(eq(userTokens.id, token.id), isNull(userTokens.usedAt)))
        .returning({ id: userTokens.id });
      if (!claimed) return { ok: false as const, counted: false };
      const { access, policy } = await accessAndPolicy(tx, user);
      if (!ipPasses(policy, ctx.client.ip)) return { ok: false as const, counted: false, ip: true };
      const issued = await openSession(ctx, tx, user.id, {
        mfaVerified: true,
        access,
        policy,
        action: verified === 'backup' ? 'user.login_backup_code' : 'user.login',
      });
      return { ok: true as const, issued };
    });
    if (!result.ok) {
      if ('ip' in result && result.ip) throw await refuseIp(ctx, scope, 'login');
      if (result.counted) await recordFailedAttempt(ctx, scope, 'mfa_code');
      throw new UnauthenticatedError(INVALID_CHALLENGE);
    }
    return signFor(result.issued);
  },

  /**
   * Exchanges a refresh token for a new pair. The old token is spent; presenting a spent token
   * again means it was stolen (or the client is broken): the whole session is revoked and a
   * REFRESH_TOKEN_REUSE alert raised. Idle timeout, maximum length, user status and the IP
   * allow-list are enforced here.
   */
  async refresh(ctx: SecurityContext, token: string): Promise<AuthPayload> {
    const [row] = await ctx.database.system
      .select({ id: refreshTokens.id, tenantId: refreshTokens.tenantId, userId: refreshTokens.userId })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, hashRefreshToken(token)))
      .limit(1);
    if (!row) throw new UnauthenticatedError(INVALID_REFRESH);
    const scope = { tenantId: row.tenantId, userId: row.userId, requestId: ctx.requestId };
    type Outcome = { error: 'invalid' | 'reuse' | 'ip' } | { error: null; issued: Issued };
    /** A session this refresh ended (reuse, idle, expired, user inactive): gateways must drop it. */
    let ended: { sessionId: string; reason: string } | null = null;
    const outcome: Outcome = await inTenant(ctx.database, scope, async (tx): Promise<Outcome> => {
      const [current] = await tx
        .select()
        .from(refreshTokens)
        .where(eq(refreshTokens.id, row.id))
        .for('update');
      if (!current) return { error: 'invalid' };
      if (current.rotatedAt) {
        const wasLive = await revokeSession(tx, current.familyId, 'refresh_token_reuse');
        ended = { sessionId: current.familyId, reason: 'refresh_token_reuse' };
        await raiseAlert(tx, {
          tenantId: current.tenantId,
          kind: 'REFRESH_TOKEN_REUSE',
          severity: 'HIGH',
          summary: 'A rotated refresh token was presented again: the session was revoked',
          userId: current.userId,
          details: {
            sessionId: current.familyId,
            ip: ctx.client.ip,
            userAgent: ctx.client.userAgent,
            sessionWasLive: wasLive,
          },
          requestId: ctx.requestId,
        });
        await recordAudit(tx, auditLog, [
          auditEntry(ctx, current.tenantId, current.userId, 'session.revoke', {
            after: { sessionId: current.familyId, reason: 'refresh_token_reuse' },
          }),
        ]);
        return { error: 'reuse' };
      }
      if (current.revokedAt || current.expiresAt.getTime() <= Date.now()) return { error: 'invalid' };
      const [session] = await tx
        .select()
        .from(sessions)
        .where(eq(sessions.id, current.familyId))
        .for('update');
      if (!session || session.revokedAt) return { error: 'invalid' };
      const [user] = await tx.select(userColumns).from(users).where(eq(users.id, current.userId));
      const now = Date.now();
      const end = async (reason: string) => {
        await revokeSession(tx, session.id, reason);
        ended = { sessionId: session.id, reason };
        await recordAudit(tx, auditLog, [
          auditEntry(ctx, session.tenantId, session.userId, 'session.revoke', {
            after: { sessionId: session.id, reason },
          }),
        ]);
        return { error: 'invalid' as const };
      };
      if (user?.status !== 'ACTIVE') return end('user_inactive');
      if (session.expiresAt.getTime() <= now) return end('expired');
      const { access, policy } = await accessAndPolicy(tx, user as User);
      if (
        policy.idleTimeoutSeconds !== null &&
        now - session.lastUsedAt.getTime() > policy.idleTimeoutSeconds * 1000
      ) {
        return end('idle_timeout');
      }
      if (
        policy.maxSessionSeconds !== null &&
        now - session.createdAt.getTime() > policy.maxSessionSeconds * 1000
      ) {
        return end('max_session_length');
      }
      if (!ipPasses(policy, ctx.client.ip)) return { error: 'ip' };
      await tx
        .update(refreshTokens)
        .set({ rotatedAt: new Date(now) })
        .where(eq(refreshTokens.id, current.id));
      const next = randomToken();
      await tx.insert(refreshTokens).values({
        tenantId: current.tenantId,
        userId: current.userId,
        tokenHash: hashRefreshToken(next),
        familyId: session.id,
        expiresAt: session.expiresAt,
      });
      await tx
        .update(sessions)
        .set({ lastUsedAt: new Date(now) })
        .where(eq(sessions.id, session.id));
      await recordAudit(tx, auditLog, [
        auditEntry(ctx, session.tenantId, session.userId, 'session.refresh', {
          after: { sessionId: session.id },
        }),
      ]);
      return {
        error: null,
        issued: {
          user: user as User,
          access,
          // The policy may have started requiring MFA since the session began without it.
          restricted: session.restricted || (policy.mfaRequired && !session.mfaVerified),
          sessionId: session.id,
          refreshToken: next,
        },
      };
    });
    if (ended) {
      const { sessionId, reason } = ended as { sessionId: string; reason: string };
      await announceSessionsChanged(ctx, { ...scope, sessionIds: [sessionId], reason });
    }
    if (outcome.error === 'ip') throw await refuseIp(ctx, scope, 'refresh');
    if (outcome.error) throw new UnauthenticatedError(INVALID_REFRESH);
    return signFor(outcome.issued);
  },

  /** Ends the session the refresh token belongs to. Idempotent; false when it was not live. */
  async logout(ctx: SecurityContext, token: string): Promise<boolean> {
    const [row] = await ctx.database.system
      .select({
        tenantId: refreshTokens.tenantId,
        userId: refreshTokens.userId,
        familyId: refreshTokens.familyId,
      })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, hashRefreshToken(token)))
      .limit(1);
    if (!row) return false;
    // A logged-in caller may only end their own sessions (an anonymous holder of the token may end it).
    if (ctx.identity.userId && ctx.identity.userId !== row.userId) return false;
    const live = await inTenant(
      ctx.database,
      { tenantId: row.tenantId, userId: row.userId, requestId: ctx.requestId },
      async (tx) => {
        const live = await revokeSession(tx, row.familyId, 'logout');
        if (live) {
          await recordAudit(tx, auditLog, [
            auditEntry(ctx, row.tenantId, row.userId, 'session.logout', {
              after: { sessionId: row.familyId },
            }),
          ]);
        }
        return live;
      },
    );
    if (live) {
      await announceSessionsChanged(ctx, {
        tenantId: row.tenantId,
        userId: row.userId,
        sessionIds: [row.familyId],
        reason: 'logout',
      });
    }
    return live;
  },

  /** The calling user's live sessions, newest first. */
  async mine(ctx: SecurityContext): Promise<Session[]> {
    ctx.tenantId();
    const userId = ctx.identity.userId;
    if (ctx.identity.kind !== 'user' || !userId) throw forbidden();
    return ctx.tx((tx) =>
      tx
        .select()
        .from(sessions)
        .where(
          and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())),
        )
        .orderBy(desc(sessions.id)),
    );
  },

  /** Ends one of your own sessions (another user's or tenant's id is NOT_FOUND). */
  async revokeOwn(ctx: SecurityContext, id: string): Promise<boolean> {
    const tenantId = ctx.tenantId();
    const userId = ctx.identity.userId;
    if (ctx.identity.kind !== 'user' || !userId) throw forbidden();
    if (!isUuid(id)) throw notFound('Session', id);
    const done = await ctx.tx(async (tx) => {
      const [own] = await tx
        .select({ id: sessions.id, revokedAt: sessions.revokedAt })
        .from(sessions)
        .where(and(eq(sessions.id, id), eq(sessions.userId, userId)));
      if (!own) throw notFound('Session', id);
      if (own.revokedAt) throw conflict('This session has already ended');
      await revokeSession(tx, id, 'revoked_by_user');
      await recordAudit(tx, auditLog, [
        auditEntry(ctx, tenantId, userId, 'session.revoke', {
          after: { sessionId: id, reason: 'revoked_by_user' },
        }),
      ]);
      return true;
    });
    await announceSessionsChanged(ctx, { tenantId, userId, sessionIds: [id], reason: 'revoked_by_user' });
    return done;
  },

  /** Ends every session of the calling user; returns how many were live. */
  async logoutEverywhere(ctx: SecurityContext): Promise<number> {
    const tenantId = ctx.tenantId();
    const userId = ctx.identity.userId;
    if (ctx.identity.kind !== 'user' || !userId) throw forbidden();
    const n = await ctx.tx(async (tx) => {
      const n = await revokeAllSessions(tx, userId, 'logout_everywhere');
      await recordAudit(tx, auditLog, [
        auditEntry(ctx, tenantId, userId, 'session.logout_everywhere', { after: { sessions: n } }),
      ]);
      return n;
    });
    await announceSessionsChanged(ctx, { tenantId, userId, reason: 'logout_everywhere' });
    return n;
  },

  /**
   * The gateway's per-request check of a bearer token (system identity only): whether its session
   * is still live and its user active, and the roles and permissions the user holds right now —
   * the gateway uses these instead of the token's, so role changes apply on the next request.
   * Null = refuse the token. A token without a session id (not one we issue) is checked against
   * the user alone.
   */
  async status(
    ctx: SecurityContext,
    args: { tenantId: string; userId: string; sessionId: string | null },
  ): Promise<SessionAccess | null> {
    if (ctx.identity.kind !== 'system') throw forbidden();
    if (!isUuid(args.tenantId) || !isUuid(args.userId)) return null;
    if (args.sessionId !== null && !isUuid(args.sessionId)) return null;
    const scope = { tenantId: args.tenantId, userId: args.userId, requestId: ctx.requestId };
    return inTenant(ctx.database, scope, async (tx) => {
      const [user] = await tx.select(userColumns).from(users).where(eq(users.id, args.userId));
      if (user?.status !== 'ACTIVE') return null;
      let restricted = false;
      let mfaVerified = false;
      if (args.sessionId) {
        const [session] = await tx
          .select()
          .from(sessions)
          .where(and(eq(sessions.id, args.sessionId), eq(sessions.userId, args.userId)));
        if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) return null;
        restricted = session.restricted;
        mfaVerified = session.mfaVerified;
      }
      const { access, policy } = await accessAndPolicy(tx, user as User);
      // As at refresh: a policy that started requiring MFA restricts a session begun without it.
      if (args.sessionId && policy.mfaRequired && !mfaVerified) restricted = true;
      return {
        tenantId: args.tenantId,
        userId: args.userId,
        sessionId: args.sessionId,
        employeeId: user.employeeId,
        roles: restricted ? [] : access.roles,
        permissions: restricted ? [] : access.permissions,
      };
    });
  },

  /** For password change: a fresh session for a user who just re-authenticated. */
  async reissue(
    ctx: SecurityContext,
    tx: Tx,
    user: { id: string; roles: string[]; mfaEnabledAt: Date | null },
    action: string,
  ): Promise<Issued> {
    const { access, policy } = await accessAndPolicy(tx, user);
    // With MFA on, the caller's current session was MFA-verified (no other kind can exist).
    return openSession(ctx, tx, user.id, { mfaVerified: user.mfaEnabledAt !== null, access, policy, action });
  },

  sign: signFor,
};
