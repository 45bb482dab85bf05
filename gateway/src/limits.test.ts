import { buildSchema, type GraphQLError, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { OperationLimits } from './config';
import { directivePrecheck, limitRules, operationCost } from './limits';

const schema = buildSchema(/* GraphQL */ `
  type Query {
    me: Employee
    departments: [Department!]!
    employees(first: Int, last: Int, after: String): EmployeeConnection!
  }
  type Department { id: ID! name: String! employees(first: Int): EmployeeConnection! }
  type Employee { id: ID! name: String! tags: [String!]! manager: Employee reports: [Employee!]! }
  type EmployeeConnection { totalCount: Int! edges: [EmployeeEdge!]! nodes: [Employee!]! }
  type EmployeeEdge { cursor: String! node: Employee! }
`);

const limits: OperationLimits = {
  depth: 5,
  aliases: 3,
  rootFields: 2,
  tokens: 1000,
  directives: 2,
  fields: 20,
  cost: 1000,
};

function check(query: string): { limit?: unknown; max?: unknown; found?: unknown }[] {
  return validate(schema, parse(query), [...specifiedRules, ...limitRules(limits)])
    .filter((e: GraphQLError) => e.extensions.code === 'OPERATION_LIMIT')
    .map((e) => e.extensions as { limit?: unknown; max?: unknown; found?: unknown });
}

describe('limit rules', () => {
  it('accept an operation inside every limit', () => {
    expect(check('{ me { id manager { id name } } departments { id } }')).toEqual([]);
  });

  it('count depth through fragments and refuse beyond the limit', () => {
    // me > manager > manager > manager > id: five levels, the leaf included.
    expect(check('{ me { manager { manager { manager { id } } } } }')).toEqual([]);
    expect(
      check('{ me { ...M } } fragment M on Employee { manager { manager { manager { id } } } }'),
    ).toEqual([]);
    expect(
      check(
        '{ me { ...M } } fragment M on Employee { manager { manager { manager { manager { manager { id } } } } } }',
      ),
    ).toEqual([expect.objectContaining({ limit: 'depth', max: 5 })]);
  });

  it('count every alias, aliases of __typename included', () => {
    expect(check('{ a: me { id } b: me { id } t1: __typename }')).toEqual([]);
    expect(check('{ t1: __typename t2: __typename t3: __typename t4: __typename }')).toEqual([
      expect.objectContaining({ limit: 'aliases', max: 3, found: 4 }),
    ]);
    expect(check('{ me { a: id b: id c: name d: name } }')).toEqual([
      { code: 'OPERATION_LIMIT', limit: 'aliases', max: 3, found: 4, http: expect.anything() },
    ]);
  });

  it('count root fields, including those in fragments on Query', () => {
    expect(check('{ me { id } departments { id } __typename }')).toEqual([]);
    expect(check('{ me { id } ...Q } fragment Q on Query { departments { id } x: me { id } }')).toEqual([
      expect.objectContaining({ limit: 'rootFields', max: 2, found: 3 }),
    ]);
  });

  it('count directives', () => {
    expect(check('{ me @include(if: true) { id @skip(if: false) } }')).toEqual([]);
    expect(check('{ me @include(if: true) { id @skip(if: false) name @include(if: true) } }')).toEqual([
      expect.objectContaining({ limit: 'directives', max: 2, found: 3 }),
    ]);
  });

  it('pre-check directives before validation: one error, however many', () => {
    const known = new Set(['include', 'skip']);
    expect(directivePrecheck('{ me @include(if: true) { id } }', limits, known)).toBeUndefined();
    const tooMany = directivePrecheck('{ me @a @b @c { id } }', limits, known);
    expect(tooMany?.extensions).toMatchObject({
      code: 'OPERATION_LIMIT',
      limit: 'directives',
      max: 2,
      found: 3,
    });
    const unknown = directivePrecheck('{ me @probe0 { id @probe1 } }', limits, known);
    expect(unknown?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(unknown?.message).not.toContain('probe');
    // An "@" inside a string is not a directive; a syntax error is left to the parser.
    expect(directivePrecheck('{ me(q: "@a @b @c") { id } }', limits, known)).toBeUndefined();
    expect(directivePrecheck('{ me @', limits, known)).toBeUndefined();
  });

  it('count every field selection written (a field repeated many times)', () => {
    const repeated = `{ me { ${Array.from({ length: 25 }, () => 'id').join(' ')} } }`;
    expect(check(repeated)).toEqual([expect.objectContaining({ limit: 'fields', max: 20, found: 26 })]);
  });

  it('never echo the query in the message', () => {
    const errors = validate(
      schema,
      parse('{ me { secretAlias1: id secretAlias2: id secretAlias3: id secretAlias4: id } }'),
      [...limitRules(limits)],
    );
    expect(errors.map((e) => e.message).join(' ')).not.toMatch(/secretAlias/);
  });
});

describe('operation cost', () => {
  const cost = (query: string, variables?: Record<string, unknown>) =>
    operationCost(schema, parse(query), undefined, variables, 10);

  it('is 1 per field for plain objects', () => {
    expect(cost('{ me { id name manager { id } } }')).toBe(5);
  });

  it('multiplies by first/last, from literals or variables', () => {
    // employees: 1 + 50 * (edges: 1 + 1 * (node: 1 + 2)) = 1 + 50 * 4
    expect(cost('{ employees(first: 50) { edges { node { id name } } } }')).toBe(201);
    expect(cost('query ($n: Int) { employees(last: $n) { edges { node { id name } } } }', { n: 5 })).toBe(21);
  });

  it('assumes the default list size for lists and connections without a size', () => {
    // departments: 1 + 10 * (id 1 + employees (1 + 10 * (totalCount 1)))
    expect(cost('{ departments { id employees { totalCount } } }')).toBe(1 + 10 * (1 + (1 + 10 * 1)));
  });

  it('does not charge scalar lists per element, nor introspection', () => {
    expect(cost('{ me { tags } }')).toBe(2);
    expect(cost('{ __schema { types { name fields { name } } } }')).toBe(0);
  });

  it('falls back to defaults when variables do not coerce', () => {
    expect(cost('query ($n: Int!) { employees(first: $n) { totalCount } }', { n: 'many' })).toBe(11);
  });
});
