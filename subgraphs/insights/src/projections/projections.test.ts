import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/insights';
import { type Bus, type DomainEvent, InProcessBus, RedisBus } from '@wg/runtime';
import {
  codeOf,
  createTestDatabase,
  eventually,
  identityFor,
  newId,
  pinClock,
  startTestSubgraph,
  statementsDuring,
} from '@wg/runtime/testing';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insightsSubgraph } from '../index';
import { ANALYTICS_CHANGED_CHANNEL, type AnalyticsChanged } from './notify';
import { carriedStints, nextDepartments } from './org.projection';
import { rebuildProjections, rebuildTenant } from './projector';

/*
 * The insights projections end to end inside the subgraph: events in (as the producers publish
 * them), analytics out, compared with figures computed by hand. Runs on PGlite with the in-process
 * bus, or on PostgreSQL + Redis when DATABASE_URL / REDIS_URL are set.
 */

let db: Database & { drop(): Promise<void> };
let bus: Bus;
let insights: Awaited<ReturnType<typeof startTestSubgraph>>;

const at = () => new Date().toISOString();
function event(
  tenantId: string,
  type: string,
  aggregate: string,
  aggregateId: string,
  data: object,
): DomainEvent {
  return {
    id: newId(),
    type,
    tenantId,
    aggregate: { type: aggregate, id: aggregateId },
    occurredAt: at(),
    data: data as Record<string, unknown>,
  };
}

interface Person {
  id: string;
  departmentId: string;
  managerId?: string | null;
  hireDate: string;
}
const hired = (t: string, p: Person) =>
  event(t, 'people.employee.hired', 'Employee', p.id, {
    id: p.id,
    firstName: 'A',
    lastName: 'B',
    workEmail: `${p.id}@x.test`,
    departmentId: p.departmentId,
    managerId: p.managerId ?? null,
    status: 'ACTIVE',
    hireDate: p.hireDate,
  });
const department = (t: string, id: string, name: string) =>
  event(t, 'people.department.created', 'Department', id, { id, name, parentId: null });
const project = (t: string, id: string, name: string, departmentId: string | null) =>
  event(t, 'work.project.created', 'Project', id, {
    id,
    name,
    code: name.toUpperCase(),
    departmentId,
    status: 'ACTIVE',
  });
const compensation = (
  t: string,
  employeeId: string,
  baseSalary: string,
  payFrequency: string,
  effectiveFrom: string,
) =>
  event(t, 'finance.compensation.set', 'Compensation', newId(), {
    employeeId,
    baseSalary,
    currency: 'USD',
    payFrequency,
    effectiveFrom,
  });
const labor = (
  t: string,
  lines: {
    employeeId: string;
    projectId: string;
    date: string;
    hours: string;
    cost: string;
    revenue: string;
  }[],
  currency = 'USD',
) =>
  event(t, 'finance.labor.costed', 'LaborBatch', newId(), {
    entries: lines.map((l) => ({ entryId: newId(), currency, ...l })),
  });

/** A small company, every figure of which is computed by hand below. */
function scenario(t: string) {
  const eng = newId();
  const sales = newId();
  const apollo = newId();
  const zephyr = newId();
  const ada = newId();
  const bob = newId();
  const cy = newId();
  const dee = newId();
  const events = [
    department(t, eng, 'Engineering'),
    department(t, sales, 'Sales'),
    hired(t, { id: ada, departmentId: eng, hireDate: '2024-01-15' }),
    hired(t, { id: bob, departmentId: eng, hireDate: '2023-06-01' }),
    hired(t, { id: cy, departmentId: sales, managerId: bob, hireDate: '2023-01-01' }),
    hired(t, { id: dee, departmentId: sales, managerId: cy, hireDate: '2023-01-01' }),
    // Ada leaves on 31 March 2024 (inclusive): her salary stops there.
    event(t, 'people.employee.terminated', 'Employee', ada, {
      id: ada,
      firstName: 'A',
      lastName: 'B',
      workEmail: `${ada}@x.test`,
      departmentId: eng,
      managerId: null,
      status: 'TERMINATED',
      hireDate: '2024-01-15',
      change: { kind: 'TERMINATION', effectiveDate: '2024-03-31', before: {}, after: {} },
    }),
    project(t, apollo, 'Apollo', eng),
    project(t, zephyr, 'Zephyr', sales),
    compensation(t, ada, '120000.00', 'ANNUAL', '2024-01-01'),
    compensation(t, ada, '12000.00', 'MONTHLY', '2024-03-01'),
    compensation(t, dee, '5000.00', 'MONTHLY', '2023-06-01'),
    labor(t, [
      {
        employeeId: ada,
        projectId: apollo,
        date: '2024-02-10',
        hours: '10.00',
        cost: '500.00',
        revenue: '1500.00',
      },
      {
        employeeId: ada,
        projectId: apollo,
        date: '2024-03-05',
        hours: '5.00',
        cost: '300.00',
        revenue: '750.00',
      },
      {
        employeeId: bob,
        projectId: zephyr,
        date: '2024-02-12',
        hours: '8.00',
        cost: '400.00',
        revenue: '800.00',
      },
    ]),
    labor(t, [
      {
        employeeId: cy,
        projectId: zephyr,
        date: '2024-03-01',
        hours: '4.00',
        cost: '100.00',
        revenue: '100.00',
      },
    ]),
  ];
  return { events, eng, sales, apollo, zephyr, ada, bob, cy, dee };
}

