import { withTenant } from '@wg/db';
import * as tables from '@wg/db/security';
import { verifyAccessToken } from '@wg/runtime';
import { codeOf, fieldsOf, identityFor } from '@wg/runtime/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryMailer, setMailer } from '@wg/runtime/mail';
import { ANONYMOUS, newTenant, newUser, PASSWORD, startSecurity } from '../testing';
import { checkPassword } from './password-policy';

const { users, sessions, userTokens, auditLog } = tables;

const LOGIN = /* GraphQL */ `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken } }`;
const CHANGE = /* GraphQL */ `
  mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { accessToken refreshToken } }
`;
const REQUEST = /* GraphQL */ `mutation ($e: String!) { requestPasswordReset(email: $e) }`;
const RESET = /* GraphQL */ `mutation ($t: String!, $n: String!) { resetPassword(token: $t, newPassword: $n) }`;
const REFRESH = /* GraphQL */ `mutation ($t: String!) { refreshSession(refreshToken: $t) { accessToken } }`;

let env: Awaited<ReturnType<typeof startSecurity>>;
let acme: string;
const mailer = setMailer(new MemoryMailer());

beforeAll(async () => {
  env = await startSecurity();
  acme = await newTenant(env.db, 'acme');
});
afterAll(async () => env?.stop());

const login = (e: string, p = PASSWORD) =>
  env.security.call<{ login: { accessToken: string; refreshToken: string } }>(LOGIN, { e, p }, ANONYMOUS);
const tokenFromMail = (email: string) =>
  /token=([A-Za-z0-9_-]{43})/.exec(mailer.lastTo(email)?.text ?? '')?.[1];

describe('password policy', () => {
  it('checks length, common passwords, the user’s own email and name, and trivial runs', () => {
    const ctx = { email: 'grace.hopper@navy.test', displayName: 'Grace Hopper' };
    expect(checkPassword('correct horse battery', ctx)).toEqual([]);
    expect(checkPassword('short', ctx)[0]!.message).toMatch(/at least 10/);
    expect(checkPassword('Password123!', ctx)[0]!.message).toMatch(/common/);
    expect(checkPassword('qwertyuiop', ctx)[0]!.message).toMatch(/common/);
    expect(checkPassword('grace.hopper!!', ctx)[0]!.message).toMatch(/email address or name/);
    expect(checkPassword('myHopper2024x', ctx)[0]!.message).toMatch(/email address or name/);
    expect(checkPassword('aaaaaaaaaaaa', ctx)[0]!.message).toMatch(/predictable/);
    expect(checkPassword('x1234567890y', ctx)[0]!.message).toMatch(/predictable/);
    expect(checkPassword('x'.repeat(1025), ctx)[0]!.message).toMatch(/at most/);
  });
});

describe('changePassword', () => {
  it('needs the current password, revokes every session and returns a fresh one', async () => {
    const user = await newUser(env.db, acme);
    const a = (await login(user.email)).data!.login;
    const b = (await login(user.email)).data!.login;
    const identity = await verifyAccessToken(a.accessToken);
    const res = await env.security.call<{ changePassword: { accessToken: string; refreshToken: string } }>(
      CHANGE,
      { c: PASSWORD, n: 'a much better passphrase' },
      identity,
    );
    expect(res.errors).toBeUndefined();
    for (const old of [a, b])
      expect(codeOf(await env.security.call(REFRESH, { t: old.refreshToken }, ANONYMOUS))).toBe(
        'UNAUTHENTICATED',
      );
    expect(
      (await env.security.call(REFRESH, { t: res.data!.changePassword.refreshToken }, ANONYMOUS)).errors,
    ).toBeUndefined();
    expect(codeOf(await login(user.email))).toBe('UNAUTHENTICATED');
    expect((await login(user.email, 'a much better passphrase')).errors).toBeUndefined();
    const audits = await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, user.id), eq(auditLog.action, 'user.password_change'))),
    );
    expect(audits).toHaveLength(1);
  });

  it('names each bad field and changes nothing', async () => {
    const user = await newUser(env.db, acme);
    const identity = await verifyAccessToken((await login(user.email)).data!.login.accessToken);
    const [before] = await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx.select().from(users).where(eq(users.id, user.id)),
    );
    const res = await env.security.call(CHANGE, { c: 'wrong current', n: 'password' }, identity);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res.errors![0])).toEqual(['currentPassword', 'newPassword']);
    const same = await env.security.call(CHANGE, { c: PASSWORD, n: PASSWORD }, identity);
    expect(fieldsOf(same.errors![0])).toEqual(['newPassword']);
    const [after] = await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx.select().from(users).where(eq(users.id, user.id)),
    );
    expect(after!.passwordHash).toBe(before!.passwordHash);
    const live = await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx.select().from(sessions).where(eq(sessions.userId, user.id)),
    );
    expect(live.every((s) => s.revokedAt === null)).toBe(true);
  });

  it('is UNAUTHENTICATED when anonymous and FORBIDDEN for an API key', async () => {
    expect(codeOf(await env.security.call(CHANGE, { c: PASSWORD, n: 'another good one' }, ANONYMOUS))).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      codeOf(
        await env.security.call(
          CHANGE,
          { c: PASSWORD, n: 'another good one' },
          { ...identityFor(acme), kind: 'apiKey', userId: null },
        ),
      ),
    ).toBe('FORBIDDEN');
  });
});

