/**
 * `pnpm insights:verify [--tenant <id>]… [--limit <n>]`: recomputes every analytics figure of a
 * tenant (company, each department, employee and project: hours, revenue, labour cost, employment
 * cost, ROI, unpriced / unbilled hours) from the source subgraphs' own tables — people's employees
 * and effective-dated history, work's timesheet lines, finance's compensations and billing-rate
 * periods — and compares them with what insights serves from its projections (the same read path
 * as the API). It also checks finance's priced lines against the pricing rule. Prints each
 * difference (figure, key, expected, actual); exits 1 when there is any, 0 otherwise.
 *
 * The recomputation is written here, in TypeScript with exact BigInt arithmetic, not with the
 * production SQL: an operator runs it after an incident (a lost event, a restored backup, a
 * manual fix) to see whether the projections still tell the truth; `pnpm insights:rebuild` is the
 * usual repair. Run it while the pipeline is quiet (outboxes drained): events still in flight
 * show up as differences. Uses DATABASE_URL (PGlite under DATA_DIR otherwise); with embedded
 * PGlite stop `pnpm start` first.
 */
import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { type Database, migrate, type Tx, withTenant } from '@wg/db';
import { loadFigures } from '@wg/insights';
import { clock, databaseFromEnv } from '@wg/runtime';
import { sql } from 'drizzle-orm';

export interface Difference {
  figure: string;
  key: string;
  expected: string | null;
  actual: string | null;
}

const PERIODS: Record<string, bigint> = {
  ANNUAL: 1n,
  MONTHLY: 12n,
  BIWEEKLY: 26n,
  WEEKLY: 52n,
  HOURLY: 2080n,
};
/** lcm(28, 29, 30, 31): a day of a month of `dim` days is LCM / dim parts of LCM. */
const LCM = 377_580n;

/** num / den rounded half away from zero (den > 0). */
function roundDiv(num: bigint, den: bigint): bigint {
  const neg = num < 0n;
  const a = neg ? -num : num;
  const r = (a * 2n + den) / (den * 2n);
  return neg ? -r : r;
}
/** An integer count of 10^-places units as a decimal string. */
function show(units: bigint, places: number): string {
  const neg = units < 0n;
  const digits = String(neg ? -units : units).padStart(places + 1, '0');
  const s = places ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits;
  return neg && units !== 0n ? `-${s}` : s;
}
/** "12.5" / "12.50" / "-3" → hundredths. Inputs are numeric(…, 2) strings. */
function cents(s: string): bigint {
  const [i, f = ''] = s.split('.');
  const neg = i!.startsWith('-');
  const v = BigInt(i!.replace('-', '')) * 100n + BigInt(`${f}00`.slice(0, 2));
  return neg ? -v : v;
}
/** A decimal string normalised to `places` (half away from zero), or null. */
function normal(s: string | null | undefined, places: number): string | null {
  if (s === null || s === undefined) return null;
  const [i, f = ''] = s.split('.');
  const neg = i!.startsWith('-');
  const scale = 10n ** 12n;
  const v = BigInt(i!.replace('-', '')) * scale + BigInt(`${f}${'0'.repeat(12)}`.slice(0, 12));
  return show(roundDiv(neg ? -v : v, scale / 10n ** BigInt(places)), places);
}

const dayOf = (iso: string) => Math.round(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86_400_000);
const daysInMonth = (day: number) => {
  const d = new Date(day * 86_400_000);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
};

const rows = async <T>(tx: Tx, q: ReturnType<typeof sql>): Promise<T[]> => {
  const r = (await tx.execute(q)) as unknown;
  return (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];
};

interface Sums {
  hours: bigint; // hundredths
  revenue: bigint; // cents
  labor: bigint; // cents
  /** Employment cost in cents × 12 × LCM. */
  salary: bigint;
  unpriced: bigint;
  unbilled: bigint;
}
const empty = (): Sums => ({ hours: 0n, revenue: 0n, labor: 0n, salary: 0n, unpriced: 0n, unbilled: 0n });

