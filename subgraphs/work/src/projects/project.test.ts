import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/work';
import { createTestDatabase, fieldsOf, identityFor, newId, startTestSubgraph } from '@wg/runtime/testing';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workSubgraph } from '../index';
import { addDepartments, addEmployees, addEntries, addProject, statementsDuring } from '../testing';

const ACME = newId();
const GLOBEX = newId();
const admin = identityFor(ACME, ['admin']);
const globexAdmin = identityFor(GLOBEX, ['admin']);
const viewer = identityFor(ACME, ['viewer']);

let db: Database & { drop(): Promise<void> };
let work: Awaited<ReturnType<typeof startTestSubgraph>>;
let engineeringId: string;

const CREATE_PROJECT = /* GraphQL */ `
  mutation ($input: CreateProjectInput!) {
    createProject(input: $input) {
      id name code description status startDate endDate createdAt department { id }
    }
  }
`;

async function projectCount(tenantId: string) {
  const [r] = await withTenant(db, { tenantId }, (tx) => tx.select({ n: count() }).from(tables.projects));
  return r?.n ?? 0;
}

async function outboxCount(tenantId: string, type: string) {
  const [r] = await withTenant(db, { tenantId }, (tx) =>
    tx.select({ n: count() }).from(tables.outbox).where(eq(tables.outbox.type, type)),
  );
  return r?.n ?? 0;
}

beforeAll(async () => {
  db = await createTestDatabase();
  work = await startTestSubgraph(workSubgraph, db);
  [engineeringId] = (await addDepartments(db, ACME, 1)) as [string];
});

afterAll(async () => {
  await work?.stop();
  await db?.drop();
});

const validInput = () => ({
  name: 'Website relaunch',
  code: `web-${newId().slice(-6)}`,
  departmentId: engineeringId,
  startDate: '2025-01-01',
  endDate: '2025-06-30',
});