/**
 * "Today" for this file: 15 June 2024. The 12 complete months are June 2023 – May 2024, and June
 * counts to date (pro-rated by calendar day).
 */
const TODAY = '2024-06-15T12:00:00Z';

/** Dee's salary: 5000 a month from June 2023 through May 2024, plus June to the 15th (15/30). */
function deeSalary(): number {
  return 5000 * 12 + 2500;
}

const ACME = newId();
const GLOBEX = newId();
const acme = scenario(ACME);
// The live-notice and rebuild tests write on top of the scenario: each has a copy of its own, so the
// hand computations above hold whichever order the tests run in (vitest --sequence.shuffle).
const LIVE = newId();
const live = scenario(LIVE);
const REBUILT = newId();
const rebuilt = scenario(REBUILT);
const admin = identityFor(ACME, ['admin']);
const adminOf = (tenantId: string) => identityFor(tenantId, ['admin']);

const COMPANY = /* GraphQL */ `{ companyAnalytics { id headcount employeeCount departmentCount projectCount
  hoursLogged totalRevenue { amount currency } totalCost { amount } profit { amount } salaryCost { amount }
  roi productivityIndex currency } }`;
const DEPARTMENT = /* GraphQL */ `query ($id: ID!) { departmentAnalytics(id: $id) { id department { id } headcount
  hoursLogged revenue { amount } cost { amount } profit { amount } salaryCost { amount } roi productivityIndex currency
  monthly { month hours revenue { amount } cost { amount } profit { amount } headcount roi } } }`;
const EMPLOYEE = /* GraphQL */ `query ($id: ID!) { employeeAnalytics(id: $id) { id employee { id } department { id }
  hoursLogged revenue { amount } cost { amount } salary { amount } profit { amount } roi productivityIndex
  monthly { month hours revenue { amount } salary { amount } profit { amount } roi productivityIndex } } }`;
const PROJECT = /* GraphQL */ `query ($id: ID!) { projectAnalytics(id: $id) { id project { id } department { id }
  headcount hoursLogged revenue { amount } cost { amount } profit { amount } roi productivityIndex
  monthly { month hours headcount roi } } }`;

async function ok<T>(query: string, variables: Record<string, unknown> = {}, identity = admin): Promise<T> {
  const res = await insights.call<T>(query, variables, identity);
  expect(res.errors).toBeUndefined();
  return res.data!;
}
const callCode = async (query: string, variables: Record<string, unknown>, identity = admin) =>
  codeOf(await insights.call(query, variables, identity));

const notices: AnalyticsChanged[] = [];

let unpin: () => void;

beforeAll(async () => {
  unpin = pinClock(TODAY);
  db = await createTestDatabase();
  bus = process.env.REDIS_URL
    ? new RedisBus(process.env.REDIS_URL, `wg-test-insights-${process.pid}-${newId()}:`)
    : new InProcessBus();
  insights = await startTestSubgraph(insightsSubgraph, db, bus);
  await bus.subscribeTransient(ANALYTICS_CHANGED_CHANNEL, (m) => notices.push(m as AnalyticsChanged));
  await bus.publish([...acme.events, ...live.events, ...rebuilt.events]);
  for (const tenantId of [ACME, LIVE, REBUILT])
    await eventually(async () => {
      const r = await insights.call<{ companyAnalytics: { hoursLogged: string } }>(
        COMPANY,
        {},
        adminOf(tenantId),
      );
      return r.data?.companyAnalytics.hoursLogged === '27.00';
    }, 20_000);
}, 60_000);

afterAll(async () => {
  await insights?.stop();
  await bus?.close();
  await db?.drop();
  unpin?.();
});

/** A monthly series without its empty months (the series always has 12). */
const active = <T extends { hours?: string; salary?: { amount: string } }>(months: T[]) =>
  months.filter((m) => m.hours !== '0.00' || (m.salary && m.salary.amount !== '0.00'));