describe('password reset', () => {
  it('mails a single-use token that sets a new password, unlocks and ends sessions', async () => {
    const user = await newUser(env.db, acme);
    const session = (await login(user.email)).data!.login;
    await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx
        .update(users)
        .set({ lockedUntil: new Date(Date.now() + 600_000) })
        .where(eq(users.id, user.id)),
    );
    const res = await env.security.call<{ requestPasswordReset: boolean }>(
      REQUEST,
      { e: user.email.toUpperCase() },
      ANONYMOUS,
    );
    expect(res.data!.requestPasswordReset).toBe(true);
    const token = tokenFromMail(user.email)!;
    expect(token).toBeTruthy();
    const stored = await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx
        .select()
        .from(userTokens)
        .where(and(eq(userTokens.userId, user.id), eq(userTokens.purpose, 'PASSWORD_RESET'))),
    );
    expect(JSON.stringify(stored)).not.toContain(token);

    const weak = await env.security.call(RESET, { t: token, n: 'password1' }, ANONYMOUS);
    expect(fieldsOf(weak.errors![0])).toEqual(['newPassword']);
    const ok = await env.security.call<{ resetPassword: boolean }>(
      RESET,
      { t: token, n: 'fresh start phrase' },
      ANONYMOUS,
    );
    expect(ok.data?.resetPassword).toBe(true);
    expect((await login(user.email, 'fresh start phrase')).errors).toBeUndefined();
    expect(codeOf(await env.security.call(REFRESH, { t: session.refreshToken }, ANONYMOUS))).toBe(
      'UNAUTHENTICATED',
    );

    const twice = await env.security.call(RESET, { t: token, n: 'yet another phrase' }, ANONYMOUS);
    expect(codeOf(twice)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(twice.errors![0])).toEqual(['token']);
    expect(codeOf(await login(user.email, 'yet another phrase'))).toBe('UNAUTHENTICATED');
  });

  it('expires, and a newer request kills the older token', async () => {
    const user = await newUser(env.db, acme);
    await env.security.call(REQUEST, { e: user.email }, ANONYMOUS);
    const older = tokenFromMail(user.email)!;
    await env.security.call(REQUEST, { e: user.email }, ANONYMOUS);
    const newer = tokenFromMail(user.email)!;
    expect(newer).not.toBe(older);
    expect(codeOf(await env.security.call(RESET, { t: older, n: 'fresh start phrase' }, ANONYMOUS))).toBe(
      'BAD_USER_INPUT',
    );
    await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx
        .update(userTokens)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(userTokens.userId, user.id)),
    );
    const expired = await env.security.call(RESET, { t: newer, n: 'fresh start phrase' }, ANONYMOUS);
    expect(fieldsOf(expired.errors![0])).toEqual(['token']);
    expect((await login(user.email)).errors).toBeUndefined();
  });

  it('answers true for unknown emails without sending anything, and rejects a malformed one', async () => {
    const before = mailer.sent.length;
    const res = await env.security.call<{ requestPasswordReset: boolean }>(
      REQUEST,
      { e: 'nobody@nowhere.test' },
      ANONYMOUS,
    );
    expect(res.data!.requestPasswordReset).toBe(true);
    expect(mailer.sent.length).toBe(before);
    const bad = await env.security.call(REQUEST, { e: 'not an email' }, ANONYMOUS);
    expect(fieldsOf(bad.errors![0])).toEqual(['email']);
  });
});