describe('createProject', () => {
  it('creates a project, normalises the code and emits work.project.created with the snapshot', async () => {
    const input = { ...validInput(), description: '  New site  ' };
    const res = await work.call<{ createProject: Record<string, unknown> & { id: string } }>(
      CREATE_PROJECT,
      { input },
      admin,
    );
    expect(res.errors).toBeUndefined();
    const created = res.data!.createProject;
    expect(created).toMatchObject({
      name: 'Website relaunch',
      code: input.code.toUpperCase(),
      description: 'New site',
      status: 'ACTIVE',
      startDate: '2025-01-01',
      endDate: '2025-06-30',
      department: { id: engineeringId },
    });

    const events = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx
        .select()
        .from(tables.outbox)
        .where(and(eq(tables.outbox.aggregateId, created.id))),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'work.project.created',
      aggregateType: 'Project',
      data: {
        id: created.id,
        name: 'Website relaunch',
        code: input.code.toUpperCase(),
        departmentId: engineeringId,
        status: 'ACTIVE',
      },
    });
    const audit = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.auditLog).where(eq(tables.auditLog.entityId, created.id)),
    );
    expect(audit).toMatchObject([{ action: 'project.create', entityType: 'Project', actorId: admin.userId }]);
  });

  it('creates a project without department or dates, in the requested status', async () => {
    const res = await work.call<{ createProject: Record<string, unknown> }>(
      CREATE_PROJECT,
      { input: { name: 'Internal', code: `int-${newId().slice(-6)}`, status: 'PLANNED' } },
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.createProject).toMatchObject({
      status: 'PLANNED',
      department: null,
      description: null,
      startDate: null,
    });
  });

  it('names every bad field and writes nothing', async () => {
    const before = await projectCount(ACME);
    const beforeEvents = await outboxCount(ACME, 'work.project.created');
    const res = await work.call(
      CREATE_PROJECT,
      {
        input: {
          name: '  ',
          code: 'x',
          description: 'd'.repeat(2001),
          departmentId: newId(),
          startDate: '2025-02-30',
          endDate: 'soon',
        },
      },
      admin,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual([
      'input.code',
      'input.departmentId',
      'input.description',
      'input.endDate',
      'input.name',
      'input.startDate',
    ]);
    expect(await projectCount(ACME)).toBe(before);
    expect(await outboxCount(ACME, 'work.project.created')).toBe(beforeEvents);
  });

  it.each([
    ['an unknown department', { departmentId: newId() }, 'input.departmentId', 'Unknown department'],
    ['a malformed department id', { departmentId: 'sales' }, 'input.departmentId', 'Must be a valid id'],
    [
      'an end before the start',
      { startDate: '2025-06-01', endDate: '2025-05-31' },
      'input.endDate',
      'End date must be on or after the start date',
    ],
    ['a code with spaces', { code: 'WEB 1' }, 'input.code', "Code must be 2–32 letters, digits, '-' or '_'"],
  ])('rejects %s as BAD_USER_INPUT naming the field', async (_label, patch, field, message) => {
    const before = await projectCount(ACME);
    const res = await work.call(CREATE_PROJECT, { input: { ...validInput(), ...patch } }, admin);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field, message }],
    });
    expect(await projectCount(ACME)).toBe(before);
  });

  it('rejects a duplicate code in the same tenant, whatever its case', async () => {
    const input = validInput();
    const first = await work.call(CREATE_PROJECT, { input }, admin);
    expect(first.errors).toBeUndefined();
    const before = await projectCount(ACME);
    const res = await work.call(
      CREATE_PROJECT,
      { input: { ...input, code: input.code.toUpperCase() } },
      admin,
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.code', message: 'A project with this code already exists' }],
    });
    expect(await projectCount(ACME)).toBe(before);
  });

  it('lets exactly one of two concurrent creates with the same code win', async () => {
    const input = validInput();
    const before = await projectCount(ACME);
    const results = await Promise.all([
      work.call(CREATE_PROJECT, { input }, admin),
      work.call(CREATE_PROJECT, { input }, admin),
    ]);
    const failed = results.filter((r) => r.errors);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.code' }],
    });
    expect(await projectCount(ACME)).toBe(before + 1);
  });

  it('allows the same code in another tenant', async () => {
    const input = validInput();
    await work.call(CREATE_PROJECT, { input }, admin);
    const res = await work.call(CREATE_PROJECT, { input: { ...input, departmentId: null } }, globexAdmin);
    expect(res.errors).toBeUndefined();
  });

  it('is FORBIDDEN without project:create', async () => {
    const before = await projectCount(ACME);
    const res = await work.call(CREATE_PROJECT, { input: validInput() }, viewer);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'project:create' });
    expect(await projectCount(ACME)).toBe(before);
  });

  it("treats another tenant's department as unknown", async () => {
    const before = await projectCount(GLOBEX);
    const res = await work.call(CREATE_PROJECT, { input: validInput() }, globexAdmin);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.departmentId', message: 'Unknown department' }],
    });
    expect(await projectCount(GLOBEX)).toBe(before);
  });

  it('is UNAUTHENTICATED without the internal token', async () => {
    const res = await work.call(CREATE_PROJECT, { input: validInput() });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('reads', () => {
  const tenant = newId();
  const hr = identityFor(tenant, ['admin']);
  let deptA: string;
  let deptB: string;
  let ids: string[];

  beforeAll(async () => {
    [deptA, deptB] = (await addDepartments(db, tenant, 2)) as [string, string];
    ids = [];
    for (let i = 0; i < 6; i++) {
      ids.push(
        await addProject(db, tenant, {
          name: i % 2 === 0 ? `Alpha ${i}` : `Beta ${i}`,
          code: `RD-${i}`,
          departmentId: i < 4 ? deptA : deptB,
          status: i === 5 ? 'COMPLETED' : 'ACTIVE',
        }),
      );
    }
  });

  const LIST = /* GraphQL */ `
    query ($first: Int, $after: String, $filter: ProjectFilter) {
      projects(first: $first, after: $after, filter: $filter) {
        totalCount
        edges { cursor node { id code } }
        pageInfo { hasNextPage hasPreviousPage endCursor }
      }
    }
  `;
  type List = {
    projects: {
      totalCount: number;
      edges: { cursor: string; node: { id: string; code: string } }[];
      pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string };
    };
  };

  it('paginates with cursors and a total', async () => {
    const first = await work.call<List>(LIST, { first: 4 }, hr);
    expect(first.errors).toBeUndefined();
    expect(first.data!.projects.totalCount).toBe(6);
    expect(first.data!.projects.edges.map((e) => e.node.id)).toEqual(ids.slice(0, 4));
    expect(first.data!.projects.pageInfo.hasNextPage).toBe(true);
    const second = await work.call<List>(
      LIST,
      { first: 4, after: first.data!.projects.pageInfo.endCursor },
      hr,
    );
    expect(second.data!.projects.edges.map((e) => e.node.id)).toEqual(ids.slice(4));
    expect(second.data!.projects.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('filters by department, status and search', async () => {
    const byDept = await work.call<List>(LIST, { filter: { departmentId: deptB } }, hr);
    expect(byDept.data!.projects.edges.map((e) => e.node.code)).toEqual(['RD-4', 'RD-5']);
    const byStatus = await work.call<List>(LIST, { filter: { status: 'COMPLETED' } }, hr);
    expect(byStatus.data!.projects.edges.map((e) => e.node.code)).toEqual(['RD-5']);
    const bySearch = await work.call<List>(LIST, { filter: { search: 'beta', departmentId: deptA } }, hr);
    expect(bySearch.data!.projects.edges.map((e) => e.node.code)).toEqual(['RD-1', 'RD-3']);
    const byCode = await work.call<List>(LIST, { filter: { search: 'rd-2' } }, hr);
    expect(byCode.data!.projects.totalCount).toBe(1);
    const wildcard = await work.call<List>(LIST, { filter: { search: '%' } }, hr);
    expect(wildcard.data!.projects.totalCount).toBe(0);
  });

  it('rejects bad page and filter arguments as BAD_USER_INPUT', async () => {
    const big = await work.call(LIST, { first: 1000 }, hr);
    expect(big.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'first' }],
    });
    const cursor = await work.call(LIST, { after: 'nonsense' }, hr);
    expect(cursor.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'after' }],
    });
    const filter = await work.call(LIST, { filter: { departmentId: 'x' } }, hr);
    expect(filter.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'filter.departmentId' }],
    });
  });

  it('never shows another tenant a project', async () => {
    const list = await work.call<List>(LIST, {}, identityFor(newId(), ['admin']));
    expect(list.data?.projects.totalCount).toBe(0);
    const one = await work.call<{ project: unknown }>(
      /* GraphQL */ `query ($id: ID!) { project(id: $id) { id } }`,
      { id: ids[0] },
      globexAdmin,
    );
    expect(one.errors).toBeUndefined();
    expect(one.data?.project).toBeNull();
    const entities = await work.call<{ _entities: unknown[] }>(
      /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Project { id name } } }`,
      { r: [{ __typename: 'Project', id: ids[0] }] },
      globexAdmin,
    );
    expect(entities.data?._entities).toEqual([null]);
    const depts = await work.call<{ _entities: unknown[] }>(
      /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Department { projects { totalCount edges { node { id } } } } } }`,
      { r: [{ __typename: 'Department', id: deptA }] },
      globexAdmin,
    );
    expect(depts.data?._entities).toEqual([{ projects: { totalCount: 0, edges: [] } }]);
  });

  it('returns null for a malformed project id instead of failing', async () => {
    const one = await work.call<{ project: unknown }>(/* GraphQL */ `{ project(id: "nope") { id } }`, {}, hr);
    expect(one.errors).toBeUndefined();
    expect(one.data?.project).toBeNull();
  });

  it('sums hours per project as an exact decimal, optionally within a date range', async () => {
    const [e1, e2] = await addEmployees(db, tenant, [{}, {}]);
    await addEntries(db, tenant, [
      { employeeId: e1!.id, projectId: ids[0]!, date: '2025-03-03', hours: '7.25' },
      { employeeId: e2!.id, projectId: ids[0]!, date: '2025-03-04', hours: '0.10' },
      { employeeId: e2!.id, projectId: ids[0]!, date: '2025-03-10', hours: '0.20' },
      { employeeId: e1!.id, projectId: ids[1]!, date: '2025-03-03', hours: '1.00' },
    ]);
    const res = await work.call<{ a: { hoursLogged: string; march: string }; b: { hoursLogged: string } }>(
      /* GraphQL */ `query ($a: ID!, $b: ID!) {
        a: project(id: $a) { hoursLogged march: hoursLogged(from: "2025-03-04", to: "2025-03-09") }
        b: project(id: $b) { hoursLogged }
      }`,
      { a: ids[0], b: ids[2] },
      hr,
    );
    expect(res.errors).toBeUndefined();
    // 7.25 + 0.10 + 0.20 is 7.550000000000001 in binary floating point.
    expect(res.data).toEqual({ a: { hoursLogged: '7.55', march: '0.10' }, b: { hoursLogged: '0.00' } });
    const bad = await work.call(
      /* GraphQL */ `query ($a: ID!) { project(id: $a) { hoursLogged(from: "2025-03-04", to: "2025-03-01") } }`,
      { a: ids[0] },
      hr,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'to' }] });
  });

  it('lists Department.projects for many departments in a constant number of statements', async () => {
    const tenant2 = newId();
    const boss = identityFor(tenant2, ['admin']);
    const depts = await addDepartments(db, tenant2, 40);
    for (const [i, d] of depts.entries()) await addProject(db, tenant2, { departmentId: d, name: `P${i}` });
    const QUERY = /* GraphQL */ `query ($r: [_Any!]!) {
      _entities(representations: $r) { ... on Department { id projects { totalCount edges { node { id name department { id } hoursLogged } } } } }
    }`;
    const measure = (n: number) =>
      statementsDuring(db, async () => {
        const res = await work.call<{
          _entities: { id: string; projects: { totalCount: number; edges: unknown[] } }[];
        }>(QUERY, { r: depts.slice(0, n).map((id) => ({ __typename: 'Department', id })) }, boss);
        expect(res.errors).toBeUndefined();
        expect(res.data!._entities).toHaveLength(n);
        expect(
          res.data!._entities.every((d) => d.projects.edges.length === 1 && d.projects.totalCount === 1),
        ).toBe(true);
      });
    const small = await measure(3);
    const large = await measure(40);
    expect(large).toHaveLength(small.length);
    // set_config + projects by department, set_config + hours by project.
    expect(large).toHaveLength(4);
  });
});

