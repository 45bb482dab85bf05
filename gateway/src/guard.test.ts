import { ANONYMOUS, type Identity, permissionsForRoles } from '@wg/runtime/auth';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { type AccessLogEntry, AccessLogShipper } from './access-log';
import { gatewayConfigFromEnv } from './config';
import { formatGatewayError } from './errors';
import { canIntrospect, hideSuggestions, outcomeOf, rateBucket, usesIntrospection } from './guard-plugin';
import type { SystemCall, SystemClient } from './system-client';

const user = (roles: string[]): Identity => ({
  kind: 'user',
  tenantId: 't1',
  userId: 'u1',
  employeeId: null,
  roles,
  permissions: permissionsForRoles(roles),
});

describe('configuration', () => {
  it('turns public introspection off in production and on elsewhere, overridable', () => {
    expect(gatewayConfigFromEnv({ NODE_ENV: 'production' }).publicIntrospection).toBe(false);
    expect(gatewayConfigFromEnv({ NODE_ENV: 'development' }).publicIntrospection).toBe(true);
    expect(
      gatewayConfigFromEnv({ NODE_ENV: 'production', GATEWAY_PUBLIC_INTROSPECTION: 'true' })
        .publicIntrospection,
    ).toBe(true);
  });

  it('reads limits from the environment and refuses nonsense', () => {
    const config = gatewayConfigFromEnv({
      GATEWAY_MAX_DEPTH: '7',
      GATEWAY_MAX_COST: '100',
      RATE_LIMIT_USER: '5',
    });
    expect(config.limits).toMatchObject({ depth: 7, cost: 100 });
    expect(config.rateLimit.user).toBe(5);
    expect(config.allowBatching).toBe(false);
    expect(() => gatewayConfigFromEnv({ GATEWAY_MAX_DEPTH: 'deep' })).toThrow(/GATEWAY_MAX_DEPTH/);
    expect(() => gatewayConfigFromEnv({ GATEWAY_ALLOW_BATCHING: 'maybe' })).toThrow(/GATEWAY_ALLOW_BATCHING/);
  });
});

describe('introspection policy', () => {
  const closed = { publicIntrospection: false };
  it('allows schema:introspect holders (analyst, admin) and refuses the rest when not public', () => {
    expect(canIntrospect(user(['analyst']), closed)).toBe(true);
    expect(canIntrospect(user(['admin']), closed)).toBe(true);
    expect(canIntrospect(user(['viewer']), closed)).toBe(false);
    expect(canIntrospect(ANONYMOUS, closed)).toBe(false);
    expect(canIntrospect(ANONYMOUS, { publicIntrospection: true })).toBe(true);
  });

  it('recognises __schema and __type anywhere, but not __typename', () => {
    expect(usesIntrospection(parse('{ __typename me { id } }'))).toBe(false);
    expect(
      usesIntrospection(parse('{ me { ...F } } fragment F on E { x: __type(name: "A") { name } }')),
    ).toBe(true);
    expect(usesIntrospection(parse('{ __schema { types { name } } }'))).toBe(true);
  });

  it('strips "Did you mean" suggestions', () => {
    expect(
      hideSuggestions([
        { message: 'Cannot query field "departmens" on type "Query". Did you mean "departments"?' },
        { message: 'Unknown type "Foo".' },
      ]).map((e) => e.message),
    ).toEqual(['Cannot query field "departmens" on type "Query".', 'Unknown type "Foo".']);
  });
});

describe('rate-limit buckets', () => {
  const limits = gatewayConfigFromEnv({}).rateLimit;
  it('charge API keys, users and anonymous addresses separately', () => {
    const client = { ip: '198.51.100.7', userAgent: null };
    expect(rateBucket({ identity: ANONYMOUS, apiKeyId: null, client }, limits)).toMatchObject({
      key: 'ip:198.51.100.7',
      limit: limits.ip,
    });
    expect(rateBucket({ identity: user(['viewer']), apiKeyId: null, client }, limits)).toMatchObject({
      key: 'user:t1:u1',
      limit: limits.user,
    });
    expect(
      rateBucket({ identity: { ...user([]), kind: 'apiKey', userId: null }, apiKeyId: 'k9', client }, limits),
    ).toMatchObject({ key: 'key:k9', limit: limits.apiKey });
  });
});

