import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/insights';
import type { CostedLine } from '@wg/finance/events';
import type { DomainEvent } from '@wg/runtime';
import { createTestDatabase, eventually, identityFor, newId, startTestSubgraph } from '@wg/runtime/testing';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insightsSubgraph } from '../index';

const ACME = newId();
const GLOBEX = newId();
const admin = identityFor(ACME, ['admin']);

let db: Database & { drop(): Promise<void> };
let insights: Awaited<ReturnType<typeof startTestSubgraph>>;

const ANALYTICS = /* GraphQL */ `{
  companyAnalytics {
    employeeCount departmentCount projectCount currency
    totalRevenue { amount currency } totalCost { amount currency } profit { amount currency }
    roi hoursLogged productivityIndex
    monthly { month hours revenue { amount } cost { amount } profit { amount } }
  }
}`;

interface Analytics {
  employeeCount: number;
  departmentCount: number;
  projectCount: number;
  currency: string;
  totalRevenue: { amount: string; currency: string };
  totalCost: { amount: string; currency: string };
  profit: { amount: string; currency: string };
  roi: string | null;
  hoursLogged: string;
  productivityIndex: string | null;
  monthly: {
    month: string;
    hours: string;
    revenue: { amount: string };
    cost: { amount: string };
    profit: { amount: string };
  }[];
}

const analyticsOf = async (identity = admin) => {
  const res = await insights.call<{ companyAnalytics: Analytics }>(ANALYTICS, {}, identity);
  expect(res.errors).toBeUndefined();
  return res.data!.companyAnalytics;
};

function event<D extends object>(
  tenantId: string,
  type: string,
  aggregate: string,
  aggregateId: string,
  data: D,
) {
  return {
    id: newId(),
    type,
    tenantId,
    aggregate: { type: aggregate, id: aggregateId },
    occurredAt: new Date().toISOString(),
    data,
  } as DomainEvent<D> as DomainEvent;
}

const line = (l: Omit<CostedLine, 'entryId' | 'currency'> & { currency?: string }): CostedLine => ({
  entryId: newId(),
  currency: 'USD',
  ...l,
});

const laborCosted = (tenantId: string, entries: CostedLine[]) =>
  event(tenantId, 'finance.labor.costed', 'LaborBatch', newId(), { entries });

/** Publishes a tenant's small company: 1 department, `active` + 1 terminated employees, 2 projects. */
function company(tenantId: string, active: number) {
  const departmentId = newId();
  const employeeIds = Array.from({ length: active + 1 }, () => newId());
  const projects = { apollo: newId(), zephyr: newId() };
  const hired = (id: string, i: number) =>
    event(tenantId, 'people.employee.hired', 'Employee', id, {
      id,
      firstName: `E${i}`,
      lastName: 'Test',
      workEmail: `e${i}@acme.test`,
      departmentId,
      managerId: null,
      status: 'ACTIVE',
      hireDate: '2024-01-01',
    });
  const leaver = employeeIds.at(-1)!;
  const events = [
    event(tenantId, 'people.department.created', 'Department', departmentId, {
      id: departmentId,
      name: 'Engineering',
      parentId: null,
    }),
    ...employeeIds.map(hired),
    // Snapshots merge: the leaver stays known but no longer counts.
    event(tenantId, 'people.employee.terminated', 'Employee', leaver, { id: leaver, status: 'TERMINATED' }),
    ...Object.entries(projects).map(([name, id]) =>
      event(tenantId, 'work.project.created', 'Project', id, {
        id,
        name: name === 'apollo' ? 'Apollo' : 'Zephyr',
        code: name.toUpperCase(),
        departmentId,
        status: 'ACTIVE',
      }),
    ),
  ];
  return { events, departmentId, employeeIds, projects };
}

const acme = company(ACME, 3);
const [ada, bob] = acme.employeeIds as [string, string];
/** 7.50 h; revenue 900.00, cost 375.00. Two lines share (ada, Apollo, May) and fold into one row. */
const acmeLabor = laborCosted(ACME, [
  line({
    employeeId: ada,
    projectId: acme.projects.apollo,
    date: '2024-05-02',
    hours: '4.00',
    cost: '200.00',
    revenue: '600.00',
  }),
  line({
    employeeId: bob,
    projectId: acme.projects.zephyr,
    date: '2024-06-03',
    hours: '3.00',
    cost: '150.00',
    revenue: '240.00',
  }),
  line({
    employeeId: ada,
    projectId: acme.projects.apollo,
    date: '2024-05-20',
    hours: '0.50',
    cost: '25.00',
    revenue: '60.00',
  }),
]);

