import type { Tx } from '@wg/db';
import {
  compensationFacts,
  departmentFacts,
  employeeFacts,
  employeeMonths,
  laborFacts,
  projectFacts,
  reportingCurrencies,
} from '@wg/db/insights';
import { type SQL, sql } from 'drizzle-orm';
import { rowsOf } from '../projections/projector';
import { clock } from '@wg/runtime';

export const DEFAULT_CURRENCY = 'USD';

/** Whose figures: the tenant, or one row per department / employee / project. */
export type AnalyticsKind = 'company' | 'department' | 'employee' | 'project';

/** One row of the analytics statement: a total (`month` null) or one month of one key. */
export interface FigureRow {
  key: string;
  month: string | null;
  hours: string;
  revenue: string;
  cost: string;
  salary: string;
  /** revenue − cost */
  profit: string;
  /** revenue − salary (the employee formula) */
  salaryProfit: string;
  /** (revenue − cost) / cost, 4 decimals; null while cost is 0. */
  roi: string | null;
  /** (revenue − salary) / salary, 4 decimals; null while salary is 0. */
  salaryRoi: string | null;
  /** revenue / hours, 2 decimals; null while hours are 0. */
  productivity: string | null;
  /** Company/department: on the books (now for totals, at month end for months); project: contributors. */
  headcount: number | null;
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

/**
 * The salary of each employee and calendar month, pro-rated (see the README):
 *   salary(month) = Σ annual salary of each compensation period × days of the month covered by both
 *                   that period and a stint of employment / (12 × days in the month)
 * A compensation runs from its `effective_from` to the next one's (finance's history); a stint from
 * the hire date through the termination date (inclusive), a rehire opening a new stint; months run up
 * to and including the current month, which counts in full (salary is committed monthly). Numeric
 * throughout. `compFilter` narrows the compensations (alias c), `filter` the employees (alias e).
 */
function salaryRows(keyExpr: SQL, compFilter: SQL, filter: SQL): SQL {
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
      select cp.employee_id, cp.annual, e.department_id,
        cp.period * st.stint
        * daterange(null, (date_trunc('month', ${clock.today()}::date::timestamp) + interval '1 month')::date, '[)') as r
      from cp
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
      p.annual * (upper(o.ov) - lower(o.ov))
        / (12 * (((m.month + interval '1 month')::date) - m.month)) as salary
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
const onBooks = (match: (alias: string) => SQL) => sql`case when g.month is null
  then (select count(*)::int from ${employeeFacts} e2 where e2.status <> 'TERMINATED' and ${match('e2')})
  else (select count(*)::int from stints st
        where st.r @> ((g.month + interval '1 month')::date - 1) and ${match('st')}) end`;

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
export function figuresQuery(kind: AnalyticsKind, ids: readonly string[] | null): SQL {
  const wanted = (col: SQL) => (ids ? sql`${col} = any(${uuidArray(ids)})` : sql`${col} is not null`);
  const tenant = sql`nullif(current_setting('app.tenant_id', true), '')::uuid`;
  let laborKey: SQL;
  let laborFrom: SQL;
  let laborFilter: SQL;
  let salary: SQL | null;
  let seed: SQL;
  let headcount: SQL;
  switch (kind) {
    case 'company':
      laborKey = tenant;
      laborFrom = sql`${employeeMonths} f`;
      laborFilter = sql`true`;
      salary = salaryRows(tenant, sql`true`, sql`true`);
      seed = sql`select ${tenant} as key`;
      headcount = onBooks(() => sql`true`);
      break;
    case 'department':
      laborKey = sql`e.department_id`;
      laborFrom = sql`${employeeMonths} f join ${employeeFacts} e on e.tenant_id = f.tenant_id and e.employee_id = f.employee_id`;
      laborFilter = wanted(sql`e.department_id`);
      salary = salaryRows(
        sql`p.department_id`,
        ids
          ? sql`c.employee_id in (select employee_id from ${employeeFacts} d where ${wanted(sql`d.department_id`)})`
          : sql`true`,
        wanted(sql`e.department_id`),
      );
      seed = ids
        ? sql`select unnest(${uuidArray(ids)}) as key`
        : sql`select department_id as key from ${departmentFacts}`;
      headcount = onBooks((a) => sql`${sql.raw(a)}.department_id = g.key`);
      break;
    case 'employee':
      laborKey = sql`f.employee_id`;
      laborFrom = sql`${employeeMonths} f`;
      laborFilter = wanted(sql`f.employee_id`);
      salary = salaryRows(sql`p.employee_id`, wanted(sql`c.employee_id`), sql`true`);
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
  return sql`
    with cur as (select ${currency} as currency),
    ${kind === 'company' || kind === 'department' ? sql`${stintsCte},` : sql``}
    base as (
      select ${laborKey} as key, f.month, f.employee_id, f.hours, f.cost, f.revenue, 0::numeric as salary
      from ${laborFrom}
      where f.currency = (select currency from cur) and ${laborFilter}
      ${salaryUnion}
      union all
      select k.key, null::date, null::uuid, 0, 0, 0, 0 from (${seed}) k
    ),
    g as (
      select key, month, grouping(month) as total,
        sum(hours) as hours, sum(cost) as cost, sum(revenue) as revenue, sum(salary) as salary,
        ${contributors} as contributors
      from base
      group by grouping sets ((key, month), (key))
    )
    select g.key::text as key, g.month::text as month,
      round(g.hours, 2)::text as hours, round(g.revenue, 2)::text as revenue,
      round(g.cost, 2)::text as cost, round(g.salary, 2)::text as salary,
      round(g.revenue - g.cost, 2)::text as profit,
      round(g.revenue - g.salary, 2)::text as "salaryProfit",
      case when g.cost = 0 then null else round((g.revenue - g.cost) / g.cost, 4)::text end as roi,
      case when g.salary = 0 then null else round((g.revenue - g.salary) / g.salary, 4)::text end as "salaryRoi",
      case when g.hours = 0 then null else round(g.revenue / g.hours, 2)::text end as productivity,
      ${headcount} as headcount,
      (select currency from cur) as currency
    from g
    where g.total = 1 or g.month is not null`;
}

/** Runs `figuresQuery`; totals by key and months (oldest first, only months with any activity). */
export async function loadFigures(
  tx: Tx,
  kind: AnalyticsKind,
  ids: readonly string[] | null,
  months = 12,
): Promise<Map<string, { total: FigureRow; monthly: FigureRow[] }>> {
  const rows = rowsOf<FigureRow>(await tx.execute(figuresQuery(kind, ids)));
  const out = new Map<string, { total: FigureRow; monthly: FigureRow[] }>();
  const monthly = new Map<string, FigureRow[]>();
  for (const r of rows) {
    if (r.month === null) {
      out.set(r.key, { total: r, monthly: [] });
      continue;
    }
    const active = [r.hours, r.revenue, r.cost, r.salary].some((v) => Number(v) !== 0);
    if (!active) continue;
    const list = monthly.get(r.key);
    if (list) list.push(r);
    else monthly.set(r.key, [r]);
  }
  for (const [key, entry] of out) {
    const list = (monthly.get(key) ?? []).sort((a, b) => (a.month! < b.month! ? -1 : 1));
    entry.monthly = list.slice(-months);
  }
  return out;
}

export type Ranking = 'ROI' | 'REVENUE' | 'PROFIT' | 'HOURS' | 'PRODUCTIVITY';

/**
 * The keys of the top `limit` employees / projects by `by`, from the same figures (one statement).
 * Employees rank by the employee formulas (profit and ROI against salary); projects against cost.
 */
export async function rankKeys(
  tx: Tx,
  kind: 'employee' | 'project',
  by: Ranking,
  limit: number,
  among: readonly string[] | null,
): Promise<string[]> {
  const metric: Record<Ranking, SQL> = {
    ROI: kind === 'employee' ? sql`"salaryRoi"::numeric` : sql`roi::numeric`,
    REVENUE: sql`revenue::numeric`,
    PROFIT: kind === 'employee' ? sql`"salaryProfit"::numeric` : sql`profit::numeric`,
    HOURS: sql`hours::numeric`,
    PRODUCTIVITY: sql`productivity::numeric`,
  };
  const rows = rowsOf<{ key: string }>(
    await tx.execute(sql`
      select key from (${figuresQuery(kind, among)}) t
      where month is null and (hours::numeric <> 0 or revenue::numeric <> 0 or salary::numeric <> 0)
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
