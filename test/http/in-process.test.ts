import { randomUUID } from 'node:crypto';
import { MemoryRateLimiter, type RunningGateway, startGateway } from '@wg/gateway';
import { eventually } from '@wg/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithLogins, startTestPlatform } from '../harness';

/**
 * The e2e tests call the subgraphs in process (test/harness.ts); this file proves that transport
 * answers exactly as the network one. One graph, two gateways over the same subgraphs: the
 * harness's, calling them in process, and a second one calling their `/graphql` over HTTP with
 * the signed internal token. Every operation below must give the same status and body through
 * both (request ids aside): data across four subgraphs, and each kind of error.
 */
let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let overHttp: RunningGateway;
let acme: Awaited<ReturnType<typeof createTenantWithLogins>>;
let globex: Awaited<ReturnType<typeof createTenantWithLogins>>;
let departmentId: string;

async function post(url: string, query: string, variables: Record<string, unknown>, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  // Request ids differ per request by design; everything else must match.
  const text = (await res.text()).replace(/"requestId":"[^"]+"/g, '"requestId":"…"');
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}

beforeAll(async () => {
  platform = await startTestPlatform();
  overHttp = await startGateway({
    port: 0,
    host: '127.0.0.1',
    subgraphUrls: Object.fromEntries(platform.subgraphs.map((s) => [s.name, s.url])),
    bus: platform.bus,
    rateLimiter: new MemoryRateLimiter(60_000),
  });
  acme = await createTenantWithLogins(platform, 'inproc');
  globex = await createTenantWithLogins(platform, 'inproc-globex');
  const created = await platform.query<{ createDepartment: { id: string } }>(
    'mutation { createDepartment(input: { name: "Engineering" }) { id } }',
    {},
    acme.adminToken,
  );
  departmentId = created.data!.createDepartment.id;
  // Insights learns the department from people's event, asynchronously (until then
  // `analytics` is null): wait for it, so both gateways read the same settled data.
  await eventually(async () => {
    const r = await platform.query<{ department: { analytics: unknown } | null }>(
      'query ($id: ID!) { department(id: $id) { analytics { headcount } } }',
      { id: departmentId },
      acme.adminToken,
    );
    return r.data?.department?.analytics ? true : null;
  }, 20_000);
});

afterAll(async () => {
  await overHttp?.stop();
  await platform?.stop();
});

const READ = /* GraphQL */ `
  query ($id: ID!) {
    department(id: $id) {
      name
      headcount
      employees(first: 5) { totalCount }
      openings { title }
      projects(first: 5) { totalCount }
      analytics { headcount }
    }
  }
`;

const cases: [string, string, () => Record<string, unknown>, () => string | undefined][] = [
  [
    'data from people, recruiting, work and insights',
    READ,
    () => ({ id: departmentId }),
    () => acme.adminToken,
  ],
  ['UNAUTHENTICATED (anonymous)', '{ departments { name } }', () => ({}), () => undefined],
  [
    'BAD_USER_INPUT naming the field',
    'mutation { createDepartment(input: { name: "" }) { id } }',
    () => ({}),
    () => acme.adminToken,
  ],
  [
    'FORBIDDEN (an employee creating a department)',
    'mutation { createDepartment(input: { name: "Nope" }) { id } }',
    () => ({}),
    () => acme.employeeToken,
  ],
  ["another tenant's department is not there", READ, () => ({ id: departmentId }), () => globex.adminToken],
  [
    'NOT_FOUND (updating an unknown department)',
    'mutation ($id: ID!) { updateDepartment(id: $id, input: { name: "X" }) { id } }',
    () => ({ id: randomUUID() }),
    () => acme.adminToken,
  ],
  ['validation error (unknown field)', '{ departments { nope } }', () => ({}), () => acme.adminToken],
];

describe('in-process subgraph calls answer as HTTP ones do', () => {
  it.each(cases)('%s', async (_name, query, variables, token) => {
    const vars = variables();
    const local = await post(platform.gateway.url, query, vars, token());
    const remote = await post(overHttp.url, query, vars, token());
    expect(local).toEqual(remote);
    // Not vacuous: each case has data or an error to compare.
    expect(local.body.data ?? local.body.errors).toBeTruthy();
  });

  it('in process means no HTTP: it answers with the subgraph URLs pointing nowhere', async () => {
    const urls = Object.fromEntries(platform.subgraphs.map((s) => [s.name, s.url]));
    const nowhere = await startGateway({
      port: 0,
      host: '127.0.0.1',
      // Security keeps its URL: the gateway's own system calls (sessions, API keys) go over HTTP.
      subgraphUrls: {
        ...urls,
        people: 'http://127.0.0.1:9/graphql',
        recruiting: 'http://127.0.0.1:9/graphql',
      },
      inProcessSubgraphs: Object.fromEntries(platform.subgraphs.map((s) => [s.name, s])),
      bus: platform.bus,
      rateLimiter: new MemoryRateLimiter(60_000),
    });
    try {
      const res = await post(nowhere.url, READ, { id: departmentId }, acme.adminToken);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data).toMatchObject({ department: { name: 'Engineering', openings: [] } });
    } finally {
      await nowhere.stop();
    }
  });
});
