import { withTenant } from '@wg/db';
import { loginAttempts } from '@wg/db/security';
import { userService } from '@wg/security';
import { count, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithLogins, startTestPlatform } from '../harness';
import { baselineMs, expectNormalLatency, pool, probeDuring, timed } from './helpers';

/**
 * The login flood (issue 9 item 9): 1,300 logins from one address in 247 s were never limited, and
 * 16 concurrent scrypt logins pushed an ordinary query from 0.11 s to 1.8 s. Now authentication
 * steps have budgets per client address and per account, charged at the gateway before the
 * security subgraph derives a key, and derivations run through a bounded queue.
 *
 * Budgets are this file's own (test/setup.ts raises RATE_LIMIT_AUTH_* for the rest of the suite).
 * The window is an hour so a flood never straddles enough of a window boundary to let the sliding
 * window's estimate admit an extra attempt: the counts below are exact.
 */
const AUTH_IP = 20;
const AUTH_ACCOUNT = 5;
const PASSWORD = 'correct horse battery';
const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let logins: Awaited<ReturnType<typeof createTenantWithLogins>>;

beforeAll(async () => {
  // Derivations run one or two at a time on 2 cores (SCRYPT_CONCURRENCY = cores − 1), and this
  // machine is shared with other suites: a queued login can take longer than the 5 s per-subgraph
  // deadline. What is asserted here is refusal and isolation, not login speed, so the security
  // subgraph gets more time, and so do the probes: a probe slowed down by the machine is then
  // judged by expectNormalLatency (median and worst case against the baseline) instead of failing
  // on the 5 s deadline. Read when the gateway starts; this file only.
  process.env.SUBGRAPH_SECURITY_TIMEOUT_MS = '60000';
  process.env.SUBGRAPH_TIMEOUT_MS = '30000';
  platform = await startTestPlatform({
    gateway: {
      config: {
        // X-Forwarded-For from loopback is believed, so one test process can be many addresses.
        trustProxy: 'loopback',
        // Only the login budgets are under test. The probes run back to back for as long as an
        // attack lasts, so on a slow machine they alone passed the general per-address budget
        // (2,000 per window from 127.0.0.1) and were refused RATE_LIMITED: lift that one.
        rateLimit: {
          enabled: true,
          windowSeconds: 3600,
          authIp: AUTH_IP,
          authAccount: AUTH_ACCOUNT,
          ip: 1_000_000,
          user: 1_000_000,
        },
      },
    },
  });
  logins = await createTenantWithLogins(platform, 'loginflood');
});

afterAll(async () => {
  await platform?.stop();
});

const ordinary = async () => {
  const res = await platform.query<{ departments: unknown[] }>(
    '{ departments { id name } }',
    {},
    logins.employeeToken,
  );
  expect(res.errors).toBeUndefined();
  expect(Array.isArray(res.data?.departments)).toBe(true);
  return res;
};

interface LoginOutcome {
  status: number;
  code: string;
  retryAfter: unknown;
  ms: number;
  token?: string | undefined;
}

async function login(email: string, password: string, ip: string): Promise<LoginOutcome> {
  const { ms, value } = await timed(async () => {
    const res = await fetch(platform.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({ query: LOGIN, variables: { e: email, p: password } }),
    });
    return {
      status: res.status,
      body: (await res.json()) as {
        data?: { login?: { accessToken?: string } | null } | null;
        errors?: { extensions?: Record<string, unknown> }[];
      },
    };
  });
  const error = value.body.errors?.[0];
  return {
    status: value.status,
    code: String(error?.extensions?.code ?? 'OK'),
    retryAfter: error?.extensions?.retryAfterSeconds,
    ms,
    token: value.body.data?.login?.accessToken ?? undefined,
  };
}

async function users(n: number, tag: string) {
  const made: { id: string; email: string }[] = [];
  for (let i = 0; i < n; i++) {
    const email = `${tag}-${i}@loginflood.test`;
    const user = await userService.createWithPassword(platform.database, {
      tenantId: logins.tenantId,
      email,
      displayName: `${tag} ${i}`,
      password: PASSWORD,
      roles: ['employee'],
    });
    made.push({ id: user.id, email });
  }
  return made;
}

/** Login attempts the security subgraph recorded for these users: one per login that reached it. */
const attempts = async (userIds: string[]) =>
  (
    await withTenant(platform.database, { tenantId: logins.tenantId }, (tx) =>
      tx.select({ n: count() }).from(loginAttempts).where(inArray(loginAttempts.userId, userIds)),
    )
  )[0]!.n;

const tally = (outcomes: LoginOutcome[]) => {
  const codes: Record<string, number> = {};
  for (const o of outcomes) codes[o.code] = (codes[o.code] ?? 0) + 1;
  return codes;
};