const EXPECTED = {
  employeeCount: 3,
  departmentCount: 1,
  projectCount: 2,
  currency: 'USD',
  totalRevenue: { amount: '900.00', currency: 'USD' },
  totalCost: { amount: '375.00', currency: 'USD' },
  profit: { amount: '525.00', currency: 'USD' },
  roi: '1.4000',
  hoursLogged: '7.50',
  productivityIndex: '120.00',
  monthly: [
    {
      month: '2024-05-01',
      hours: '4.50',
      revenue: { amount: '660.00' },
      cost: { amount: '225.00' },
      profit: { amount: '435.00' },
    },
    {
      month: '2024-06-01',
      hours: '3.00',
      revenue: { amount: '240.00' },
      cost: { amount: '150.00' },
      profit: { amount: '90.00' },
    },
  ],
};

async function factRows(tenantId: string) {
  const [r] = await withTenant(db, { tenantId }, (tx) => tx.select({ n: count() }).from(tables.laborFacts));
  return r?.n ?? 0;
}

/** Waits until the labour consumer has handled everything published before `tenantId`'s marker. */
async function drainLabor(tenantId = newId()) {
  await insights.bus.publish([
    laborCosted(tenantId, [
      line({
        employeeId: newId(),
        projectId: newId(),
        date: '2024-01-01',
        hours: '1.00',
        cost: '1.00',
        revenue: '1.00',
      }),
    ]),
  ]);
  await eventually(async () => (await factRows(tenantId)) > 0);
}

beforeAll(async () => {
  db = await createTestDatabase();
  insights = await startTestSubgraph(insightsSubgraph, db);
  await insights.bus.publish([...acme.events, acmeLabor]);
  await eventually(async () => {
    const a = await analyticsOf();
    return a.employeeCount === 3 && a.projectCount === 2 && a.hoursLogged === '7.50';
  });
});

afterAll(async () => {
  await insights?.stop();
  await db?.drop();
});

