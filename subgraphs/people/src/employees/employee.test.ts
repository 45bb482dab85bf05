import { type Database, schema, withTenant } from '@wg/db';
import { createTestDatabase, identityFor, newId, startTestSubgraph } from '@wg/runtime/testing';
import { count, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peopleSubgraph } from '../index';

const ACME = newId();
const GLOBEX = newId();
const admin = identityFor(ACME, ['admin']);
const globexAdmin = identityFor(GLOBEX, ['admin']);
const viewer = identityFor(ACME, ['viewer']);

let db: Database & { drop(): Promise<void> };
let people: Awaited<ReturnType<typeof startTestSubgraph>>;
let engineeringId: string;

const CREATE_EMPLOYEE = /* GraphQL */ `
  mutation ($input: CreateEmployeeInput!) {
    createEmployee(input: $input) { id firstName workEmail hireDate department { id name } manager { id } }
  }
`;

async function employeeCount(tenantId: string) {
  const [r] = await withTenant(db, { tenantId }, (tx) =>
    tx.select({ n: count() }).from(schema.people.employees),
  );
  return r?.n ?? 0;
}

beforeAll(async () => {
  db = await createTestDatabase();
  people = await startTestSubgraph(peopleSubgraph, db);
  const res = await people.call<{ createDepartment: { id: string } }>(
    /* GraphQL */ `mutation { createDepartment(input: { name: "Engineering" }) { id } }`,
    {},
    admin,
  );
  engineeringId = res.data!.createDepartment.id;
});

afterAll(async () => {
  await people?.stop();
  await db?.drop();
});

const validInput = () => ({
  firstName: 'Ada',
  lastName: 'Lovelace',
  workEmail: `ada.${newId().slice(-6)}@acme.test`,
  hireDate: '2024-03-01',
  departmentId: engineeringId,
});

describe('createEmployee', () => {
  it('creates an employee and resolves department and manager', async () => {
    const boss = await people.call<{ createEmployee: { id: string } }>(
      CREATE_EMPLOYEE,
      { input: validInput() },
      admin,
    );
    expect(boss.errors).toBeUndefined();
    const input = { ...validInput(), managerId: boss.data!.createEmployee.id, workEmail: 'Grace@ACME.test' };
    const res = await people.call<{ createEmployee: Record<string, unknown> }>(
      CREATE_EMPLOYEE,
      { input },
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.createEmployee).toMatchObject({
      firstName: 'Ada',
      workEmail: 'grace@acme.test',
      hireDate: '2024-03-01',
      department: { id: engineeringId, name: 'Engineering' },
      manager: { id: boss.data!.createEmployee.id },
    });
  });

  it('names every bad field and writes nothing', async () => {
    const before = await employeeCount(ACME);
    const res = await people.call(
      CREATE_EMPLOYEE,
      {
        input: {
          firstName: '  ',
          lastName: 'X',
          workEmail: 'not-an-email',
          hireDate: '2024-02-30',
          departmentId: newId(),
        },
      },
      admin,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = ((res.errors?.[0]?.extensions?.fields ?? []) as { field: string }[])
      .map((f) => f.field)
      .sort();
    expect(fields).toEqual(['input.departmentId', 'input.firstName', 'input.hireDate', 'input.workEmail']);
    expect(await employeeCount(ACME)).toBe(before);
  });

  it('rejects a duplicate work email in the same tenant', async () => {
    const input = validInput();
    await people.call(CREATE_EMPLOYEE, { input }, admin);
    const before = await employeeCount(ACME);
    const res = await people.call(
      CREATE_EMPLOYEE,
      { input: { ...input, workEmail: input.workEmail.toUpperCase() } },
      admin,
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.workEmail', message: 'Work email is already in use' }],
    });
    expect(await employeeCount(ACME)).toBe(before);
  });

  it('is FORBIDDEN without employee:create', async () => {
    const before = await employeeCount(ACME);
    const res = await people.call(CREATE_EMPLOYEE, { input: validInput() }, viewer);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await employeeCount(ACME)).toBe(before);
  });

  it("treats another tenant's department as unknown", async () => {
    const res = await people.call(CREATE_EMPLOYEE, { input: validInput() }, globexAdmin);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.departmentId', message: 'Unknown department' }],
    });
    expect(await employeeCount(GLOBEX)).toBe(0);
  });

  it('is UNAUTHENTICATED without the internal token', async () => {
    const res = await people.call(CREATE_EMPLOYEE, { input: validInput() });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('reads', () => {
  it('never shows another tenant an employee', async () => {
    const list = await people.call<{ employees: { totalCount: number } }>(
      /* GraphQL */ `{ employees { totalCount } }`,
      {},
      globexAdmin,
    );
    expect(list.data?.employees.totalCount).toBe(0);
    const acme = await people.call<{ employees: { edges: { node: { id: string } }[] } }>(
      /* GraphQL */ `{ employees(first: 1) { edges { node { id } } } }`,
      {},
      admin,
    );
    const id = acme.data!.employees.edges[0]!.node.id;
    const one = await people.call<{ employee: unknown }>(
      /* GraphQL */ `query ($id: ID!) { employee(id: $id) { id } }`,
      { id },
      globexAdmin,
    );
    expect(one.data?.employee).toBeNull();
    const entities = await people.call<{ _entities: unknown[] }>(
      /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { id firstName } } }`,
      { r: [{ __typename: 'Employee', id }] },
      globexAdmin,
    );
    expect(entities.data?._entities).toEqual([null]);
  });

  it('paginates with cursors and a total', async () => {
    const first = await people.call<{
      employees: {
        totalCount: number;
        edges: { cursor: string; node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    }>(
      /* GraphQL */ `{ employees(first: 2) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
      {},
      admin,
    );
    const page1 = first.data!.employees;
    expect(page1.edges).toHaveLength(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await people.call<{ employees: { edges: { node: { id: string } }[] } }>(
      /* GraphQL */ `query ($after: String) { employees(first: 100, after: $after) { edges { node { id } } } }`,
      { after: page1.pageInfo.endCursor },
      admin,
    );
    const ids = second.data!.employees.edges.map((e) => e.node.id);
    expect(ids).toHaveLength(page1.totalCount - 2);
    expect(ids).not.toContain(page1.edges[0]!.node.id);
    const bad = await people.call(/* GraphQL */ `{ employees(first: 1000) { totalCount } }`, {}, admin);
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'first' }],
    });
  });
});

