import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatGatewayError } from '../../gateway/src/errors';
import { SUBSCRIPTION_OVER_HTTP_MESSAGE, subscriptionOverHttpError } from '../../gateway/src/http-semantics';
import { startTestPlatform } from '../harness';
import { errorsOf, expectNoLeak, raw } from '../security/helpers';

/** Request errors answered as the GraphQL-over-HTTP spec and the README say. */
let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.stop();
});

const post = (body: unknown, accept?: string) =>
  raw(platform.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) },
    body: JSON.stringify(body),
  });

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

describe('operation resolution', () => {
  it('an unknown operationName is a 400 request error, not a 500', async () => {
    for (const accept of [undefined, 'application/json', GRAPHQL_RESPONSE]) {
      const res = await post({ query: 'query A { __typename }', operationName: 'B' }, accept);
      expect(res.status, accept).toBe(400);
      expect(errorsOf(res.json)[0]?.extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
      expect(res.json?.data).toBeUndefined();
      expect(res.text).not.toContain('INTERNAL_SERVER_ERROR');
    }
  });

  it('several operations and no operationName: 400 asking for one', async () => {
    const res = await post({ query: 'query A { __typename } query B { __typename }' });
    expect(res.status).toBe(400);
    expect(errorsOf(res.json)[0]?.message).toMatch(/operationName/);
  });

  it('a subscription over HTTP POST: 400 pointing to graphql-ws on the same path', async () => {
    const res = await post({
      query: 'subscription { analyticsUpdated(scope: { company: true }) { __typename } }',
    });
    expect(res.status).toBe(400);
    expect(errorsOf(res.json)).toEqual([
      { message: SUBSCRIPTION_OVER_HTTP_MESSAGE, extensions: { code: 'BAD_REQUEST' } },
    ]);
    expectNoLeak(res.text);
  });

  it('the subscription refusal is not logged as an unexpected error', () => {
    const logged: unknown[] = [];
    const error = subscriptionOverHttpError();
    formatGatewayError({ message: error.message, extensions: { code: 'BAD_REQUEST' } }, error, (e) =>
      logged.push(e),
    );
    expect(logged).toEqual([]);
  });
});

describe('status codes by accepted media type', () => {
  const cases = [
    { name: 'parse failure', body: { query: '{' }, code: 'GRAPHQL_PARSE_FAILED' },
    { name: 'validation failure', body: { query: '{ noSuchField }' }, code: 'GRAPHQL_VALIDATION_FAILED' },
    {
      name: 'variable coercion failure',
      body: { query: 'query ($id: ID!) { department(id: $id) { id } }', variables: { id: 'not-a-uuid' } },
      code: 'BAD_USER_INPUT',
    },
  ];
  for (const c of cases) {
    it(`${c.name}: 200 under application/json, 400 under ${GRAPHQL_RESPONSE}`, async () => {
      const legacy = await post(c.body, 'application/json');
      expect(legacy.status).toBe(200);
      expect(legacy.headers.get('content-type')).toMatch(/^application\/json/);
      expect(errorsOf(legacy.json)[0]?.extensions?.code).toBe(c.code);
      const modern = await post(c.body, GRAPHQL_RESPONSE);
      expect(modern.status).toBe(400);
      expect(modern.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    });
  }

  it('operation limits stay 400 under either type', async () => {
    const query = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expect((await post({ query }, 'application/json')).status).toBe(400);
  });
});
