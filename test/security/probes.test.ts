import { type RunningGateway, startGateway } from '@wg/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../harness';
import { createTenant, errorsOf, expectNoLeak, loginAs, raw, type TestPlatform } from './helpers';

/**
 * What a GraphQL security scanner tries, against a gateway configured as in production
 * (GATEWAY_PUBLIC_INTROSPECTION=false is the production default). Every refusal is asserted by its
 * code, and no response may carry a stack trace.
 */
let platform: TestPlatform;
let url: string;
let analystToken: string;
let viewerToken: string;
const extraGateways: RunningGateway[] = [];

beforeAll(async () => {
  platform = await startTestPlatform({
    gateway: { config: { publicIntrospection: false } },
    // The subgraphs' /metrics live on their admin listeners (not on the public port).
    subgraphAdmin: { port: 0 },
  });
  url = platform.gateway.url;
  const tenantId = await createTenant(platform, 'probe');
  analystToken = await loginAs(platform, tenantId, 'probe', ['analyst']);
  viewerToken = await loginAs(platform, tenantId, 'probe', ['viewer']);
});

afterAll(async () => {
  for (const g of extraGateways) await g.stop();
  await platform?.stop();
});

/** Another gateway in front of the same subgraphs, with different protections. */
async function gatewayWith(
  config: NonNullable<Parameters<typeof startGateway>[0]>['config'],
): Promise<string> {
  const g = await startGateway({
    port: 0,
    subgraphUrls: Object.fromEntries(platform.subgraphs.map((s) => [s.name, s.url])),
    bus: platform.bus,
    config,
  });
  extraGateways.push(g);
  return g.url;
}

