import type { Tx } from '@wg/db';
import {
  compensationFacts,
  departmentFacts,
  employeeDays,
  employeeFacts,
  employeeMonths,
  laborFacts,
  projectFacts,
  reportingCurrencies,
} from '@wg/db/insights';
import { clock } from '@wg/runtime';
import { type SQL, sql } from 'drizzle-orm';
import { rowsOf } from '../projections/projector';

export const DEFAULT_CURRENCY = 'USD';

/** Whose figures: the tenant, or one row per department / employee / project. */
export type AnalyticsKind = 'company' | 'department' | 'employee' | 'project';

/**
 * One row of the analytics statement: a key's all-time total, one calendar month, or the window
 * of the last 12 complete months. Money and hours are exact decimal strings.
 */
export interface FigureRow {
  key: string;
  part: 'total' | 'month' | 'window';
  month: string | null;
  hours: string;
  revenue: string;
  /** Σ labour cost of the counted hours, as finance priced them. */
  laborCost: string;
  /** Pro-rated salaries of the employees in scope (payroll actuals will take their place). */
  employmentCost: string;
  /** The cost base: employmentCost (company, department, employee); laborCost (project). */
  cost: string;
  /** revenue − cost */
  profit: string;
  /** (revenue − cost) / cost, 4 decimals; null while cost is 0 (project: or any hour un(der)priced). */
  roi: string | null;
  /** revenue / hours, 2 decimals; null while hours are 0. */
  productivity: string | null;
  /** Company/department: on the books (now for totals, at month end for months); project: contributors. */
  headcount: number | null;
  /** Counted hours without a compensation on their date (their cost is 0). */
  unpricedHours: string;
  /** Counted hours without a billing rate on their date (their revenue is 0). */
  unbilledHours: string;
  currency: string;
}

const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/**
 * The tenant's reporting currency: what finance announced, else the most frequent currency of the
 * labour facts, else USD. Sums are filtered by it, because EUR + USD is not a number.
 */
const currency = sql`(select coalesce(
    (select ${reportingCurrencies.currency}::text from ${reportingCurrencies} limit 1),
    (select mode() within group (order by ${employeeMonths.currency})::text from ${employeeMonths}),
    ${DEFAULT_CURRENCY}))`;

/** lcm(28, 29, 30, 31): one day of a month of d days is SALARY_LCM / d (an integer) parts of SALARY_LCM. */
const SALARY_LCM = 377_580;

/**
 * The salary of each employee and calendar month, pro-rated (see the README):
 *   salary(month) = Σ annual salary of each compensation period × days of the month covered by both
 *                   that period and a stint of employment / (12 × days in the month)
 * A compensation runs from its `effective_from` to the next one's (finance's history); a stint from
 * the hire date through the termination date (inclusive), a rehire opening a new stint; days run up
 * to and including `today`, so the current month is pro-rated to date. Numeric throughout. `compFilter` narrows the compensations (alias c), `filter` the employees (alias e).
 */