describe('projections match a hand computation', () => {
  it('company', async () => {
    const { companyAnalytics } = await ok<{ companyAnalytics: Record<string, unknown> }>(COMPANY);
    expect(companyAnalytics).toEqual({
      id: ACME,
      headcount: 3,
      employeeCount: 3,
      departmentCount: 2,
      projectCount: 2,
      hoursLogged: '27.00',
      totalRevenue: { amount: '3150.00', currency: 'USD' },
      totalCost: { amount: '1300.00' }, // labour cost (deprecated name)
      // Against the employment cost of everyone employed, not only the labour on projects:
      // 3150 − 89983.87.
      profit: { amount: '-86833.87' },
      // Ada: 120000/12 × 17/31 (from her hire on the 15th) + 10000 (Feb) + 12000 (Mar, raised) = 27483.87.
      salaryCost: { amount: (27483.87 + deeSalary()).toFixed(2) },
      roi: '-0.9650', // −86833.87 / 89983.87
      productivityIndex: '116.67', // 3150 / 27
      currency: 'USD',
    });
  });

  it('departments: labour of their members (no transfers here), headcount on the books, monthly trend', async () => {
    const { departmentAnalytics: eng } = await ok<{ departmentAnalytics: Record<string, unknown> }>(
      DEPARTMENT,
      {
        id: acme.eng,
      },
    );
    expect(eng).toMatchObject({
      id: acme.eng,
      department: { id: acme.eng },
      headcount: 1, // bob; ada left
      hoursLogged: '23.00',
      revenue: { amount: '3050.00' },
      cost: { amount: '27483.87' }, // ada's salary; bob has no compensation
      profit: { amount: '-24433.87' },
      roi: '-0.8890',
      productivityIndex: '132.61', // 3050 / 23
      currency: 'USD',
    });
    const feb = (eng.monthly as { month: string }[]).find((m) => m.month === '2024-02-01');
    // February 2024: ada 10 h + bob 8 h; both on the books at month end.
    expect(feb).toEqual({
      month: '2024-02-01',
      hours: '18.00',
      revenue: { amount: '2300.00' },
      cost: { amount: '10000.00' }, // ada's February salary
      profit: { amount: '-7700.00' },
      headcount: 2,
      roi: '-0.7700',
    });
    const { departmentAnalytics: sales } = await ok<{ departmentAnalytics: Record<string, unknown> }>(
      DEPARTMENT,
      {
        id: acme.sales,
      },
    );
    expect(sales).toMatchObject({
      headcount: 2,
      hoursLogged: '4.00',
      roi: '-0.9984', // (100 − 62500) / 62500: Dee logs no time but is paid
      productivityIndex: '25.00',
    });
  });

  it('employee: ROI = (revenue generated − salary) / salary, with pro-rated monthly salary', async () => {
    const { employeeAnalytics } = await ok<{ employeeAnalytics: Record<string, unknown> }>(EMPLOYEE, {
      id: acme.ada,
    });
    expect({ ...employeeAnalytics, monthly: active(employeeAnalytics.monthly as never[]) }).toEqual({
      id: acme.ada,
      employee: { id: acme.ada },
      department: { id: acme.eng },
      hoursLogged: '15.00',
      revenue: { amount: '2250.00' },
      cost: { amount: '27483.87' }, // her employment cost, the base of her ROI
      salary: { amount: '27483.87' },
      profit: { amount: '-25233.87' },
      roi: '-0.9181',
      productivityIndex: '150.00',
      monthly: [
        {
          month: '2024-01-01',
          hours: '0.00',
          revenue: { amount: '0.00' },
          salary: { amount: '5483.87' },
          profit: { amount: '-5483.87' },
          roi: '-1.0000',
          productivityIndex: null,
        },
        {
          month: '2024-02-01',
          hours: '10.00',
          revenue: { amount: '1500.00' },
          salary: { amount: '10000.00' },
          profit: { amount: '-8500.00' },
          roi: '-0.8500',
          productivityIndex: '150.00',
        },
        {
          month: '2024-03-01',
          hours: '5.00',
          revenue: { amount: '750.00' },
          salary: { amount: '12000.00' },
          profit: { amount: '-11250.00' },
          roi: '-0.9375',
          productivityIndex: '150.00',
        },
      ],
    });
    // No compensation known: salary 0, ROI undefined (null), never a division by zero.
    const { employeeAnalytics: cy } = await ok<{ employeeAnalytics: Record<string, unknown> }>(EMPLOYEE, {
      id: acme.cy,
    });
    expect(cy).toMatchObject({ salary: { amount: '0.00' }, roi: null, revenue: { amount: '100.00' } });
    // Dee is still employed: her series is the 12 complete months, ending with May 2024.
    const { employeeAnalytics: dee } = await ok<{
      employeeAnalytics: { monthly: { month: string }[]; salary: { amount: string } };
    }>(EMPLOYEE, { id: acme.dee });
    expect(dee.salary.amount).toBe(deeSalary().toFixed(2));
    expect(dee.monthly).toHaveLength(12);
    expect(dee.monthly[0]!.month).toBe('2023-06-01');
    expect(dee.monthly.at(-1)!.month).toBe('2024-05-01');
  });

  it('projects and the rankings', async () => {
    const { projectAnalytics } = await ok<{ projectAnalytics: Record<string, unknown> }>(PROJECT, {
      id: acme.zephyr,
    });
    expect({ ...projectAnalytics, monthly: active(projectAnalytics.monthly as never[]) }).toEqual({
      id: acme.zephyr,
      project: { id: acme.zephyr },
      department: { id: acme.sales },
      headcount: 2,
      hoursLogged: '12.00',
      revenue: { amount: '900.00' },
      cost: { amount: '500.00' },
      profit: { amount: '400.00' },
      roi: '0.8000',
      productivityIndex: '75.00',
      monthly: [
        { month: '2024-02-01', hours: '8.00', headcount: 1, roi: '1.0000' },
        { month: '2024-03-01', hours: '4.00', headcount: 1, roi: '0.0000' },
      ],
    });
    const top = await ok<{
      topProjects: { id: string; roi: string }[];
      byHours: { id: string }[];
    }>(/* GraphQL */ `{
      topProjects(limit: 5, by: ROI) { id roi }
      byHours: topProjects(limit: 1, by: HOURS) { id }
    }`);
    expect(top.topProjects).toEqual([
      { id: acme.apollo, roi: '1.8125' },
      { id: acme.zephyr, roi: '0.8000' },
    ]);
    expect(top.byHours).toEqual([{ id: acme.apollo }]);

    const performers = await ok<{
      topPerformers: { id: string; revenue: { amount: string } }[];
    }>(/* GraphQL */ `{
      topPerformers(limit: 3, by: REVENUE) { id revenue { amount } }
    }`);
    expect(performers.topPerformers).toEqual([
      { id: acme.ada, revenue: { amount: '2250.00' } },
      { id: acme.bob, revenue: { amount: '800.00' } },
      { id: acme.cy, revenue: { amount: '100.00' } },
    ]);
  });

  it('rejects a limit out of range naming the argument', async () => {
    const res = await insights.call(`{ topProjects(limit: 0) { id } }`, {}, admin);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'limit' }],
    });
  });
});