const post = (body: unknown, headers: Record<string, string> = {}, target = url) =>
  raw(target, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

function limitError(json: Record<string, unknown> | null, limit: string) {
  return errorsOf(json).find(
    (e) => e.extensions?.code === 'OPERATION_LIMIT' && e.extensions?.limit === limit,
  );
}

describe('scanner probes', () => {
  it('refuses 101 aliases before planning, naming the limit', async () => {
    const query = `{ ${Array.from({ length: 101 }, (_, i) => `a${i}: departments { id }`).join(' ')} }`;
    const res = await post({ query }, bearer(viewerToken));
    expect(res.status).toBe(400);
    const error = limitError(res.json, 'aliases');
    expect(error?.extensions).toMatchObject({
      code: 'OPERATION_LIMIT',
      limit: 'aliases',
      max: 30,
      found: 101,
    });
    expect(res.json?.data).toBeUndefined();
    expectNoLeak(res.text);
  });

  it('counts aliases of __typename too (101 of them are refused)', async () => {
    const query = `{ ${Array.from({ length: 101 }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    const res = await post({ query });
    expect(res.status).toBe(400);
    expect(limitError(res.json, 'aliases')?.extensions).toMatchObject({ max: 30, found: 101 });
  });

  it('refuses a batch of 10 operations (batching is off unless configured)', async () => {
    const batch = Array.from({ length: 10 }, () => ({ query: '{ __typename }' }));
    const res = await post(batch);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/batching/i);
    expectNoLeak(res.text);
  });

  it('with batching configured, still refuses a batch over GATEWAY_MAX_BATCH_SIZE', async () => {
    const batching = await gatewayWith({ allowBatching: true, maxBatchSize: 5 });
    const ok = await post(
      Array.from({ length: 3 }, () => ({ query: '{ __typename }' })),
      {},
      batching,
    );
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual([
      { data: { __typename: 'Query' } },
      { data: { __typename: 'Query' } },
      { data: { __typename: 'Query' } },
    ]);
    const res = await post(
      Array.from({ length: 10 }, () => ({ query: '{ __typename }' })),
      {},
      batching,
    );
    expect(res.status).toBe(400);
    expect(limitError(res.json, 'batch')?.extensions).toMatchObject({ max: 5 });
  });

  it('refuses a field repeated 500 times', async () => {
    const query = `{ departments { ${Array.from({ length: 500 }, () => 'id').join(' ')} } }`;
    const res = await post({ query }, bearer(viewerToken));
    expect(res.status).toBe(400);
    expect(limitError(res.json, 'fields')?.extensions).toMatchObject({ max: 400, found: 501 });
    expectNoLeak(res.text);
  });

  it('refuses ten unknown directives (and more than ten known ones)', async () => {
    const unknown = `{ departments ${Array.from({ length: 10 }, (_, i) => `@probe${i}`).join(' ')} { id } }`;
    const res = await post({ query: unknown }, bearer(viewerToken));
    expect(res.status).toBe(400);
    // Refused once, before validation (graphql-js would report every unknown directive).
    const errors = errorsOf(res.json);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.text).not.toContain('probe');
    expectNoLeak(res.text);

    const known = `{ departments ${Array.from({ length: 11 }, () => '@include(if: true)').join(' ')} { id } }`;
    const many = await post({ query: known }, bearer(viewerToken));
    expect(errorsOf(many.json)).toHaveLength(1);
    expect(limitError(many.json, 'directives')?.extensions).toMatchObject({ max: 10, found: 11 });

    const unknownMany = `{ departments ${Array.from({ length: 50 }, (_, i) => `@probe${i}`).join(' ')} { id } }`;
    const flood = await post({ query: unknownMany }, bearer(viewerToken));
    expect(errorsOf(flood.json)).toHaveLength(1);
    expect(limitError(flood.json, 'directives')?.extensions).toMatchObject({ max: 10, found: 50 });
  });

  it('refuses a mutation over GET (and a GET without a CSRF-safe header)', async () => {
    const mutation = encodeURIComponent('mutation { login(email: "a@b.c", password: "x") { accessToken } }');
    const preflighted = await raw(`${url}?query=${mutation}`, {
      method: 'GET',
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBe(405);
    expect(preflighted.text).toMatch(/GET requests only support query operations/);
    expectNoLeak(preflighted.text);

    const simple = await raw(`${url}?query=${encodeURIComponent('{ __typename }')}`, { method: 'GET' });
    expect(simple.status).toBe(400);
    expect(simple.text).toMatch(/CSRF/);
    expectNoLeak(simple.text);

    // A form post (a "simple" content type) cannot reach a mutation either.
    const form = await raw(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: 'mutation { logout }' }),
    });
    expect(form.status).toBe(400);
    expectNoLeak(form.text);
  });

  it('refuses introspection to anonymous callers and hides field suggestions from them', async () => {
    const introspection = await post({ query: '{ __schema { queryType { name } types { name } } }' });
    expect(introspection.status).toBe(403);
    expect(errorsOf(introspection.json)[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      permission: 'schema:introspect',
    });
    expect(introspection.json?.data).toBeUndefined();
    const byType = await post({ query: '{ __type(name: "Employee") { fields { name } } }' });
    expect(errorsOf(byType.json)[0]?.extensions?.code).toBe('FORBIDDEN');

    const typo = await post({ query: '{ departmens { id } }' });
    // A validation failure under `accept: application/json` is 200 (GraphQL-over-HTTP).
    expect(typo.status).toBe(200);
    expect(errorsOf(typo.json)[0]?.message).toBe('Cannot query field "departmens" on type "Query".');
    expect(typo.text).not.toMatch(/Did you mean/);
    expectNoLeak(typo.text);

    // A signed-in caller without schema:introspect gets the same answers.
    const viewer = await post({ query: '{ __schema { types { name } } }' }, bearer(viewerToken));
    expect(errorsOf(viewer.json)[0]?.extensions?.code).toBe('FORBIDDEN');
    const viewerTypo = await post({ query: '{ departmens { id } }' }, bearer(viewerToken));
    expect(viewerTypo.text).not.toMatch(/Did you mean/);
  });

  it('does the same on a gateway started with NODE_ENV=production and no overrides', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    let production: string;
    try {
      production = await gatewayWith(undefined);
    } finally {
      process.env.NODE_ENV = previous;
    }
    const introspection = await post({ query: '{ __schema { types { name } } }' }, {}, production);
    expect(errorsOf(introspection.json)[0]?.extensions?.code).toBe('FORBIDDEN');
    const typo = await post({ query: '{ departmens { id } }' }, {}, production);
    expect(errorsOf(typo.json)[0]?.message).toBe('Cannot query field "departmens" on type "Query".');
    const analyst = await post(
      { query: '{ __schema { types { name } } }' },
      bearer(analystToken),
      production,
    );
    expect(analyst.status).toBe(200);
  });

  it('lets an analyst (schema:introspect) introspect and see suggestions, as GraphiQL needs', async () => {
    const res = await post(
      { query: '{ __schema { queryType { name } types { name } } }' },
      bearer(analystToken),
    );
    expect(res.status).toBe(200);
    const data = res.json?.data as { __schema: { queryType: { name: string }; types: { name: string }[] } };
    const schema = data.__schema;
    expect(schema.queryType.name).toBe('Query');
    expect(schema.types.map((t) => t.name)).toContain('Employee');
    // The @inaccessible gateway-only fields stay out of the public schema.
    expect(JSON.stringify(schema)).not.toMatch(/ApiKeyIdentity|AccessLogEntryInput/);

    const typo = await post({ query: '{ departmens { id } }' }, bearer(analystToken));
    expect(errorsOf(typo.json)[0]?.message).toMatch(/Did you mean .*"departments"/);
  });

  it('serves the full GraphiQL introspection query to an analyst within every limit', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const res = await post(
      { query: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }) },
      bearer(analystToken),
    );
    expect(res.status).toBe(200);
    expect(res.json?.errors).toBeUndefined();
  });
});

describe('operation limits', () => {
  it('refuses depth beyond GATEWAY_MAX_DEPTH', async () => {
    let selection = 'id';
    for (let i = 0; i < 12; i++) selection = `manager { ${selection} }`;
    const res = await post(
      { query: `{ employees(first: 1) { edges { node { ${selection} } } } }` },
      bearer(viewerToken),
    );
    expect(limitError(res.json, 'depth')?.extensions).toMatchObject({ max: 12 });
    expectNoLeak(res.text);
  });

  it('refuses more root fields than GATEWAY_MAX_ROOT_FIELDS', async () => {
    const query = `{ ${Array.from({ length: 21 }, (_, i) => `r${i}: departments { id }`).join(' ')} }`;
    const res = await post({ query }, bearer(viewerToken));
    expect(limitError(res.json, 'rootFields')?.extensions).toMatchObject({ max: 20, found: 21 });
  });

  it('refuses documents over the token limit while parsing, without echoing them', async () => {
    const secret = 'sk_live_DO_NOT_ECHO';
    const query = `# ${secret}\n{ departments { ${Array.from({ length: 2100 }, () => 'id').join(' ')} } }`;
    const res = await post({ query }, bearer(viewerToken));
    expect(res.status).toBe(400);
    expect(errorsOf(res.json)[0]?.extensions).toEqual({
      code: 'OPERATION_LIMIT',
      limit: 'tokens',
      max: 2000,
    });
    expect(res.text).not.toContain(secret);
  });

  it('estimates cost from first/last (variables included) and refuses over GATEWAY_MAX_COST', async () => {
    const query = /* GraphQL */ `
      query Big($n: Int) {
        departments { employees(first: $n) { edges { node { id displayName manager { id displayName } } } } }
      }
    `;
    const small = await post({ query, variables: { n: 2 } }, bearer(viewerToken));
    expect(small.json?.errors).toBeUndefined();
    const big = await post({ query, variables: { n: 100 } }, bearer(viewerToken));
    expect(big.status).toBe(400);
    const error = limitError(big.json, 'cost');
    expect(error?.extensions).toMatchObject({ max: 5000 });
    expect(error?.extensions?.found).toBeGreaterThan(5000);
    expect(big.text).not.toContain('displayName');
  });

  it('answers OPERATION_TIMEOUT when execution exceeds the deadline', async () => {
    const slow = await gatewayWith({ executionTimeoutMs: 1 });
    const res = await post({ query: '{ departments { id name } }' }, bearer(viewerToken), slow);
    expect(res.status).toBe(504);
    expect(errorsOf(res.json)[0]?.extensions).toMatchObject({ code: 'OPERATION_TIMEOUT', timeoutMs: 1 });
    expectNoLeak(res.text);
  });

  it('refuses an oversized or malformed body with JSON, not an HTML stack page', async () => {
    const huge = await raw(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1_100_000) } }),
    });
    expect(huge.status).toBe(413);
    expect(errorsOf(huge.json)[0]?.message).toBe('Request body too large');
    expectNoLeak(huge.text);

    const broken = await raw(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ __typename }"',
    });
    expect(broken.status).toBe(400);
    expect(broken.json).not.toBeNull();
    expectNoLeak(broken.text);
  });

  it('refused operations never reach a subgraph (the limits run before planning)', async () => {
    const people = platform.subgraphs.find((x) => x.name === 'people');
    const metricsUrl = `${people?.adminUrl}/metrics`;
    const served = async () => {
      const text = await (await fetch(metricsUrl)).text();
      return [...text.matchAll(/^graphql_operations_total\{[^}]*\} (\d+)/gm)].reduce(
        (n, m) => n + Number(m[1]),
        0,
      );
    };
    // Let requests still in flight from earlier tests (the timed-out one) land first.
    let before = await served();
    for (let settled = false; !settled; ) {
      await new Promise((r) => setTimeout(r, 300));
      const now = await served();
      settled = now === before;
      before = now;
    }
    const refused = [
      `{ ${Array.from({ length: 101 }, (_, i) => `a${i}: departments { id }`).join(' ')} }`,
      `{ departments { ${Array.from({ length: 500 }, () => 'id').join(' ')} } }`,
      '{ departments { employees(first: 100) { edges { node { id manager { id manager { id } } } } } } }',
    ];
    for (const query of refused) expect((await post({ query }, bearer(viewerToken))).status).toBe(400);
    expect(await served()).toBe(before);
    // The control: an accepted operation is served by people.
    expect((await post({ query: '{ departments { id } }' }, bearer(viewerToken))).status).toBe(200);
    expect(await served()).toBeGreaterThan(before);
  });
});
