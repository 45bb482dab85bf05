import { withTenant } from '@wg/db';
import * as tables from '@wg/db/people';
import { identityFor, newId } from '@wg/runtime/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditOf,
  expectError,
  type OrgHarness,
  rowCount,
  seedDepartment,
  seedEmployee,
  seedEmployees,
  startOrgHarness,
} from '../org-chart/org.fixtures';

const ACME = newId();
const GLOBEX = newId();
const hr = identityFor(ACME, ['hr_manager']);
const viewer = identityFor(ACME, ['viewer']);
const manager = identityFor(ACME, ['manager']);

let h: OrgHarness;
let dept: string;
let globexDept: string;
let globexPosition: string;

const CREATE = /* GraphQL */ `
  mutation ($input: CreatePositionInput!) {
    createPosition(input: $input) { id title level jobFamily approvedSeats filledSeats openSeats department { id } }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation ($id: ID!, $input: UpdatePositionInput!) {
    updatePosition(id: $id, input: $input) { id title level jobFamily approvedSeats department { id } }
  }
`;
const DELETE = /* GraphQL */ `mutation ($id: ID!) { deletePosition(id: $id) }`;

const positions = () => rowCount(h.db, ACME, tables.positions);

async function create(input: Record<string, unknown>) {
  const res = await h.people.call<{ createPosition: { id: string } }>(CREATE, { input }, hr);
  expect(res.errors).toBeUndefined();
  return res.data!.createPosition.id;
}

async function positionRow(id: string, tenantId = ACME) {
  const [row] = await withTenant(h.db, { tenantId }, (tx) =>
    tx.select().from(tables.positions).where(eq(tables.positions.id, id)),
  );
  return row;
}

beforeAll(async () => {
  h = await startOrgHarness();
  dept = await seedDepartment(h.db, ACME, { name: 'Engineering' });
  globexDept = await seedDepartment(h.db, GLOBEX, { name: 'Globex' });
  const [row] = await withTenant(h.db, { tenantId: GLOBEX }, (tx) =>
    tx
      .insert(tables.positions)
      .values({ tenantId: GLOBEX, title: 'Secret Agent', departmentId: globexDept })
      .returning(),
  );
  globexPosition = row!.id;
});
afterAll(() => h?.stop());

describe('createPosition', () => {
  it('creates a position and counts filled seats', async () => {
    const res = await h.people.call<{ createPosition: Record<string, unknown> }>(
      CREATE,
      {
        input: {
          title: 'Backend Engineer',
          level: 'L3',
          jobFamily: 'Engineering',
          departmentId: dept,
          approvedSeats: 3,
        },
      },
      hr,
    );
    expect(res.errors).toBeUndefined();
    const created = res.data!.createPosition;
    expect(created).toMatchObject({
      title: 'Backend Engineer',
      level: 'L3',
      jobFamily: 'Engineering',
      approvedSeats: 3,
      filledSeats: 0,
      openSeats: 3,
      department: { id: dept },
    });
    const id = created.id as string;
    await seedEmployees(h.db, ACME, [
      { departmentId: dept, positionId: id },
      { departmentId: dept, positionId: id, status: 'ON_LEAVE' },
      { departmentId: dept, positionId: id, status: 'TERMINATED' },
    ]);
    const read = await h.people.call<{ position: Record<string, unknown> }>(
      /* GraphQL */ `query ($id: ID!) { position(id: $id) { filledSeats openSeats approvedSeats } }`,
      { id },
      viewer,
    );
    expect(read.data!.position).toEqual({ filledSeats: 2, openSeats: 1, approvedSeats: 3 });
    expect((await auditOf(h.db, ACME, id)).map((a) => a.action)).toEqual(['position.create']);
  });

  it('names every bad field and writes nothing', async () => {
    const before = await positions();
    await expectError(
      h.people.call,
      CREATE,
      { input: { title: '', level: '', departmentId: 'x', approvedSeats: -1 } },
      hr,
      'BAD_USER_INPUT',
      ['input.approvedSeats', 'input.departmentId', 'input.level', 'input.title'],
    );
    await expectError(
      h.people.call,
      CREATE,
      { input: { title: 'Spy', departmentId: globexDept } },
      hr,
      'BAD_USER_INPUT',
      ['input.departmentId'],
    );
    await create({ title: 'Designer', level: 'L2', departmentId: dept });
    await expectError(
      h.people.call,
      CREATE,
      { input: { title: 'designer', level: 'l2', departmentId: dept } },
      hr,
      'BAD_USER_INPUT',
      ['input.title'],
    );
    expect(await positions()).toBe(before + 1);
  });

  it('is FORBIDDEN for readers', async () => {
    const before = await positions();
    await expectError(
      h.people.call,
      CREATE,
      { input: { title: 'X', departmentId: dept } },
      manager,
      'FORBIDDEN',
    );
    expect(await positions()).toBe(before);
  });
});

