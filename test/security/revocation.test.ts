import { randomUUID } from 'node:crypto';
import { MemoryRateLimiter, startGateway } from '@wg/gateway';
import { InProcessBus } from '@wg/runtime/events';
import { eventually } from '@wg/runtime/testing';
import { userService } from '@wg/security';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithLogins, startTestPlatform } from '../harness';
import { connect } from '../live/ws-client';
import { createTenant, type TestPlatform } from './helpers';

/**
 * Revocation that takes effect (issue 9 item 10): every trigger stops access tokens already issued
 * on the very next request through the gateway — not at their expiry — and open graphql-ws
 * sockets of the affected sessions close with 4403.
 */
let platform: TestPlatform;
let acme: Awaited<ReturnType<typeof createTenantWithLogins>>;
let employeeId: string;
const PASSWORD = 'correct horse battery';

const SALARY = /* GraphQL */ `query ($e: ID!) { employee(id: $e) { id compensation { baseSalary { amount } } } }`;
const ME = /* GraphQL */ `{ me { id } }`;

interface Login {
  accessToken: string;
  refreshToken: string;
  userId: string;
}

async function loginNew(
  tenantId: string,
  roles: string[],
  slug = 'acme',
): Promise<Login & { email: string }> {
  const email = `${roles.join('-')}-${randomUUID().slice(0, 8)}@${slug}.test`;
  const user = await userService.createWithPassword(platform.database, {
    tenantId,
    email,
    displayName: `Someone ${roles.join(' ')}`,
    password: PASSWORD,
    roles,
  });
  return { ...(await login(email)), userId: user.id, email };
}

async function login(email: string): Promise<Login> {
  const res = await platform.query<{
    login: { accessToken: string; refreshToken: string; user: { id: string } };
  }>(
    `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken user { id } } }`,
    { e: email, p: PASSWORD },
  );
  if (!res.data?.login) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
  return { ...res.data.login, userId: res.data.login.user.id };
}

