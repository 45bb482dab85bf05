import { withTenant } from '@wg/db';
import * as tables from '@wg/db/people';
import { identityFor, newId } from '@wg/runtime/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditOf,
  eventsOf,
  expectError,
  type OrgHarness,
  rowCount,
  seedDepartment,
  seedEmployee,
  seedEmployees,
  startOrgHarness,
} from '../testing';

const ACME = newId();
const GLOBEX = newId();
const admin = identityFor(ACME, ['admin']);
const hr = identityFor(ACME, ['hr_manager']);
const viewer = identityFor(ACME, ['viewer']);

let h: OrgHarness;
let globexDept: string;
let globexEmployee: string;

const CREATE = /* GraphQL */ `
  mutation ($input: CreateDepartmentInput!) {
    createDepartment(input: $input) { id name costCentre parent { id } head { id } }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation ($id: ID!, $input: UpdateDepartmentInput!) {
    updateDepartment(id: $id, input: $input) { id name costCentre parent { id name } head { id } }
  }
`;
const MOVE = /* GraphQL */ `
  mutation ($id: ID!, $parentId: ID) { moveDepartment(id: $id, parentId: $parentId) { id parent { id } } }
`;

const departments = () => rowCount(h.db, ACME, tables.departments);

async function create(input: Record<string, unknown>) {
  const res = await h.people.call<{ createDepartment: { id: string } }>(CREATE, { input }, hr);
  expect(res.errors).toBeUndefined();
  return res.data!.createDepartment.id;
}

async function departmentRow(id: string) {
  const [row] = await withTenant(h.db, { tenantId: ACME }, (tx) =>
    tx.select().from(tables.departments).where(eq(tables.departments.id, id)),
  );
  return row;
}

beforeAll(async () => {
  h = await startOrgHarness();
  globexDept = await seedDepartment(h.db, GLOBEX, { name: 'Globex R&D' });
  globexEmployee = await seedEmployee(h.db, GLOBEX, { departmentId: globexDept });
});
afterAll(() => h?.stop());

describe('createDepartment', () => {
  it('creates a sub-department with a head and cost centre', async () => {
    const parent = await create({ name: 'Operations' });
    const head = await seedEmployee(h.db, ACME, { departmentId: parent });
    const res = await h.people.call<{ createDepartment: Record<string, unknown> }>(
      CREATE,
      { input: { name: 'Logistics', parentId: parent, headEmployeeId: head, costCentre: ' CC-4100 ' } },
      hr,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.createDepartment).toMatchObject({
      name: 'Logistics',
      costCentre: 'CC-4100',
      parent: { id: parent },
      head: { id: head },
    });
  });

  it('names every bad field and writes nothing', async () => {
    const before = await departments();
    const terminated = await seedEmployee(h.db, ACME, {
      departmentId: await create({ name: 'Temp' }),
      status: 'TERMINATED',
    });
    const n = await departments();
    await expectError(
      h.people.call,
      CREATE,
      { input: { name: ' ', parentId: 'nope', headEmployeeId: terminated, costCentre: '' } },
      hr,
      'BAD_USER_INPUT',
      ['input.costCentre', 'input.headEmployeeId', 'input.name', 'input.parentId'],
    );
    expect(await departments()).toBe(n);
    expect(n).toBe(before + 1);
  });

  it("treats another tenant's parent and head as unknown", async () => {
    const before = await departments();
    await expectError(
      h.people.call,
      CREATE,
      { input: { name: 'Spies', parentId: globexDept, headEmployeeId: globexEmployee } },
      hr,
      'BAD_USER_INPUT',
      ['input.headEmployeeId', 'input.parentId'],
    );
    expect(await departments()).toBe(before);
  });

  it('is FORBIDDEN without department:create', async () => {
    const before = await departments();
    await expectError(h.people.call, CREATE, { input: { name: 'Nope' } }, viewer, 'FORBIDDEN');
    expect(await departments()).toBe(before);
  });
});