describe('login flood', () => {
  it('300 logins from one address: all but the budget refused RATE_LIMITED before any password check, queries unaffected', async () => {
    const targets = await users(4, 'ip-flood');
    const baseline = await baselineMs(ordinary);
    const outcomes: LoginOutcome[] = [];
    const started = performance.now();
    const flood = pool(300, 12, async (i) => {
      outcomes.push(await login(targets[i % targets.length]!.email, `wrong password ${i}`, '10.66.0.1'));
    });
    const probes = await probeDuring(flood, ordinary);
    const floodMs = performance.now() - started;

    const codes = tally(outcomes);
    // Exactly the address's budget got through (wrong passwords: UNAUTHENTICATED); the rest was refused.
    expect(codes).toEqual({ UNAUTHENTICATED: AUTH_IP, RATE_LIMITED: 300 - AUTH_IP });
    const refused = outcomes.filter((o) => o.code === 'RATE_LIMITED');
    expect(refused.every((o) => o.status === 429 && Number(o.retryAfter) >= 1)).toBe(true);
    // Refused at the gateway: the security subgraph saw only the budget's worth (no scrypt, no row).
    expect(await attempts(targets.map((t) => t.id))).toBe(AUTH_IP);
    // A refusal is cheap: it answers like an ordinary query, it does not queue behind key derivation.
    expectNormalLatency(refused, baseline);
    expectNormalLatency(probes, baseline);
    // Another address still has its own budget (an account the flood did not touch: theirs are spent).
    expect((await login('nobody@loginflood.test', 'wrong again', '10.66.0.2')).code).toBe('UNAUTHENTICATED');
    console.info(
      `login flood from one address: ${outcomes.length} logins in ${floodMs.toFixed(0)} ms, ${JSON.stringify(codes)}; ` +
        `query baseline ${baseline.toFixed(0)} ms, ${probes.length} probes under attack p50 ${median(probes).toFixed(0)} ms`,
    );
  }, 180_000);

  it('200 logins against one account from 200 addresses: the account budget holds, queries unaffected', async () => {
    const [target] = await users(1, 'account-flood');
    const baseline = await baselineMs(ordinary);
    const outcomes: LoginOutcome[] = [];
    const flood = pool(200, 12, async (i) => {
      // The right password, even: a guesser who got it right after the budget is still refused.
      outcomes.push(
        await login(target!.email, i < 100 ? `guess ${i}` : PASSWORD, `10.77.${i >> 8}.${i & 255}`),
      );
    });
    const probes = await probeDuring(flood, ordinary);
    const codes = tally(outcomes);
    expect(codes.RATE_LIMITED).toBe(200 - AUTH_ACCOUNT);
    expect(outcomes.filter((o) => o.code !== 'RATE_LIMITED')).toHaveLength(AUTH_ACCOUNT);
    expect(outcomes.filter((o) => o.token)).toHaveLength(0);
    expect(await attempts([target!.id])).toBe(AUTH_ACCOUNT);
    expectNormalLatency(
      outcomes.filter((o) => o.code === 'RATE_LIMITED'),
      baseline,
    );
    expectNormalLatency(probes, baseline);
    console.info(
      `login flood against one account: ${JSON.stringify(codes)}; query baseline ${baseline.toFixed(0)} ms, p50 under attack ${median(probes).toFixed(0)} ms`,
    );
  }, 180_000);

  it('16 concurrent logins (twice) within budget all derive keys and succeed, and ordinary queries keep answering', async () => {
    const people = await users(16, 'concurrent');
    const baseline = await baselineMs(ordinary);
    let outcomes: LoginOutcome[] = [];
    // Two rounds of 16 at once, so the probes see the derivation queue full for a while.
    const attack = (async () => {
      for (let round = 0; round < 2; round++) {
        outcomes = outcomes.concat(
          await Promise.all(people.map((p, i) => login(p.email, PASSWORD, `10.88.${round}.${i}`))),
        );
      }
    })();
    const probes = await probeDuring(attack, ordinary);
    // Within every budget (32 addresses, 2 per account): every one is a real, successful login.
    expect(tally(outcomes)).toEqual({ OK: 32 });
    expect(outcomes.every((o) => typeof o.token === 'string')).toBe(true);
    expectNormalLatency(probes, baseline);
    console.info(
      `16 concurrent logins × 2: login p50 ${median(outcomes).toFixed(0)} ms; query baseline ${baseline.toFixed(0)} ms, p50 under load ${median(probes).toFixed(0)} ms (${probes.length} probes)`,
    );
  }, 180_000);
});

function median(xs: { ms: number }[]): number {
  const s = xs.map((x) => x.ms).sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}
