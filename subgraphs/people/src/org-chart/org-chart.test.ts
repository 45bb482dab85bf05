import { withTenant } from '@wg/db';
import * as tables from '@wg/db/people';
import { identityFor, newId, statementsDuring } from '@wg/runtime/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectError,
  type OrgHarness,
  seedDepartment,
  seedEmployee,
  seedEmployees,
  startOrgHarness,
} from './org.fixtures';
import { isInReportingLine, managementChainIds, reportingLineIds } from './reporting-line';

const ACME = newId();
const GLOBEX = newId();
const admin = identityFor(ACME, ['admin']);
const viewer = identityFor(ACME, ['viewer']);

let h: OrgHarness;
let dept: string;
// ceo -> (cto -> (dev1 -> intern), dev2), cfo ; gone (terminated, reports to cto)
let ceo: string;
let cto: string;
let cfo: string;
let dev1: string;
let dev2: string;
let intern: string;
let gone: string;

interface Node {
  id: string;
  employeeId: string;
  parentId: string | null;
  depth: number;
  directReportCount: number;
  hasMoreReports: boolean;
  employee: { id: string; lastName: string };
}

const CHART = /* GraphQL */ `
  query ($rootId: ID, $depth: Int) {
    orgChart(rootId: $rootId, depth: $depth) {
      rootIds depth
      nodes { id employeeId parentId depth directReportCount hasMoreReports employee { id lastName } }
    }
  }
`;

beforeAll(async () => {
  h = await startOrgHarness();
  dept = await seedDepartment(h.db, ACME, { name: 'HQ' });
  ceo = await seedEmployee(h.db, ACME, { departmentId: dept, lastName: 'Ceo' });
  cto = await seedEmployee(h.db, ACME, { departmentId: dept, managerId: ceo, lastName: 'Cto' });
  cfo = await seedEmployee(h.db, ACME, { departmentId: dept, managerId: ceo, lastName: 'Cfo' });
  dev1 = await seedEmployee(h.db, ACME, { departmentId: dept, managerId: cto, lastName: 'Dev1' });
  dev2 = await seedEmployee(h.db, ACME, { departmentId: dept, managerId: cto, lastName: 'Dev2' });
  intern = await seedEmployee(h.db, ACME, { departmentId: dept, managerId: dev1, lastName: 'Intern' });
  gone = await seedEmployee(h.db, ACME, {
    departmentId: dept,
    managerId: cto,
    lastName: 'Gone',
    status: 'TERMINATED',
  });
});
afterAll(() => h?.stop());

