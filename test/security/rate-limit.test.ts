import { randomUUID } from 'node:crypto';
import { MemoryRateLimiter, type RateLimiter, RedisRateLimiter } from '@wg/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithLogins, startTestPlatform } from '../harness';
import { errorsOf, raw, type TestPlatform } from './helpers';

/**
 * Rate limits charged by operation cost, per API key, per user and per anonymous address. Runs on
 * Redis when REDIS_URL is set (a private key prefix), in memory otherwise. Budgets are tiny here;
 * costs are exact (see limits.test.ts), so every number below is computed, not tuned.
 */
let platform: TestPlatform;
let acme: Awaited<ReturnType<typeof createTenantWithLogins>>;
let limiter: RateLimiter;
let keySecret: string;

// `{ departments { id } }` costs 1 + 20 (default list size) * 1 = 21.
const DEPARTMENTS = '{ departments { id } }';
const COST = 21;
const BUDGET = 100; // four operations fit (84), the fifth (105) does not

beforeAll(async () => {
  limiter = process.env.REDIS_URL
    ? new RedisRateLimiter(process.env.REDIS_URL, 60_000, `wg-test-${randomUUID()}:`)
    : new MemoryRateLimiter(60_000);
  platform = await startTestPlatform({
    gateway: {
      rateLimiter: limiter,
      config: { rateLimit: { enabled: true, windowSeconds: 60, user: BUDGET, apiKey: BUDGET, ip: BUDGET } },
    },
  });
  // Logins are anonymous and charged to 127.0.0.1; they are cheap (cost 2 each) and fit the budget.
  acme = await createTenantWithLogins(platform, 'acme');
  // Costs the admin 2 points of its budget; the first test's arithmetic allows for that.
  const created = await platform.query<{ createApiKey: { secret: string } }>(
    'mutation { createApiKey(input: { name: "rl", permissions: ["department:read:all"] }) { secret } }',
    {},
    acme.adminToken,
  );
  if (!created.data?.createApiKey) throw new Error(`no key: ${JSON.stringify(created.errors)}`);
  keySecret = created.data.createApiKey.secret;
});

afterAll(async () => {
  await platform?.stop();
  await limiter?.close();
});

async function spend(token: string | undefined, headers: Record<string, string> = {}) {
  const res = await raw(platform.gateway.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query: DEPARTMENTS }),
  });
  return res;
}

describe('rate limiting', () => {
  it('charges a user by cost and answers RATE_LIMITED with retryAfterSeconds and Retry-After', async () => {
    // 2 points spent creating the key in beforeAll: 2 + 4 * 21 = 86 fits, one more (107) does not.
    for (let used = 2 + COST; used <= BUDGET; used += COST) {
      const ok = await spend(acme.adminToken);
      expect(ok.status, `after ${used} points`).toBe(200);
    }
    const limited = await spend(acme.adminToken);
    expect(limited.status).toBe(429);
    const error = errorsOf(limited.json)[0];
    expect(error?.extensions?.code).toBe('RATE_LIMITED');
    const retry = error?.extensions?.retryAfterSeconds as number;
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(120);
    expect(limited.headers.get('retry-after')).toBe(String(retry));
    expect(limited.json?.data).toBeUndefined();
  });

  it('keeps users apart: another user of the same tenant is unaffected', async () => {
    expect((await spend(acme.employeeToken)).status).toBe(200);
  });

  it('charges anonymous callers per address, separately from users', async () => {
    // The logins above spent some of 127.0.0.1's budget. An anonymous caller is charged before
    // the subgraphs refuse it (UNAUTHENTICATED), so probing protected fields drains it too.
    const statuses: number[] = [];
    for (let i = 0; i < 8 && statuses.at(-1) !== 429; i++) statuses.push((await spend(undefined)).status);
    const last = statuses.at(-1);
    expect(statuses.length).toBeLessThanOrEqual(5);
    expect(last).toBe(429);
    // The signed-in viewer on the same address still has its own budget.
    expect((await spend(acme.viewerToken)).status).toBe(200);
  });

  it('charges API keys per key', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await spend(undefined, { 'x-api-key': keySecret })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it('charges refused credentials to the address, so guessing keys or tokens runs out', async () => {
    // A fresh gateway (own budget): each refused credential costs 50 of the address's 100 points.
    const { startGateway } = await import('@wg/gateway');
    const g = await startGateway({
      port: 0,
      subgraphUrls: Object.fromEntries(platform.subgraphs.map((s) => [s.name, s.url])),
      bus: platform.bus,
      rateLimiter: new MemoryRateLimiter(60_000),
      config: { rateLimit: { enabled: true, windowSeconds: 60, user: BUDGET, apiKey: BUDGET, ip: BUDGET } },
    });
    try {
      const guess = () =>
        raw(g.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': `wgk_${randomUUID()}` },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
      expect((await guess()).status).toBe(401);
      expect((await guess()).status).toBe(401);
      const third = await guess();
      expect(third.status).toBe(429);
      expect(errorsOf(third.json)[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await g.stop();
    }
  });
});