describe('updateProject', () => {
  const UPDATE = /* GraphQL */ `
    mutation ($id: ID!, $input: UpdateProjectInput!) {
      updateProject(id: $id, input: $input) {
        id name description status startDate endDate budget { amount currency }
      }
    }
  `;
  const update = (id: string, input: Record<string, unknown>, identity = admin) =>
    work.call<{ updateProject: Record<string, unknown> }>(UPDATE, { id, input }, identity);
  const rowOf = async (tenantId: string, id: string) => {
    const [row] = await withTenant(db, { tenantId }, (tx) =>
      tx.select().from(tables.projects).where(eq(tables.projects.id, id)),
    );
    return row!;
  };

  it('changes only the fields given, sets and clears the budget, emits work.project.updated and audits', async () => {
    const id = await addProject(db, ACME, { name: 'Old', startDate: '2026-01-01', description: 'keep' });
    const res = await update(id, {
      name: ' New name ',
      endDate: '2026-12-31',
      status: 'ON_HOLD',
      budget: { amount: '120000.50', currency: 'EUR' },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateProject).toEqual({
      id,
      name: 'New name',
      description: 'keep',
      status: 'ON_HOLD',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      budget: { amount: '120000.50', currency: 'EUR' },
    });
    const cleared = await update(id, { budget: null, description: null, status: 'ACTIVE' });
    expect(cleared.data!.updateProject).toMatchObject({ budget: null, description: null, status: 'ACTIVE' });

    const events = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx
        .select()
        .from(tables.outbox)
        .where(and(eq(tables.outbox.type, 'work.project.updated'), eq(tables.outbox.aggregateId, id))),
    );
    expect(events.map((e) => (e.data as { status: string }).status).sort()).toEqual(['ACTIVE', 'ON_HOLD']);
    const audits = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx
        .select()
        .from(tables.auditLog)
        .where(and(eq(tables.auditLog.action, 'project.update'), eq(tables.auditLog.entityId, id))),
    );
    expect(audits).toHaveLength(2);
    expect(audits.map((a) => (a.before as { name: string }).name).sort()).toEqual(['New name', 'Old']);
  });

  it('names every bad field, writes nothing and emits nothing', async () => {
    const id = await addProject(db, ACME, { name: 'Untouched' });
    const events = await outboxCount(ACME, 'work.project.updated');
    const res = await update(id, {
      name: null,
      startDate: '2026-02-30',
      status: null,
      budget: { amount: '12.345', currency: 'eur' },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual([
      'input.budget.amount',
      'input.budget.currency',
      'input.name',
      'input.startDate',
      'input.status',
    ]);
    const negative = await update(id, { budget: { amount: '-1', currency: 'EUR' } });
    expect([...new Set(fieldsOf(negative))]).toEqual(['input.budget.amount']);
    expect((await rowOf(ACME, id)).name).toBe('Untouched');
    expect(await outboxCount(ACME, 'work.project.updated')).toBe(events);
  });

  it('checks the dates against the stored ones, naming the field that was given', async () => {
    const id = await addProject(db, ACME, { startDate: '2026-03-01', endDate: '2026-06-30' });
    expect((await update(id, { endDate: '2026-02-28' })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'input.endDate', message: 'End date must be on or after the start date (2026-03-01)' },
      ],
    });
    expect((await update(id, { startDate: '2026-07-01' })).errors?.[0]?.extensions).toMatchObject({
      fields: [
        { field: 'input.startDate', message: 'Start date must be on or before the end date (2026-06-30)' },
      ],
    });
    expect((await rowOf(ACME, id)).endDate).toBe('2026-06-30');
  });

  it('allows only the lifecycle moves: a closed project is final (CONFLICT)', async () => {
    const id = await addProject(db, ACME, { status: 'PLANNED' });
    const refused = await update(id, { status: 'ON_HOLD' });
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toBe('A PLANNED project can move to ACTIVE, CANCELLED, not ON_HOLD');
    expect((await update(id, { status: 'ACTIVE' })).data?.updateProject?.status).toBe('ACTIVE');
    expect((await update(id, { status: 'COMPLETED' })).data?.updateProject?.status).toBe('COMPLETED');
    const reopen = await update(id, { status: 'ACTIVE' });
    expect(reopen.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(reopen.errors?.[0]?.message).toBe('Project is COMPLETED and can no longer change status');
    // The same status again is not a move: other fields of a closed project can still be fixed.
    expect((await update(id, { status: 'COMPLETED', name: 'Renamed' })).data?.updateProject?.name).toBe(
      'Renamed',
    );
  });

  it('closes the project for time logging', async () => {
    const [employee] = await addEmployees(db, ACME, [
      { departmentId: engineeringId, hireDate: '2020-01-01' },
    ]);
    const employeeId = employee!.id;
    const id = await addProject(db, ACME);
    expect((await update(id, { status: 'CANCELLED' })).errors).toBeUndefined();
    const res = await work.call(
      /* GraphQL */ `mutation ($input: LogTimeInput!) { logTime(input: $input) { id } }`,
      { input: { employeeId, projectId: id, date: '2026-01-05', hours: '2' } },
      admin,
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'input.projectId', message: 'Project is cancelled; time can no longer be logged on it' },
      ],
    });
  });

  it('is FORBIDDEN without project:update, and NOT_FOUND for another tenant’s or a malformed id', async () => {
    const id = await addProject(db, ACME, { name: 'Acme only' });
    expect((await update(id, { name: 'x' }, viewer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await update(id, { name: 'Taken over' }, globexAdmin);
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await update('not-an-id', { name: 'x' })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await rowOf(ACME, id)).name).toBe('Acme only');
  });
});
