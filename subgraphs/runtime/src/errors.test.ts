import { GraphQLError, type GraphQLFormattedError, locatedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { clock, setClock } from './clock';
import {
  badInput,
  ConflictError,
  domainErrorOf,
  ForbiddenError,
  forbidden,
  InvalidInputError,
  maskError,
  NotFoundError,
  notFound,
  RateLimitedError,
  UnauthenticatedError,
} from './errors';
import { checkInput, isUuid, parseInput, rules, z } from './validation';

/** What Apollo hands formatError for an error a resolver threw: graphql-js wraps it. */
function format(thrown: unknown, requestId?: string) {
  const wrapped = locatedError(thrown, undefined, ['field']);
  const formatted: GraphQLFormattedError = {
    ...wrapped.toJSON(),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
  const logged: unknown[] = [];
  return { result: maskError(formatted, wrapped, (e) => logged.push(e), requestId), logged };
}

describe('domain errors at the GraphQL edge', () => {
  it('become their code and details, with the message the helpers always gave', () => {
    expect(format(badInput([{ field: 'input.name', message: 'Name must not be empty' }])).result).toEqual({
      message: 'Invalid input: input.name',
      path: ['field'],
      extensions: {
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'input.name', message: 'Name must not be empty' }],
      },
    });
    expect(format(notFound('User', 'u1')).result).toEqual({
      message: 'User u1 not found',
      path: ['field'],
      extensions: { code: 'NOT_FOUND' },
    });
    expect(format(forbidden('user:update')).result.extensions).toEqual({
      code: 'FORBIDDEN',
      permission: 'user:update',
    });
    expect(format(new ForbiddenError('Nobody approves their own time')).result).toMatchObject({
      message: 'Nobody approves their own time',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(format(new ConflictError('Already closed')).result.extensions).toEqual({ code: 'CONFLICT' });
    expect(format(new UnauthenticatedError('Invalid email or password')).result.extensions).toEqual({
      code: 'UNAUTHENTICATED',
    });
    expect(format(new RateLimitedError('Busy', 3)).result.extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 3,
    });
  });

  it('are plain errors a consumer can catch by class, with nothing of GraphQL on them', () => {
    const error = notFound('Project', 'p1');
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).not.toBeInstanceOf(GraphQLError);
    expect(error).toMatchObject({ name: 'NotFoundError', code: 'NOT_FOUND', entity: 'Project', id: 'p1' });
    expect(domainErrorOf(locatedError(error, undefined, []))).toBe(error);
  });

  it('still masks anything else as INTERNAL_SERVER_ERROR with the request id, and logs it', () => {
    const { result, logged } = format(new Error('relation "x" does not exist at 10.0.0.3'), 'req-1');
    expect(result).toEqual({
      message: 'Internal server error',
      path: ['field'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-1' },
    });
    expect(logged).toHaveLength(1);
  });
});

describe('validation', () => {
  it('isUuid takes what PostgreSQL takes, nothing else', () => {
    expect(isUuid('0190a0b2-7c1e-7a3b-8c4d-5e6f708192a3')).toBe(true);
    expect(isUuid('00000000-0000-0000-0000-000000000001')).toBe(true);
    expect(isUuid('0190A0B2-7C1E-7A3B-8C4D-5E6F708192A3')).toBe(true);
    for (const bad of [
      '',
      'nope',
      '0190a0b2-7c1e-7a3b-8c4d-5e6f708192a',
      '0190a0b2-7c1e-7a3b-8c4d-5e6f708192a3\u0000',
      42,
      null,
    ]) {
      expect(isUuid(bad)).toBe(false);
    }
    expect(rules.uuid().safeParse('nope').error?.issues[0]?.message).toBe('Must be a valid id');
  });

  it('parseInput throws one InvalidInputError naming every bad field', () => {
    const schema = z.object({ name: rules.name(), id: rules.uuid() });
    expect(parseInput(schema, { name: ' A ', id: '00000000-0000-0000-0000-000000000001' }).name).toBe('A');
    try {
      parseInput(schema, { name: '', id: 'x' }, 'filter');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).fields.map((f) => f.field)).toEqual(['filter.name', 'filter.id']);
    }
  });

  it('checkInput collects later checks with the schema problems', () => {
    const check = checkInput(z.object({ id: rules.uuid(), n: z.number() }), { id: 'x', n: 1 });
    expect(check.bad('input.id')).toBe(true);
    expect(check.bad('input.n')).toBe(false);
    check.fail('input.n', 'Unknown n');
    expect(() => check.valid()).toThrow(InvalidInputError);
    expect(check.errors.map((e) => e.field)).toEqual(['input.id', 'input.n']);
    expect(checkInput(z.object({ n: z.number() }), { n: 1 }).valid()).toEqual({ n: 1 });
  });
});

describe('clock', () => {
  it('is the system clock unless pinned, and unpins', () => {
    const restore = setClock('2025-06-15T23:30:00Z');
    expect(clock.today()).toBe('2025-06-15');
    expect(clock.now().toISOString()).toBe('2025-06-15T23:30:00.000Z');
    restore();
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1000);
    expect(() => setClock('not a date')).toThrow();
  });
});