describe('employment stints', () => {
  it('pays salary within each stint: a rehire neither loses the first stint nor pays the gap', async () => {
    const t = newId();
    const dept = newId();
    const eve = newId();
    const snapshot = (status: string, hireDate: string, kind: string, effectiveDate: string) => ({
      id: eve,
      firstName: 'E',
      lastName: 'V',
      workEmail: 'eve@x.test',
      departmentId: dept,
      managerId: null,
      status,
      hireDate,
      change: { kind, effectiveDate, before: {}, after: {} },
    });
    await bus.publish([
      department(t, dept, 'Ops'),
      hired(t, { id: eve, departmentId: dept, hireDate: '2024-01-01' }),
      compensation(t, eve, '1000.00', 'MONTHLY', '2024-01-01'),
      event(
        t,
        'people.employee.terminated',
        'Employee',
        eve,
        snapshot('TERMINATED', '2024-01-01', 'TERMINATION', '2024-02-29'),
      ),
      event(
        t,
        'people.employee.rehired',
        'Employee',
        eve,
        snapshot('ACTIVE', '2024-05-01', 'REHIRE', '2024-05-01'),
      ),
      event(
        t,
        'people.employee.terminated',
        'Employee',
        eve,
        snapshot('TERMINATED', '2024-05-01', 'TERMINATION', '2024-05-31'),
      ),
    ]);
    const boss = identityFor(t, ['admin']);
    const a = await eventually(async () => {
      const r = await insights.call<{
        employeeAnalytics: {
          salary: { amount: string };
          monthly: { month: string; salary: { amount: string } }[];
        };
      }>(EMPLOYEE, { id: eve }, boss);
      return r.data?.employeeAnalytics.salary.amount === '3000.00' ? r.data.employeeAnalytics : null;
    });
    expect(active(a.monthly).map((m) => [m.month, m.salary.amount])).toEqual([
      ['2024-01-01', '1000.00'],
      ['2024-02-01', '1000.00'],
      ['2024-05-01', '1000.00'],
    ]);
    const d = await ok<{
      departmentAnalytics: { headcount: number; monthly: { month: string; headcount: number }[] };
    }>(DEPARTMENT, { id: dept }, boss);
    expect(d.departmentAnalytics.headcount).toBe(0);
    // On the books at the end of February (her last day) and of May, not in between.
    expect(
      d.departmentAnalytics.monthly.filter((m) => m.headcount !== 0).map((m) => [m.month, m.headcount]),
    ).toEqual([
      ['2024-01-01', 1],
      ['2024-02-01', 1],
      ['2024-05-01', 1],
    ]);
  });
});

describe('employment stints carried by the snapshot', () => {
  it('takes people’s stints as they are: a corrected hire date of an earlier stint un-counts its days', async () => {
    const t = newId();
    const dept = newId();
    const eve = newId();
    await bus.publish([
      department(t, dept, 'Ops'),
      hired(t, { id: eve, departmentId: dept, hireDate: '2024-01-01' }),
      compensation(t, eve, '1000.00', 'MONTHLY', '2024-01-01'),
      // Two stints, the first one's hire date corrected from 1 January to 1 February: no event
      // sequence of the current period alone could say that.
      event(t, 'people.employee.updated', 'Employee', eve, {
        id: eve,
        firstName: 'E',
        lastName: 'V',
        workEmail: 'eve@x.test',
        departmentId: dept,
        managerId: null,
        status: 'TERMINATED',
        hireDate: '2024-05-01',
        terminationDate: '2024-05-31',
        stints: [
          { start: '2024-02-01', end: '2024-02-29' },
          { start: '2024-05-01', end: '2024-05-31' },
        ],
      }),
    ]);
    const boss = identityFor(t, ['admin']);
    const a = await eventually(async () => {
      const r = await insights.call<{
        employeeAnalytics: {
          salary: { amount: string };
          monthly: { month: string; salary: { amount: string } }[];
        };
      }>(EMPLOYEE, { id: eve }, boss);
      return r.data?.employeeAnalytics.salary.amount === '2000.00' ? r.data.employeeAnalytics : null;
    });
    expect(active(a.monthly).map((m) => [m.month, m.salary.amount])).toEqual([
      ['2024-02-01', '1000.00'],
      ['2024-05-01', '1000.00'],
    ]);
    const d = await ok<{
      departmentAnalytics: { monthly: { month: string; headcount: number }[] };
    }>(DEPARTMENT, { id: dept }, boss);
    expect(
      d.departmentAnalytics.monthly.filter((m) => m.headcount !== 0).map((m) => [m.month, m.headcount]),
    ).toEqual([
      ['2024-02-01', 1],
      ['2024-05-01', 1],
    ]);
  });

  it('carriedStints: people’s `{ start, end }` as `{ from, to }`, null for none or a malformed list', () => {
    expect(
      carriedStints({
        stints: [
          { start: '2024-01-01', end: '2024-01-31' },
          { start: '2024-03-01', end: null },
        ],
      }),
    ).toEqual([
      { from: '2024-01-01', to: '2024-01-31' },
      { from: '2024-03-01', to: null },
    ]);
    expect(carriedStints({})).toBeNull();
    expect(carriedStints({ stints: [] })).toBeNull();
    expect(carriedStints({ stints: [{ start: 'x', end: null }] })).toBeNull();
    expect(carriedStints({ stints: [{ start: '2024-02-01', end: '2024-01-01' }] })).toBeNull();
  });
});