describe('access log', () => {
  it('classifies outcomes as the security subgraph expects', () => {
    expect(outcomeOf([], true)).toBe('SUCCESS');
    expect(outcomeOf(['RATE_LIMITED'], false)).toBe('RATE_LIMITED');
    expect(outcomeOf(['FORBIDDEN'], true)).toBe('DENIED');
    expect(outcomeOf(['FORBIDDEN'], false)).toBe('DENIED');
    expect(outcomeOf(['NOT_FOUND', 'FORBIDDEN'], true)).toBe('ERROR');
    expect(outcomeOf(['OPERATION_LIMIT'], false)).toBe('REJECTED');
    expect(outcomeOf(['GRAPHQL_VALIDATION_FAILED'], false)).toBe('REJECTED');
  });

  const entry = (i: number): AccessLogEntry => ({
    tenantId: 't1',
    userId: 'u1',
    apiKeyId: null,
    operationName: `Op${i}`,
    outcome: 'SUCCESS',
    ip: null,
    userAgent: null,
    requestId: `r${i}`,
    durationMs: 1,
    errorCodes: [],
    occurredAt: new Date().toISOString(),
  });

  function recorder(fail = () => false) {
    const batches: AccessLogEntry[][] = [];
    const client = {
      async request(call: SystemCall) {
        if (fail()) throw new Error('down');
        batches.push((call.variables as { entries: AccessLogEntry[] }).entries);
        return { recordAccessLog: batches.at(-1)?.length };
      },
    } as unknown as SystemClient;
    return { client, batches };
  }

  it('sends a batch as soon as maxBatch entries are queued, the rest on flush', async () => {
    const { client, batches } = recorder();
    const shipper = new AccessLogShipper(client, { flushIntervalMs: 60_000, maxBatch: 3 });
    for (let i = 0; i < 4; i++) shipper.record(entry(i));
    await shipper.flush();
    expect(batches.map((b) => b.map((e) => e.requestId))).toEqual([['r0', 'r1', 'r2'], ['r3']]);
  });

  it('flushes on its interval and on stop, and keeps a failed batch for the next try', async () => {
    let down = true;
    const { client, batches } = recorder(() => down);
    const shipper = new AccessLogShipper(client, { flushIntervalMs: 20, maxBatch: 100 });
    shipper.start();
    shipper.record(entry(1));
    await new Promise((r) => setTimeout(r, 60));
    expect(batches).toHaveLength(0);
    expect(shipper.pending).toBe(1);
    down = false;
    await new Promise((r) => setTimeout(r, 60));
    expect(batches.flat().map((e) => e.requestId)).toEqual(['r1']);
    shipper.record(entry(2));
    await shipper.stop();
    expect(batches.flat().map((e) => e.requestId)).toEqual(['r1', 'r2']);
  });
});

describe('access log: poison batches', () => {
  it('drops a batch the security subgraph rejects as input instead of retrying it forever', async () => {
    const { SystemCallError } = await import('./system-client');
    const sent: string[][] = [];
    const client = {
      async request(call: SystemCall) {
        const entries = (call.variables as { entries: AccessLogEntry[] }).entries;
        if (entries.some((e) => e.operationName === 'Poison')) {
          throw new SystemCallError('security subgraph: BAD_USER_INPUT Invalid input', 'BAD_USER_INPUT');
        }
        sent.push(entries.map((e) => e.requestId));
        return { recordAccessLog: entries.length };
      },
    } as unknown as SystemClient;
    const shipper = new AccessLogShipper(client, { flushIntervalMs: 60_000, maxBatch: 1 });
    const base = {
      tenantId: 't',
      userId: null,
      apiKeyId: null,
      outcome: 'SUCCESS' as const,
      ip: null,
      userAgent: null,
      durationMs: 1,
      errorCodes: [],
      occurredAt: new Date().toISOString(),
    };
    shipper.record({ ...base, operationName: 'Poison', requestId: 'bad' });
    shipper.record({ ...base, operationName: 'Fine', requestId: 'good' });
    await shipper.flush();
    await shipper.flush();
    expect(sent).toEqual([['good']]);
    expect(shipper.pending).toBe(0);
  });
});

describe('formatGatewayError', () => {
  const log = () => {};
  it('masks unknown errors and passes gateway codes without stack traces', () => {
    expect(formatGatewayError({ message: 'relation "x" does not exist' }, new Error('sql'), log)).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(
      formatGatewayError(
        { message: 'slow', extensions: { code: 'OPERATION_TIMEOUT', stacktrace: ['at x'] } },
        new Error('slow'),
        log,
      ),
    ).toEqual({ message: 'slow', extensions: { code: 'OPERATION_TIMEOUT' } });
  });

  it('names the token limit without echoing the document', () => {
    expect(
      formatGatewayError(
        {
          message: 'Syntax Error: Document contains more that 10 tokens. Parsing aborted.',
          extensions: { code: 'GRAPHQL_PARSE_FAILED' },
        },
        new Error(),
        log,
      ),
    ).toEqual({
      message: 'Operation exceeds the tokens limit (max 10)',
      extensions: { code: 'OPERATION_LIMIT', limit: 'tokens', max: 10 },
    });
  });
});