describe('updatePosition / deletePosition', () => {
  it('updates fields, clears level, moves department', async () => {
    const id = await create({ title: 'Analyst', level: 'L1', departmentId: dept });
    const other = await seedDepartment(h.db, ACME, { name: 'Finance' });
    const res = await h.people.call<{ updatePosition: Record<string, unknown> }>(
      UPDATE,
      { id, input: { title: 'Senior Analyst', level: null, departmentId: other, approvedSeats: 2 } },
      hr,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.updatePosition).toMatchObject({
      title: 'Senior Analyst',
      level: null,
      approvedSeats: 2,
      department: { id: other },
    });
  });

  it('refuses fewer approved seats than filled, bad values and another tenant’s department', async () => {
    const id = await create({ title: 'Support', departmentId: dept, approvedSeats: 2 });
    await seedEmployees(h.db, ACME, [
      { departmentId: dept, positionId: id },
      { departmentId: dept, positionId: id },
    ]);
    await expectError(h.people.call, UPDATE, { id, input: { approvedSeats: 1 } }, hr, 'BAD_USER_INPUT', [
      'input.approvedSeats',
    ]);
    await expectError(
      h.people.call,
      UPDATE,
      { id, input: { title: null, departmentId: globexDept } },
      hr,
      'BAD_USER_INPUT',
      ['input.departmentId', 'input.title'],
    );
    expect(await positionRow(id)).toMatchObject({ title: 'Support', approvedSeats: 2, departmentId: dept });
  });

  it("is NOT_FOUND for another tenant's position and FORBIDDEN for readers", async () => {
    await expectError(
      h.people.call,
      UPDATE,
      { id: globexPosition, input: { title: 'Mine' } },
      hr,
      'NOT_FOUND',
    );
    await expectError(h.people.call, DELETE, { id: globexPosition }, hr, 'NOT_FOUND');
    expect((await positionRow(globexPosition, GLOBEX))?.title).toBe('Secret Agent');
    const read = await h.people.call<{ position: unknown }>(
      /* GraphQL */ `query ($id: ID!) { position(id: $id) { id title } }`,
      { id: globexPosition },
      hr,
    );
    expect(read.data?.position).toBeNull();
    const id = await create({ title: 'Guarded', departmentId: dept });
    await expectError(h.people.call, UPDATE, { id, input: { title: 'X' } }, viewer, 'FORBIDDEN');
    await expectError(h.people.call, DELETE, { id }, viewer, 'FORBIDDEN');
    expect((await positionRow(id))?.title).toBe('Guarded');
  });

  it('deletes an unused position, refuses one with holders (CONFLICT)', async () => {
    const unused = await create({ title: 'Temp', departmentId: dept });
    const res = await h.people.call<{ deletePosition: boolean }>(DELETE, { id: unused }, hr);
    expect(res.data?.deletePosition).toBe(true);
    expect(await positionRow(unused)).toBeUndefined();
    const held = await create({ title: 'Held', departmentId: dept });
    await seedEmployee(h.db, ACME, { departmentId: dept, positionId: held, status: 'TERMINATED' });
    await expectError(h.people.call, DELETE, { id: held }, hr, 'CONFLICT');
    expect(await positionRow(held)).toBeDefined();
  });

  it('is backed by a foreign key: no employee points at a missing position, no held position is deleted', async () => {
    const held = await create({ title: 'FK held', departmentId: dept });
    const holder = await seedEmployee(h.db, ACME, { departmentId: dept, positionId: held });
    const employees = () => rowCount(h.db, ACME, tables.employees);
    const before = await employees();
    // Bypassing the service: the database itself refuses a dangling id and a held position's delete.
    await expect(seedEmployee(h.db, ACME, { departmentId: dept, positionId: newId() })).rejects.toThrow();
    expect(await employees()).toBe(before);
    await expect(
      withTenant(h.db, { tenantId: ACME }, (tx) =>
        tx.delete(tables.positions).where(eq(tables.positions.id, held)),
      ),
    ).rejects.toThrow();
    expect(await positionRow(held)).toBeDefined();
    // Once nobody holds it, it can go.
    await withTenant(h.db, { tenantId: ACME }, (tx) =>
      tx.update(tables.employees).set({ positionId: null }).where(eq(tables.employees.id, holder)),
    );
    const res = await h.people.call<{ deletePosition: boolean }>(DELETE, { id: held }, hr);
    expect(res.data?.deletePosition).toBe(true);
  });
});

