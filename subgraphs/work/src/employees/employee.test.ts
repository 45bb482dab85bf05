import type { Database } from '@wg/db';
import type { EmployeeSnapshot } from '@wg/people/events';
import type { Identity } from '@wg/runtime';
import { createTestDatabase, identityFor, newId, startTestSubgraph } from '@wg/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workSubgraph } from '../index';
import { addEmployees, addEntries, addProject, statementsDuring } from '../test-fixtures';

const ACME = newId();
const GLOBEX = newId();

let db: Database & { drop(): Promise<void> };
let work: Awaited<ReturnType<typeof startTestSubgraph>>;

// mia -> alice -> bob; carol outside the line.
let mia: EmployeeSnapshot;
let alice: EmployeeSnapshot;
let bob: EmployeeSnapshot;
let carol: EmployeeSnapshot;
let projectId: string;

const admin = identityFor(ACME, ['admin']);
const viewer = identityFor(ACME, ['viewer']);
const asEmployee = (e: EmployeeSnapshot) => identityFor(ACME, ['employee'], { employeeId: e.id });
const asManager = (e: EmployeeSnapshot) => identityFor(ACME, ['manager'], { employeeId: e.id });

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { id: string; date: string; hours: string; employee: { id: string } } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
}
interface EmployeeTime {
  id: string;
  hoursLogged: string | null;
  timesheets: Page;
}

const EMPLOYEES = /* GraphQL */ `
  query ($r: [_Any!]!, $from: Date, $to: Date, $first: Int, $after: String) {
    _entities(representations: $r) {
      ... on Employee {
        id
        hoursLogged(from: $from, to: $to)
        timesheets(from: $from, to: $to, first: $first, after: $after) {
          totalCount
          edges { cursor node { id date hours employee { id } } }
          pageInfo { hasNextPage hasPreviousPage endCursor }
        }
      }
    }
  }
`;

const employees = (ids: string[], identity: Identity, vars: Record<string, unknown> = {}) =>
  work.call<{ _entities: EmployeeTime[] }>(
    EMPLOYEES,
    { r: ids.map((id) => ({ __typename: 'Employee', id })), ...vars },
    identity,
  );

beforeAll(async () => {
  db = await createTestDatabase();
  work = await startTestSubgraph(workSubgraph, db);
  const [miaId, aliceId] = [newId(), newId()];
  [mia, alice, bob, carol] = (await addEmployees(db, ACME, [
    { id: miaId },
    { id: aliceId, managerId: miaId },
    { managerId: aliceId },
    {},
  ])) as [EmployeeSnapshot, EmployeeSnapshot, EmployeeSnapshot, EmployeeSnapshot];
  projectId = await addProject(db, ACME);
  await addEntries(db, ACME, [
    { employeeId: alice.id, projectId, date: '2025-03-03', hours: '8.00' },
    { employeeId: alice.id, projectId, date: '2025-03-04', hours: '7.25' },
    { employeeId: alice.id, projectId, date: '2025-03-05', hours: '0.10' },
    { employeeId: alice.id, projectId, date: '2025-03-05', hours: '0.20' },
    { employeeId: bob.id, projectId, date: '2025-03-03', hours: '6.00' },
    { employeeId: carol.id, projectId, date: '2025-03-03', hours: '5.00' },
    { employeeId: mia.id, projectId, date: '2025-03-03', hours: '1.00' },
  ]);
});

afterAll(async () => {
  await work?.stop();
  await db?.drop();
});

