import { clock } from '@wg/runtime';
import { tenantService, userService } from '@wg/security';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForQuiescence } from '../../scripts/seed/settle';
import { verifyTenant } from '../../scripts/verify-insights';
import { startTestPlatform } from '../harness';

/*
 * Property test for issue #12: random companies written through the gateway — hires, transfers
 * with effective dates, terminations, rehires, hire dates corrected (earlier or later),
 * retroactive compensations, effective-dated billing rates, timesheet logs, rejections and
 * corrections of rejected lines — the pipeline left to settle, then every company, department,
 * employee and project figure (hours, revenue, labour cost, employment cost, ROI, headcount), in
 * total and month by month (the 12 complete months, with month-end headcount), compared with an
 * independent recomputation in plain TypeScript from what the test wrote (exact rationals in
 * BigInt, never floats, never the production SQL). `pnpm insights:verify` must find nothing.
 *
 *   FIGURES_PROPERTY_RUNS  cases (default 4, what CI runs on both drivers)
 *   FIGURES_PROPERTY_SEED  replay one seed (fast-check prints it on failure)
 *   FIGURES_PROPERTY_PATH  with the seed: replay only the failing case (the printed `path`)
 *
 * A long run on PGlite: FIGURES_PROPERTY_RUNS=2000 pnpm vitest run test/figures/figures.property.test.ts
 * (each case is a fresh tenant; about 2–3 s per case on a 2-core machine).
 */

const RUNS = Number(process.env.FIGURES_PROPERTY_RUNS ?? 4);
const SEED = process.env.FIGURES_PROPERTY_SEED ? Number(process.env.FIGURES_PROPERTY_SEED) : undefined;
const PATH = process.env.FIGURES_PROPERTY_PATH;
const PASSWORD = 'correct horse battery';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let operations = 0;
let checked = 0;
let monthsChecked = 0;
/** Operations actually written, by kind (the rest were skipped as the API would refuse them). */
const written: Record<string, number> = {};

beforeAll(async () => {
  // Every case logs in (an admin per tenant, owners who correct their time): lift the auth limits.
  platform = await startTestPlatform({
    gateway: { config: { rateLimit: { authIp: 1_000_000, authAccount: 1_000_000 } } },
  });
}, 120_000);
afterAll(async () => {
  await platform?.stop();
});

async function login(email: string): Promise<string> {
  const res = await platform.query<{ login: { accessToken: string } }>(
    'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
    { e: email, p: PASSWORD },
  );
  if (!res.data?.login) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
  return res.data.login.accessToken;
}

async function gql<T>(token: string, q: string, variables: Record<string, unknown>): Promise<T> {
  const res = await platform.query<T>(q, variables, token);
  if (res.errors?.length || !res.data) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

// ---- exact arithmetic: BigInt rationals ----
const S = 1_000_000n;
/** "12.50" → 12500000n (scaled by 10^6). */
const dec = (s: string): bigint => {
  const [i, f = ''] = s.split('.');
  const neg = i!.startsWith('-');
  const v = BigInt(i!.replace('-', '')) * S + BigInt(`${f}000000`.slice(0, 6));
  return neg ? -v : v;
};
/** num / den rounded half away from zero to `places` decimals, as a string. */
function round(num: bigint, den: bigint, places: number): string {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const neg = num < 0n;
  const a = neg ? -num : num;
  const p = 10n ** BigInt(places);
  const r = (a * p * 2n + den) / (den * 2n);
  const digits = String(r).padStart(places + 1, '0');
  const out = places ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits;
  return r === 0n ? out : `${neg ? '-' : ''}${out}`;
}
/** A decimal string from the API, normalised to `places` decimals. */
const norm = (s: string | null | undefined, places = 2) => (s == null ? null : round(dec(s), S, places));
/** Cents of round(x, 2) for x = num / den (what finance stores per line). */
const centsOf = (num: bigint, den: bigint) => BigInt(round(num, den, 2).replace('.', ''));

// ---- calendar ----
const EPOCH = Date.UTC(2026, 0, 1);
const day = (offset: number) => new Date(EPOCH + offset * 86_400_000).toISOString().slice(0, 10);
const offsetOf = (iso: string) => Math.round((Date.parse(`${iso}T00:00:00Z`) - EPOCH) / 86_400_000);
const daysInMonth = (offset: number) => {
  const d = new Date(EPOCH + offset * 86_400_000);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
};
/** lcm(28, 29, 30, 31): one day of month m is LCM / daysInMonth(m) parts of LCM. */
const LCM = 377_580n;

// Dates 2026-01-01 .. 2026-10-27: always before "today" (the suite runs on real time, Dec 2026+).
const dayArb = fc.integer({ min: 0, max: 299 });
const money = (min: number, max: number) => fc.integer({ min, max }).map((n) => `${n}.00`);
const hoursArb = fc.constantFrom('0.25', '1.00', '2.50', '7.75', '8.00');

const companyArb = fc.record({
  employees: fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 3 }), // hire offset
  projects: fc.integer({ min: 1, max: 2 }),
  ops: fc.array(
    fc.oneof(
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('comp' as const),
          emp: fc.nat(2),
          salary: money(30_000, 250_000),
          from: dayArb,
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('rate' as const),
          project: fc.nat(1),
          rate: money(50, 300),
          from: dayArb,
        }),
      },
      {
        weight: 5,
        arbitrary: fc.record({
          kind: fc.constant('log' as const),
          emp: fc.nat(2),
          project: fc.nat(1),
          date: dayArb,
          hours: hoursArb,
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('reject' as const), line: fc.nat(20) }) },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant('correct' as const), line: fc.nat(20), hours: hoursArb }),
      },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant('transfer' as const), emp: fc.nat(2), date: dayArb }),
      },
      {
        weight: 2,
        arbitrary: fc.record({ kind: fc.constant('terminate' as const), emp: fc.nat(2), date: dayArb }),
      },
      {
        weight: 3,
        arbitrary: fc.record({ kind: fc.constant('rehire' as const), emp: fc.nat(2), date: dayArb }),
      },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant('hireFix' as const), emp: fc.nat(2), date: dayArb }),
      },
    ),
    { minLength: 3, maxLength: 30 },
  ),
});