describe('orgChart', () => {
  it('returns the whole tree as parent-first nodes with parentId and depth', async () => {
    const res = await h.people.call<{ orgChart: { rootIds: string[]; depth: number | null; nodes: Node[] } }>(
      CHART,
      { rootId: ceo },
      viewer,
    );
    expect(res.errors).toBeUndefined();
    const chart = res.data!.orgChart;
    expect(chart.rootIds).toEqual([ceo]);
    expect(chart.depth).toBeNull();
    // parentId names the parent's node; map it back to the manager's employee id.
    const employeeOf = new Map(chart.nodes.map((n) => [n.id, n.employeeId]));
    expect(
      chart.nodes.map((n) => [
        n.employee.lastName,
        n.parentId && employeeOf.get(n.parentId),
        n.depth,
        n.directReportCount,
      ]),
    ).toEqual([
      ['Ceo', null, 0, 2],
      ['Cfo', ceo, 1, 0],
      ['Cto', ceo, 1, 2],
      ['Dev1', cto, 2, 1],
      ['Dev2', cto, 2, 0],
      ['Intern', dev1, 3, 0],
    ]);
    expect(chart.nodes.every((n) => n.employeeId === n.employee.id)).toBe(true);
    expect(chart.nodes.map((n) => n.employeeId)).not.toContain(gone);
    expect(chart.nodes.every((n) => !n.hasMoreReports)).toBe(true);
  });

  it('cuts at depth and flags nodes with more reports', async () => {
    const res = await h.people.call<{ orgChart: { nodes: Node[] } }>(
      CHART,
      { rootId: ceo, depth: 1 },
      viewer,
    );
    const nodes = res.data!.orgChart.nodes;
    expect(nodes.map((n) => n.employee.lastName)).toEqual(['Ceo', 'Cfo', 'Cto']);
    expect(nodes.find((n) => n.employeeId === cto)).toMatchObject({
      directReportCount: 2,
      hasMoreReports: true,
    });
    expect(nodes.find((n) => n.employeeId === cfo)?.hasMoreReports).toBe(false);
  });

  it('gives each chart its own node ids, so two charts of the same people never share a node', async () => {
    const whole = await h.people.call<{ orgChart: { nodes: Node[] } }>(CHART, { rootId: ceo }, viewer);
    const cut = await h.people.call<{ orgChart: { nodes: Node[] } }>(
      CHART,
      { rootId: ceo, depth: 1 },
      viewer,
    );
    const sub = await h.people.call<{ orgChart: { nodes: Node[] } }>(CHART, { rootId: cto }, viewer);
    const ids = [whole, cut, sub].map((r) => new Set(r.data!.orgChart.nodes.map((n) => n.id)));
    const ctoNode = (r: typeof whole) => r.data!.orgChart.nodes.find((n) => n.employeeId === cto)!;
    // The same employee, three different chart-relative facts, three different node ids.
    expect(
      [ctoNode(whole), ctoNode(cut), ctoNode(sub)].map((n) => [
        n.depth,
        n.hasMoreReports,
        n.parentId === null,
      ]),
    ).toEqual([
      [1, false, false],
      [1, true, false],
      [0, false, true],
    ]);
    expect(new Set([ctoNode(whole).id, ctoNode(cut).id, ctoNode(sub).id]).size).toBe(3);
    for (const [a, b] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      expect([...ids[a]!].filter((id) => ids[b]!.has(id))).toEqual([]);
    }
  });

  it('without a root, starts from every top-level employee', async () => {
    const res = await h.people.call<{ orgChart: { rootIds: string[]; nodes: Node[] } }>(
      CHART,
      { depth: 0 },
      viewer,
    );
    expect(res.data!.orgChart.rootIds).toEqual([ceo]);
  });

  it('rejects a bad depth, hides other tenants and limits team-scoped managers to their line', async () => {
    await expectError(h.people.call, CHART, { rootId: ceo, depth: 51 }, viewer, 'BAD_USER_INPUT', ['depth']);
    await expectError(h.people.call, CHART, { rootId: 'x' }, viewer, 'BAD_USER_INPUT', ['rootId']);
    await expectError(h.people.call, CHART, { rootId: ceo }, identityFor(GLOBEX, ['admin']), 'NOT_FOUND');
    // Directory readers (every built-in role) see the whole chart; a caller with only a team read
    // permission sees their own line.
    const directory = await h.people.call<{ orgChart: { rootIds: string[] } }>(
      CHART,
      {},
      identityFor(ACME, ['manager'], { employeeId: cto }),
    );
    expect(directory.data?.orgChart.rootIds).toEqual([ceo]);
    const manager = identityFor(ACME, [], { employeeId: cto, permissions: ['employee:read:team'] });
    const own = await h.people.call<{ orgChart: { rootIds: string[]; nodes: Node[] } }>(CHART, {}, manager);
    expect(own.errors).toBeUndefined();
    expect(own.data!.orgChart.rootIds).toEqual([cto]);
    expect(own.data!.orgChart.nodes).toHaveLength(4);
    await expectError(h.people.call, CHART, { rootId: ceo }, manager, 'FORBIDDEN');
  });
});

