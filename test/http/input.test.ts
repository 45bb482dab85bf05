import { loadApiSchema } from '@wg/gateway';
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithLogins, startTestPlatform } from '../harness';
import { expectNoLeak } from '../security/helpers';

/**
 * Bad scalar values, ids and NUL characters are BAD_USER_INPUT naming the field — on every
 * argument of the graph, as a literal and as a variable — never INTERNAL_SERVER_ERROR. The table
 * below is walked over every place the API schema accepts each type (generated from the schema,
 * so a new argument is covered without touching this file).
 */
let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let token: string;
let schema: GraphQLSchema;

beforeAll(async () => {
  platform = await startTestPlatform();
  token = (await createTenantWithLogins(platform, 'inputs')).adminToken;
  schema = await loadApiSchema();
});
afterAll(async () => {
  await platform?.stop();
});

/** A bad value as a GraphQL literal and as its JSON (variable) twin. */
type Bad = { literal: string; json: unknown; why: string };
const TABLE: Record<string, Bad[]> = {
  Decimal: [
    { literal: '3', json: 3, why: 'an integer number' },
    { literal: '7.5', json: 7.5, why: 'a float number' },
    { literal: '"abc"', json: 'abc', why: 'not a number' },
    { literal: '"1e5"', json: '1e5', why: 'exponent notation' },
  ],
  Date: [
    { literal: '"2024-02-30"', json: '2024-02-30', why: 'an impossible date' },
    { literal: '"yesterday"', json: 'yesterday', why: 'not a date' },
    { literal: '20240101', json: 20240101, why: 'a number' },
  ],
  DateTime: [
    { literal: '"2026-13-01T00:00:00Z"', json: '2026-13-01T00:00:00Z', why: 'month 13' },
    { literal: '"2026-01-01"', json: '2026-01-01', why: 'a date without time' },
    { literal: '1700000000', json: 1700000000, why: 'a number' },
  ],
  JSONObject: [
    { literal: '[1, 2]', json: [1, 2], why: 'a list' },
    { literal: '"x"', json: 'x', why: 'a string' },
    { literal: '{ a: "nul\\u0000" }', json: { a: 'nul\u0000' }, why: 'a NUL inside' },
  ],
  ID: [
    { literal: '"x"', json: 'x', why: 'not a UUID' },
    { literal: '42', json: 42, why: 'a number' },
  ],
  String: [{ literal: '"a\\u0000b"', json: 'a\u0000b', why: 'a NUL character' }],
};

/** A place the schema accepts a value: root field, argument, path inside input objects/lists. */
interface Place {
  operation: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
  arg: GraphQLArgument;
  /** Steps from the argument: an input field name, or `[]` for a list item. */
  steps: string[];
  scalar: string;
}

function placesOf(s: GraphQLSchema, scalars: string[]): Place[] {
  const out: Place[] = [];
  const walk = (
    base: Omit<Place, 'steps' | 'scalar'>,
    type: GraphQLInputType,
    steps: string[],
    seen: Set<string>,
  ) => {
    if (isNonNullType(type)) return walk(base, type.ofType, steps, seen);
    if (isListType(type)) return walk(base, type.ofType, [...steps, '[]'], seen);
    if (isInputObjectType(type)) {
      if (seen.has(type.name) || steps.length > 6) return;
      for (const f of Object.values(type.getFields())) {
        walk(base, f.type, [...steps, f.name], new Set([...seen, type.name]));
      }
      return;
    }
    const name = (type as GraphQLNamedType).name;
    if (scalars.includes(name)) out.push({ ...base, steps, scalar: name });
  };
  for (const operation of ['query', 'mutation'] as const) {
    const root = operation === 'query' ? s.getQueryType() : s.getMutationType();
    for (const field of Object.values(root?.getFields() ?? {})) {
      for (const arg of field.args) walk({ operation, field, arg }, arg.type, [], new Set());
    }
  }
  return out;
}

/** `input.entries.0.hours` for the steps [entries, [], hours] under argument `input`. */
const fieldName = (p: Place) => [p.arg.name, ...p.steps.map((s) => (s === '[]' ? '0' : s))].join('.');

/** The literal with `value` placed at the steps: `{ entries: [{ hours: 3 }] }`. */
function nestLiteral(steps: string[], value: string): string {
  if (steps.length === 0) return value;
  const [head, ...rest] = steps;
  return head === '[]' ? `[${nestLiteral(rest, value)}]` : `{ ${head}: ${nestLiteral(rest, value)} }`;
}
function nestJson(steps: string[], value: unknown): unknown {
  if (steps.length === 0) return value;
  const [head, ...rest] = steps;
  return head === '[]' ? [nestJson(rest, value)] : { [head as string]: nestJson(rest, value) };
}