describe('department attribution by date (transfers)', () => {
  it('counts each line and each day of salary in the department of its date', async () => {
    const t = newId();
    const a = newId();
    const b = newId();
    const x = newId();
    const proj = newId();
    const line = (date: string, hours: string, revenue: string) => ({
      employeeId: x,
      projectId: proj,
      date,
      hours,
      cost: '0.00',
      revenue,
    });
    const transfer = (to: string, from: string, effectiveDate: string) =>
      event(t, 'people.employee.transferred', 'Employee', x, {
        id: x,
        firstName: 'X',
        lastName: 'Y',
        workEmail: 'x@x.test',
        departmentId: to,
        managerId: null,
        status: 'ACTIVE',
        hireDate: '2024-01-01',
        change: {
          kind: 'TRANSFER',
          effectiveDate,
          before: { departmentId: from },
          after: { departmentId: to },
        },
      });
    await bus.publish([
      department(t, a, 'A'),
      department(t, b, 'B'),
      hired(t, { id: x, departmentId: a, hireDate: '2024-01-01' }),
      project(t, proj, 'P', a),
      compensation(t, x, '3100.00', 'MONTHLY', '2024-01-01'),
      labor(t, [
        line('2024-02-10', '2.00', '200.00'),
        line('2024-03-05', '3.00', '300.00'),
        line('2024-03-20', '4.00', '400.00'),
        line('2024-04-02', '1.00', '100.00'),
      ]),
    ]);
    const boss = identityFor(t, ['admin']);
    await eventually(async () => {
      const r = await insights.call<{ departmentAnalytics: { hoursLogged: string } }>(
        DEPARTMENT,
        { id: a },
        boss,
      );
      return r.data?.departmentAnalytics.hoursLogged === '10.00';
    });
    // Recorded after the lines, effective 11 March: the lines before stay in A, the rest move to B.
    await bus.publish([transfer(b, a, '2024-03-11'), labor(t, [line('2024-03-08', '1.00', '50.00')])]);
    const BY_DATE = /* GraphQL */ `query ($id: ID!) { departmentAnalytics(id: $id) { headcount hoursLogged
      revenue { amount } salaryCost { amount } monthly { month hours salary { amount } headcount } } }`;
    type D = {
      departmentAnalytics: {
        headcount: number;
        hoursLogged: string;
        revenue: { amount: string };
        salaryCost: { amount: string };
        monthly: { month: string; hours: string; salary: { amount: string }; headcount: number }[];
      };
    };
    const da = await eventually(async () => {
      const r = await insights.call<D>(BY_DATE, { id: a }, boss);
      return r.data?.departmentAnalytics.hoursLogged === '6.00' ? r.data.departmentAnalytics : null;
    });
    const db_ = (await ok<D>(BY_DATE, { id: b }, boss)).departmentAnalytics;
    const months = (d: D['departmentAnalytics']) =>
      d.monthly
        .filter((m) => m.hours !== '0.00' || m.salary.amount !== '0.00' || m.headcount !== 0)
        .map((m) => [m.month, m.hours, m.salary.amount, m.headcount]);
    // A: Feb 2 h + Mar 3 h + Mar 1 h; salary Jan + Feb 3100 each, March 10 of 31 days = 1000.
    expect([da.headcount, da.hoursLogged, da.revenue.amount, da.salaryCost.amount]).toEqual([
      0,
      '6.00',
      '550.00',
      '7200.00',
    ]);
    expect(months(da)).toEqual([
      ['2024-01-01', '0.00', '3100.00', 1],
      ['2024-02-01', '2.00', '3100.00', 1],
      ['2024-03-01', '4.00', '1000.00', 0],
    ]);
    // B: Mar 4 h + Apr 1 h; salary March 21/31 = 2100, April and May 3100, June to the 15th 1550.
    expect([db_.headcount, db_.hoursLogged, db_.revenue.amount, db_.salaryCost.amount]).toEqual([
      1,
      '5.00',
      '500.00',
      '9850.00',
    ]);
    expect(months(db_)).toEqual([
      ['2024-03-01', '4.00', '2100.00', 1],
      ['2024-04-01', '1.00', '3100.00', 1],
      ['2024-05-01', '0.00', '3100.00', 1],
    ]);
    // The company is not moved by a transfer.
    const c = await ok<{ companyAnalytics: { hoursLogged: string; salaryCost: { amount: string } } }>(
      COMPANY,
      {},
      boss,
    );
    expect([c.companyAnalytics.hoursLogged, c.companyAnalytics.salaryCost.amount]).toEqual([
      '11.00',
      '17050.00',
    ]);

    // A later-recorded transfer effective earlier overwrites the history from its date on.
    await bus.publish([transfer(a, b, '2024-04-01')]);
    const back = await eventually(async () => {
      const r = await insights.call<D>(BY_DATE, { id: b }, boss);
      return r.data?.departmentAnalytics.hoursLogged === '4.00' ? r.data.departmentAnalytics : null;
    });
    expect(back.salaryCost.amount).toBe('2100.00');
    expect((await ok<D>(BY_DATE, { id: a }, boss)).departmentAnalytics.salaryCost.amount).toBe(
      (17050 - 2100).toFixed(2),
    );
  });

  it('nextDepartments: the newest change holds from its date on', () => {
    const A = 'a';
    const B = 'b';
    const C = 'c';
    expect(nextDepartments([], '2024-01-01', A)).toEqual([{ from: null, departmentId: A }]);
    const h = nextDepartments([{ from: null, departmentId: A }], '2024-03-11', B);
    expect(h).toEqual([
      { from: null, departmentId: A },
      { from: '2024-03-11', departmentId: B },
    ]);
    // Backdated before the previous change: replaces it.
    expect(nextDepartments(h, '2024-02-01', C)).toEqual([
      { from: null, departmentId: A },
      { from: '2024-02-01', departmentId: C },
    ]);
    // Back to the department already in effect on that date: no new entry.
    expect(nextDepartments(h, '2024-03-01', A)).toEqual([{ from: null, departmentId: A }]);
  });
});

