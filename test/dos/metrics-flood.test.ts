import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithLogins, startTestPlatform } from '../harness';
import { baselineMs, expectNormalLatency, pool, probeDuring } from './helpers';

/**
 * The /metrics label flood (issue 9 item 7): 1,500 anonymous requests named `Op<i>_<10 KB>` used
 * to become 1,500 Prometheus label values kept forever — /metrics grew from 18 KB to 207 MB and
 * parallel scrapes stalled every request for 11 s. Now anonymous requests never add a label,
 * names are capped and truncated, and /metrics is on the admin port only.
 */
let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let employeeToken: string;
let adminUrl: string;

beforeAll(async () => {
  platform = await startTestPlatform({ gateway: { admin: { port: 0 } } });
  ({ employeeToken } = await createTenantWithLogins(platform, 'metricsdos'));
  adminUrl = platform.gateway.adminUrl ?? '';
});

afterAll(async () => {
  await platform?.stop();
});

const ordinary = async () => {
  const res = await platform.query<{ departments: unknown[] }>(
    '{ departments { id name } }',
    {},
    employeeToken,
  );
  expect(res.errors).toBeUndefined();
  return res;
};

const FLOOD = 600;
const scrape = async () => (await fetch(`${adminUrl}/metrics`)).text();

describe('/metrics under a label flood', () => {
  it('is not served on the public port; the admin port serves it', async () => {
    const origin = platform.gateway.url.replace(/\/graphql$/, '');
    expect((await fetch(`${origin}/metrics`)).status).toBe(404);
    expect((await fetch(`${origin}/ready`)).status).toBe(404);
    expect(await scrape()).toMatch(/graphql_operations_total/);
    expect((await (await fetch(`${adminUrl}/ready`)).json()) as unknown).toMatchObject({ status: 'ready' });
  });

  // 600 requests (the report's attack sent 1,500): before the fix each left ~14 series of 10 KB
  // labels (histogram buckets + counter), ~80 MB of /metrics; bounded so the suite stays quick.
  it('600 anonymous Op<i>_<10 KB> requests add no label and /metrics stays small while queries answer', async () => {
    await ordinary();
    const before = (await scrape()).length;
    const baseline = await baselineMs(ordinary);
    const pad = 'x'.repeat(10_000);
    let answered = 0;
    const flood = pool(FLOOD, 6, async (i) => {
      const res = await fetch(platform.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `query Op${i}_${pad} { __typename }` }),
      });
      if (res.status === 200) answered++;
      await res.arrayBuffer();
      // Three scrapes in parallel now and then, as the attacker did.
      if (i % 150 === 0) await Promise.all([scrape(), scrape(), scrape()]);
    });
    const probes = await probeDuring(flood, ordinary);
    expect(answered).toBe(FLOOD);
    const text = await scrape();
    expect(text).not.toMatch(/operation="Op\d+_/);
    // A few bytes more for the counters that moved; nowhere near 600 × 10 KB.
    expect(text.length).toBeLessThan(before + 20_000);
    expect(text).toMatch(/graphql_operations_total\{operation="other",type="query",outcome="ok"/);
    expectNormalLatency(probes, baseline);
  }, 180_000);

  it('an authenticated caller gets its operation names counted, truncated to 64 characters', async () => {
    const name = `Dashboard_${'y'.repeat(200)}`;
    const res = await platform.query(`query ${name} { departments { id } }`, {}, employeeToken);
    expect(res.errors).toBeUndefined();
    const text = await scrape();
    expect(text).toContain(`operation="${name.slice(0, 64)}"`);
    expect(text).not.toContain(name.slice(0, 65));
  });
});