const selection = (p: Place) => (isLeafType(getNamedType(p.field.type)) ? '' : ' { __typename }');

async function send(query: string, variables: Record<string, unknown>) {
  const res = await fetch(platform.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  expectNoLeak(text);
  return JSON.parse(text) as {
    data?: unknown;
    errors?: {
      message: string;
      extensions?: { code?: string; fields?: { field: string; message: string }[] };
    }[];
  };
}

function expectNamed(body: Awaited<ReturnType<typeof send>>, field: string, label: string) {
  expect(
    body.errors?.map((e) => e.extensions?.code),
    label,
  ).not.toContain('INTERNAL_SERVER_ERROR');
  const bad = body.errors?.find((e) => e.extensions?.code === 'BAD_USER_INPUT');
  expect(
    bad?.extensions?.fields?.map((f) => f.field),
    label,
  ).toContain(field);
  expect(body.data ?? null, label).toBeNull();
}

describe('bad values on every argument', () => {
  for (const [scalar, bads] of Object.entries(TABLE)) {
    it(`${scalar}: literal and variable, every place it is accepted`, async () => {
      const places = placesOf(schema, [scalar]);
      expect(places.length, `no argument takes ${scalar}`).toBeGreaterThan(0);
      const checkPlace = async (place: Place) => {
        const field = fieldName(place);
        for (const bad of bads) {
          const label = `${place.field.name}(${field}) ${bad.why}`;
          // The other arguments as declared-but-absent variables: the document stays valid.
          const others = place.field.args.filter((a) => a !== place.arg);
          const otherDefs = others.map((a, i) => `$o${i}: ${a.type.toString()}`);
          const otherArgs = others.map((a, i) => `${a.name}: $o${i}`);
          const defs = (extra: string[]) => (extra.length ? `(${extra.join(', ')})` : '');
          const literal = await send(
            `${place.operation} ${defs(otherDefs)} { ${place.field.name}(${[`${place.arg.name}: ${nestLiteral(place.steps, bad.literal)}`, ...otherArgs].join(', ')})${selection(place)} }`,
            {},
          );
          expectNamed(literal, field, `${label} (literal)`);
          const variable = await send(
            `${place.operation} ${defs([`$v: ${place.arg.type.toString()}`, ...otherDefs])} { ${place.field.name}(${[`${place.arg.name}: $v`, ...otherArgs].join(', ')})${selection(place)} }`,
            { v: nestJson(place.steps, bad.json) },
          );
          expectNamed(variable, ['v', ...field.split('.').slice(1)].join('.'), `${label} (variable)`);
        }
      };
      // A few at a time: each is refused at the gateway in milliseconds.
      for (let i = 0; i < places.length; i += 8) await Promise.all(places.slice(i, i + 8).map(checkPlace));
    });
  }
});

describe('the real cases', () => {
  it('logTime hours as a JSON number: BAD_USER_INPUT saying strings are required', async () => {
    const body = await send('mutation ($input: LogTimeInput!) { logTime(input: $input) { id } }', {
      input: {
        employeeId: '0190a0b0-0000-7000-8000-000000000001',
        projectId: '0190a0b0-0000-7000-8000-000000000002',
        date: '2026-01-05',
        hours: 7.5,
      },
    });
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.hours', message: expect.stringMatching(/decimal string/) }],
    });
  });

  it('employeeAnalytics(id: "x") is BAD_USER_INPUT, not a failed SQL cast', async () => {
    const body = await send('{ employeeAnalytics(id: "x") { __typename } }', {});
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'id', message: expect.stringMatching(/valid id/) }],
    });
  });

  it('a NUL in a department name writes nothing', async () => {
    const before = await send('{ departments { id } }', {});
    const body = await send('mutation ($n: String!) { createDepartment(input: { name: $n }) { id } }', {
      n: 'Ops\u0000',
    });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'n' }] });
    const after = await send('{ departments { id } }', {});
    expect(after.data).toEqual(before.data);
  });

  it('good values pass the guard (the subgraph decides)', async () => {
    const body = await send('mutation { createDepartment(input: { name: "Ops" }) { id name } }', {});
    expect(body.errors).toBeUndefined();
    const time = await send('mutation ($input: LogTimeInput!) { logTime(input: $input) { id } }', {
      input: {
        employeeId: '0190a0b0-0000-7000-8000-000000000001',
        projectId: '0190a0b0-0000-7000-8000-000000000002',
        date: '2026-01-05',
        hours: '7.50',
      },
    });
    // Unknown employee/project: the subgraph's own refusal, not the guard's.
    expect(time.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(time.errors)).not.toContain('input.hours');
  });
});
