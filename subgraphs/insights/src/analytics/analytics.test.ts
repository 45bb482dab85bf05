import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/insights';
import type { CostedLine } from '@wg/finance/events';
import type { DomainEvent } from '@wg/runtime';
import {
  createTestDatabase,
  eventually,
  identityFor,
  newId,
  pinClock,
  startTestSubgraph,
} from '@wg/runtime/testing';
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
    monthly { month hours revenue { amount } laborCost { amount } profit { amount } }
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
    laborCost: { amount: string };
    profit: { amount: string };
  }[];
}

/** The figures with the months that had hours (the series always holds 12 months). */
const analyticsOf = async (identity = admin) => {
  const res = await insights.call<{ companyAnalytics: Analytics }>(ANALYTICS, {}, identity);
  expect(res.errors).toBeUndefined();
  const a = res.data!.companyAnalytics;
  expect(a.monthly).toHaveLength(12);
  return { ...a, monthly: a.monthly.filter((m) => m.hours !== '0.00') };
};

/** "Today" for every test here: the 12 complete months are April 2024 – March 2025. */
const TODAY = '2025-04-15T12:00:00Z';

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
  // The deprecated totalCost is the labour cost (what `cost` meant before issue #12).
  totalCost: { amount: '375.00', currency: 'USD' },
  // Nobody here has a compensation: the employment cost is 0, so profit is all revenue and ROI undefined.
  profit: { amount: '900.00', currency: 'USD' },
  roi: null,
  hoursLogged: '7.50',
  productivityIndex: '120.00',
  monthly: [
    {
      month: '2024-05-01',
      hours: '4.50',
      revenue: { amount: '660.00' },
      laborCost: { amount: '225.00' },
      profit: { amount: '660.00' },
    },
    {
      month: '2024-06-01',
      hours: '3.00',
      revenue: { amount: '240.00' },
      laborCost: { amount: '150.00' },
      profit: { amount: '240.00' },
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

let unpin: () => void;

beforeAll(async () => {
  unpin = pinClock(TODAY);
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
  unpin?.();
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
    expect(c.cost).toEqual({ amount: '0.00', currency: 'USD' });
    expect(c.totalCost).toEqual(EXPECTED.totalCost);
    expect(c.monthly.map((m) => m.hoursLogged).filter((h) => h !== '0.00')).toEqual(
      EXPECTED.monthly.map((m) => m.hours),
    );
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
      profit: { amount: '0.30' },
      roi: null,
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
      roi: null,
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

  it('keeps the 12 complete months before the current one, oldest first, and the month to date', async () => {
    const tenant = newId();
    const who = newId();
    const project = newId();
    // One hour a month from January 2024 to April 2025 (the current month).
    const months = Array.from({ length: 16 }, (_, i) =>
      new Date(Date.UTC(2024, i, 10)).toISOString().slice(0, 10),
    );
    await insights.bus.publish([
      laborCosted(
        tenant,
        months.map((date) =>
          line({ employeeId: who, projectId: project, date, hours: '1.00', cost: '1.00', revenue: '2.00' }),
        ),
      ),
    ]);
    const q = /* GraphQL */ `{ companyAnalytics { hoursLogged monthly { month hoursLogged }
      currentMonth { month hoursLogged } last12Months { from to hoursLogged revenue { amount } } } }`;
    type R = {
      hoursLogged: string;
      monthly: { month: string; hoursLogged: string }[];
      currentMonth: { month: string; hoursLogged: string };
      last12Months: { from: string; to: string; hoursLogged: string; revenue: { amount: string } };
    };
    const a = await eventually(async () => {
      const r = await insights.call<{ companyAnalytics: R }>(q, {}, identityFor(tenant, ['admin']));
      return r.data?.companyAnalytics.hoursLogged === '16.00' ? r.data.companyAnalytics : null;
    });
    expect(a.monthly.map((m) => m.month)).toEqual(months.slice(3, 15).map((d) => `${d.slice(0, 7)}-01`));
    expect(a.monthly.every((m) => m.hoursLogged === '1.00')).toBe(true);
    expect(a.currentMonth).toEqual({ month: '2025-04-01', hoursLogged: '1.00' });
    expect(a.last12Months).toEqual({
      from: '2024-04-01',
      to: '2025-03-31',
      hoursLogged: '12.00',
      revenue: { amount: '24.00' },
    });
  });

  it('leaves ROI undefined for a project with unpriced or unbilled hours and ranks only defined ones', async () => {
    const tenant = newId();
    const [who, priced, unpriced, unbilled] = [newId(), newId(), newId(), newId()];
    await insights.bus.publish([
      ...[priced, unpriced, unbilled].map((id, i) =>
        event(tenant, 'work.project.created', 'Project', id, {
          id,
          name: `P${i}`,
          code: `P${i}`,
          departmentId: null,
        }),
      ),
      laborCosted(tenant, [
        line({
          employeeId: who,
          projectId: priced,
          date: '2025-03-03',
          hours: '2.00',
          cost: '100.00',
          revenue: '150.00',
        }),
        // 13 of 19.75 hours had no compensation on their date: cost understated, ROI 10+ if trusted.
        line({
          employeeId: who,
          projectId: unpriced,
          date: '2025-03-04',
          hours: '19.75',
          cost: '40.00',
          revenue: '1975.00',
          unpricedHours: '13.00',
        }),
        // No billing rate: revenue 0 and ROI −1 if trusted.
        line({
          employeeId: who,
          projectId: unbilled,
          date: '2025-03-05',
          hours: '3.00',
          cost: '150.00',
          revenue: '0.00',
          unbilledHours: '3.00',
        }),
      ]),
    ]);
    const boss = identityFor(tenant, ['admin']);
    const q = /* GraphQL */ `query ($p: ID!, $u: ID!, $b: ID!) {
      a: projectAnalytics(id: $p) { roi unpricedHours unbilledHours }
      b: projectAnalytics(id: $u) { roi unpricedHours unbilledHours }
      c: projectAnalytics(id: $b) { roi unpricedHours unbilledHours }
      topProjects(by: ROI) { id roi }
    }`;
    type P = { roi: string | null; unpricedHours: string; unbilledHours: string };
    const r = await eventually(async () => {
      const res = await insights.call<{ a: P; b: P; c: P; topProjects: { id: string }[] }>(
        q,
        { p: priced, u: unpriced, b: unbilled },
        boss,
      );
      return res.data?.c?.unbilledHours === '3.00' ? res.data : null;
    });
    expect(r.a).toEqual({ roi: '0.5000', unpricedHours: '0.00', unbilledHours: '0.00' });
    expect(r.b).toEqual({ roi: null, unpricedHours: '13.00', unbilledHours: '0.00' });
    expect(r.c).toEqual({ roi: null, unpricedHours: '0.00', unbilledHours: '3.00' });
    expect(r.topProjects).toEqual([{ id: priced, roi: '0.5000' }]);
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
