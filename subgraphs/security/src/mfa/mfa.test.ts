import { withTenant } from '@wg/db';
import * as tables from '@wg/db/security';
import { verifyAccessToken } from '@wg/runtime';
import { codeOf, identityFor } from '@wg/runtime/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVALID_CHALLENGE } from '../sessions/session.service';
import { ANONYMOUS, newTenant, newUser, PASSWORD, startSecurity } from '../testing';
import { totpCode } from './totp';

const { users, mfaBackupCodes, sessionPolicies } = tables;

const LOGIN = /* GraphQL */ `
  mutation ($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      accessToken refreshToken mfaRequired mfaChallenge mfaChallengeExpiresAt mfaEnrollmentRequired user { id }
    }
  }
`;
const COMPLETE = /* GraphQL */ `
  mutation ($c: String!, $code: String!) { completeMfaLogin(challenge: $c, code: $code) { accessToken refreshToken user { id mfaEnabledAt } } }
`;
const ENROL = /* GraphQL */ `mutation { enrolMfa { otpauthUri secret qrCodeSvg qrCodeDataUrl } }`;
const CONFIRM = /* GraphQL */ `mutation ($code: String!) { confirmMfa(code: $code) { backupCodes } }`;
const DISABLE = /* GraphQL */ `mutation ($p: String!) { disableMfa(password: $p) }`;

type Login = {
  login: {
    accessToken: string | null;
    mfaRequired: boolean;
    mfaChallenge: string | null;
    mfaEnrollmentRequired: boolean;
  };
};

let env: Awaited<ReturnType<typeof startSecurity>>;
let acme: string;

beforeAll(async () => {
  env = await startSecurity();
  acme = await newTenant(env.db, 'acme');
});
afterAll(async () => env?.stop());

const login = (email: string, password = PASSWORD) =>
  env.security.call<Login>(LOGIN, { email, password }, ANONYMOUS);
const complete = (c: string, code: string) =>
  env.security.call<{ completeMfaLogin: { accessToken: string; user: { id: string } } }>(
    COMPLETE,
    { c, code },
    ANONYMOUS,
  );

/** Logs in, enrols and confirms MFA; returns the secret and the backup codes. */
async function enrolled(roles = ['employee']) {
  const user = await newUser(env.db, acme, roles);
  const token = (await login(user.email)).data!.login.accessToken!;
  const identity = await verifyAccessToken(token);
  const enrol = await env.security.call<{ enrolMfa: { secret: string } }>(ENROL, {}, identity);
  const secret = enrol.data!.enrolMfa.secret;
  const confirm = await env.security.call<{ confirmMfa: { backupCodes: string[] } }>(
    CONFIRM,
    { code: totpCode(secret) },
    identity,
  );
  expect(confirm.errors).toBeUndefined();
  return { user, identity, secret, backupCodes: confirm.data!.confirmMfa.backupCodes };
}