describe('updateDepartment / moveDepartment', () => {
  it('renames, sets head and cost centre, emits departmentUpdated and audits', async () => {
    const id = await create({ name: 'Sales' });
    const head = await seedEmployee(h.db, ACME, { departmentId: id });
    const res = await h.people.call<{ updateDepartment: Record<string, unknown> }>(
      UPDATE,
      { id, input: { name: 'Revenue', headEmployeeId: head, costCentre: 'CC-7' } },
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateDepartment).toMatchObject({
      name: 'Revenue',
      costCentre: 'CC-7',
      head: { id: head },
    });
    const events = await eventsOf(h.db, ACME, 'people.department.updated', id);
    expect(events.at(-1)?.data).toEqual({ id, name: 'Revenue', parentId: null });
    expect((await auditOf(h.db, ACME, id)).map((a) => a.action)).toContain('department.update');
    // Explicit null clears; omitted fields stay.
    const cleared = await h.people.call<{ updateDepartment: Record<string, unknown> }>(
      UPDATE,
      { id, input: { costCentre: null } },
      admin,
    );
    expect(cleared.data!.updateDepartment).toMatchObject({
      name: 'Revenue',
      costCentre: null,
      head: { id: head },
    });
  });

  it('moves a department and rejects cycles (self and descendants) without writing', async () => {
    const a = await create({ name: 'A' });
    const b = await create({ name: 'B', parentId: a });
    const c = await create({ name: 'C', parentId: b });
    const moved = await h.people.call<{ moveDepartment: { parent: { id: string } | null } }>(
      MOVE,
      { id: c, parentId: a },
      hr,
    );
    expect(moved.data?.moveDepartment.parent).toEqual({ id: a });
    expect((await auditOf(h.db, ACME, c)).map((x) => x.action)).toContain('department.move');
    const events = await eventsOf(h.db, ACME, 'people.department.updated', c);
    expect(events.at(-1)?.data).toMatchObject({ id: c, parentId: a });

    for (const parentId of [a, b, c]) {
      const res = await expectError(h.people.call, MOVE, { id: a, parentId }, hr, 'BAD_USER_INPUT', [
        'input.parentId',
      ]);
      expect(res.errors?.[0]?.extensions?.fields).toEqual([
        {
          field: 'input.parentId',
          message: 'A department cannot be moved under itself or one of its sub-departments',
        },
      ]);
    }
    expect((await departmentRow(a))?.parentId).toBeNull();
    // Back to the top level.
    const top = await h.people.call<{ moveDepartment: { parent: unknown } }>(
      MOVE,
      { id: c, parentId: null },
      hr,
    );
    expect(top.data?.moveDepartment.parent).toBeNull();
  });

  it('never lets two concurrent moves build a cycle', async () => {
    const a = await create({ name: 'Race A' });
    const b = await create({ name: 'Race B' });
    const results = await Promise.all([
      h.people.call(MOVE, { id: a, parentId: b }, hr),
      h.people.call(MOVE, { id: b, parentId: a }, hr),
    ]);
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['BAD_USER_INPUT', 'OK']);
    const [ra, rb] = [await departmentRow(a), await departmentRow(b)];
    expect([ra?.parentId, rb?.parentId].filter(Boolean)).toHaveLength(1);
  });

  it('rejects a duplicate name, a null name and another tenant’s parent', async () => {
    const x = await create({ name: 'Xray' });
    await create({ name: 'Yankee' });
    await expectError(h.people.call, UPDATE, { id: x, input: { name: 'yankee' } }, hr, 'BAD_USER_INPUT', [
      'input.name',
    ]);
    await expectError(h.people.call, UPDATE, { id: x, input: { name: null } }, hr, 'BAD_USER_INPUT', [
      'input.name',
    ]);
    await expectError(h.people.call, MOVE, { id: x, parentId: globexDept }, hr, 'BAD_USER_INPUT', [
      'input.parentId',
    ]);
    expect(await departmentRow(x)).toMatchObject({ name: 'Xray', parentId: null });
  });

  it("is NOT_FOUND for another tenant's department and never changes it", async () => {
    await expectError(h.people.call, UPDATE, { id: globexDept, input: { name: 'Mine' } }, admin, 'NOT_FOUND');
    await expectError(h.people.call, MOVE, { id: newId(), parentId: null }, admin, 'NOT_FOUND');
    const [row] = await withTenant(h.db, { tenantId: GLOBEX }, (tx) =>
      tx.select().from(tables.departments).where(eq(tables.departments.id, globexDept)),
    );
    expect(row?.name).toBe('Globex R&D');
  });

  it('is FORBIDDEN without department:update', async () => {
    const id = await create({ name: 'Locked' });
    await expectError(h.people.call, UPDATE, { id, input: { name: 'Changed' } }, viewer, 'FORBIDDEN');
    await expectError(
      h.people.call,
      MOVE,
      { id, parentId: null },
      identityFor(ACME, ['employee']),
      'FORBIDDEN',
    );
    expect((await departmentRow(id))?.name).toBe('Locked');
  });
});

describe('tree reads', () => {
  it('counts ACTIVE headcount with and without sub-departments, and lists children', async () => {
    const root = await create({ name: 'Engineering' });
    const platform = await create({ name: 'Platform', parentId: root });
    const infra = await create({ name: 'Infra', parentId: platform });
    await seedEmployees(h.db, ACME, [
      { departmentId: root },
      { departmentId: root, status: 'TERMINATED' },
      { departmentId: platform },
      { departmentId: platform, status: 'ON_LEAVE' },
      { departmentId: infra },
      { departmentId: infra },
    ]);
    const res = await h.people.call<{ department: Record<string, unknown> }>(
      /* GraphQL */ `query ($id: ID!) { department(id: $id) {
        own: headcount all: headcount(includeSubDepartments: true)
        children { name headcount(includeSubDepartments: true) children { name parent { name } } }
      } }`,
      { id: root },
      viewer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.department).toEqual({
      own: 1,
      all: 4,
      children: [
        { name: 'Platform', headcount: 3, children: [{ name: 'Infra', parent: { name: 'Platform' } }] },
      ],
    });
  });

  it('terminates on a corrupt department cycle', async () => {
    const p = await create({ name: 'Loop P' });
    const q = await create({ name: 'Loop Q', parentId: p });
    // Bypass the service to simulate corrupt data.
    await withTenant(h.db, { tenantId: ACME }, (tx) =>
      tx.update(tables.departments).set({ parentId: q }).where(eq(tables.departments.id, p)),
    );
    const res = await h.people.call<{ department: { headcount: number } }>(
      /* GraphQL */ `query ($id: ID!) { department(id: $id) { headcount(includeSubDepartments: true) } }`,
      { id: p },
      viewer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.department.headcount).toBe(0);
    // And moving within the loop is still rejected rather than looping forever.
    await expectError(h.people.call, MOVE, { id: q, parentId: p }, hr, 'BAD_USER_INPUT', ['input.parentId']);
  });
});