describe('batching', () => {
  it('lists 100 employees with department and manager in a constant number of statements', async () => {
    const tenant = newId();
    const hr = identityFor(tenant, ['admin']);
    const depts = await withTenant(db, { tenantId: tenant }, (tx) =>
      tx
        .insert(schema.people.departments)
        .values(Array.from({ length: 5 }, (_, i) => ({ tenantId: tenant, name: `D${i}` })))
        .returning(),
    );
    const [boss] = await withTenant(db, { tenantId: tenant }, (tx) =>
      tx
        .insert(schema.people.employees)
        .values({
          tenantId: tenant,
          firstName: 'B',
          lastName: 'Oss',
          workEmail: 'boss@x.test',
          hireDate: '2020-01-01',
          departmentId: depts[0]!.id,
        })
        .returning(),
    );
    const QUERY = /* GraphQL */ `query ($n: Int) { employees(first: $n) { edges { node { id department { name } manager { id manager { id } } } } } }`;
    const measure = async (n: number) => {
      const before = db.statements.application;
      const res = await people.call<{ employees: { edges: unknown[] } }>(QUERY, { n }, hr);
      expect(res.errors).toBeUndefined();
      return { statements: db.statements.application - before, rows: res.data!.employees.edges.length };
    };
    await withTenant(db, { tenantId: tenant }, (tx) =>
      tx.insert(schema.people.employees).values(
        Array.from({ length: 120 }, (_, i) => ({
          tenantId: tenant,
          firstName: `E${i}`,
          lastName: 'X',
          workEmail: `e${i}@x.test`,
          hireDate: '2021-01-01',
          departmentId: depts[i % 5]!.id,
          managerId: boss!.id,
        })),
      ),
    );
    const small = await measure(5);
    const large = await measure(100);
    expect(large.rows).toBe(100);
    expect(large.statements).toBe(small.statements);
  });

  it('resolves N entity references with one batched query', async () => {
    const ids = (
      await people.call<{ employees: { edges: { node: { id: string } }[] } }>(
        /* GraphQL */ `{ employees(first: 5) { edges { node { id } } } }`,
        {},
        admin,
      )
    ).data!.employees.edges.map((e) => e.node.id);
    const before = db.statements.application;
    const res = await people.call<{ _entities: { id: string }[] }>(
      /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { id } } }`,
      { r: ids.map((id) => ({ __typename: 'Employee', id })) },
      admin,
    );
    expect(res.data!._entities.map((e) => e.id)).toEqual(ids);
    const selects = db.statements.recent
      .slice(-(db.statements.application - before))
      .filter((q) => q.startsWith('select "id"'));
    // One set_config + one select for all N ids.
    expect(db.statements.application - before).toBe(2);
    expect(selects).toHaveLength(1);
    void sql;
  });
});
