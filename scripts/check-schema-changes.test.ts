import { describe, expect, it } from 'vitest';
import { apiSchema, isListed, listedCoordinates, schemaChanges } from './check-schema-changes';

const supergraph = (body: string) => /* GraphQL */ `
  directive @join__field(graph: join__Graph) repeatable on FIELD_DEFINITION
  directive @inaccessible on FIELD_DEFINITION | OBJECT | ARGUMENT_DEFINITION
  enum join__Graph { PEOPLE @join__graph(name: "people", url: "http://127.0.0.1:4001/graphql") }
  scalar join__FieldSet
  ${body}
`;

const base = supergraph(`
  type Query {
    employees(first: Int, filter: String): [Employee!]! @join__field(graph: PEOPLE)
    internal: Int @inaccessible
  }
  type Employee { id: ID! name: String! status: Status }
  enum Status { ACTIVE LEFT }
`);

const changesTo = (body: string) => schemaChanges(apiSchema(base), apiSchema(supergraph(body)));
const readme = (list: string) =>
  `# x\n\n## Schema changes that break clients\n\n${list}\n\n## Layout\n\n\`Employee.name\`\n`;

describe('schema change guard', () => {
  it('finds breaking and dangerous changes with their coordinates', () => {
    const changes = changesTo(`
      type Query { employees(first: Int!, after: String): [Employee!]! }
      type Employee { id: ID! status: Status }
      enum Status { ACTIVE LEFT ON_LEAVE }
    `);
    expect(changes.map((c) => [c.kind, c.coordinate]).sort()).toEqual(
      [
        ['breaking', 'Employee.name'],
        ['breaking', 'Query.employees(filter:)'],
        ['breaking', 'Query.employees(first:)'],
        ['dangerous', 'Query.employees(after:)'],
        ['dangerous', 'Status.ON_LEAVE'],
      ].sort(),
    );
  });

  it('ignores federation machinery and @inaccessible elements', () => {
    expect(
      changesTo(`
        enum join__Graph { PEOPLE WORK }
        type Query { employees(first: Int, filter: String): [Employee!]! }
        type Employee { id: ID! name: String! status: Status }
        enum Status { ACTIVE LEFT }
      `),
    ).toEqual([]);
  });

  it('counts a change as listed only when its coordinate is in backticks in the section', () => {
    const [removed] = changesTo(`
      type Query { employees(first: Int, filter: String): [Employee!]! }
      type Employee { id: ID! status: Status }
      enum Status { ACTIVE LEFT }
    `);
    expect(removed?.coordinate).toBe('Employee.name');
    // Named outside the section, or without backticks, or only as its type: not listed.
    expect(
      isListed(removed!, listedCoordinates(readme('- Employee.name was removed; `Employee` changed'))),
    ).toBe(false);
    expect(
      isListed(removed!, listedCoordinates(readme('- `Employee.name` is removed: use `displayName`'))),
    ).toBe(true);
    expect(isListed(removed!, listedCoordinates(readme('- `Employee.name: String!` is gone')))).toBe(true);
    expect(isListed(removed!, listedCoordinates(readme('- `Employee.names` is gone')))).toBe(false);
  });

  it('lets a field cover its arguments and a type its enum values', () => {
    const changes = changesTo(`
      type Query { employees(first: Int): [Employee!]! }
      type Employee { id: ID! name: String! status: Status }
      enum Status { ACTIVE }
    `);
    const spans = listedCoordinates(readme('- `Query.employees` lost `filter`\n- `Status` lost a value'));
    expect(changes.map((c) => c.coordinate).sort()).toEqual(['Query.employees(filter:)', 'Status.LEFT']);
    expect(changes.every((c) => isListed(c, spans))).toBe(true);
    // A root field may be named bare, with or without its arguments.
    const [arg] = changes.filter((c) => c.coordinate.startsWith('Query.'));
    expect(isListed(arg!, listedCoordinates(readme('- `employees(first)` is paginated')))).toBe(true);
    expect(isListed(arg!, listedCoordinates(readme('- `employee` is paginated')))).toBe(false);
  });
});