describe('Employee.hoursLogged and Employee.timesheets', () => {
  it('sums exact decimals and pages newest day first', async () => {
    const res = await employees([alice.id, carol.id, newId()], admin, { first: 2 });
    expect(res.errors).toBeUndefined();
    const [a, c, nobody] = res.data!._entities;
    // 8 + 7.25 + 0.1 + 0.2 = 15.549999999999999 in binary floating point.
    expect(a!.hoursLogged).toBe('15.55');
    expect(c!.hoursLogged).toBe('5.00');
    expect(nobody!.hoursLogged).toBe('0.00');
    expect(nobody!.timesheets.totalCount).toBe(0);
    expect(a!.timesheets.totalCount).toBe(4);
    expect(a!.timesheets.edges.map((e) => e.node.date)).toEqual(['2025-03-05', '2025-03-05']);
    expect(a!.timesheets.edges.every((e) => e.node.employee.id === alice.id)).toBe(true);
    expect(a!.timesheets.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });

    const next = await employees([alice.id], admin, { first: 10, after: a!.timesheets.pageInfo.endCursor });
    const rest = next.data!._entities[0]!.timesheets;
    expect(rest.edges.map((e) => `${e.node.date} ${e.node.hours}`)).toEqual([
      '2025-03-04 7.25',
      '2025-03-03 8.00',
    ]);
    expect(rest.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const seen = new Set([...a!.timesheets.edges, ...rest.edges].map((e) => e.node.id));
    expect(seen.size).toBe(4);
  });

  it('restricts sums and pages to an inclusive date range', async () => {
    const res = await employees([alice.id], admin, { from: '2025-03-04', to: '2025-03-05' });
    expect(res.data!._entities[0]).toMatchObject({ hoursLogged: '7.55', timesheets: { totalCount: 3 } });
    const bad = await employees([alice.id], admin, { from: '2025-03-05', to: '2025-03-04' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'to' }] });
    const cursor = await employees([alice.id], admin, { after: 'not-a-cursor' });
    expect(cursor.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'after' }],
    });
  });

  it('shows an employee only their own time: null and an empty page for everyone else', async () => {
    const res = await employees([alice.id, bob.id, carol.id], asEmployee(alice));
    expect(res.errors).toBeUndefined();
    const [a, b, c] = res.data!._entities;
    expect(a).toMatchObject({ hoursLogged: '15.55', timesheets: { totalCount: 4 } });
    for (const other of [b!, c!]) {
      expect(other.hoursLogged).toBeNull();
      expect(other.timesheets).toMatchObject({ totalCount: 0, edges: [] });
    }
  });

  it("shows a manager their whole reporting line, and nobody else's time", async () => {
    const res = await employees([mia.id, alice.id, bob.id, carol.id], asManager(mia));
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities.map((e) => e.hoursLogged)).toEqual(['1.00', '15.55', '6.00', null]);
    expect(res.data!._entities.map((e) => e.timesheets.totalCount)).toEqual([1, 4, 1, 0]);
  });

  it('is null / an empty page without an error without timesheet:read', async () => {
    const res = await work.call(
      /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { hoursLogged timesheets { totalCount } } } }`,
      { r: [{ __typename: 'Employee', id: alice.id }] },
      viewer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ _entities: [{ hoursLogged: null, timesheets: { totalCount: 0 } }] });
  });

  it("never shows another tenant's time", async () => {
    const res = await employees([alice.id], identityFor(GLOBEX, ['admin']));
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities[0]).toMatchObject({ hoursLogged: '0.00', timesheets: { totalCount: 0 } });
  });
});

describe('Project.timesheets and TimesheetEntry references', () => {
  const PROJECT = /* GraphQL */ `
    query ($id: ID!) { project(id: $id) { hoursLogged timesheets(first: 100) { totalCount edges { node { id employee { id } } } } } }
  `;
  type ProjectTime = { project: { hoursLogged: string; timesheets: Page } };

  it('lists only entries within the caller’s scope, while the project total stays whole', async () => {
    const all = await work.call<ProjectTime>(PROJECT, { id: projectId }, admin);
    expect(all.data!.project.hoursLogged).toBe('27.55');
    expect(all.data!.project.timesheets.totalCount).toBe(7);
    const team = await work.call<ProjectTime>(PROJECT, { id: projectId }, asManager(alice));
    expect(new Set(team.data!.project.timesheets.edges.map((e) => e.node.employee.id))).toEqual(
      new Set([alice.id, bob.id]),
    );
    expect(team.data!.project.timesheets.totalCount).toBe(5);
    const own = await work.call<ProjectTime>(PROJECT, { id: projectId }, asEmployee(carol));
    expect(own.data!.project).toMatchObject({ hoursLogged: '27.55', timesheets: { totalCount: 1 } });
  });

  it('resolves TimesheetEntry references within the read scope only', async () => {
    const all = await work.call<ProjectTime>(PROJECT, { id: projectId }, admin);
    const entries = all.data!.project.timesheets.edges.map((e) => e.node);
    const carols = entries.find((e) => e.employee.id === carol.id)!;
    const alices = entries.find((e) => e.employee.id === alice.id)!;
    const QUERY = /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on TimesheetEntry { id hours project { id } } } }`;
    const r = [carols, alices].map((e) => ({ __typename: 'TimesheetEntry', id: e.id }));
    const mine = await work.call<{ _entities: ({ id: string } | null)[] }>(QUERY, { r }, asEmployee(carol));
    expect(mine.errors).toBeUndefined();
    expect(mine.data!._entities).toEqual([
      { id: carols.id, hours: '5.00', project: { id: projectId } },
      null,
    ]);
    const other = await work.call<{ _entities: unknown[] }>(QUERY, { r }, identityFor(GLOBEX, ['admin']));
    expect(other.data!._entities).toEqual([null, null]);
  });
});