describe('enrolment', () => {
  it('returns an otpauth URI, an SVG and a PNG data URL, and keeps the secret encrypted', async () => {
    const user = await newUser(env.db, acme);
    const identity = await verifyAccessToken((await login(user.email)).data!.login.accessToken!);
    const res = await env.security.call<{
      enrolMfa: { otpauthUri: string; secret: string; qrCodeSvg: string; qrCodeDataUrl: string };
    }>(ENROL, {}, identity);
    expect(res.errors).toBeUndefined();
    const e = res.data!.enrolMfa;
    expect(e.otpauthUri).toMatch(/^otpauth:\/\/totp\/Workforce%20Graph:.+\?.*secret=[A-Z2-7]+/);
    expect(e.otpauthUri).toContain('algorithm=SHA1');
    expect(e.otpauthUri).toContain('digits=6');
    expect(e.otpauthUri).toContain('period=30');
    expect(e.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(e.qrCodeSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(e.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    const [row] = await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx.select().from(users).where(eq(users.id, user.id)),
    );
    expect(row!.mfaPendingSecret).toMatch(/^v1\./);
    expect(row!.mfaPendingSecret).not.toContain(e.secret);
    expect(row!.mfaEnabledAt).toBeNull();
    // Until confirmed, login stays one-step.
    expect((await login(user.email)).data!.login.mfaRequired).toBe(false);
  });

  it('confirms with a current code only, stores ten hashed backup codes, and refuses a second enrolment', async () => {
    const user = await newUser(env.db, acme);
    const identity = await verifyAccessToken((await login(user.email)).data!.login.accessToken!);
    const secret = (await env.security.call<{ enrolMfa: { secret: string } }>(ENROL, {}, identity)).data!
      .enrolMfa.secret;
    for (const code of ['12345', 'abcdef']) {
      const bad = await env.security.call(CONFIRM, { code }, identity);
      expect(codeOf(bad)).toBe('BAD_USER_INPUT');
      expect((bad.errors![0]!.extensions!.fields as { field: string }[])[0]!.field).toBe('code');
    }
    const stale = totpCode(secret, Date.now() - 5 * 60_000);
    expect(codeOf(await env.security.call(CONFIRM, { code: stale }, identity))).toBe('BAD_USER_INPUT');
    const [notYet] = await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx.select().from(users).where(eq(users.id, user.id)),
    );
    expect(notYet!.mfaEnabledAt).toBeNull();

    const ok = await env.security.call<{ confirmMfa: { backupCodes: string[] } }>(
      CONFIRM,
      { code: totpCode(secret) },
      identity,
    );
    expect(ok.errors).toBeUndefined();
    const codes = ok.data!.confirmMfa.backupCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const stored = await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx.select().from(mfaBackupCodes).where(eq(mfaBackupCodes.userId, user.id)),
    );
    expect(stored).toHaveLength(10);
    expect(JSON.stringify(stored)).not.toContain(codes[0]);
    expect(codeOf(await env.security.call(ENROL, {}, identity))).toBe('CONFLICT');
    expect(codeOf(await env.security.call(CONFIRM, { code: totpCode(secret) }, identity))).toBe('CONFLICT');
  });

  it('is self-service only', async () => {
    expect(codeOf(await env.security.call(ENROL, {}, ANONYMOUS))).toBe('UNAUTHENTICATED');
    expect(
      codeOf(await env.security.call(ENROL, {}, { ...identityFor(acme), kind: 'apiKey', userId: null })),
    ).toBe('FORBIDDEN');
  });
});

describe('login with MFA', () => {
  it('answers a challenge instead of tokens, completed by a TOTP code once', async () => {
    const { user, secret } = await enrolled();
    // The code used for confirmation cannot be replayed: wait for the next step's code instead.
    const first = (await login(user.email)).data!.login;
    expect(first).toMatchObject({ accessToken: null, mfaRequired: true });
    expect(first.mfaChallenge).toBeTruthy();
    const code = totpCode(secret, Date.now() + 30_000);
    const done = await complete(first.mfaChallenge!, code);
    expect(done.errors).toBeUndefined();
    const identity = await verifyAccessToken(done.data!.completeMfaLogin.accessToken);
    expect(identity.userId).toBe(user.id);
    // The challenge is single use, and the same code cannot open a second login.
    expect(codeOf(await complete(first.mfaChallenge!, code))).toBe('UNAUTHENTICATED');
    const again = (await login(user.email)).data!.login;
    const replay = await complete(again.mfaChallenge!, code);
    expect(replay.errors?.[0]?.message).toBe(INVALID_CHALLENGE);
  });

  it('accepts each backup code once', async () => {
    const { user, backupCodes } = await enrolled();
    const c1 = (await login(user.email)).data!.login.mfaChallenge!;
    const ok = await complete(c1, backupCodes[3]!.toUpperCase().replace('-', ' '));
    expect(ok.errors).toBeUndefined();
    const c2 = (await login(user.email)).data!.login.mfaChallenge!;
    expect(codeOf(await complete(c2, backupCodes[3]!))).toBe('UNAUTHENTICATED');
    // The failed attempt did not burn the challenge: another code still works.
    expect((await complete(c2, backupCodes[4]!)).errors).toBeUndefined();
    const left = await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx.select().from(mfaBackupCodes).where(eq(mfaBackupCodes.userId, user.id)),
    );
    expect(left.filter((c) => c.usedAt === null)).toHaveLength(8);
  });

  it('refuses a wrong code, an unknown challenge and an expired one', async () => {
    const { user } = await enrolled();
    const c = (await login(user.email)).data!.login.mfaChallenge!;
    expect(codeOf(await complete(c, '000000'))).toBe('UNAUTHENTICATED');
    expect(codeOf(await complete('not-a-challenge', '000000'))).toBe('UNAUTHENTICATED');
    await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx
        .update(tables.userTokens)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(tables.userTokens.userId, user.id)),
    );
    expect(codeOf(await complete(c, '000000'))).toBe('UNAUTHENTICATED');
  });

  it('disable needs the password; afterwards login is one step again', async () => {
    const { user, identity } = await enrolled();
    const wrong = await env.security.call(DISABLE, { p: 'not my password' }, identity);
    expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    expect((wrong.errors![0]!.extensions!.fields as { field: string }[])[0]!.field).toBe('password');
    expect((await login(user.email)).data!.login.mfaRequired).toBe(true);
    const ok = await env.security.call<{ disableMfa: boolean }>(DISABLE, { p: PASSWORD }, identity);
    expect(ok.data?.disableMfa).toBe(true);
    expect((await login(user.email)).data!.login.mfaRequired).toBe(false);
    expect(codeOf(await env.security.call(DISABLE, { p: PASSWORD }, identity))).toBe('CONFLICT');
  });
});