// ---- the model: what the test wrote, and the figures recomputed from it ----
interface Emp {
  id: string;
  /** First day of the current stint. */
  hire: number;
  /** Day offset of the current stint's last day of employment (inclusive), once terminated. */
  left: number | null;
  /** The stints before a rehire, oldest first (`to` inclusive). */
  past: { from: number; to: number }[];
  /** Department index at hire. */
  dept0: number;
  /** Transfers in the order they were recorded: from `from` on, `dept`. */
  transfers: { from: number; dept: number }[];
  token?: string;
}
interface Line {
  id: string;
  emp: number;
  project: number;
  date: number;
  hours: bigint;
  rejected: boolean;
}
interface Model {
  emps: Emp[];
  comps: { emp: number; annual: bigint; from: number }[];
  rates: { project: number; rate: bigint; from: number }[];
  lines: Line[];
}

/** The latest-dated item whose `from` ≤ date (the test never records two on one date). */
const effective = <T extends { from: number }>(list: T[], date: number) =>
  list.filter((x) => x.from <= date).sort((a, b) => b.from - a.from)[0];

/**
 * The department on a date: the latest *recorded* transfer dated on or before it (a backdated
 * transfer overrides earlier-recorded ones from its date on), else the department at hire.
 */
function deptOn(e: Emp, date: number): number {
  for (let i = e.transfers.length - 1; i >= 0; i--)
    if (e.transfers[i]!.from <= date) return e.transfers[i]!.dept;
  return e.dept0;
}
const currentDept = (e: Emp) => (e.transfers.length ? e.transfers.at(-1)!.dept : e.dept0);
/** Inside one of the employee's stints: the earlier ones (before a rehire) and the current one. */
const employedOn = (e: Emp, date: number) =>
  e.past.some((s) => date >= s.from && date <= s.to) ||
  (date >= e.hire && (e.left === null || date <= e.left));
const stintsOf = (e: Emp) => [...e.past, { from: e.hire, to: e.left }];
/** `YYYY-MM-01` of a day offset. */
const monthOf = (offset: number) => `${day(offset).slice(0, 7)}-01`;

interface Sums {
  hours: bigint; // scaled by S
  revenue: bigint; // cents
  labor: bigint; // cents
  /** Employment cost as a rational: salaryNum / (12 × LCM), annual in whole units. */
  salaryNum: bigint;
  unpriced: bigint;
  unbilled: bigint;
}
const empty = (): Sums => ({ hours: 0n, revenue: 0n, labor: 0n, salaryNum: 0n, unpriced: 0n, unbilled: 0n });
const SALARY_DEN = 12n * LCM;