const codes = (res: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (res.errors ?? []).map((e) => e.extensions?.code);

async function expectRefused(token: string) {
  const res = await platform.query(ME, {}, token);
  expect(res.status).toBe(401);
  expect(codes(res)).toEqual(['UNAUTHENTICATED']);
}

async function expectAccepted(token: string) {
  const res = await platform.query<{ me: { id: string } }>(ME, {}, token);
  expect(res.errors).toBeUndefined();
  expect(res.data?.me?.id).toBeTruthy();
}

const salaryOf = async (token: string) => {
  const res = await platform.query<{ employee: { compensation: { baseSalary: { amount: string } } | null } }>(
    SALARY,
    { e: employeeId },
    token,
  );
  return { status: res.status, amount: res.data?.employee?.compensation?.baseSalary.amount ?? null, res };
};

beforeAll(async () => {
  platform = await startTestPlatform();
  acme = await createTenantWithLogins(platform, 'acme');
  const q = platform.query;
  const dept = await q<{ createDepartment: { id: string } }>(
    'mutation { createDepartment(input: { name: "Payroll" }) { id } }',
    {},
    acme.adminToken,
  );
  const created = await q<{ createEmployee: { id: string } }>(
    `mutation ($d: ID!) { createEmployee(input: { firstName: "Sal", lastName: "Ary", workEmail: "sal@acme.test", hireDate: "2024-01-01", departmentId: $d }) { id } }`,
    { d: dept.data!.createDepartment.id },
    acme.adminToken,
  );
  employeeId = created.data!.createEmployee.id;
  // Finance learns about the employee from people's events.
  await eventually(async () => {
    const r = await q<{ setCompensation: { id: string } }>(
      `mutation ($e: ID!) { setCompensation(input: { employeeId: $e, baseSalary: "88000.00", currency: "USD", payFrequency: ANNUAL, effectiveFrom: "2024-01-01" }) { id } }`,
      { e: employeeId },
      acme.adminToken,
    );
    return r.data?.setCompensation;
  });
});
afterAll(async () => platform?.stop());

describe('revocation reaches the gateway at once', () => {
  it('logout stops that session’s access token; the user’s other sessions keep working', async () => {
    const first = await loginNew(acme.tenantId, ['employee']);
    const second = await login(first.email);
    await expectAccepted(first.accessToken);
    const out = await platform.query<{ logout: boolean }>(
      'mutation ($t: String!) { logout(refreshToken: $t) }',
      { t: first.refreshToken },
      first.accessToken,
    );
    expect(out.data?.logout).toBe(true);
    await expectRefused(first.accessToken);
    await expectAccepted(second.accessToken);
  });

  it('refresh-token reuse ends the session: its access tokens, old and new, are refused', async () => {
    const s = await loginNew(acme.tenantId, ['employee']);
    const rotated = await platform.query<{ refreshSession: { accessToken: string } }>(
      'mutation ($t: String!) { refreshSession(refreshToken: $t) { accessToken } }',
      { t: s.refreshToken },
    );
    const fresh = rotated.data!.refreshSession.accessToken;
    await expectAccepted(fresh);
    const replay = await platform.query(
      'mutation ($t: String!) { refreshSession(refreshToken: $t) { accessToken } }',
      { t: s.refreshToken },
    );
    expect(codes(replay)).toEqual(['UNAUTHENTICATED']);
    await expectRefused(fresh);
    await expectRefused(s.accessToken);
  });

  it('logoutEverywhere stops every token of the user and closes their open socket with 4403', async () => {
    const a = await loginNew(acme.tenantId, ['employee']);
    const b = await login(a.email);
    const bystander = await loginNew(acme.tenantId, ['employee']);
    const socket = connect(platform.gateway.url, { authorization: `Bearer ${b.accessToken}` });
    const other = connect(platform.gateway.url, { authorization: `Bearer ${bystander.accessToken}` });
    try {
      await socket.connected;
      await other.connected;
      const res = await platform.query<{ logoutEverywhere: number }>(
        'mutation { logoutEverywhere }',
        {},
        a.accessToken,
      );
      expect(res.data?.logoutEverywhere).toBe(2);
      await expectRefused(a.accessToken);
      await expectRefused(b.accessToken);
      const closed = await Promise.race([
        socket.closed,
        new Promise<null>((r) => setTimeout(() => r(null), 5_000)),
      ]);
      expect(closed?.code).toBe(4403);
      await expectAccepted(bystander.accessToken);
      // The bystander's socket stays open.
      const still = await Promise.race([
        other.closed,
        new Promise<'open'>((r) => setTimeout(() => r('open'), 300)),
      ]);
      expect(still).toBe('open');
    } finally {
      await socket.dispose();
      await other.dispose();
    }
  });

  it('a deactivated HR manager loses salary access on the next request', async () => {
    const hr = await loginNew(acme.tenantId, ['hr_manager']);
    expect((await salaryOf(hr.accessToken)).amount).toBe('88000.00');
    const res = await platform.query(
      'mutation ($id: ID!) { deactivateUser(id: $id) { status } }',
      { id: hr.userId },
      acme.adminToken,
    );
    expect(res.errors).toBeUndefined();
    const after = await salaryOf(hr.accessToken);
    expect(after.status).toBe(401);
    expect(after.amount).toBeNull();
    expect(codes(after.res)).toEqual(['UNAUTHENTICATED']);
  });

  it('role changes take effect on the next request, and a socket that lost access is closed', async () => {
    const u = await loginNew(acme.tenantId, ['employee']);
    // employee: compensation:read:own only — someone else's salary is outside the scope (null).
    expect((await salaryOf(u.accessToken)).amount).toBeNull();
    const assigned = await platform.query<{ assignRole: { id: string } }>(
      'mutation ($u: ID!) { assignRole(input: { userId: $u, roleName: "hr_manager" }) { id } }',
      { u: u.userId },
      acme.adminToken,
    );
    expect(assigned.errors).toBeUndefined();
    // Same token, no refresh: the new role counts now.
    expect((await salaryOf(u.accessToken)).amount).toBe('88000.00');
    const socket = connect(platform.gateway.url, { authorization: `Bearer ${u.accessToken}` });
    try {
      await socket.connected;
      const revoked = await platform.query(
        'mutation ($id: ID!) { revokeRoleAssignment(id: $id) { revokedAt } }',
        { id: assigned.data!.assignRole.id },
        acme.adminToken,
      );
      expect(revoked.errors).toBeUndefined();
      expect((await salaryOf(u.accessToken)).amount).toBeNull();
      await expectAccepted(u.accessToken); // still signed in, just with less
      const closed = await Promise.race([
        socket.closed,
        new Promise<null>((r) => setTimeout(() => r(null), 5_000)),
      ]);
      expect(closed?.code).toBe(4403);
    } finally {
      await socket.dispose();
    }
  });

  it('password change ends the other sessions at once; the new session works', async () => {
    const u = await loginNew(acme.tenantId, ['employee']);
    const other = await login(u.email);
    const changed = await platform.query<{ changePassword: { accessToken: string } }>(
      'mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { accessToken } }',
      { c: PASSWORD, n: 'an entirely new passphrase' },
      u.accessToken,
    );
    expect(changed.errors).toBeUndefined();
    await expectRefused(u.accessToken);
    await expectRefused(other.accessToken);
    await expectAccepted(changed.data!.changePassword.accessToken);
  });

  it('a tenant’s notices do not touch another tenant’s sessions', async () => {
    const globexId = await createTenant(platform, 'globex');
    const theirs = await loginNew(globexId, ['admin'], 'globex');
    const mine = await loginNew(acme.tenantId, ['employee']);
    await expectAccepted(theirs.accessToken);
    await platform.query('mutation { logoutEverywhere }', {}, mine.accessToken);
    // Deactivating is tenant-scoped too: acme's admin cannot reach globex's user.
    const cross = await platform.query(
      'mutation ($id: ID!) { deactivateUser(id: $id) { status } }',
      { id: theirs.userId },
      acme.adminToken,
    );
    expect(codes(cross)).toEqual(['NOT_FOUND']);
    await expectAccepted(theirs.accessToken);
    await expectRefused(mine.accessToken);
  });
});

describe('when the gateway cannot confirm', () => {
  it('fails closed: with the security subgraph unreachable a bearer token is refused', async () => {
    const u = await loginNew(acme.tenantId, ['employee']);
    const urls = Object.fromEntries(platform.subgraphs.map((s) => [s.name, s.url]));
    const g = await startGateway({
      port: 0,
      subgraphUrls: { ...urls, security: 'http://127.0.0.1:9/graphql' },
      bus: new InProcessBus(),
      rateLimiter: new MemoryRateLimiter(60_000),
    });
    try {
      const res = await fetch(g.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${u.accessToken}` },
        body: JSON.stringify({ query: '{ departments { id } }' }),
      });
      expect(res.status).toBe(401);
      const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    } finally {
      await g.stop();
    }
  });

  it('a gateway that missed the notice stops the token within SESSION_CACHE_TTL_MS', async () => {
    const u = await loginNew(acme.tenantId, ['employee']);
    // Its own bus: it never hears the platform's notices (a lost pub/sub message).
    const g = await startGateway({
      port: 0,
      subgraphUrls: Object.fromEntries(platform.subgraphs.map((s) => [s.name, s.url])),
      bus: new InProcessBus(),
      rateLimiter: new MemoryRateLimiter(60_000),
      config: { sessionCacheTtlMs: 500 },
    });
    const ask = async () =>
      (
        await fetch(g.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${u.accessToken}` },
          body: JSON.stringify({ query: ME }),
        })
      ).status;
    try {
      expect(await ask()).toBe(200);
      await platform.query('mutation { logoutEverywhere }', {}, u.accessToken);
      await eventually(async () => ((await ask()) === 401 ? true : undefined), 3_000);
    } finally {
      await g.stop();
    }
  });
});