describe('session policy: MFA required for a role', () => {
  it('gives users of the role without MFA a token with no permissions until they enrol', async () => {
    await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx.insert(sessionPolicies).values({ tenantId: acme, roleName: 'hr_manager', mfaRequired: true }),
    );
    const user = await newUser(env.db, acme, ['hr_manager']);
    const res = (await login(user.email)).data!.login;
    expect(res.mfaEnrollmentRequired).toBe(true);
    const identity = await verifyAccessToken(res.accessToken!);
    expect(identity.permissions).toEqual([]);
    expect(identity.roles).toEqual([]);
    // Enough to enrol.
    const secret = (await env.security.call<{ enrolMfa: { secret: string } }>(ENROL, {}, identity)).data!
      .enrolMfa.secret;
    expect((await env.security.call(CONFIRM, { code: totpCode(secret) }, identity)).errors).toBeUndefined();
    const next = (await login(user.email)).data!.login;
    expect(next.mfaRequired).toBe(true);
    const done = await complete(next.mfaChallenge!, totpCode(secret, Date.now() + 30_000));
    const full = await verifyAccessToken(done.data!.completeMfaLogin.accessToken);
    expect(full.roles).toEqual(['hr_manager']);
    expect(full.permissions).toContain('employee:*:all');
    // Users of other roles are not affected.
    const viewer = await newUser(env.db, acme, ['viewer']);
    expect((await login(viewer.email)).data!.login.mfaEnrollmentRequired).toBe(false);
  });
});

describe('regenerateMfaBackupCodes', () => {
  const REGENERATE = /* GraphQL */ `mutation ($p: String!) { regenerateMfaBackupCodes(password: $p) { backupCodes } }`;

  it('replaces the codes after re-authentication; the old ones stop working', async () => {
    const { user, identity, backupCodes } = await enrolled();
    const wrong = await env.security.call(REGENERATE, { p: 'not my password' }, identity);
    expect((wrong.errors![0]!.extensions!.fields as { field: string }[])[0]!.field).toBe('password');
    const res = await env.security.call<{ regenerateMfaBackupCodes: { backupCodes: string[] } }>(
      REGENERATE,
      { p: PASSWORD },
      identity,
    );
    const fresh = res.data!.regenerateMfaBackupCodes.backupCodes;
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(backupCodes[0]);
    const c = (await login(user.email)).data!.login.mfaChallenge!;
    expect(codeOf(await complete(c, backupCodes[0]!))).toBe('UNAUTHENTICATED');
    expect((await complete(c, fresh[0]!)).errors).toBeUndefined();
    const plain = await newUser(env.db, acme);
    const plainIdentity = await verifyAccessToken((await login(plain.email)).data!.login.accessToken!);
    expect(codeOf(await env.security.call(REGENERATE, { p: PASSWORD }, plainIdentity))).toBe('CONFLICT');
    expect(codeOf(await env.security.call(REGENERATE, { p: PASSWORD }, ANONYMOUS))).toBe('UNAUTHENTICATED');
  });
});
