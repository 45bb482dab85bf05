import { randomUUID } from 'node:crypto';
import { withTenant } from '@wg/db';
import { loginAttempts } from '@wg/db/security';
import { MemoryRateLimiter, type RateLimiter, RedisRateLimiter, startGateway } from '@wg/gateway';
import { userService } from '@wg/security';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../harness';
import { createTenant, errorsOf, raw, type TestPlatform } from './helpers';
import { codeOf } from '@wg/runtime/testing';

/**
 * Login flood (issue 9 item 9): authentication steps are rate-limited per client address and per
 * account at the gateway, before the security subgraph derives any key. Redis store when
 * REDIS_URL is set (a private prefix), memory otherwise. Each test gets a fresh gateway (own
 * budgets) in front of one platform.
 */
let platform: TestPlatform;
let tenantId: string;
const PASSWORD = 'correct horse battery';
const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }';
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  platform = await startTestPlatform();
  tenantId = await createTenant(platform, 'flood');
});
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  await platform?.stop();
});

async function gatewayWith(rateLimit: { authIp: number; authAccount: number }) {
  const limiter: RateLimiter = process.env.REDIS_URL
    ? new RedisRateLimiter(process.env.REDIS_URL, 60_000, `wg-test-${randomUUID()}:`)
    : new MemoryRateLimiter(60_000);
  const g = await startGateway({
    port: 0,
    subgraphUrls: Object.fromEntries(platform.subgraphs.map((s) => [s.name, s.url])),
    bus: platform.bus,
    rateLimiter: limiter,
    // loopback is trusted as a proxy, so X-Forwarded-For sets the client address in these tests.
    config: { trustProxy: 'loopback', rateLimit: { enabled: true, windowSeconds: 60, ...rateLimit } },
  });
  stops.push(async () => {
    await g.stop();
    await limiter.close();
  });
  return (query: string, variables: Record<string, unknown>, ip = '10.1.0.1', token?: string) =>
    raw(g.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': ip,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
}

async function newUser() {
  const email = `u-${randomUUID().slice(0, 8)}@flood.test`;
  const user = await userService.createWithPassword(platform.database, {
    tenantId,
    email,
    displayName: 'Flood Target',
    password: PASSWORD,
    roles: ['employee'],
  });
  return { email, id: user.id };
}

const tokenOf = (res: { json: Record<string, unknown> | null }) =>
  (res.json?.data as { login?: { accessToken?: string } } | undefined)?.login?.accessToken;

const codeOfCall = (res: { json: Record<string, unknown> | null }) => codeOf({ errors: errorsOf(res.json) });

const attempts = async (userId: string) =>
  (
    await withTenant(platform.database, { tenantId }, (tx) =>
      tx.select({ n: count() }).from(loginAttempts).where(eq(loginAttempts.userId, userId)),
    )
  )[0]!.n;

describe('authentication rate limits', () => {
  it('limits logins per client address and answers RATE_LIMITED with retryAfterSeconds', async () => {
    const call = await gatewayWith({ authIp: 4, authAccount: 100 });
    for (let i = 0; i < 4; i++) {
      const res = await call(LOGIN, { e: `nobody-${i}@flood.test`, p: 'wrong password!' });
      expect(codeOfCall(res)).toBe('UNAUTHENTICATED');
    }
    const limited = await call(LOGIN, { e: 'nobody-5@flood.test', p: 'wrong password!' });
    expect(limited.status).toBe(429);
    const error = errorsOf(limited.json)[0];
    expect(error?.extensions?.code).toBe('RATE_LIMITED');
    const retry = error?.extensions?.retryAfterSeconds as number;
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('retry-after')).toBe(String(retry));
    // Another address is not affected; the refused one is still refused.
    expect(codeOfCall(await call(LOGIN, { e: 'nobody-6@flood.test', p: 'x' }, '10.1.0.2'))).toBe(
      'UNAUTHENTICATED',
    );
    expect((await call(LOGIN, { e: 'nobody-7@flood.test', p: 'x' })).status).toBe(429);
  });

  it('limits per account across addresses, before the password is checked (no attempt recorded)', async () => {
    const call = await gatewayWith({ authIp: 100, authAccount: 3 });
    const target = await newUser();
    for (let i = 0; i < 3; i++) {
      const res = await call(LOGIN, { e: target.email, p: 'wrong password!' }, `10.2.0.${i}`);
      expect(codeOfCall(res)).toBe('UNAUTHENTICATED');
    }
    expect(await attempts(target.id)).toBe(3);
    // Case and whitespace do not make a new account.
    const limited = await call(LOGIN, { e: ` ${target.email.toUpperCase()} `, p: PASSWORD }, '10.2.0.9');
    expect(limited.status).toBe(429);
    expect(errorsOf(limited.json)[0]?.extensions?.code).toBe('RATE_LIMITED');
    // Refused at the gateway: the security subgraph never saw it, so no scrypt and no attempt row.
    expect(await attempts(target.id)).toBe(3);
    // Someone else's account from the same address still logs in.
    const other = await newUser();
    const ok = await call(LOGIN, { e: other.email, p: PASSWORD }, '10.2.0.9');
    expect(ok.status).toBe(200);
    expect(tokenOf(ok)).toBeTruthy();
  });

  it('counts every aliased login and every fragment-spread login, refusing the whole operation', async () => {
    const call = await gatewayWith({ authIp: 5, authAccount: 100 });
    const target = await newUser();
    const fields = Array.from(
      { length: 6 },
      (_, i) => `l${i}: login(email: "${target.email}", password: "wrong password ${i}") { accessToken }`,
    ).join('\n');
    const res = await call(`mutation { ${fields} }`, {}, '10.3.0.1');
    expect(res.status).toBe(429);
    expect(await attempts(target.id)).toBe(0);
    const spread = await call(
      `mutation { ...A ... on Mutation { login(email: "x@flood.test", password: "p") { accessToken } } }
       fragment A on Mutation { a: login(email: "y@flood.test", password: "p") { accessToken } }`,
      {},
      '10.3.0.2',
    );
    expect(codeOfCall(spread)).toBe('UNAUTHENTICATED'); // two logins fit the budget of five…
    const third = await call(
      `mutation { ...A ...A b: login(email: "z@flood.test", password: "p") { accessToken } c: login(email: "w@flood.test", password: "p") { accessToken } d: login(email: "v@flood.test", password: "p") { accessToken } }
       fragment A on Mutation { a: login(email: "y@flood.test", password: "p") { accessToken } }`,
      {},
      '10.3.0.2',
    );
    expect(third.status).toBe(429); // …four more (the twice-spread fragment counts once: graphql merges it) do not
  });

  it('shares the address budget with password reset, MFA and refresh; other queries are not affected', async () => {
    const call = await gatewayWith({ authIp: 3, authAccount: 100 });
    const ip = '10.4.0.1';
    expect(
      (await call('mutation ($e: String!) { requestPasswordReset(email: $e) }', { e: 'a@flood.test' }, ip))
        .status,
    ).toBe(200);
    expect(
      (
        await call(
          'mutation ($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }',
          { t: 'not-a-token', p: 'a much better passphrase' },
          ip,
        )
      ).status,
    ).not.toBe(429);
    expect(
      codeOfCall(
        await call(
          'mutation ($c: String!) { completeMfaLogin(challenge: $c, code: "123456") { accessToken } }',
          { c: 'not-a-challenge' },
          ip,
        ),
      ),
    ).toBe('UNAUTHENTICATED');
    const refresh = await call(
      'mutation ($t: String!) { refreshSession(refreshToken: $t) { accessToken } }',
      { t: 'not-a-refresh-token' },
      ip,
    );
    expect(refresh.status).toBe(429);
    // Not an authentication step: the general budget answers it as usual.
    const other = await newUser();
    const signedIn = await call(LOGIN, { e: other.email, p: PASSWORD }, '10.4.0.2');
    const token = tokenOf(signedIn);
    const me = await call('{ me { id } }', {}, ip, token);
    expect(me.status).toBe(200);
    expect(errorsOf(me.json)).toEqual([]);
  });

  it('answers an ordinary query while 16 logins are in flight', async () => {
    const call = await gatewayWith({ authIp: 1000, authAccount: 1000 });
    const user = await newUser();
    const signedIn = await call(LOGIN, { e: user.email, p: PASSWORD }, '10.5.0.1');
    const token = tokenOf(signedIn);
    let loginsDone = 0;
    const logins = Array.from({ length: 16 }, (_, i) =>
      call(LOGIN, { e: user.email, p: i % 2 ? PASSWORD : 'wrong password!' }, `10.5.1.${i}`).then((r) => {
        loginsDone++;
        return r.status;
      }),
    );
    // Derivations are queued (SCRYPT_CONCURRENCY), so the query is not stuck behind all 16.
    const me = await call('{ me { id } }', {}, '10.5.0.1', token);
    expect(me.status).toBe(200);
    expect(loginsDone).toBeLessThan(16);
    const statuses = await Promise.all(logins);
    expect(statuses.every((s) => s === 200)).toBe(true);
  });
});