function salaryRows(keyExpr: SQL, compFilter: SQL, filter: SQL, today: string, byDepartment = false): SQL {
  // By department: each day of salary goes to the department the employee was in that day (the
  // `seg` CTE of figuresQuery), so a transfer splits the month at its effective date.
  const department = byDepartment ? sql`s.department_id` : sql`e.department_id`;
  const segment = byDepartment ? sql`* s.r` : sql``;
  const segJoin = byDepartment ? sql`join seg s on s.employee_id = cp.employee_id` : sql``;
  // `materialized`: the compensation periods are computed once, never re-run per employee row
  // (without statistics the planner would otherwise nest it inside the employee loop).
  return sql`
    with cp as materialized (
      select c.tenant_id, c.employee_id, c.annual_salary as annual,
        daterange(c.effective_from, lead(c.effective_from) over (
            partition by c.employee_id order by c.effective_from, c.recorded_at, c.compensation_id), '[)') as period
      from ${compensationFacts} c
      where c.currency = (select currency from cur) and ${compFilter}
    ),
    p as materialized (
      select cp.employee_id, cp.annual, ${department} as department_id,
        cp.period * st.stint ${segment}
        -- Up to and including today: the current month is pro-rated to date.
        * daterange(null, ${today}::date + 1, '[)') as r
      from cp
      ${segJoin}
      -- tenant_id too: the primary key (tenant_id, employee_id) serves the join.
      left join ${employeeFacts} e on e.tenant_id = cp.tenant_id and e.employee_id = cp.employee_id
      -- No employee event yet: employed without bounds (the compensation alone decides).
      cross join lateral (
        select case
            when s->>'from' is not null and s->>'to' is not null and (s->>'to')::date < (s->>'from')::date
              then 'empty'::daterange
            else daterange((s->>'from')::date, ((s->>'to')::date + 1), '[)') end as stint
        from jsonb_array_elements(coalesce(nullif(e.employment, '[]'::jsonb), '[{"from": null, "to": null}]'::jsonb)) s
      ) st
      where ${filter}
    )
    select ${keyExpr} as key, m.month, p.employee_id,
      0::numeric as hours, 0::numeric as cost, 0::numeric as revenue,
      -- Exact: scaled by 12 × lcm(28..31) (the sums divide once, in figuresQuery), so a month's or a
      -- total's salary is rounded once from its exact value, never from a sum of rounded quotients.
      p.annual * (upper(o.ov) - lower(o.ov))
        * (${sql.raw(String(SALARY_LCM))} / (((m.month + interval '1 month')::date) - m.month)) as salary,
      0::numeric as unpriced, 0::numeric as unbilled
    from p
    cross join lateral (
      select gs::date as month
      from generate_series(date_trunc('month', lower(p.r)::timestamp), (upper(p.r) - 1)::timestamp, interval '1 month') gs
    ) m
    cross join lateral (select p.r * daterange(m.month, (m.month + interval '1 month')::date, '[)') as ov) o
    where not isempty(p.r) and not lower_inf(p.r)`;
}

/**
 * Employees on the books: now for a total row (status not TERMINATED), else at the end of the row's
 * month (inside one of their stints, from the `stints` CTE). `match` narrows to the row's key.
 */
const onBooks = (
  now: (alias: string) => SQL,
  atMonthEnd: (alias: string) => SQL = now,
  ranges: SQL = sql`stints`,
) => sql`case when g.month is null
  then (select count(*)::int from ${employeeFacts} e2 where e2.status <> 'TERMINATED' and ${now('e2')})
  else (select count(*)::int from ${ranges} st
        where st.r @> ((g.month + interval '1 month')::date - 1) and ${atMonthEnd('st')}) end`;

/**
 * Every employee's department by date as ranges (`departments` history: each entry holds from its
 * `from` — null = since the beginning — until the next entry's), once per statement.
 */
const segCte = sql`seg as materialized (
      select e.employee_id, (m.v->>'departmentId')::uuid as department_id,
        daterange((m.v->>'from')::date,
          lead((m.v->>'from')::date) over (partition by e.employee_id order by m.ord), '[)') as r
      from ${employeeFacts} e cross join lateral jsonb_array_elements(e.departments) with ordinality m(v, ord)
    ),
    -- Who was on the books in which department when: each stint cut by the department history
    -- (computed once; the monthly headcount counts the ranges containing the month's last day).
    members as materialized (
      select st.employee_id, s.department_id, st.r * s.r as r
      from stints st join seg s on s.employee_id = st.employee_id
      where st.r && s.r
    )`;

/** Every stint of every employee as a date range (once per statement). */
const stintsCte = sql`stints as materialized (
      select e.employee_id, e.department_id,
        case when s->>'from' is not null and s->>'to' is not null and (s->>'to')::date < (s->>'from')::date
          then 'empty'::daterange
          else daterange((s->>'from')::date, ((s->>'to')::date + 1), '[)') end as r
      from ${employeeFacts} e cross join lateral jsonb_array_elements(e.employment) s
    )`;