describe('reads', () => {
  it('lists positions by department, and resolves Employee.position and Department.positions', async () => {
    const d = await seedDepartment(h.db, ACME, { name: 'Design' });
    const a = await create({ title: 'UX Designer', jobFamily: 'Design', departmentId: d });
    await create({ title: 'UI Designer', jobFamily: 'design', departmentId: d });
    const e = await seedEmployee(h.db, ACME, { departmentId: d, positionId: a });
    const res = await h.people.call<{
      positions: { totalCount: number; edges: { node: { title: string } }[] };
      department: { positions: { totalCount: number; edges: { node: { title: string } }[] } };
      employee: { position: { id: string; title: string } };
    }>(
      /* GraphQL */ `query ($d: ID!, $e: ID!) {
        positions(filter: { departmentId: $d, jobFamily: "DESIGN" }) { totalCount edges { node { title } } }
        department(id: $d) { positions { totalCount edges { node { title } } } }
        employee(id: $e) { position { id title } }
      }`,
      { d, e },
      viewer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.positions.totalCount).toBe(2);
    expect(res.data!.department.positions.edges.map((p) => p.node.title)).toEqual([
      'UI Designer',
      'UX Designer',
    ]);
    expect(res.data!.department.positions.totalCount).toBe(2);
    expect(res.data!.employee.position).toEqual({ id: a, title: 'UX Designer' });
  });
});

describe('assigning people to positions and departments (lifecycle mutations)', () => {
  it("rejects a promotion into another tenant's position and a transfer into another tenant's department", async () => {
    const own = await create({ title: 'Promotable', departmentId: dept });
    const e = await seedEmployee(h.db, ACME, { departmentId: dept, hireDate: '2020-01-01' });
    const PROMOTE = /* GraphQL */ `mutation ($id: ID!, $input: PromoteEmployeeInput!) { promoteEmployee(id: $id, input: $input) { id position { id } } }`;
    const TRANSFER = /* GraphQL */ `mutation ($id: ID!, $input: TransferEmployeeInput!) { transferEmployee(id: $id, input: $input) { id department { id } } }`;
    await expectError(
      h.people.call,
      PROMOTE,
      { id: e, input: { positionId: globexPosition, effectiveDate: '2024-01-01' } },
      hr,
      'BAD_USER_INPUT',
      ['input.positionId'],
    );
    await expectError(
      h.people.call,
      TRANSFER,
      { id: e, input: { departmentId: globexDept, effectiveDate: '2024-01-01' } },
      hr,
      'BAD_USER_INPUT',
      ['input.departmentId'],
    );
    const [row] = await withTenant(h.db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.employees).where(eq(tables.employees.id, e)),
    );
    expect(row).toMatchObject({ departmentId: dept, positionId: null });
    // The same promotion into the tenant's own position works and fills a seat.
    const ok = await h.people.call<{ promoteEmployee: { position: { id: string } } }>(
      PROMOTE,
      { id: e, input: { positionId: own, effectiveDate: '2024-01-01' } },
      hr,
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.promoteEmployee.position.id).toBe(own);
    const seats = await h.people.call<{ position: { filledSeats: number } }>(
      /* GraphQL */ `query ($id: ID!) { position(id: $id) { filledSeats } }`,
      { id: own },
      hr,
    );
    expect(seats.data?.position.filledSeats).toBe(1);
  });
});