/** The figures the sources imply, keyed `company`, `department:<id>`, `employee:<id>`, `project:<id>`. */
async function expectedFigures(tx: Tx, today: number, lineDiffs: Difference[]) {
  const [settings] = await rows<{ currency: string }>(
    tx,
    sql`select currency::text from finance.tenant_settings`,
  );
  const currency = settings?.currency ?? 'USD';
  const employees = await rows<{
    id: string;
    department_id: string | null;
    hire_date: string;
    termination_date: string | null;
  }>(
    tx,
    sql`select id::text, department_id::text, hire_date::text, termination_date::text from people.employees`,
  );
  const history = await rows<{
    employee_id: string;
    kind: string;
    effective_date: string;
    before: Record<string, unknown>;
    after: Record<string, unknown>;
  }>(
    tx,
    sql`select employee_id::text, kind, effective_date::text, before, after from people.employee_history
        order by created_at, id`,
  );
  const departments = await rows<{ id: string }>(tx, sql`select id::text from people.departments`);
  const projects = await rows<{ id: string }>(tx, sql`select id::text from work.projects`);
  const lines = await rows<{
    id: string;
    employee_id: string;
    project_id: string;
    date: string;
    hours: string;
    status: string;
  }>(
    tx,
    sql`select id::text, employee_id::text, project_id::text, date::text, hours::text, status from work.timesheet_entries`,
  );
  const priced = new Map(
    (
      await rows<{ id: string; cost: string; revenue: string; counted: boolean }>(
        tx,
        sql`select timesheet_entry_id::text as id, cost::text, revenue::text, counted from finance.labor_entries`,
      )
    ).map((r) => [r.id, r]),
  );
  const comps = await rows<{
    employee_id: string;
    base: string;
    frequency: string;
    from: string;
    currency: string;
  }>(
    tx,
    sql`select employee_id::text, base_salary::text as base, pay_frequency as frequency, effective_from::text as "from",
          currency::text from finance.compensations order by employee_id, effective_from, created_at, id`,
  );
  const rates = await rows<{ project_id: string; rate: string; from: string | null }>(
    tx,
    sql`select project_id::text, hourly_rate::text as rate, effective_from::text as "from"
        from finance.project_rate_periods order by project_id, coalesce(effective_from, '-infinity'::date), created_at, id`,
  );

  // Per employee: employment stints and department history from people's effective-dated history.
  type Person = {
    hired: number;
    left: number | null;
    stints: { from: number; to: number | null }[];
    dept0: string | null;
    moves: { from: number; dept: string | null }[];
  };
  const people = new Map<string, Person>();
  for (const e of employees) {
    people.set(e.id, {
      hired: dayOf(e.hire_date),
      left: e.termination_date ? dayOf(e.termination_date) : null,
      stints: [],
      dept0: null,
      moves: [],
    });
  }
  const seenHire = new Set<string>();
  for (const h of history) {
    const p = people.get(h.employee_id);
    if (!p) continue;
    const at = dayOf(h.effective_date);
    const open = p.stints.at(-1)?.to === null ? p.stints.at(-1) : undefined;
    if (h.kind === 'HIRE') {
      seenHire.add(h.employee_id);
      p.stints.push({ from: at, to: null });
    } else if (h.kind === 'REHIRE') p.stints.push({ from: at, to: null });
    else if (h.kind === 'TERMINATION' && open) open.to = at;
    // A corrected hire date moves the latest stint's first day, open or already terminated.
    else if (typeof h.after.hireDate === 'string' && p.stints.length > 0)
      p.stints.at(-1)!.from = dayOf(h.after.hireDate);
    if (Object.hasOwn(h.after, 'departmentId')) {
      const dept = typeof h.after.departmentId === 'string' ? h.after.departmentId : null;
      // The department at hire holds from the beginning; a later change from its effective date
      // (a transfer's, a rehire's hire date), when it differs from the current one.
      if (h.kind === 'HIRE' && p.moves.length === 0) {
        p.dept0 = dept;
        continue;
      }
      if (p.dept0 === null && p.moves.length === 0 && !seenHire.has(h.employee_id))
        p.dept0 = typeof h.before.departmentId === 'string' ? h.before.departmentId : null;
      const current = p.moves.length ? p.moves.at(-1)!.dept : p.dept0;
      if (dept !== current) p.moves.push({ from: at, dept });
    }
  }
  for (const e of employees) {
    const p = people.get(e.id)!;
    // Employees without a HIRE row (imported): the employees row is their one stint.
    if (p.stints.length === 0) p.stints.push({ from: p.hired, to: p.left });
    if (p.dept0 === null && p.moves.length === 0) p.dept0 = e.department_id;
  }
  /** The department on a date: the latest recorded move dated on or before it, else the first. */
  const deptOn = (p: Person, day: number) => {
    for (let i = p.moves.length - 1; i >= 0; i--) if (p.moves[i]!.from <= day) return p.moves[i]!.dept;
    return p.dept0;
  };

  const out = new Map<string, Sums>();
  const at = (key: string) => {
    const s = out.get(key) ?? empty();
    out.set(key, s);
    return s;
  };
  at('company');
  for (const d of departments) at(`department:${d.id}`);
  for (const e of employees) at(`employee:${e.id}`);
  for (const p of projects) at(`project:${p.id}`);

  const compsOf = new Map<string, { from: number; base: bigint; periods: bigint }[]>();
  for (const c of comps) {
    if (c.currency !== currency) continue;
    const list = compsOf.get(c.employee_id) ?? [];
    list.push({ from: dayOf(c.from), base: cents(c.base), periods: PERIODS[c.frequency] ?? 1n });
    compsOf.set(c.employee_id, list);
  }
  const ratesOf = new Map<string, { from: number; rate: bigint }[]>();
  for (const r of rates) {
    const list = ratesOf.get(r.project_id) ?? [];
    list.push({ from: r.from ? dayOf(r.from) : Number.NEGATIVE_INFINITY, rate: cents(r.rate) });
    ratesOf.set(r.project_id, list);
  }
  /** The item in effect on a day: the last one (in recorded order) among the latest `from` ≤ day. */
  const inEffect = <T extends { from: number }>(list: T[] | undefined, day: number): T | undefined => {
    let best: T | undefined;
    for (const x of list ?? []) if (x.from <= day && (!best || x.from >= best.from)) best = x;
    return best;
  };

  /** Inside one of the employee's stints (a rehire keeps the earlier ones; the gap is not employment). */
  const employedOn = (p: Person, day: number) =>
    p.stints.some((s) => day >= s.from && (s.to === null || day <= s.to));
  // Lines: counted unless REJECTED or outside every stint of employment.
  for (const l of lines) {
    const p = people.get(l.employee_id);
    const day = dayOf(l.date);
    const hours = cents(l.hours);
    const comp = inEffect(compsOf.get(l.employee_id), day);
    const rate = inEffect(ratesOf.get(l.project_id), day);
    const cost = comp ? roundDiv(hours * comp.base * comp.periods, 208_000n) : 0n;
    const revenue = rate ? roundDiv(hours * rate.rate, 100n) : 0n;
    const counted = l.status !== 'REJECTED' && (!p || employedOn(p, day));
    const f = priced.get(l.id);
    if (!f)
      lineDiffs.push({ figure: 'line.priced', key: `timesheet:${l.id}`, expected: 'priced', actual: null });
    else {
      if (cents(f.cost) !== cost)
        lineDiffs.push({
          figure: 'line.cost',
          key: `timesheet:${l.id}`,
          expected: show(cost, 2),
          actual: f.cost,
        });
      if (cents(f.revenue) !== revenue)
        lineDiffs.push({
          figure: 'line.revenue',
          key: `timesheet:${l.id}`,
          expected: show(revenue, 2),
          actual: f.revenue,
        });
      if (f.counted !== counted)
        lineDiffs.push({
          figure: 'line.counted',
          key: `timesheet:${l.id}`,
          expected: String(counted),
          actual: String(f.counted),
        });
    }
    if (!counted) continue;
    const dept = p ? deptOn(p, day) : null;
    const keys = ['company', `employee:${l.employee_id}`, `project:${l.project_id}`];
    if (dept) keys.push(`department:${dept}`);
    for (const key of keys) {
      const s = at(key);
      s.hours += hours;
      s.revenue += revenue;
      s.labor += cost;
      if (!comp) s.unpriced += hours;
      if (!rate) s.unbilled += hours;
    }
  }

  // Salaries, day by day up to today: annual / 12 / days in the month, in that day's department.
  for (const [id, p] of people) {
    const list = compsOf.get(id);
    if (!list) continue;
    for (const stint of p.stints) {
      const first = Math.max(stint.from, list[0]!.from);
      const last = Math.min(stint.to ?? today, today);
      for (let day = first; day <= last; day++) {
        const comp = inEffect(list, day);
        if (!comp) continue;
        const part = comp.base * comp.periods * (LCM / BigInt(daysInMonth(day)));
        at('company').salary += part;
        at(`employee:${id}`).salary += part;
        const dept = deptOn(p, day);
        if (dept) at(`department:${dept}`).salary += part;
      }
    }
  }
  return { figures: out, currency };
}

