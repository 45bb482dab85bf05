import { codeOf, identityFor, newId } from '@wg/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, newTenant, newUser, PASSWORD, SYSTEM, startSecurity } from '../testing';

/** The gateway's per-request bearer check (`sessionAccess`, system identity only). */
const ACCESS = /* GraphQL */ `
  query ($t: ID!, $u: ID!, $s: ID) {
    sessionAccess(tenantId: $t, userId: $u, sessionId: $s) { tenantId userId sessionId roles permissions }
  }
`;
const LOGIN = /* GraphQL */ `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken } }`;

let env: Awaited<ReturnType<typeof startSecurity>>;
let acme: string;
let globex: string;

beforeAll(async () => {
  env = await startSecurity();
  acme = await newTenant(env.db, 'acme');
  globex = await newTenant(env.db, 'globex');
});
afterAll(async () => env?.stop());

async function signIn(tenantId: string, roles: string[]) {
  const user = await newUser(env.db, tenantId, roles);
  const res = await env.security.call<{ login: { accessToken: string; refreshToken: string } }>(
    LOGIN,
    { e: user.email, p: PASSWORD },
    ANONYMOUS,
  );
  // The access token's `sid` claim (its payload, read without a JWT library).
  const payload = res.data!.login.accessToken.split('.')[1]!;
  const sid = (JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sid: string }).sid;
  return { user, sid, refreshToken: res.data!.login.refreshToken };
}

type Access = { sessionAccess: { roles: string[]; permissions: string[]; sessionId: string } | null };

describe('sessionAccess', () => {
  it('answers the current roles and permissions of a live session', async () => {
    const { user, sid } = await signIn(acme, ['hr_manager']);
    const res = await env.security.call<Access>(ACCESS, { t: acme, u: user.id, s: sid }, SYSTEM);
    expect(res.errors).toBeUndefined();
    expect(res.data!.sessionAccess).toMatchObject({ sessionId: sid, roles: ['hr_manager'] });
    expect(res.data!.sessionAccess!.permissions).toContain('compensation:*:all');
  });

  it('is null for an ended session, a deactivated user, malformed ids and another tenant', async () => {
    const a = await signIn(acme, ['employee']);
    await env.security.call(
      'mutation ($t: String!) { logout(refreshToken: $t) }',
      { t: a.refreshToken },
      ANONYMOUS,
    );
    const ended = await env.security.call<Access>(ACCESS, { t: acme, u: a.user.id, s: a.sid }, SYSTEM);
    expect(ended.data!.sessionAccess).toBeNull();

    const b = await signIn(acme, ['employee']);
    await env.security.call(
      'mutation ($id: ID!) { deactivateUser(id: $id) { id } }',
      { id: b.user.id },
      identityFor(acme, ['admin']),
    );
    expect(
      (await env.security.call<Access>(ACCESS, { t: acme, u: b.user.id, s: b.sid }, SYSTEM)).data!
        .sessionAccess,
    ).toBeNull();

    const c = await signIn(acme, ['employee']);
    for (const vars of [
      { t: 'nope', u: c.user.id, s: c.sid },
      { t: acme, u: 'nope', s: c.sid },
      { t: acme, u: c.user.id, s: 'nope' },
      { t: acme, u: c.user.id, s: newId() },
      // Cross-tenant: the right user and session under another tenant's id find nothing (RLS).
      { t: globex, u: c.user.id, s: c.sid },
    ]) {
      const res = await env.security.call<Access>(ACCESS, vars, SYSTEM);
      expect(res.errors).toBeUndefined();
      expect(res.data!.sessionAccess).toBeNull();
    }
    expect(
      (await env.security.call<Access>(ACCESS, { t: acme, u: c.user.id, s: c.sid }, SYSTEM)).data!
        .sessionAccess,
    ).not.toBeNull();
  });

  it('is FORBIDDEN to anyone but the gateway', async () => {
    const { user, sid } = await signIn(acme, ['admin']);
    for (const who of [ANONYMOUS, identityFor(acme, ['admin'], { userId: user.id })]) {
      expect(codeOf(await env.security.call(ACCESS, { t: acme, u: user.id, s: sid }, who))).toBe('FORBIDDEN');
    }
  });
});
