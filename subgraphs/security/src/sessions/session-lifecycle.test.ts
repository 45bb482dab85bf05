import { withTenant } from '@wg/db';
import * as tables from '@wg/db/security';
import { verifyAccessToken } from '@wg/runtime';
import { codeOf, identityFor } from '@wg/runtime/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ANONYMOUS, newTenant, newUser, PASSWORD, startSecurity } from '../testing';
import { INVALID_CREDENTIALS, INVALID_REFRESH } from './session.service';

const { users, sessions, refreshTokens, securityAlerts, sessionPolicies, loginAttempts } = tables;

const LOGIN = /* GraphQL */ `
  mutation ($email: String!, $password: String!) {
    login(email: $email, password: $password) { accessToken refreshToken expiresIn mfaRequired mfaEnrollmentRequired user { id } }
  }
`;
const REFRESH = /* GraphQL */ `mutation ($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }`;
const LOGOUT = /* GraphQL */ `mutation ($t: String!) { logout(refreshToken: $t) }`;
const LOGOUT_ALL = /* GraphQL */ `mutation { logoutEverywhere }`;

type Tokens = { accessToken: string; refreshToken: string };

let env: Awaited<ReturnType<typeof startSecurity>>;
let acme: string;
let globex: string;

beforeAll(async () => {
  env = await startSecurity();
  acme = await newTenant(env.db, 'acme');
  globex = await newTenant(env.db, 'globex');
});
afterAll(async () => env?.stop());
afterEach(() => {
  vi.unstubAllEnvs();
});

const login = (email: string, password = PASSWORD, ip = '198.51.100.10') =>
  env.callFrom<{ login: Tokens & { mfaEnrollmentRequired: boolean } }>(
    { ip, userAgent: 'vitest' },
    LOGIN,
    { email, password },
    ANONYMOUS,
  );
const refresh = (t: string, ip = '198.51.100.10') =>
  env.callFrom<{ refreshSession: Tokens }>({ ip, userAgent: 'vitest' }, REFRESH, { t }, ANONYMOUS);

const alertsFor = (tenantId: string, userId: string, kind: string) =>
  withTenant(env.db, { tenantId }, (tx) =>
    tx
      .select()
      .from(securityAlerts)
      .where(and(eq(securityAlerts.userId, userId), eq(securityAlerts.kind, kind as 'FAILED_LOGIN_BURST'))),
  );

describe('lockout', () => {
  it('refuses the sixth attempt within the window even with the right password, and raises an alert', async () => {
    const user = await newUser(env.db, acme);
    for (let i = 0; i < 5; i++) {
      const res = await login(user.email, `wrong password ${i}`);
      expect(res.errors?.[0]).toMatchObject({
        message: INVALID_CREDENTIALS,
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
    const sixth = await login(user.email, PASSWORD);
    expect(sixth.data?.login ?? null).toBeNull();
    expect(sixth.errors?.[0]).toMatchObject({
      message: INVALID_CREDENTIALS,
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const alerts = await alertsFor(acme, user.id, 'FAILED_LOGIN_BURST');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'HIGH', status: 'OPEN' });
    expect(alerts[0]!.details).toMatchObject({ failures: 5, windowMinutes: 15, ip: '198.51.100.10' });
    const [row] = await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx.select().from(users).where(eq(users.id, user.id)),
    );
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const issued = await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx.select().from(sessions).where(eq(sessions.userId, user.id)),
    );
    expect(issued).toHaveLength(0);
  });

  it('unlocks once the lock has passed', async () => {
    const user = await newUser(env.db, acme);
    for (let i = 0; i < 5; i++) await login(user.email, 'wrong password!');
    expect(codeOf(await login(user.email))).toBe('UNAUTHENTICATED');
    await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx
        .update(users)
        .set({ lockedUntil: new Date(Date.now() - 1000) })
        .where(eq(users.id, user.id)),
    );
    const res = await login(user.email);
    expect(res.errors).toBeUndefined();
  });

  it('counts only failures inside the window and after the last success; threshold and window come from the environment', async () => {
    vi.stubEnv('LOCKOUT_THRESHOLD', '3');
    vi.stubEnv('LOCKOUT_WINDOW_MINUTES', '5');
    const user = await newUser(env.db, acme);
    // Two old failures, outside a 5-minute window.
    await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx.insert(loginAttempts).values(
        [0, 1].map(() => ({
          tenantId: acme,
          userId: user.id,
          succeeded: false,
          at: new Date(Date.now() - 10 * 60_000),
        })),
      ),
    );
    await login(user.email, 'wrong password!');
    await login(user.email, 'wrong password!');
    expect((await login(user.email)).errors).toBeUndefined();
    // The success reset the count: two more failures do not lock.
    await login(user.email, 'wrong password!');
    await login(user.email, 'wrong password!');
    expect((await login(user.email)).errors).toBeUndefined();
    await login(user.email, 'wrong password!');
    await login(user.email, 'wrong password!');
    await login(user.email, 'wrong password!');
    expect(codeOf(await login(user.email))).toBe('UNAUTHENTICATED');
    expect(await alertsFor(acme, user.id, 'FAILED_LOGIN_BURST')).toHaveLength(1);
  });
});