/**
 * Every figure of `kind` for `ids` (or for every key when `ids` is null) in ONE statement:
 * grouping sets yield each key's total row and its monthly rows from the same snapshot, so the
 * totals always equal the sum of the series. All arithmetic is SQL numeric; results are strings.
 */
export function figuresQuery(kind: AnalyticsKind, ids: readonly string[] | null, today: string): SQL {
  const wanted = (col: SQL) => (ids ? sql`${col} = any(${uuidArray(ids)})` : sql`${col} is not null`);
  const tenant = sql`nullif(current_setting('app.tenant_id', true), '')::uuid`;
  let laborKey: SQL;
  let laborFrom: SQL;
  let laborFilter: SQL;
  let laborExtra: SQL = sql``;
  let salary: SQL | null;
  let seed: SQL;
  let headcount: SQL;
  switch (kind) {
    case 'company':
      laborKey = tenant;
      laborFrom = sql`${employeeMonths} f`;
      laborFilter = sql`true`;
      salary = salaryRows(tenant, sql`true`, sql`true`, today);
      seed = sql`select ${tenant} as key`;
      headcount = onBooks(() => sql`true`);
      break;
    case 'department':
      // A line counts in the department the employee was in on the line's date: a month spent
      // wholly in one department is read from employee_months, the days of a month in which the
      // employee changed department from employee_days (each day in that day's department).
      laborKey = sql`s.department_id`;
      laborFrom = sql`${employeeMonths} f join seg s on s.employee_id = f.employee_id
        and s.r @> daterange(f.month, (f.month + interval '1 month')::date, '[)')`;
      laborFilter = wanted(sql`s.department_id`);
      laborExtra = sql`union all
      select s.department_id, date_trunc('month', d.date::timestamp)::date, d.employee_id,
        d.hours, d.cost, d.revenue, 0::numeric, 0::numeric, 0::numeric
      from ${employeeDays} d join seg s on s.employee_id = d.employee_id and s.r @> d.date
      where d.currency = (select currency from cur) and ${wanted(sql`s.department_id`)}
        and d.employee_id in (select employee_id from seg group by 1 having count(*) > 1)
        and not exists (select 1 from seg s2 where s2.employee_id = d.employee_id
          and s2.r @> daterange(date_trunc('month', d.date::timestamp)::date,
                                (date_trunc('month', d.date::timestamp) + interval '1 month')::date, '[)'))`;
      salary = salaryRows(
        sql`p.department_id`,
        ids
          ? sql`c.employee_id in (select employee_id from seg d where ${wanted(sql`d.department_id`)})`
          : sql`true`,
        wanted(sql`s.department_id`),
        today,
        true,
      );
      seed = ids
        ? sql`select unnest(${uuidArray(ids)}) as key`
        : sql`select department_id as key from ${departmentFacts}`;
      // Now: the current members on the books; at a month's end: who was in the department then.
      headcount = onBooks(
        (a) => sql`${sql.raw(a)}.department_id = g.key`,
        () => sql`st.department_id = g.key`,
        sql`members`,
      );
      break;
    case 'employee':
      laborKey = sql`f.employee_id`;
      laborFrom = sql`${employeeMonths} f`;
      laborFilter = wanted(sql`f.employee_id`);
      salary = salaryRows(sql`p.employee_id`, wanted(sql`c.employee_id`), sql`true`, today);
      seed = ids
        ? sql`select unnest(${uuidArray(ids)}) as key`
        : sql`select employee_id as key from ${employeeFacts}`;
      headcount = sql`null::int`;
      break;
    case 'project':
      laborKey = sql`f.project_id`;
      laborFrom = sql`${laborFacts} f`;
      laborFilter = wanted(sql`f.project_id`);
      salary = null;
      seed = ids
        ? sql`select unnest(${uuidArray(ids)}) as key`
        : sql`select project_id as key from ${projectFacts}`;
      headcount = sql`g.contributors`;
      break;
  }
  // Distinct contributors cost a sort; only projects report them.
  const contributors =
    kind === 'project' ? sql`count(distinct employee_id) filter (where hours <> 0)::int` : sql`null::int`;
  const salaryUnion = salary ? sql`union all select * from (${salary}) s` : sql``;
  // Only project labour facts carry the unpriced / unbilled hours (projects are where they matter).
  const flags =
    kind === 'project'
      ? sql`f.unpriced_hours as unpriced, f.unbilled_hours as unbilled`
      : sql`0::numeric as unpriced, 0::numeric as unbilled`;
  // The cost base: a project is measured against the labour on it, everyone else against the
  // employment cost of the people in scope.
  const costBase = kind === 'project' ? sql`g.cost` : sql`g.salary`;
  const undefinedRoi =
    kind === 'project' ? sql`g.cost = 0 or g.unpriced <> 0 or g.unbilled <> 0` : sql`g.salary = 0`;
  return sql`
    with cur as (select ${currency} as currency),
    cal as (select date_trunc('month', ${today}::date::timestamp)::date as this_month),
    ${kind === 'company' || kind === 'department' ? sql`${stintsCte},` : sql``}
    ${kind === 'department' ? sql`${segCte},` : sql``}
    base as (
      select ${laborKey} as key, f.month, f.employee_id, f.hours, f.cost, f.revenue, 0::numeric as salary,
        ${flags}
      from ${laborFrom}
      where f.currency = (select currency from cur) and ${laborFilter}
      ${laborExtra}
      ${salaryUnion}
      union all
      -- Every key gets a total and the 12 complete months plus the current one, even when empty.
      select k.key, m.month::date, null::uuid, 0, 0, 0, 0, 0, 0
      from (${seed}) k
      cross join generate_series(
        (select this_month from cal)::timestamp - interval '12 months', (select this_month from cal)::timestamp,
        interval '1 month'
      ) m(month)
    ),
    g as (
      select key, month, in_window, grouping(month) as gm, grouping(in_window) as gw,
        sum(hours) as hours, sum(cost) as cost, sum(revenue) as revenue,
        sum(salary) / ${sql.raw(String(12 * SALARY_LCM))}::numeric as salary,
        sum(unpriced) as unpriced, sum(unbilled) as unbilled,
        ${contributors} as contributors
      from (
        select b.*, (b.month >= (select this_month from cal) - interval '12 months'
                     and b.month < (select this_month from cal)) as in_window
        from base b
      ) b
      group by grouping sets ((key, month), (key), (key, in_window))
    )
    select g.key::text as key,
      case when g.gm = 0 then 'month' when g.gw = 0 then 'window' else 'total' end as part,
      g.month::text as month,
      round(g.hours, 2)::text as hours, round(g.revenue, 2)::text as revenue,
      round(g.cost, 2)::text as "laborCost", round(g.salary, 2)::text as "employmentCost",
      round(${costBase}, 2)::text as cost,
      round(g.revenue - ${costBase}, 2)::text as profit,
      case when ${undefinedRoi} then null else round((g.revenue - ${costBase}) / ${costBase}, 4)::text end as roi,
      case when g.hours = 0 then null else round(g.revenue / g.hours, 2)::text end as productivity,
      ${headcount} as headcount,
      round(g.unpriced, 2)::text as "unpricedHours", round(g.unbilled, 2)::text as "unbilledHours",
      (select currency from cur) as currency
    from g
    where g.gm = 0 or (g.gw = 0 and g.in_window) or (g.gm = 1 and g.gw = 1)`;
}