/** The figures of one tenant: expected from the sources, actual from insights; every difference. */
export async function verifyTenant(
  database: Database,
  tenantId: string,
  today: string = clock.today(),
): Promise<{ differences: Difference[]; compared: number }> {
  return withTenant(database, { tenantId }, async (tx) => {
    const differences: Difference[] = [];
    const { figures, currency } = await expectedFigures(tx, dayOf(today), differences);
    let compared = 0;
    const kinds = ['company', 'department', 'employee', 'project'] as const;
    const actual = new Map<
      string,
      Awaited<ReturnType<typeof loadFigures>> extends Map<string, infer V> ? V : never
    >();
    for (const kind of kinds) {
      for (const [key, f] of await loadFigures(tx, kind, null, today))
        actual.set(kind === 'company' ? 'company' : `${kind}:${key}`, f);
    }
    const salaryDen = 12n * LCM;
    for (const [key, s] of figures) {
      const project = key.startsWith('project:');
      const got = actual.get(key)?.total;
      const laborCost = show(s.labor, 2);
      const employment = roundDiv(s.salary, salaryDen);
      const roi = project
        ? s.labor === 0n || s.unpriced !== 0n || s.unbilled !== 0n
          ? null
          : show(roundDiv((s.revenue - s.labor) * 10_000n, s.labor), 4)
        : s.salary === 0n
          ? null
          : show(roundDiv((s.revenue * salaryDen - s.salary) * 10_000n, s.salary), 4);
      const want: [string, string | null, string | null | undefined][] = [
        ['hoursLogged', show(s.hours, 2), got?.hours],
        ['revenue', show(s.revenue, 2), got?.revenue],
        ['laborCost', laborCost, got?.laborCost],
        ['roi', roi, got ? got.roi : undefined],
      ];
      if (project) {
        want.push(['unpricedHours', show(s.unpriced, 2), got?.unpricedHours]);
        want.push(['unbilledHours', show(s.unbilled, 2), got?.unbilledHours]);
      } else want.push(['employmentCost', show(employment, 2), got?.employmentCost]);
      if (key === 'company') want.push(['currency', currency, got?.currency]);
      for (const [figure, expected, value] of want) {
        compared++;
        const a =
          value === undefined
            ? '(missing)'
            : figure === 'currency'
              ? value
              : normal(value, figure === 'roi' ? 4 : 2);
        if (a !== expected) differences.push({ figure, key, expected, actual: a });
      }
    }
    // Keys insights knows that the sources do not (an employee people never had, …).
    for (const key of actual.keys())
      if (!figures.has(key)) differences.push({ figure: 'key', key, expected: null, actual: 'present' });
    return { differences, compared };
  });
}