describe('refresh tokens', () => {
  it('rotate on every use, carry fresh permissions, and a reused one revokes the whole family', async () => {
    const user = await newUser(env.db, acme, ['viewer']);
    const first = (await login(user.email)).data!.login;
    const second = (await refresh(first.refreshToken)).data!.refreshSession;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const identity = await verifyAccessToken(second.accessToken);
    expect(identity).toMatchObject({ userId: user.id, tenantId: acme, roles: ['viewer'] });
    const third = (await refresh(second.refreshToken)).data!.refreshSession;

    // The first token again: theft. The family dies, including the newest token.
    const reuse = await refresh(first.refreshToken, '203.0.113.66');
    expect(reuse.errors?.[0]).toMatchObject({
      message: INVALID_REFRESH,
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const after = await refresh(third.refreshToken);
    expect(codeOf(after)).toBe('UNAUTHENTICATED');
    const [session] = await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx.select().from(sessions).where(eq(sessions.userId, user.id)),
    );
    expect(session).toMatchObject({ revokedReason: 'refresh_token_reuse' });
    const live = await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx.select().from(refreshTokens).where(eq(refreshTokens.familyId, session!.id)),
    );
    expect(live.every((t) => t.revokedAt !== null)).toBe(true);
    const alerts = await alertsFor(acme, user.id, 'REFRESH_TOKEN_REUSE');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.details).toMatchObject({ sessionId: session!.id, ip: '203.0.113.66' });
    // Another login still works: only that family was revoked.
    expect((await login(user.email)).errors).toBeUndefined();
  });

  it('refuses unknown tokens and ends sessions of deactivated users', async () => {
    expect(codeOf(await refresh('nope'))).toBe('UNAUTHENTICATED');
    const user = await newUser(env.db, acme);
    const first = (await login(user.email)).data!.login;
    await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx.update(users).set({ status: 'DEACTIVATED' }).where(eq(users.id, user.id)),
    );
    expect(codeOf(await refresh(first.refreshToken))).toBe('UNAUTHENTICATED');
  });

  it('enforces the idle timeout and the maximum session length of the session policy', async () => {
    await withTenant(env.db, { tenantId: globex }, (tx) =>
      tx
        .insert(sessionPolicies)
        .values({ tenantId: globex, roleName: null, idleTimeoutSeconds: 600, maxSessionSeconds: 3600 }),
    );
    const user = await newUser(env.db, globex);
    const tokens = (await login(user.email)).data!.login;
    const [s] = await withTenant(env.db, { tenantId: globex }, (tx) =>
      tx.select().from(sessions).where(eq(sessions.userId, user.id)),
    );
    // Session length is capped by the policy.
    expect(s!.expiresAt.getTime() - s!.createdAt.getTime()).toBeLessThanOrEqual(3600_000 + 1000);
    const ok = await refresh(tokens.refreshToken);
    expect(ok.errors).toBeUndefined();
    await withTenant(env.db, { tenantId: globex }, (tx) =>
      tx
        .update(sessions)
        .set({ lastUsedAt: new Date(Date.now() - 601_000) })
        .where(eq(sessions.id, s!.id)),
    );
    expect(codeOf(await refresh(ok.data!.refreshSession.refreshToken))).toBe('UNAUTHENTICATED');
    const [ended] = await withTenant(env.db, { tenantId: globex }, (tx) =>
      tx.select().from(sessions).where(eq(sessions.id, s!.id)),
    );
    expect(ended!.revokedReason).toBe('idle_timeout');
    await withTenant(env.db, { tenantId: globex }, (tx) =>
      tx.delete(sessionPolicies).where(eq(sessionPolicies.tenantId, globex)),
    );
  });

  it('enforces the IP allow-list at login and refresh, with an alert', async () => {
    const user = await newUser(env.db, globex, ['analyst']);
    const before = (await login(user.email, PASSWORD, '10.1.2.3')).data!.login;
    await withTenant(env.db, { tenantId: globex }, (tx) =>
      tx
        .insert(sessionPolicies)
        .values({ tenantId: globex, roleName: 'analyst', ipAllowList: ['10.0.0.0/8', '2001:db8::/32'] }),
    );
    expect((await login(user.email, PASSWORD, '10.1.2.3')).errors).toBeUndefined();
    expect((await login(user.email, PASSWORD, '::ffff:10.9.9.9')).errors).toBeUndefined();
    expect((await login(user.email, PASSWORD, '2001:db8::1')).errors).toBeUndefined();
    const outside = await login(user.email, PASSWORD, '192.0.2.1');
    expect(codeOf(outside)).toBe('FORBIDDEN');
    expect(codeOf(await refresh(before.refreshToken, '192.0.2.1'))).toBe('FORBIDDEN');
    expect((await refresh(before.refreshToken, '10.0.0.1')).errors).toBeUndefined();
    const alerts = await alertsFor(globex, user.id, 'IP_NOT_ALLOWED');
    expect(alerts).toHaveLength(1);
    expect((alerts[0]!.details as { occurrences: number }).occurrences).toBe(2);
    // A user without the role is not bound by it.
    const other = await newUser(env.db, globex, ['viewer']);
    expect((await login(other.email, PASSWORD, '192.0.2.1')).errors).toBeUndefined();
    await withTenant(env.db, { tenantId: globex }, (tx) =>
      tx.delete(sessionPolicies).where(eq(sessionPolicies.tenantId, globex)),
    );
  });
});

