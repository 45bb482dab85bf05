import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForQuiescence } from '../../scripts/seed/settle';
import { createTenantWithLogins, startTestPlatform } from '../harness';

/*
 * Property test for issue #12: random companies written through the gateway (hires, retroactive
 * compensations, effective-dated billing rates, timesheet logs, rejections), the pipeline left to
 * settle, then every project's hoursLogged / revenue / laborCost compared with an independent
 * recomputation in plain TypeScript (scaled BigInt, never floats). Runs: FIGURES_PROPERTY_RUNS.
 */

const RUNS = Number(process.env.FIGURES_PROPERTY_RUNS ?? 6);
const SEED = process.env.FIGURES_PROPERTY_SEED ? Number(process.env.FIGURES_PROPERTY_SEED) : undefined;

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let token: string;
let operations = 0;

beforeAll(async () => {
  platform = await startTestPlatform();
  token = (await createTenantWithLogins(platform, 'figprop')).adminToken;
}, 120_000);
afterAll(async () => {
  await platform?.stop();
});

async function gql<T>(q: string, variables: Record<string, unknown>): Promise<T> {
  const res = await platform.query<T>(q, variables, token);
  if (res.errors?.length || !res.data) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

// ---- exact decimals: BigInt scaled by 10^6 ----
const S = 1_000_000n;
const dec = (s: string): bigint => {
  const [i, f = ''] = s.split('.');
  const neg = i!.startsWith('-');
  const v = BigInt(i!.replace('-', '')) * S + BigInt((f + '000000').slice(0, 6));
  return neg ? -v : v;
};
/** Round a value scaled by `scale` half away from zero to cents, as a "x.yy" string. */
function cents(v: bigint, scale: bigint): bigint {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const c = (a * 100n * 2n + scale) / (scale * 2n);
  return neg ? -c : c;
}
const show = (c: bigint) =>
  `${c < 0n ? '-' : ''}${(c < 0n ? -c : c) / 100n}.${String((c < 0n ? -c : c) % 100n).padStart(2, '0')}`;

// ---- the generated company ----
const day = (offset: number) =>
  new Date(Date.UTC(2026, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
// Dates 2026-01-01 .. 2026-10-27: always before "today" (the suite runs on real time, Dec 2026+).
const dayArb = fc.integer({ min: 0, max: 299 });
const money = (min: number, max: number) => fc.integer({ min, max }).map((n) => `${n}.00`);

const companyArb = fc.record({
  employees: fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 3 }), // hire offset
  projects: fc.integer({ min: 1, max: 2 }),
  ops: fc.array(
    fc.oneof(
      fc.record({
        kind: fc.constant('comp' as const),
        emp: fc.nat(2),
        salary: money(30_000, 250_000),
        from: dayArb,
      }),
      fc.record({
        kind: fc.constant('rate' as const),
        project: fc.nat(1),
        rate: money(50, 300),
        from: dayArb,
      }),
      fc.record({
        kind: fc.constant('log' as const),
        emp: fc.nat(2),
        project: fc.nat(1),
        date: dayArb,
        hours: fc.constantFrom('0.25', '1.00', '2.50', '7.75', '8.00'),
      }),
      fc.record({ kind: fc.constant('reject' as const), line: fc.nat(20) }),
    ),
    { minLength: 3, maxLength: 25 },
  ),
});

let serial = 0;

describe('analytics figures equal an independent recomputation (property)', () => {
  it('project hoursLogged, revenue and laborCost', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(companyArb, async (company) => {
        const n = ++serial;
        const { createDepartment } = await gql<{ createDepartment: { id: string } }>(
          'mutation ($i: CreateDepartmentInput!) { createDepartment(input: $i) { id } }',
          { i: { name: `Dept ${n} ${Date.now()}` } },
        );
        const emps: { id: string; hire: number }[] = [];
        for (const [k, hire] of company.employees.entries()) {
          const r = await gql<{ hireEmployee: { id: string } }>(
            'mutation ($i: CreateEmployeeInput!) { hireEmployee(input: $i) { id } }',
            {
              i: {
                firstName: 'P',
                lastName: `E${k}`,
                workEmail: `p${n}e${k}.${Date.now()}@figprop.test`,
                hireDate: day(hire),
                departmentId: createDepartment.id,
              },
            },
          );
          emps.push({ id: r.hireEmployee.id, hire });
        }
        const projects: string[] = [];
        await waitForQuiescence(platform.database);
        for (let k = 0; k < company.projects; k++) {
          const r = await gql<{ createProject: { id: string } }>(
            'mutation ($i: CreateProjectInput!) { createProject(input: $i) { id } }',
            {
              i: {
                name: `Proj ${n}.${k}`,
                code: `FP${n}X${k}X${Date.now() % 100000}`,
                departmentId: createDepartment.id,
              },
            },
          );
          projects.push(r.createProject.id);
        }
        await waitForQuiescence(platform.database);

        // The model: source events as the test wrote them.
        const comps: { emp: number; salary: bigint; from: number }[] = [];
        const rates: { project: number; rate: bigint; from: number }[] = [];
        const lines: {
          id: string;
          emp: number;
          project: number;
          date: number;
          hours: bigint;
          rejected: boolean;
        }[] = [];
        for (const op of company.ops) {
          operations++;
          if (op.kind === 'comp') {
            const e = op.emp % emps.length;
            if (comps.some((c) => c.emp === e && c.from === op.from)) continue;
            await gql('mutation ($i: SetCompensationInput!) { setCompensation(input: $i) { id } }', {
              i: {
                employeeId: emps[e]!.id,
                baseSalary: op.salary,
                currency: 'USD',
                payFrequency: 'ANNUAL',
                effectiveFrom: day(op.from),
              },
            });
            comps.push({ emp: e, salary: dec(op.salary), from: op.from });
          } else if (op.kind === 'rate') {
            const p = op.project % projects.length;
            if (rates.some((r) => r.project === p && r.from === op.from)) continue;
            await gql(
              'mutation ($i: SetProjectBillingRateInput!) { setProjectBillingRate(input: $i) { effectiveFrom } }',
              {
                i: {
                  projectId: projects[p],
                  hourlyRate: op.rate,
                  currency: 'USD',
                  effectiveFrom: day(op.from),
                },
              },
            );
            rates.push({ project: p, rate: dec(op.rate), from: op.from });
          } else if (op.kind === 'log') {
            const e = op.emp % emps.length;
            const p = op.project % projects.length;
            const date = Math.max(op.date, emps[e]!.hire); // inside employment
            const sameDay = lines
              .filter((l) => l.emp === e && l.date === date)
              .reduce((s, l) => s + l.hours, 0n);
            if (sameDay + dec(op.hours) > 24n * S) continue;
            const r = await gql<{ logTime: { id: string } }>(
              'mutation ($i: LogTimeInput!) { logTime(input: $i) { id } }',
              { i: { employeeId: emps[e]!.id, projectId: projects[p], date: day(date), hours: op.hours } },
            );
            lines.push({ id: r.logTime.id, emp: e, project: p, date, hours: dec(op.hours), rejected: false });
          } else {
            const open = lines.filter((l) => !l.rejected);
            if (open.length === 0) continue;
            const line = open[op.line % open.length]!;
            await gql('mutation ($ids: [ID!]!) { rejectTimesheetEntries(reason: "no", ids: $ids) { id } }', {
              ids: [line.id],
            });
            line.rejected = true;
          }
        }
        await waitForQuiescence(platform.database);

        const effective = <T extends { from: number }>(list: T[], date: number) =>
          list.filter((x) => x.from <= date).sort((a, b) => b.from - a.from)[0];
        for (const [p, id] of projects.entries()) {
          let hours = 0n;
          let revenue = 0n;
          let labor = 0n;
          for (const l of lines.filter((x) => x.project === p && !x.rejected)) {
            hours += l.hours;
            const rate = effective(
              rates.filter((r) => r.project === p),
              l.date,
            );
            if (rate) revenue += cents(l.hours * rate.rate, S * S);
            const comp = effective(
              comps.filter((c) => c.emp === l.emp),
              l.date,
            );
            if (comp) labor += cents(l.hours * comp.salary, S * S * 2080n);
          }
          const { projectAnalytics: got } = await gql<{
            projectAnalytics: {
              hoursLogged: string;
              revenue: { amount: string };
              laborCost: { amount: string };
            } | null;
          }>(
            'query ($id: ID!) { projectAnalytics(id: $id) { hoursLogged revenue { amount } laborCost { amount } } }',
            { id },
          );
          expect({
            hoursLogged: got ? show(cents(dec(got.hoursLogged), S)) : '0.00',
            revenue: got ? show(cents(dec(got.revenue.amount), S)) : '0.00',
            laborCost: got ? show(cents(dec(got.laborCost.amount), S)) : '0.00',
          }).toEqual({ hoursLogged: show(cents(hours, S)), revenue: show(revenue), laborCost: show(labor) });
        }
      }),
      { numRuns: RUNS, endOnFailure: true, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    console.log(`figures property: ${RUNS} runs, ${operations} generated operations`);
  });
});