describe('batching', () => {
  const tenant = newId();
  let staff: EmployeeSnapshot[];
  let boss: EmployeeSnapshot;

  beforeAll(async () => {
    [boss] = (await addEmployees(db, tenant, [{}])) as [EmployeeSnapshot];
    staff = await addEmployees(
      db,
      tenant,
      Array.from({ length: 50 }, () => ({ managerId: boss.id })),
    );
    const projects = await Promise.all([addProject(db, tenant), addProject(db, tenant)]);
    await addEntries(
      db,
      tenant,
      staff.flatMap((e, i) =>
        Array.from({ length: 3 }, (_, d) => ({
          employeeId: e.id,
          projectId: projects[(i + d) % 2]!,
          date: `2025-04-0${d + 1}`,
          hours: '2.50',
        })),
      ),
    );
  });

  const HOURS = /* GraphQL */ `
    query ($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { id hoursLogged(from: "2025-04-01") } } }
  `;

  const measure = (query: string, n: number, identity: Identity) =>
    statementsDuring(db, async () => {
      const res = await work.call<{ _entities: { hoursLogged?: string | null }[] }>(
        query,
        { r: staff.slice(0, n).map((e) => ({ __typename: 'Employee', id: e.id })) },
        identity,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities).toHaveLength(n);
    });

  it('sums hoursLogged for 50 employees with one query', async () => {
    const hr = identityFor(tenant, ['hr_manager']);
    const small = await measure(HOURS, 5, hr);
    const large = await measure(HOURS, 50, hr);
    expect(large).toHaveLength(small.length);
    const sums = large.filter((q) => q.includes('sum('));
    expect(sums).toHaveLength(1);
    expect(sums[0]).toContain('group by');
    // set_config + the sum.
    expect(large).toHaveLength(2);
  });

  it('keeps the count constant for a team-scoped manager (one reporting-line lookup per request)', async () => {
    const manager = identityFor(tenant, ['manager'], { employeeId: boss.id });
    const small = await measure(HOURS, 5, manager);
    const large = await measure(HOURS, 50, manager);
    expect(large).toHaveLength(small.length);
    expect(large.filter((q) => q.includes('with recursive'))).toHaveLength(1);
  });

  it('pages timesheets for 50 employees in one windowed query', async () => {
    const PAGES = /* GraphQL */ `
      query ($r: [_Any!]!) {
        _entities(representations: $r) { ... on Employee { timesheets(first: 2) { totalCount edges { node { id project { id } } } } } }
      }
    `;
    const hr = identityFor(tenant, ['admin']);
    const small = await measure(PAGES, 5, hr);
    const large = await measure(PAGES, 50, hr);
    expect(large).toHaveLength(small.length);
    expect(large.filter((q) => q.includes('row_number()'))).toHaveLength(1);
  });
});