async function main() {
  const args = process.argv.slice(2);
  const tenants: string[] = [];
  let limit = 50;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--tenant' && args[i + 1]) tenants.push(args[++i]!);
    else if (a === '--limit' && args[i + 1]) limit = Number(args[++i]);
    else {
      console.error(`Unknown argument ${a}. Usage: pnpm insights:verify [--tenant <id>]… [--limit <n>]`);
      process.exit(2);
    }
  }
  const database = databaseFromEnv();
  await migrate(database);
  let failed = false;
  try {
    const ids =
      tenants.length > 0
        ? tenants
        : (
            await rows<{ id: string }>(
              database.system as unknown as Tx,
              sql`select id::text from security.tenants order by created_at`,
            )
          ).map((r) => r.id);
    for (const tenantId of ids) {
      const started = Date.now();
      const { differences, compared } = await verifyTenant(database, tenantId);
      const ms = Date.now() - started;
      console.log(
        `tenant ${tenantId}: ${compared} figures compared, ${differences.length} difference(s) (${ms} ms)`,
      );
      for (const d of differences.slice(0, limit))
        console.log(
          `  ${d.figure}\t${d.key}\texpected ${d.expected ?? 'null'}\tactual ${d.actual ?? 'null'}`,
        );
      if (differences.length > limit) console.log(`  … ${differences.length - limit} more (--limit)`);
      if (differences.length > 0) failed = true;
    }
  } finally {
    await database.close();
  }
  process.exit(failed ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