describe('permissions', () => {
  const ENTITY = /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) {
    ... on Employee { analytics { id hoursLogged } } } }`;

  it('an employee sees their own analytics only', async () => {
    const cy = identityFor(ACME, ['employee'], { employeeId: acme.cy });
    expect(
      (await ok<{ employeeAnalytics: { id: string } }>(EMPLOYEE, { id: acme.cy }, cy)).employeeAnalytics.id,
    ).toBe(acme.cy);
    expect(await callCode(EMPLOYEE, { id: acme.bob }, cy)).toBe('FORBIDDEN');
    expect(await callCode(DEPARTMENT, { id: acme.sales }, cy)).toBe('FORBIDDEN');
    expect(await callCode(PROJECT, { id: acme.zephyr }, cy)).toBe('FORBIDDEN');
    expect(await callCode(COMPANY, {}, cy)).toBe('FORBIDDEN');
    expect(await callCode(`{ topProjects { id } }`, {}, cy)).toBe('FORBIDDEN');
    // Employee.analytics through the gateway's entity fetch: the other employee's field is null,
    // without an error (the README's rule for fields of an object the caller may see).
    const res = await insights.call<{ _entities: ({ analytics: { id: string } | null } | null)[] }>(
      ENTITY,
      {
        r: [
          { __typename: 'Employee', id: acme.cy },
          { __typename: 'Employee', id: acme.bob },
        ],
      },
      cy,
    );
    expect(res.data?._entities[0]?.analytics?.id).toBe(acme.cy);
    expect(res.data?._entities[1]?.analytics ?? null).toBeNull();
    expect(res.errors).toBeUndefined();
    // topPerformers narrows to what the caller may see: themselves.
    const top = await ok<{ topPerformers: { id: string }[] }>(`{ topPerformers(by: HOURS) { id } }`, {}, cy);
    expect(top.topPerformers).toEqual([{ id: acme.cy }]);
  });

  it('a manager sees their reporting line (transitively), not their peers', async () => {
    const bob = identityFor(ACME, ['manager'], { employeeId: acme.bob });
    expect(
      (await ok<{ employeeAnalytics: { id: string } }>(EMPLOYEE, { id: acme.dee }, bob)).employeeAnalytics.id,
    ).toBe(acme.dee);
    expect(await callCode(EMPLOYEE, { id: acme.ada }, bob)).toBe('FORBIDDEN');
    const top = await ok<{ topPerformers: { id: string }[] }>(
      `{ topPerformers(by: REVENUE) { id } }`,
      {},
      bob,
    );
    // Dee logged nothing yet but is paid: she ranks last.
    expect(top.topPerformers).toEqual([{ id: acme.bob }, { id: acme.cy }, { id: acme.dee }]);
  });

  it('is UNAUTHENTICATED without the internal token', async () => {
    expect((await insights.call(EMPLOYEE, { id: acme.ada })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});

describe('tenant isolation', () => {
  it("another tenant's events never move our numbers, and its ids are NOT_FOUND", async () => {
    const before = await ok<unknown>(COMPANY);
    const globex = scenario(GLOBEX);
    // Globex's events, including labour that names ACME's employee and project ids.
    await bus.publish([
      ...globex.events,
      labor(GLOBEX, [
        {
          employeeId: acme.ada,
          projectId: acme.apollo,
          date: '2024-02-11',
          hours: '9.00',
          cost: '9.00',
          revenue: '9.00',
        },
      ]),
      compensation(GLOBEX, acme.bob, '99999.00', 'MONTHLY', '2020-01-01'),
    ]);
    const globexAdmin = identityFor(GLOBEX, ['admin']);
    await eventually(async () => {
      const r = await insights.call<{ companyAnalytics: { hoursLogged: string } }>(COMPANY, {}, globexAdmin);
      return r.data?.companyAnalytics.hoursLogged === '36.00';
    });
    expect(await ok<unknown>(COMPANY)).toEqual(before);
    expect(await callCode(DEPARTMENT, { id: globex.eng }, admin)).toBe('NOT_FOUND');
    expect(await callCode(DEPARTMENT, { id: acme.eng }, globexAdmin)).toBe('NOT_FOUND');
    expect(await callCode(EMPLOYEE, { id: globex.ada }, admin)).toBe('NOT_FOUND');
    // Globex sees its own figures: ada's 15 h + the 9 h logged against an id Globex does not know.
    const g = await ok<{ employeeAnalytics: { hoursLogged: string } }>(
      EMPLOYEE,
      { id: globex.ada },
      globexAdmin,
    );
    expect(g.employeeAnalytics.hoursLogged).toBe('15.00');
  });
});

describe('batching and consistency', () => {
  const ENTITIES = /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) {
    ... on Department { analytics { headcount hoursLogged roi monthly { month hours } } }
    ... on DepartmentAnalytics { id revenue { amount } } } }`;

  it('resolves N departments with a constant number of statements', async () => {
    const count = async (ids: string[]) =>
      (
        await statementsDuring(db, async () => {
          const res = await insights.call(
            ENTITIES,
            {
              r: ids.flatMap((id) => [
                { __typename: 'Department', id },
                { __typename: 'DepartmentAnalytics', id },
              ]),
            },
            admin,
          );
          expect(res.errors).toBeUndefined();
        })
      ).length;
    const extra = Array.from({ length: 6 }, () => newId());
    const one = await count([acme.eng]);
    const many = await count([acme.eng, acme.sales, ...extra]);
    expect(many).toBe(one);
    // SET TRANSACTION (repeatable read), set_config, the figures statement, the known-ids lookup.
    expect(one).toBeLessThanOrEqual(4);
  });

  it('resolves N employees and N projects with a constant number of statements', async () => {
    const Q = /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) {
      ... on Employee { analytics { roi salary { amount } monthly { month } } }
      ... on Project { analytics { roi headcount monthly { month } } } } }`;
    const count = async (employees: string[], projects: string[]) =>
      (
        await statementsDuring(db, async () => {
          const r = [
            ...employees.map((id) => ({ __typename: 'Employee', id })),
            ...projects.map((id) => ({ __typename: 'Project', id })),
          ];
          expect((await insights.call(Q, { r }, admin)).errors).toBeUndefined();
        })
      ).length;
    const one = await count([acme.ada], [acme.apollo]);
    const many = await count(
      [acme.ada, acme.bob, acme.cy, acme.dee, newId()],
      [acme.apollo, acme.zephyr, newId()],
    );
    expect(many).toBe(one);
  });

  it('reads everything a request asks for at once in one snapshot', async () => {
    const statements = await statementsDuring(db, async () => {
      const res = await insights.call(
        /* GraphQL */ `query ($d: ID!, $p: ID!, $e: ID!) {
          companyAnalytics { hoursLogged }
          departmentAnalytics(id: $d) { hoursLogged }
          projectAnalytics(id: $p) { hoursLogged }
          employeeAnalytics(id: $e) { hoursLogged }
        }`,
        { d: acme.eng, p: acme.apollo, e: acme.ada },
        admin,
      );
      expect(res.errors).toBeUndefined();
    });
    // One transaction (one tenant setup) for the four fields.
    expect(statements.filter((q) => q.includes("set_config('app.tenant_id'"))).toHaveLength(1);
    expect(statements.filter((q) => q.includes('grouping sets'))).toHaveLength(4);
  });

  it('reads totals and the monthly series from one statement', async () => {
    const statements = await statementsDuring(db, () => insights.call(DEPARTMENT, { id: acme.eng }, admin));
    const figures = statements.filter((s) => s.includes('grouping sets'));
    expect(figures).toHaveLength(1);
  });
});

describe('live notices', () => {
  it('announces the changed scopes once per batch after commit, and nothing for a redelivery', async () => {
    const line = labor(LIVE, [
      {
        employeeId: live.cy,
        projectId: live.apollo,
        date: '2024-04-02',
        hours: '1.00',
        cost: '1.00',
        revenue: '2.00',
      },
    ]);
    notices.length = 0;
    await bus.publish([line]);
    const notice = await eventually(async () => notices.find((n) => n.tenantId === LIVE));
    expect(notice.scopes).toEqual(
      expect.arrayContaining([
        { kind: 'company' },
        { kind: 'employee', id: live.cy },
        { kind: 'project', id: live.apollo },
        // cy's department and the project's department.
        { kind: 'department', id: live.sales },
        { kind: 'department', id: live.eng },
      ]),
    );
    expect(notice.scopes).toHaveLength(5);
    expect(Number.isNaN(Date.parse(notice.at))).toBe(false);
    // By the time the notice arrives the numbers are committed.
    const d = await ok<{ departmentAnalytics: { hoursLogged: string } }>(
      DEPARTMENT,
      { id: live.sales },
      adminOf(LIVE),
    );
    expect(d.departmentAnalytics.hoursLogged).toBe('5.00');

    notices.length = 0;
    const marker = labor(LIVE, [
      {
        employeeId: live.dee,
        projectId: live.zephyr,
        date: '2024-04-03',
        hours: '1.00',
        cost: '1.00',
        revenue: '1.00',
      },
    ]);
    await bus.publish([line]);
    await bus.publish([marker]);
    await eventually(async () =>
      notices.some((n) => n.scopes.some((s) => s.kind === 'employee' && s.id === live.dee)),
    );
    expect(notices.filter((n) => n.scopes.some((s) => s.kind === 'employee' && s.id === live.cy))).toEqual(
      [],
    );
  });
});

describe('live notices for snapshots', () => {
  it('names the old and the new department when a project moves, and only the company for a currency', async () => {
    notices.length = 0;
    await bus.publish([
      event(LIVE, 'work.project.updated', 'Project', live.zephyr, {
        id: live.zephyr,
        name: 'Zephyr',
        code: 'ZEPHYR',
        departmentId: live.eng,
        status: 'ACTIVE',
      }),
    ]);
    const moved = await eventually(async () =>
      notices.find((n) => n.scopes.some((x) => x.kind === 'project' && x.id === live.zephyr)),
    );
    expect(moved.scopes).toEqual(
      expect.arrayContaining([
        { kind: 'department', id: live.eng },
        { kind: 'department', id: live.sales },
      ]),
    );
    const { projectAnalytics } = await ok<{ projectAnalytics: { department: { id: string } } }>(
      PROJECT,
      {
        id: live.zephyr,
      },
      adminOf(LIVE),
    );
    expect(projectAnalytics.department).toEqual({ id: live.eng });

    notices.length = 0;
    await bus.publish([
      event(LIVE, 'finance.settings.currency_set', 'FinanceSettings', LIVE, { currency: 'USD' }),
    ]);
    const currency = await eventually(async () => notices.find((n) => n.tenantId === LIVE));
    expect(currency.scopes).toEqual([{ kind: 'company' }]);
  });
});

describe('rebuild', () => {
  const ALL = /* GraphQL */ `query ($d: ID!) {
    companyAnalytics { headcount hoursLogged totalRevenue { amount } totalCost { amount } salaryCost { amount } roi monthly { month hours salary { amount } headcount } }
    topPerformers(limit: 100, by: REVENUE) { id hoursLogged revenue { amount } salary { amount } roi monthly { month hours salary { amount } } }
    topProjects(limit: 100, by: REVENUE) { id headcount hoursLogged revenue { amount } roi monthly { month hours headcount } }
    d0: departmentAnalytics(id: $d) { id headcount hoursLogged salaryCost { amount } roi monthly { month hours headcount salary { amount } } }
  }`;
  const projectionTables = [
    tables.laborFacts,
    tables.employeeMonths,
    tables.employeeDays,
    tables.employeeFacts,
    tables.departmentFacts,
    tables.projectFacts,
    tables.compensationFacts,
    tables.reportingCurrencies,
  ] as const;
  const dump = (tenantId: string) =>
    withTenant(db, { tenantId }, async (tx) => {
      const out: unknown[] = [];
      for (const t of projectionTables) {
        const rows = (await tx.select().from(t)) as Record<string, unknown>[];
        out.push(rows.map(({ updatedAt: _u, ...r }) => JSON.stringify(r, Object.keys(r).sort())).sort());
      }
      return out;
    });

  it('replaying the event log gives the same rows and the same numbers as the incremental updates', async () => {
    // An extra currency event, a redelivered batch and a retroactive transfer (Bob, Engineering →
    // Sales from 20 February: his February line stays in Engineering) on top of the scenario.
    await bus.publish([
      rebuilt.events.at(-1)!,
      event(REBUILT, 'people.employee.transferred', 'Employee', rebuilt.bob, {
        id: rebuilt.bob,
        firstName: 'A',
        lastName: 'B',
        workEmail: `${rebuilt.bob}@x.test`,
        departmentId: rebuilt.sales,
        managerId: null,
        status: 'ACTIVE',
        hireDate: '2023-06-01',
        change: { kind: 'TRANSFER', effectiveDate: '2024-02-20', before: {}, after: {} },
      }),
      event(REBUILT, 'finance.settings.currency_set', 'FinanceSettings', REBUILT, { currency: 'USD' }),
    ]);
    await eventually(async () => {
      const rows = await withTenant(db, { tenantId: REBUILT }, (tx) =>
        tx.select().from(tables.reportingCurrencies),
      );
      return rows.length === 1;
    });
    const vars = { d: rebuilt.eng };
    const incremental = await ok<{ d0: { hoursLogged: string } }>(ALL, vars, adminOf(REBUILT));
    // Ada's 15 h and Bob's February 8 h (before his transfer) stay in Engineering.
    expect(incremental.d0.hoursLogged).toBe('23.00');
    const rowsBefore = await dump(REBUILT);
    expect((rowsBefore[0] as unknown[]).length).toBeGreaterThan(0);

    const replayed = await rebuildTenant(db, REBUILT);
    const logged = await withTenant(db, { tenantId: REBUILT }, (tx) =>
      tx.select().from(tables.eventLog).orderBy(asc(tables.eventLog.seq)),
    );
    expect(replayed).toBe(logged.length);
    expect(await dump(REBUILT)).toEqual(rowsBefore);
    expect(await ok<unknown>(ALL, vars, adminOf(REBUILT))).toEqual(incremental);

    // The command's entry point rebuilds every tenant and announces a company-wide change.
    notices.length = 0;
    const result = await rebuildProjections(db, { bus });
    expect(result.tenants.map((t) => t.tenantId)).toContain(REBUILT);
    await eventually(async () => notices.some((n) => n.tenantId === REBUILT));
    expect(notices.find((n) => n.tenantId === REBUILT)?.scopes).toEqual([{ kind: 'company' }]);
    expect(await ok<unknown>(ALL, vars, adminOf(REBUILT))).toEqual(incremental);
  });
});