/** A key's figures: all time, its months, the last 12 complete months and the current month. */
export interface KeyFigures {
  /** All time: every counted line and every day of employment up to and including today. */
  total: FigureRow;
  /** The 12 complete calendar months before the current one, oldest first, empty months included. */
  monthly: FigureRow[];
  /** The same 12 months summed (one row, from unrounded sums). */
  last12Months: FigureRow;
  /** The current month to date (salaries pro-rated to today). */
  currentMonth: FigureRow;
}

/** The first day of `today`'s month and of the 12 months before it. */
export function calendarWindow(today: string): { thisMonth: string; from: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const first = (year: number, month: number) => {
    const d = new Date(Date.UTC(year, month - 1, 1));
    return d.toISOString().slice(0, 10);
  };
  return { thisMonth: first(y, m), from: first(y, m - 12) };
}

/**
 * Runs `figuresQuery` for `today` (the runtime clock's, so tests can pin it): each key's totals,
 * its last 12 complete months (oldest first, every month present) and the current month to date.
 */
export async function loadFigures(
  tx: Tx,
  kind: AnalyticsKind,
  ids: readonly string[] | null,
  today: string = clock.today(),
): Promise<Map<string, KeyFigures>> {
  const rows = rowsOf<FigureRow>(await tx.execute(figuresQuery(kind, ids, today)));
  const { thisMonth, from } = calendarWindow(today);
  const parts = new Map<string, { total?: FigureRow; window?: FigureRow; months: FigureRow[] }>();
  for (const r of rows) {
    let entry = parts.get(r.key);
    if (!entry) {
      entry = { months: [] };
      parts.set(r.key, entry);
    }
    if (r.part === 'total') entry.total = r;
    else if (r.part === 'window') entry.window = r;
    else entry.months.push(r);
  }
  const out = new Map<string, KeyFigures>();
  for (const [key, entry] of parts) {
    if (!entry.total || !entry.window) continue;
    const months = entry.months.sort((a, b) => (a.month! < b.month! ? -1 : 1));
    out.set(key, {
      total: entry.total,
      monthly: months.filter((m) => m.month! >= from && m.month! < thisMonth),
      last12Months: entry.window,
      currentMonth: months.find((m) => m.month === thisMonth)!,
    });
  }
  return out;
}