describe('logout', () => {
  it('ends one session; logoutEverywhere ends all of them', async () => {
    const user = await newUser(env.db, acme);
    const a = (await login(user.email)).data!.login;
    const b = (await login(user.email)).data!.login;
    const c = (await login(user.email)).data!.login;
    const out = await env.security.call<{ logout: boolean }>(LOGOUT, { t: a.refreshToken }, ANONYMOUS);
    expect(out.data!.logout).toBe(true);
    expect(
      (await env.security.call<{ logout: boolean }>(LOGOUT, { t: a.refreshToken }, ANONYMOUS)).data!.logout,
    ).toBe(false);
    expect(codeOf(await refresh(a.refreshToken))).toBe('UNAUTHENTICATED');
    expect((await refresh(b.refreshToken)).errors).toBeUndefined();

    // Someone else's token is not theirs to end.
    const stranger = identityFor(acme, ['admin']);
    expect(
      (await env.security.call<{ logout: boolean }>(LOGOUT, { t: c.refreshToken }, stranger)).data!.logout,
    ).toBe(false);

    const identity = await verifyAccessToken(c.accessToken);
    const all = await env.security.call<{ logoutEverywhere: number }>(LOGOUT_ALL, {}, identity);
    expect(all.errors).toBeUndefined();
    expect(all.data!.logoutEverywhere).toBe(2);
    expect(codeOf(await refresh(c.refreshToken))).toBe('UNAUTHENTICATED');
  });

  it('logoutEverywhere is UNAUTHENTICATED when anonymous and FORBIDDEN for an API key', async () => {
    expect(codeOf(await env.security.call(LOGOUT_ALL, {}, ANONYMOUS))).toBe('UNAUTHENTICATED');
    expect(
      codeOf(await env.security.call(LOGOUT_ALL, {}, { ...identityFor(acme), kind: 'apiKey', userId: null })),
    ).toBe('FORBIDDEN');
  });
});

describe('mySessions / revokeMySession', () => {
  const MINE = /* GraphQL */ `{ mySessions { id ip userAgent mfaVerified } }`;
  const REVOKE = /* GraphQL */ `mutation ($id: ID!) { revokeMySession(id: $id) }`;

  it('lists your live sessions and ends one of them; not anyone else’s', async () => {
    const user = await newUser(env.db, acme);
    const a = (await login(user.email, PASSWORD, '198.51.100.1')).data!.login;
    const b = (await login(user.email, PASSWORD, '198.51.100.2')).data!.login;
    const identity = await verifyAccessToken(b.accessToken);
    const mine = await env.security.call<{ mySessions: { id: string; ip: string }[] }>(MINE, {}, identity);
    expect(mine.data!.mySessions.map((s) => s.ip)).toEqual(['198.51.100.2', '198.51.100.1']);
    const first = mine.data!.mySessions[1]!.id;
    const other = await newUser(env.db, acme, ['admin']);
    const otherIdentity = identityFor(acme, ['admin'], { userId: other.id });
    expect(codeOf(await env.security.call(REVOKE, { id: first }, otherIdentity))).toBe('NOT_FOUND');
    expect(
      codeOf(
        await env.security.call(REVOKE, { id: first }, identityFor(globex, ['admin'], { userId: user.id })),
      ),
    ).toBe('NOT_FOUND');
    expect(
      (await env.security.call<{ revokeMySession: boolean }>(REVOKE, { id: first }, identity)).data!
        .revokeMySession,
    ).toBe(true);
    expect(codeOf(await env.security.call(REVOKE, { id: first }, identity))).toBe('CONFLICT');
    expect(codeOf(await refresh(a.refreshToken))).toBe('UNAUTHENTICATED');
    expect((await refresh(b.refreshToken)).errors).toBeUndefined();
    expect(
      codeOf(await env.security.call(MINE, {}, { ...identityFor(acme), kind: 'apiKey', userId: null })),
    ).toBe('FORBIDDEN');
  });
});
