import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../harness';

/**
 * graphql-http's own conformance audit of the GraphQL-over-HTTP spec against the gateway, so
 * conformance cannot regress: no errors and no warnings (notices are the spec's MAYs).
 */
let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.stop();
});

describe('GraphQL-over-HTTP audit (graphql-http auditServer)', () => {
  it('passes with 0 errors and 0 warnings', async () => {
    const results = await auditServer({ url: platform.gateway.url });
    const problems = await Promise.all(
      results
        .filter((r) => r.status === 'warn' || r.status === 'error')
        .map(
          async (r) =>
            `${r.status} ${r.id} ${r.name}: ${'reason' in r ? r.reason : ''} ${'response' in r ? (await r.response.text()).slice(0, 300) : ''}`,
        ),
    );
    expect(problems).toEqual([]);
    expect(results.filter((r) => r.status === 'ok').length).toBeGreaterThan(30);
  });
});
