import { type Identity, permissionsForRoles } from '@wg/runtime/auth';
import { buildSchema, type GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { gatewayConfigFromEnv } from '../config';
import { checkSocketOperation, MessageRate, socketLimitsFromEnv } from './guard';

const schema = buildSchema(/* GraphQL */ `
  type Employee { id: ID! name: String! manager: Employee reports(first: Int): [Employee!]! }
  type Query { employees(first: Int): [Employee!]! }
  type Subscription { employeeChanged: Employee! }
`);

const user = (roles: string[]): Identity => ({
  kind: 'user',
  tenantId: 't1',
  userId: 'u1',
  employeeId: null,
  roles,
  permissions: permissionsForRoles(roles),
});

const config = { ...gatewayConfigFromEnv({ NODE_ENV: 'production' }) };

function check(query: string, identity = user(['employee']), variables?: Record<string, unknown>) {
  return checkSocketOperation({ schema, query, operationName: undefined, variables, identity, config });
}

function refused(result: ReturnType<typeof check>): readonly GraphQLError[] {
  expect(Array.isArray(result)).toBe(true);
  return result as readonly GraphQLError[];
}

describe('graphql-ws operations get the HTTP limits', () => {
  it('stops parsing at the token limit (a 100 KB document is refused, not parsed whole)', () => {
    const huge = `subscription { employeeChanged { ${'id '.repeat(50_000)} } }`;
    const [error] = refused(check(huge));
    expect(error?.extensions).toMatchObject({ code: 'OPERATION_LIMIT', limit: 'tokens', max: 2000 });
    expect(error?.extensions.http).toBeUndefined();
  });

  it('applies the depth, alias and field rules of limits.ts', () => {
    let deep = 'id';
    for (let i = 0; i < 15; i++) deep = `manager { ${deep} }`;
    expect(refused(check(`subscription { employeeChanged { ${deep} } }`))[0]?.extensions).toMatchObject({
      code: 'OPERATION_LIMIT',
      limit: 'depth',
    });
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: id`).join(' ');
    expect(refused(check(`subscription { employeeChanged { ${aliases} } }`))[0]?.extensions).toMatchObject({
      code: 'OPERATION_LIMIT',
      limit: 'aliases',
    });
  });

  it('prices the operation with its variables and refuses one over the cost limit', () => {
    const query = 'query ($n: Int) { employees(first: $n) { id reports(first: $n) { id name } } }';
    expect(Array.isArray(check(query, user(['employee']), { n: 10 }))).toBe(false);
    expect(refused(check(query, user(['employee']), { n: 1000 }))[0]?.extensions).toMatchObject({
      code: 'OPERATION_LIMIT',
      limit: 'cost',
    });
  });

  it('hides "Did you mean" from callers who may not introspect, in production', () => {
    const typo = 'subscription { employeeChanged { nme } }';
    const [hidden] = refused(check(typo, user(['employee'])));
    expect(hidden?.message).toMatch(/Cannot query field "nme"/);
    expect(hidden?.message).not.toMatch(/Did you mean/);
    const [shown] = refused(check(typo, user(['admin'])));
    expect(shown?.message).toMatch(/Did you mean "name"\?/);
  });

  it('accepts an ordinary subscription', () => {
    const ok = check('subscription { employeeChanged { id name manager { name } } }');
    expect(Array.isArray(ok)).toBe(false);
  });
});

describe('per-socket message rate', () => {
  it('allows a burst, then the sustained rate, and counts what it refused', () => {
    let now = 0;
    const rate = new MessageRate(10, 5, () => now);
    const burst = Array.from({ length: 8 }, () => rate.take());
    expect(burst).toEqual([true, true, true, true, true, false, false, false]);
    expect(rate.overdrawn).toBe(3);
    expect(rate.retryAfterSeconds).toBe(1);
    now += 100; // 10 per second: one more after 100 ms
    expect(rate.take()).toBe(true);
    expect(rate.overdrawn).toBe(0);
    expect(rate.take()).toBe(false);
  });

  it('derives the message size from the body limit unless set', () => {
    expect(socketLimitsFromEnv({ bodyLimit: '1mb' }, {}).maxMessageBytes).toBe(1024 * 1024);
    expect(socketLimitsFromEnv({ bodyLimit: '100kb' }, {}).maxMessageBytes).toBe(100 * 1024);
    expect(
      socketLimitsFromEnv({ bodyLimit: '1mb' }, { LIVE_MAX_MESSAGE_BYTES: '4096' }).maxMessageBytes,
    ).toBe(4096);
    expect(() => socketLimitsFromEnv({ bodyLimit: '1mb' }, { LIVE_MESSAGES_PER_SECOND: 'x' })).toThrow(
      /LIVE_MESSAGES_PER_SECOND/,
    );
  });
});