describe('Employee reporting-line fields', () => {
  it('resolves reports(depth) and managementChain', async () => {
    type Page = {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { node: { lastName: string } }[];
    };
    const PAGE = 'totalCount pageInfo { hasNextPage endCursor } edges { node { lastName } }';
    const res = await h.people.call<{
      employee: { all: Page; direct: Page; first: Page };
      intern: { managementChain: { lastName: string }[] };
    }>(
      /* GraphQL */ `query ($id: ID!, $intern: ID!) { employee(id: $id) {
        all: reports { ${PAGE} } direct: reports(depth: 1) { ${PAGE} } first: reports(first: 2) { ${PAGE} }
      } intern: employee(id: $intern) { managementChain { lastName } } }`,
      { id: ceo, intern },
      admin,
    );
    expect(res.errors).toBeUndefined();
    const names = (p: Page) => p.edges.map((e) => e.node.lastName);
    const { all, direct, first } = res.data!.employee;
    expect(names(all)).toEqual(['Cfo', 'Cto', 'Dev1', 'Dev2', 'Intern']);
    expect(all.totalCount).toBe(5);
    expect(names(direct)).toEqual(['Cfo', 'Cto']);
    expect(res.data!.intern.managementChain.map((e) => e.lastName)).toEqual(['Dev1', 'Cto', 'Ceo']);
    // A connection like every other: pages of `first`, continued with `after`, same total.
    expect(names(first)).toEqual(['Cfo', 'Cto']);
    expect(first).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: true } });
    const next = await h.people.call<{ employee: { reports: Page } }>(
      /* GraphQL */ `query ($id: ID!, $after: String) { employee(id: $id) { reports(first: 2, after: $after) { ${PAGE} } } }`,
      { id: ceo, after: first.pageInfo.endCursor },
      admin,
    );
    expect(next.errors).toBeUndefined();
    expect(names(next.data!.employee.reports)).toEqual(['Dev1', 'Dev2']);
    const tooMany = await h.people.call(
      /* GraphQL */ `query ($id: ID!) { employee(id: $id) { reports(first: 101) { totalCount } } }`,
      { id: ceo },
      admin,
    );
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'first' }],
    });
  });

  it('exports helpers for the rest of the subgraph', async () => {
    await withTenant(h.db, { tenantId: ACME }, async (tx) => {
      expect(new Set(await reportingLineIds(tx, cto))).toEqual(new Set([dev1, dev2, intern, gone]));
      expect(await reportingLineIds(tx, cto, 1)).toHaveLength(3);
      expect(await managementChainIds(tx, intern)).toEqual([dev1, cto, ceo]);
      expect(await isInReportingLine(tx, ceo, intern)).toBe(true);
      expect(await isInReportingLine(tx, intern, ceo)).toBe(false);
    });
    // RLS: another tenant sees nothing.
    await withTenant(h.db, { tenantId: GLOBEX }, async (tx) => {
      expect(await reportingLineIds(tx, ceo)).toEqual([]);
      expect(await managementChainIds(tx, intern)).toEqual([]);
    });
  });

  it('terminates when corrupt data contains a manager cycle', async () => {
    const d = await seedDepartment(h.db, ACME, { name: 'Loop' });
    const a = await seedEmployee(h.db, ACME, { departmentId: d, lastName: 'LoopA' });
    const b = await seedEmployee(h.db, ACME, { departmentId: d, managerId: a, lastName: 'LoopB' });
    const c = await seedEmployee(h.db, ACME, { departmentId: d, managerId: b, lastName: 'LoopC' });
    // Simulate data the writers would have refused: a -> c -> b -> a, plus a self-manager.
    await withTenant(h.db, { tenantId: ACME }, async (tx) => {
      await tx.update(tables.employees).set({ managerId: c }).where(eq(tables.employees.id, a));
    });
    const self = await seedEmployee(h.db, ACME, { departmentId: d, lastName: 'Selfie' });
    await withTenant(h.db, { tenantId: ACME }, (tx) =>
      tx.update(tables.employees).set({ managerId: self }).where(eq(tables.employees.id, self)),
    );
    const res = await h.people.call<{ orgChart: { nodes: Node[] } }>(CHART, { rootId: a }, viewer);
    expect(res.errors).toBeUndefined();
    expect(res.data!.orgChart.nodes.map((n) => n.employee.lastName)).toEqual(['LoopA', 'LoopB', 'LoopC']);
    await withTenant(h.db, { tenantId: ACME }, async (tx) => {
      expect(await managementChainIds(tx, a)).toEqual([c, b]);
      expect(await managementChainIds(tx, self)).toEqual([]);
      expect(await reportingLineIds(tx, self)).toEqual([]);
    });
  });
});