describe('companyAnalytics', () => {
  it('reports exact figures from the projections', async () => {
    expect(await analyticsOf()).toEqual(EXPECTED);
  });

  it('answers the consistent names with the same figures as the deprecated ones', async () => {
    const res = await insights.call<{ companyAnalytics: Record<string, unknown> }>(
      /* GraphQL */ `{ companyAnalytics {
        headcount employeeCount revenue { amount currency } totalRevenue { amount currency }
        cost { amount currency } totalCost { amount currency }
        monthly { hoursLogged hours salaryCost { amount } salary { amount } }
      } }`,
      {},
      admin,
    );
    expect(res.errors).toBeUndefined();
    const c = res.data!.companyAnalytics as {
      headcount: number;
      employeeCount: number;
      revenue: unknown;
      totalRevenue: unknown;
      cost: unknown;
      totalCost: unknown;
      monthly: { hoursLogged: string; hours: string; salaryCost: unknown; salary: unknown }[];
    };
    expect(c.headcount).toBe(EXPECTED.employeeCount);
    expect(c.employeeCount).toBe(c.headcount);
    expect(c.revenue).toEqual(EXPECTED.totalRevenue);
    expect(c.totalRevenue).toEqual(c.revenue);
    expect(c.cost).toEqual(EXPECTED.totalCost);
    expect(c.totalCost).toEqual(c.cost);
    expect(c.monthly.map((m) => m.hoursLogged)).toEqual(EXPECTED.monthly.map((m) => m.hours));
    for (const m of c.monthly) {
      expect(m.hours).toBe(m.hoursLogged);
      expect(m.salary).toEqual(m.salaryCost);
    }
  });

  it('applies a redelivered labour event once', async () => {
    await insights.bus.publish([acmeLabor, acmeLabor]);
    await drainLabor();
    expect(await analyticsOf()).toEqual(EXPECTED);
  });

  it('adds a later event onto the same employee, project and month', async () => {
    const tenant = newId();
    const t = company(tenant, 1);
    const who = t.employeeIds[0]!;
    const first = laborCosted(tenant, [
      line({
        employeeId: who,
        projectId: t.projects.apollo,
        date: '2025-02-03',
        hours: '2.25',
        cost: '0.10',
        revenue: '0.20',
      }),
    ]);
    const second = laborCosted(tenant, [
      line({
        employeeId: who,
        projectId: t.projects.apollo,
        date: '2025-02-27',
        hours: '1.00',
        cost: '0.20',
        revenue: '0.10',
      }),
    ]);
    // The same event twice in one batch counts once too.
    await insights.bus.publish([...t.events, first, second, second]);
    const hr = identityFor(tenant, ['hr_manager']);
    const a = await eventually(async () => {
      const r = await analyticsOf(hr);
      return r.hoursLogged === '3.25' ? r : null;
    });
    // 0.1 + 0.2 is 0.30000000000000004 in floating point; numeric keeps it exact.
    expect(a).toMatchObject({
      totalCost: { amount: '0.30' },
      totalRevenue: { amount: '0.30' },
      profit: { amount: '0.00' },
      roi: '0.0000',
      productivityIndex: '0.09',
      monthly: [{ month: '2025-02-01', hours: '3.25' }],
    });
    expect(await factRows(tenant)).toBe(1);
  });

  it('writes a 500-line event with one statement', async () => {
    const tenant = newId();
    const employees = Array.from({ length: 10 }, () => newId());
    const projects = Array.from({ length: 5 }, () => newId());
    const entries = Array.from({ length: 500 }, (_, i) =>
      line({
        employeeId: employees[i % 10]!,
        projectId: projects[i % 5]!,
        date: `2025-0${(i % 3) + 1}-1${i % 10}`,
        hours: '1.25',
        cost: '10.00',
        revenue: '30.00',
        currency: 'EUR',
      }),
    );
    const before = db.statements.count;
    await insights.bus.publish([laborCosted(tenant, entries)]);
    await eventually(async () => (await factRows(tenant)) > 0);
    const writes = db.statements.recent
      .slice(-(db.statements.count - before))
      .filter((q) => /insert into "insights"\."labor_facts"/.test(q));
    expect(writes).toHaveLength(1);
    // 10 employees × 5 projects share the same i % 10 / i % 5 pattern: 10 pairs × 3 months.
    expect(await factRows(tenant)).toBe(30);
    const a = await analyticsOf(identityFor(tenant, ['admin']));
    expect(a).toMatchObject({
      currency: 'EUR',
      hoursLogged: '625.00',
      totalRevenue: { amount: '15000.00', currency: 'EUR' },
      totalCost: { amount: '5000.00', currency: 'EUR' },
      roi: '2.0000',
      productivityIndex: '24.00',
    });
  });

  it('skips malformed lines without blocking the rest of the event', async () => {
    const tenant = newId();
    const ok = line({
      employeeId: newId(),
      projectId: newId(),
      date: '2025-03-31',
      hours: '2.00',
      cost: '5.00',
      revenue: '9.00',
    });
    await insights.bus.publish([
      laborCosted(tenant, [
        { ...ok, hours: 'lots' },
        { ...ok, date: '2025-02-30' },
        { ...ok, projectId: 'x' },
        ok,
      ]),
    ]);
    const a = await eventually(async () => {
      const r = await analyticsOf(identityFor(tenant, ['admin']));
      return r.hoursLogged === '2.00' ? r : null;
    });
    expect(a.totalRevenue.amount).toBe('9.00');
  });

  it('shows another tenant only zeros', async () => {
    expect(await analyticsOf(identityFor(GLOBEX, ['admin']))).toEqual({
      employeeCount: 0,
      departmentCount: 0,
      projectCount: 0,
      currency: 'USD',
      totalRevenue: { amount: '0.00', currency: 'USD' },
      totalCost: { amount: '0.00', currency: 'USD' },
      profit: { amount: '0.00', currency: 'USD' },
      roi: null,
      hoursLogged: '0.00',
      productivityIndex: null,
      monthly: [],
    });
  });

  it('keeps the last 12 months with data, oldest first', async () => {
    const tenant = newId();
    const who = newId();
    const project = newId();
    const months = Array.from({ length: 14 }, (_, i) => {
      const d = new Date(Date.UTC(2023, 6 + i, 15));
      return d.toISOString().slice(0, 10);
    });
    await insights.bus.publish([
      laborCosted(
        tenant,
        months.map((date) =>
          line({ employeeId: who, projectId: project, date, hours: '1.00', cost: '1.00', revenue: '2.00' }),
        ),
      ),
    ]);
    const a = await eventually(async () => {
      const r = await analyticsOf(identityFor(tenant, ['admin']));
      // Totals and series come from one statement; both are checked anyway.
      return r.monthly.length > 0 && r.hoursLogged !== '0.00' ? r : null;
    });
    expect(a.monthly.map((m) => m.month)).toEqual(months.slice(2).map((d) => `${d.slice(0, 7)}-01`));
    expect(a.hoursLogged).toBe('14.00');
  });

  it.each([
    ['employee', 'FORBIDDEN'],
    ['manager', 'FORBIDDEN'],
    ['viewer', 'FORBIDDEN'],
  ])('is %s → %s', async (role, code) => {
    const res = await insights.call(ANALYTICS, {}, identityFor(ACME, [role]));
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
    // companyAnalytics is nullable (a dashboard degrades when insights fails): the field is null.
    expect((res.data as { companyAnalytics?: unknown } | null)?.companyAnalytics ?? null).toBeNull();
  });

  it('is UNAUTHENTICATED without the internal token', async () => {
    const res = await insights.call(ANALYTICS, {});
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