export type Ranking = 'ROI' | 'REVENUE' | 'PROFIT' | 'HOURS' | 'PRODUCTIVITY';

/**
 * The keys of the top `limit` employees / projects by `by`, all time, from the same figures (one
 * statement): employees against their employment cost, projects against their labour cost.
 */
export async function rankKeys(
  tx: Tx,
  kind: 'employee' | 'project',
  by: Ranking,
  limit: number,
  among: readonly string[] | null,
): Promise<string[]> {
  const metric: Record<Ranking, SQL> = {
    ROI: sql`roi::numeric`,
    REVENUE: sql`revenue::numeric`,
    PROFIT: sql`profit::numeric`,
    HOURS: sql`hours::numeric`,
    PRODUCTIVITY: sql`productivity::numeric`,
  };
  // Ranked by ROI or productivity, only keys whose figure is defined: an undefined ROI (no cost
  // base, unpriced or unbilled hours) is not "lowest", it is unknown.
  const defined =
    by === 'ROI'
      ? sql`and roi is not null`
      : by === 'PRODUCTIVITY'
        ? sql`and productivity is not null`
        : sql``;
  const rows = rowsOf<{ key: string }>(
    await tx.execute(sql`
      select key from (${figuresQuery(kind, among, clock.today())}) t
      where part = 'total' and (hours::numeric <> 0 or revenue::numeric <> 0 or "employmentCost"::numeric <> 0)
        ${defined}
      order by ${metric[by]} desc nulls last, key
      limit ${limit}`),
  );
  return rows.map((r) => r.key);
}

/** Counts the company-level entities (departments and projects known from events). */
export async function companyCounts(tx: Tx): Promise<{ departments: number; projects: number }> {
  const [row] = rowsOf<{ departments: number; projects: number }>(
    await tx.execute(sql`select
      (select count(*)::int from ${departmentFacts}) as departments,
      (select count(*)::int from ${projectFacts}) as projects`),
  );
  return { departments: Number(row?.departments ?? 0), projects: Number(row?.projects ?? 0) };
}