describe('statement counts', () => {
  async function buildTree(n: number) {
    const tenant = newId();
    const d = await seedDepartment(h.db, tenant, { name: 'All' });
    const position = await withTenant(h.db, { tenantId: tenant }, (tx) =>
      tx
        .insert(tables.positions)
        .values({ tenantId: tenant, title: 'Engineer', departmentId: d })
        .returning(),
    );
    const skill = await withTenant(h.db, { tenantId: tenant }, (tx) =>
      tx.insert(tables.skills).values({ tenantId: tenant, name: 'SQL' }).returning(),
    );
    const [root] = await seedEmployees(h.db, tenant, [{ departmentId: d, positionId: position[0]!.id }]);
    // A tree of fan-out 3: each employee's manager is an earlier one.
    const ids = [root!];
    for (let i = 1; i < n; i++) {
      const [id] = await seedEmployees(h.db, tenant, [
        { departmentId: d, managerId: ids[Math.floor((i - 1) / 3)]!, positionId: position[0]!.id },
      ]);
      ids.push(id!);
    }
    await withTenant(h.db, { tenantId: tenant }, (tx) =>
      tx.insert(tables.employeeSkills).values(
        ids.map((id, i) => ({
          tenantId: tenant,
          employeeId: id,
          skillId: skill[0]!.id,
          proficiency: (i % 5) + 1,
        })),
      ),
    );
    return { tenant, root: root! };
  }

  const QUERY = /* GraphQL */ `query ($rootId: ID) { orgChart(rootId: $rootId) { nodes {
    id employee { id position { title filledSeats } skills { proficiency skill { name } }
      department { name } manager { id } managementChain { id } reports(depth: 1) { edges { node { id } } } }
  } } }`;

  async function measure(n: number) {
    const { tenant, root } = await buildTree(n);
    const who = identityFor(tenant, ['admin']);
    let count = 0;
    const statements = await statementsDuring(h.db, async () => {
      const res = await h.people.call<{ orgChart: { nodes: unknown[] } }>(QUERY, { rootId: root }, who);
      expect(res.errors).toBeUndefined();
      count = res.data!.orgChart.nodes.length;
    });
    return { nodes: count, statements: statements.length };
  }

  it('orgChart with position, skills, chain and reports: same number of statements for 10 and 100 employees', async () => {
    const small = await measure(10);
    const large = await measure(100);
    expect(small.nodes).toBe(10);
    expect(large.nodes).toBe(100);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThan(30);
  });
  it('employees(first: N) with department, manager, position, skills and benefits: same count for 10 and 100', async () => {
    const { tenant } = await buildTree(120);
    const who = identityFor(tenant, ['admin']);
    const LIST = /* GraphQL */ `query ($n: Int) { employees(first: $n) { edges { node {
      id department { name headcount } manager { id } position { title filledSeats openSeats }
      skills { proficiency skill { name } } benefits { planType } reports(depth: 1) { totalCount edges { node { id } } }
    } } } }`;
    const run = async (n: number) => {
      let rows = 0;
      const statements = await statementsDuring(h.db, async () => {
        const res = await h.people.call<{ employees: { edges: unknown[] } }>(LIST, { n }, who);
        expect(res.errors).toBeUndefined();
        rows = res.data!.employees.edges.length;
      });
      return { rows, statements: statements.length };
    };
    const small = await run(10);
    const large = await run(100);
    expect(small.rows).toBe(10);
    expect(large.rows).toBe(100);
    expect(large.statements).toBe(small.statements);
  });
});