/** Every figure recomputed: keyed 'company', 'dept:<i>', 'emp:<i>', 'project:<i>'. */
function recompute(m: Model, today: number): Map<string, Sums> {
  const out = new Map<string, Sums>();
  const at = (key: string) => {
    const s = out.get(key) ?? empty();
    out.set(key, s);
    return s;
  };
  for (const l of m.lines) {
    const e = m.emps[l.emp]!;
    // A line counts unless rejected or outside employment.
    if (l.rejected || !employedOn(e, l.date)) continue;
    const rate = effective(
      m.rates.filter((r) => r.project === l.project),
      l.date,
    );
    const comp = effective(
      m.comps.filter((c) => c.emp === l.emp),
      l.date,
    );
    const revenue = rate ? centsOf(l.hours * rate.rate, S * S) : 0n;
    const labor = comp ? centsOf(l.hours * comp.annual * S, S * S * 2080n) : 0n;
    const keys = ['company', `dept:${deptOn(e, l.date)}`, `emp:${l.emp}`, `project:${l.project}`];
    for (const key of [...keys, ...keys.map((k) => `${k}|${monthOf(l.date)}`)]) {
      const s = at(key);
      s.hours += l.hours;
      s.revenue += revenue;
      s.labor += labor;
      if (!comp) s.unpriced += l.hours;
      if (!rate) s.unbilled += l.hours;
    }
  }
  // Salaries day by day: annual / 12 / days in the month, inside each stint and up to today.
  for (const [i, e] of m.emps.entries()) {
    const comps = m.comps.filter((c) => c.emp === i);
    for (const stint of stintsOf(e)) {
      const last = Math.min(today, stint.to ?? today);
      for (let d = stint.from; d <= last; d++) {
        const comp = effective(comps, d);
        if (!comp) continue;
        const part = comp.annual * (LCM / BigInt(daysInMonth(d)));
        const keys = ['company', `dept:${deptOn(e, d)}`, `emp:${i}`];
        for (const key of [...keys, ...keys.map((k) => `${k}|${monthOf(d)}`)]) at(key).salaryNum += part;
      }
    }
  }
  return out;
}

/** The 12 complete months before today's, oldest first: `[first day, last day]` offsets and `YYYY-MM-01`. */
function completeMonths(today: number): { month: string; last: number }[] {
  const t = new Date(EPOCH + today * 86_400_000);
  return Array.from({ length: 12 }, (_, k) => {
    const first = Date.UTC(t.getUTCFullYear(), t.getUTCMonth() - 12 + k, 1);
    const last = Date.UTC(t.getUTCFullYear(), t.getUTCMonth() - 11 + k, 0);
    return {
      month: new Date(first).toISOString().slice(0, 10),
      last: Math.round((last - EPOCH) / 86_400_000),
    };
  });
}

/** Employees on the books on `date` (inside a stint), in department `dept` when given. */
const onBooks = (m: Model, date: number, dept?: number) =>
  m.emps.filter((e) => employedOn(e, date) && (dept === undefined || deptOn(e, date) === dept)).length;

/** What the API should say for a key, as strings (the shape the test reads back). */
function expected(s: Sums, kind: 'company' | 'dept' | 'emp' | 'project') {
  const revenue = round(s.revenue, 100n, 2);
  const laborCost = round(s.labor, 100n, 2);
  if (kind === 'project') {
    // A project's cost base is its labour; ROI undefined while any hour is un(der)priced.
    const roi =
      s.labor === 0n || s.unpriced !== 0n || s.unbilled !== 0n
        ? null
        : round(s.revenue - s.labor, s.labor, 4);
    return { hours: round(s.hours, S, 2), revenue, laborCost, roi };
  }
  // Company, department, employee: against the employment cost (salaryNum / SALARY_DEN).
  const employmentCost = round(s.salaryNum, SALARY_DEN, 2);
  const roi =
    s.salaryNum === 0n ? null : round(s.revenue * SALARY_DEN - s.salaryNum * 100n, s.salaryNum * 100n, 4);
  return { hours: round(s.hours, S, 2), revenue, laborCost, employmentCost, roi };
}

/** A month of the trend as the test reads it back (`headcount` for company and departments only). */
function expectedMonth(s: Sums, kind: 'company' | 'dept' | 'emp' | 'project', headcount?: number) {
  const base = {
    hours: round(s.hours, S, 2),
    revenue: round(s.revenue, 100n, 2),
    laborCost: round(s.labor, 100n, 2),
  };
  if (kind === 'project') return base;
  const out = { ...base, employmentCost: round(s.salaryNum, SALARY_DEN, 2) };
  return headcount === undefined ? out : { ...out, headcount };
}

