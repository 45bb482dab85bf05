import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { MemoryRateLimiter, type RunningGateway, startGateway } from '@wg/gateway';
import { appError, InProcessBus, type RunningSubgraph, startSubgraphServer } from '@wg/runtime';
import { GraphQLError, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithLogins, startTestPlatform } from '../harness';
import { expectNoLeak, raw } from '../security/helpers';

/**
 * Subgraph errors reach the client as the subgraph raised them: own message and code at the top
 * level, client-safe extensions only, never @apollo/gateway's "401: Unauthorized" wrapper with
 * `extensions.response` (the subgraph's URL, status and body).
 */
let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let tokens: Awaited<ReturnType<typeof createTenantWithLogins>>;

type Body = {
  data?: unknown;
  errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
};

/** No internal address, port, URL, stack or SQL anywhere in what the client got. */
function expectNothingInternal(text: string) {
  expectNoLeak(text);
  expect(text).not.toMatch(/127\.0\.0\.1|localhost|\[::1\]|https?:\/\/|\b\d{1,3}(\.\d{1,3}){3}:\d+/);
  expect(text).not.toMatch(/"response"\s*:|statusText|"stacktrace"|"exception"/);
  expect(text).not.toMatch(/\b(40[0-9]|50[0-9]): [A-Z]/);
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await raw(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  expectNothingInternal(res.text);
  return { status: res.status, body: res.json as Body };
}

beforeAll(async () => {
  // Over HTTP: these tests are about what crosses the network between gateway and subgraphs.
  platform = await startTestPlatform({ network: true });
  tokens = await createTenantWithLogins(platform, 'errs');
});
afterAll(async () => {
  await platform?.stop();
});

describe('subgraph errors through the gateway (real subgraphs)', () => {
  it('UNAUTHENTICATED: an anonymous read carries the subgraph message, not "401: Unauthorized"', async () => {
    const { status, body } = await post(platform.gateway.url, '{ departments { name } }');
    expect(status).toBe(200);
    expect(body.errors?.[0]).toMatchObject({
      message: 'Authentication required',
      path: ['departments'],
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('UNAUTHENTICATED: a wrong password says so', async () => {
    const { body } = await post(
      platform.gateway.url,
      'mutation { login(email: "admin@errs.test", password: "wrong password!") { accessToken } }',
    );
    expect(body.errors?.[0]).toMatchObject({
      message: 'Invalid email or password',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('FORBIDDEN names the missing permission', async () => {
    const { body } = await post(
      platform.gateway.url,
      'mutation { createDepartment(input: { name: "Ops" }) { id } }',
      {},
      tokens.viewerToken,
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(body.errors?.[0]?.message).toMatch(/permission/i);
  });

  it('BAD_USER_INPUT keeps its fields', async () => {
    const { body } = await post(
      platform.gateway.url,
      'mutation { createDepartment(input: { name: "  " }) { id } }',
      {},
      tokens.adminToken,
    );
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ field: 'input.name' })],
    });
  });

  it('NOT_FOUND', async () => {
    const { body } = await post(
      platform.gateway.url,
      'mutation ($id: ID!) { updateDepartment(id: $id, input: { name: "X" }) { id } }',
      { id: randomUUID() },
      tokens.adminToken,
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

/**
 * A fixture subgraph raising every code the platform uses (served by the runtime's own server),
 * and a "broken" one that answers non-2xx itself (as a proxy or a crashed process would).
 */
describe('every error code from a subgraph, through a gateway', () => {
  const CODES = [
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'BAD_USER_INPUT',
    'NOT_FOUND',
    'CONFLICT',
    'RATE_LIMITED',
    'OPERATION_LIMIT',
  ] as const;
  const extra: Record<string, Record<string, unknown>> = {
    FORBIDDEN: { permission: 'department:create' },
    BAD_USER_INPUT: { fields: [{ field: 'input.name', message: 'Must not be empty' }] },
    RATE_LIMITED: { retryAfterSeconds: 7 },
    OPERATION_LIMIT: { limit: 'depth', max: 12 },
  };
  let fixture: RunningSubgraph;
  let broken: Server;
  let gateway: RunningGateway;

  beforeAll(async () => {
    const sdl = /* GraphQL */ `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@shareable"])
      type Query {
        fail(code: String!): String
        crash: String
      }
    `;
    const brokenSdl = /* GraphQL */ `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@shareable"])
      type Query {
        brokenAuth: String
        brokenHtml: String
      }
    `;
    const schema = buildSubgraphSchema([
      {
        typeDefs: parse(sdl),
        resolvers: {
          Query: {
            fail: (_: unknown, { code }: { code: string }) => {
              const extensions = extra[code] ?? {};
              if (code === 'UNAUTHENTICATED') throw appError(code, 'Session expired');
              throw new GraphQLError(`fixture ${code}`, { extensions: { code, ...extensions } });
            },
            crash: () => {
              throw new Error(
                'connect ECONNREFUSED 127.0.0.1:5432 while running select * from people.employees',
              );
            },
          },
        },
      },
    ]);
    fixture = await startSubgraphServer(
      { name: 'fixture', schema, createLoaders: () => ({}) },
      { database: platform.database },
    );
    broken = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => {
        text += c;
      });
      req.on('end', () => {
        if (text.includes('brokenAuth')) {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              errors: [
                {
                  message: 'Token expired',
                  extensions: { code: 'UNAUTHENTICATED', stacktrace: ['at x (/srv/app.js:1:1)'] },
                },
              ],
            }),
          );
        } else {
          res.writeHead(503, { 'content-type': 'text/html' });
          res.end('<h1>upstream http://127.0.0.1:5432 unavailable</h1>');
        }
      });
    });
    await new Promise<void>((r) => broken.listen(0, '127.0.0.1', r));
    const brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}/graphql`;
    const composed = composeServices([
      { name: 'fixture', typeDefs: parse(sdl), url: fixture.url },
      { name: 'broken', typeDefs: parse(brokenSdl), url: brokenUrl },
    ]);
    if (!composed.supergraphSdl) throw new Error(String(composed.errors));
    gateway = await startGateway({
      port: 0,
      supergraphSdl: composed.supergraphSdl,
      bus: new InProcessBus(),
      rateLimiter: new MemoryRateLimiter(60_000),
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await fixture?.stop();
    if (broken) await new Promise((r) => broken.close(r));
  });

  for (const code of CODES) {
    it(`${code} arrives with its own message, code and extensions`, async () => {
      const { status, body } = await post(gateway.url, 'query ($c: String!) { fail(code: $c) }', { c: code });
      expect(status).toBe(200);
      expect(body.errors).toHaveLength(1);
      const [error] = body.errors ?? [];
      expect(error).toMatchObject({
        message: code === 'UNAUTHENTICATED' ? 'Session expired' : `fixture ${code}`,
        path: ['fail'],
        extensions: { code, ...extra[code] },
      });
    });
  }

  it('an unexpected subgraph failure is INTERNAL_SERVER_ERROR with the request id, nothing else', async () => {
    const { body } = await post(gateway.url, '{ crash }');
    expect(body.errors?.[0]).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    });
  });

  it('a subgraph answering 401 itself: its message and code, not the wrapper', async () => {
    const { body } = await post(gateway.url, '{ brokenAuth }');
    expect(body.errors?.[0]).toMatchObject({
      message: 'Token expired',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('a subgraph answering 503 HTML: SUBGRAPH_UNAVAILABLE naming it, with the request id, nothing else', async () => {
    const { body } = await post(gateway.url, '{ brokenHtml }');
    expect(body.errors?.[0]).toMatchObject({
      message: 'Subgraph broken is unavailable',
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'broken', requestId: expect.any(String) },
    });
  });
});

describe('unknown paths answer JSON', () => {
  it('on the gateway', async () => {
    const res = await raw(platform.gateway.url.replace('/graphql', '/wp-admin/setup.php'), {});
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.json).toEqual({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
  });

  it('on every subgraph', async () => {
    for (const subgraph of platform.subgraphs) {
      const res = await raw(subgraph.url.replace('/graphql', '/.env'), {});
      expect(res.status, subgraph.name).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(res.json).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
    }
  });
});