let serial = 0;

describe('analytics figures equal an independent recomputation (property)', () => {
  it('company, department, employee and project figures', { timeout: 3_600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(companyArb, async (company) => {
        const n = ++serial;
        const slug = `figprop${n}x${Date.now() % 1_000_000}`;
        const tenant = await tenantService.create(platform.database, { slug, name: slug.toUpperCase() });
        const newLogin = async (name: string, roles: string[], employeeId?: string) => {
          const email = `${name}@${slug}.test`;
          await userService.createWithPassword(platform.database, {
            tenantId: tenant.id,
            email,
            displayName: name,
            password: PASSWORD,
            roles,
            ...(employeeId ? { employeeId } : {}),
          });
          return login(email);
        };
        const admin = await newLogin('admin', ['admin']);
        const q = <T>(query: string, variables: Record<string, unknown> = {}) =>
          gql<T>(admin, query, variables);

        const depts: string[] = [];
        for (const k of [0, 1]) {
          const r = await q<{ createDepartment: { id: string } }>(
            'mutation ($i: CreateDepartmentInput!) { createDepartment(input: $i) { id } }',
            { i: { name: `Dept ${k}` } },
          );
          depts.push(r.createDepartment.id);
        }
        const m: Model = { emps: [], comps: [], rates: [], lines: [] };
        for (const [k, hire] of company.employees.entries()) {
          const r = await q<{ hireEmployee: { id: string } }>(
            'mutation ($i: CreateEmployeeInput!) { hireEmployee(input: $i) { id } }',
            {
              i: {
                firstName: 'P',
                lastName: `E${k}`,
                workEmail: `e${k}@${slug}.test`,
                hireDate: day(hire),
                departmentId: depts[0],
              },
            },
          );
          m.emps.push({ id: r.hireEmployee.id, hire, left: null, past: [], dept0: 0, transfers: [] });
        }
        const projects: string[] = [];
        await waitForQuiescence(platform.database);
        for (let k = 0; k < company.projects; k++) {
          const r = await q<{ createProject: { id: string } }>(
            'mutation ($i: CreateProjectInput!) { createProject(input: $i) { id } }',
            { i: { name: `Proj ${k}`, code: `FP${n}X${k}`, departmentId: depts[0] } },
          );
          projects.push(r.createProject.id);
        }
        await waitForQuiescence(platform.database);

        const dayTotal = (emp: number, date: number, except?: string) =>
          m.lines
            .filter((l) => l.emp === emp && l.date === date && l.id !== except)
            .reduce((s, l) => s + l.hours, 0n);
        for (const op of company.ops) {
          operations++;
          if (op.kind === 'comp') {
            const e = op.emp % m.emps.length;
            if (m.comps.some((c) => c.emp === e && c.from === op.from)) continue;
            await q('mutation ($i: SetCompensationInput!) { setCompensation(input: $i) { id } }', {
              i: {
                employeeId: m.emps[e]!.id,
                baseSalary: op.salary,
                currency: 'USD',
                payFrequency: 'ANNUAL',
                effectiveFrom: day(op.from),
              },
            });
            m.comps.push({ emp: e, annual: dec(op.salary) / S, from: op.from });
            written.comp = (written.comp ?? 0) + 1;
          } else if (op.kind === 'rate') {
            const p = op.project % projects.length;
            if (m.rates.some((r) => r.project === p && r.from === op.from)) continue;
            await q(
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
            m.rates.push({ project: p, rate: dec(op.rate), from: op.from });
            written.rate = (written.rate ?? 0) + 1;
          } else if (op.kind === 'log') {
            const e = op.emp % m.emps.length;
            const emp = m.emps[e]!;
            const p = op.project % projects.length;
            const date = Math.max(op.date, emp.hire);
            // Work refuses time for a terminated employee (status), outside employment and days
            // over 24 hours: the model skips them.
            if (emp.left !== null || !employedOn(emp, date) || dayTotal(e, date) + dec(op.hours) > 24n * S)
              continue;
            const r = await q<{ logTime: { id: string } }>(
              'mutation ($i: LogTimeInput!) { logTime(input: $i) { id } }',
              { i: { employeeId: emp.id, projectId: projects[p], date: day(date), hours: op.hours } },
            );
            m.lines.push({
              id: r.logTime.id,
              emp: e,
              project: p,
              date,
              hours: dec(op.hours),
              rejected: false,
            });
            written.log = (written.log ?? 0) + 1;
          } else if (op.kind === 'reject') {
            const open = m.lines.filter((l) => !l.rejected);
            if (open.length === 0) continue;
            const line = open[op.line % open.length]!;
            await q('mutation ($ids: [ID!]!) { rejectTimesheetEntries(reason: "no", ids: $ids) { id } }', {
              ids: [line.id],
            });
            line.rejected = true;
            written.reject = (written.reject ?? 0) + 1;
          } else if (op.kind === 'correct') {
            // The owner corrects a rejected line's hours and resubmits it: it counts again.
            const rejected = m.lines.filter((l) => l.rejected);
            if (rejected.length === 0) continue;
            const line = rejected[op.line % rejected.length]!;
            if (dayTotal(line.emp, line.date, line.id) + dec(op.hours) > 24n * S) continue;
            const owner = m.emps[line.emp]!;
            owner.token ??= await newLogin(`owner${line.emp}`, ['employee'], owner.id);
            await gql(
              owner.token,
              'mutation ($id: ID!, $i: CorrectTimesheetEntryInput!) { correctTimesheetEntry(id: $id, input: $i) { id } }',
              { id: line.id, i: { hours: op.hours } },
            );
            line.hours = dec(op.hours);
            line.rejected = false;
            written.correct = (written.correct ?? 0) + 1;
          } else if (op.kind === 'transfer') {
            const e = op.emp % m.emps.length;
            const emp = m.emps[e]!;
            if (emp.left !== null) continue; // people refuses to transfer a terminated employee
            const to = 1 - currentDept(emp);
            const from = Math.max(op.date, emp.hire);
            await q(
              'mutation ($id: ID!, $i: TransferEmployeeInput!) { transferEmployee(id: $id, input: $i) { id } }',
              { id: emp.id, i: { departmentId: depts[to], effectiveDate: day(from) } },
            );
            emp.transfers.push({ from, dept: to });
            written.transfer = (written.transfer ?? 0) + 1;
          } else if (op.kind === 'rehire') {
            const e = op.emp % m.emps.length;
            const emp = m.emps[e]!;
            if (emp.left === null) continue; // people rehires only a terminated employee
            // A later compensation change or reprice must leave the first stint's lines alone.
            const hire = Math.max(op.date, emp.left + 1);
            await q(
              'mutation ($id: ID!, $i: RehireEmployeeInput!) { rehireEmployee(id: $id, input: $i) { id } }',
              { id: emp.id, i: { hireDate: day(hire) } },
            );
            // Work validates later time against its replica of the employee: let it learn the rehire.
            await waitForQuiescence(platform.database);
            emp.past.push({ from: emp.hire, to: emp.left });
            emp.hire = hire;
            emp.left = null;
            written.rehire = (written.rehire ?? 0) + 1;
          } else if (op.kind === 'hireFix') {
            const e = op.emp % m.emps.length;
            const emp = m.emps[e]!;
            // The current stint's first day corrected (earlier or later): after the previous
            // stint, not after the termination date; lines before it stop counting.
            const previousEnd = emp.past.at(-1)?.to ?? Number.NEGATIVE_INFINITY;
            const hire = op.date;
            if (hire === emp.hire || hire <= previousEnd || (emp.left !== null && hire > emp.left)) continue;
            await q(
              'mutation ($id: ID!, $i: UpdateEmployeeInput!) { updateEmployee(id: $id, input: $i) { id } }',
              {
                id: emp.id,
                i: { hireDate: day(hire) },
              },
            );
            await waitForQuiescence(platform.database);
            emp.hire = hire;
            written.hireFix = (written.hireFix ?? 0) + 1;
          } else {
            const e = op.emp % m.emps.length;
            const emp = m.emps[e]!;
            if (emp.left !== null) continue;
            // Possibly before lines already logged: finance re-prices them (they count zero).
            const left = Math.max(op.date, emp.hire);
            await q(
              'mutation ($id: ID!, $i: TerminateEmployeeInput!) { terminateEmployee(id: $id, input: $i) { id } }',
              { id: emp.id, i: { terminationDate: day(left), reason: 'property test' } },
            );
            emp.left = left;
            written.terminate = (written.terminate ?? 0) + 1;
          }
        }
        await waitForQuiescence(platform.database);

        const MONTH = 'month hoursLogged revenue { amount } laborCost { amount } employmentCost { amount }';
        const F = `hoursLogged revenue { amount } laborCost { amount } employmentCost { amount } roi monthly { ${MONTH} }`;
        const H = `headcount monthly { headcount }`;
        const P = `hoursLogged revenue { amount } laborCost { amount } roi monthly { ${MONTH} }`;
        const ids = (prefix: string, list: string[]) =>
          list.map(
            (id, i) =>
              `${prefix}${i}: ${prefix === 'd' ? 'departmentAnalytics' : prefix === 'e' ? 'employeeAnalytics' : 'projectAnalytics'}(id: "${id}") { ${prefix === 'p' ? P : prefix === 'd' ? `${F} ${H}` : F} }`,
          );
        const today = offsetOf(clock.today());
        const got = await q<Record<string, Record<string, unknown> | null>>(`{
          companyAnalytics { ${F} ${H} }
          ${ids('d', depts).join('\n')}
          ${ids(
            'e',
            m.emps.map((e) => e.id),
          ).join('\n')}
          ${ids('p', projects).join('\n')}
        }`);
        // Read "today" on both sides of the query: a run across midnight is retried, not wrong.
        if (offsetOf(clock.today()) !== today) return;
        const model = recompute(m, today);
        type Figures = {
          month?: string;
          hoursLogged?: string;
          revenue?: { amount: string };
          laborCost?: { amount: string };
          employmentCost?: { amount: string } | null;
          roi?: string | null;
          headcount?: number | null;
          monthly?: Figures[];
        };
        const figures = (v: Figures, project: boolean) => {
          const base = {
            hours: norm(v.hoursLogged ?? '0'),
            revenue: norm(v.revenue?.amount ?? '0'),
            laborCost: norm(v.laborCost?.amount ?? '0'),
          };
          return project ? base : { ...base, employmentCost: norm(v.employmentCost?.amount ?? '0') };
        };
        const read = (
          r: Record<string, unknown> | null | undefined,
          project: boolean,
          headcount: boolean,
        ) => {
          const v = (r ?? {}) as Figures;
          const totals = { ...figures(v, project), roi: norm(v.roi, 4) };
          return {
            totals: headcount ? { ...totals, headcount: v.headcount } : totals,
            monthly: (v.monthly ?? []).map((mo) => ({
              month: mo.month,
              ...figures(mo, project),
              ...(headcount ? { headcount: mo.headcount } : {}),
            })),
          };
        };
        const months = completeMonths(today);
        const want$ = (key: string, kind: 'company' | 'dept' | 'emp' | 'project', dept?: number) => {
          const totals = expected(model.get(key) ?? empty(), kind);
          const headcount = kind === 'company' || kind === 'dept';
          const now = m.emps.filter(
            (e) => e.left === null && (dept === undefined || currentDept(e) === dept),
          );
          return {
            totals: headcount ? { ...totals, headcount: now.length } : totals,
            monthly: months.map(({ month, last }) => ({
              month,
              ...expectedMonth(
                model.get(`${key}|${month}`) ?? empty(),
                kind,
                headcount ? onBooks(m, last, dept) : undefined,
              ),
            })),
          };
        };
        const actual: Record<string, unknown> = { company: read(got.companyAnalytics, false, true) };
        const want: Record<string, unknown> = { company: want$('company', 'company') };
        for (const i of depts.keys()) {
          actual[`dept:${i}`] = read(got[`d${i}`], false, true);
          want[`dept:${i}`] = want$(`dept:${i}`, 'dept', i);
        }
        for (const i of m.emps.keys()) {
          actual[`emp:${i}`] = read(got[`e${i}`], false, false);
          want[`emp:${i}`] = want$(`emp:${i}`, 'emp');
        }
        for (const i of projects.keys()) {
          actual[`project:${i}`] = read(got[`p${i}`], true, false);
          want[`project:${i}`] = want$(`project:${i}`, 'project');
        }
        checked += Object.keys(want).length;
        monthsChecked += Object.keys(want).length * months.length;
        expect(actual).toEqual(want);
        // The operator's recomputation from the source rows agrees too (it folds the same stints).
        const verified = await verifyTenant(platform.database, tenant.id, clock.today());
        expect(verified.differences).toEqual([]);
      }),
      {
        numRuns: RUNS,
        endOnFailure: true,
        ...(SEED === undefined ? {} : { seed: SEED, ...(PATH ? { path: PATH } : {}) }),
      },
    );
    console.log(
      `figures property: ${RUNS} runs, ${operations} generated operations, written ${JSON.stringify(written)}, ${checked} keys and ${monthsChecked} key-months compared`,
    );
  });
});
