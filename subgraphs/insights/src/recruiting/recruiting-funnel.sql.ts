import type { Tx } from '@wg/db';
import { recruitingApplications, recruitingOffers, recruitingPostings } from '@wg/db/insights';
import { type SQL, sql } from 'drizzle-orm';
import { rowsOf } from '../projections/projector';

/** Half-open instants of a period of UTC days: [from 00:00, day after `to` 00:00). */
export interface PeriodBounds {
  from: string;
  to: string;
}

export interface FunnelCounts {
  openPostings: number;
  openPositions: number;
  /** Current stage → count, over the applications created in the period. */
  byStage: Map<string, number>;
  /** reached[r] = applications created in the period whose furthest rank ≥ r (r = 0…4). */
  reached: number[];
  /** reached[r + 1] / reached[r], 4 decimals, computed in SQL; null when reached[r] = 0. */
  conversion: (string | null)[];
  hires: number;
  medianDaysToHire: string | null;
  accepted: number;
  declined: number;
  expired: number;
  acceptanceRate: string | null;
  sources: Map<
    string,
    {
      applications: number;
      interviewed: number;
      hired: number;
      interviewRate: string | null;
      hireRate: string | null;
    }
  >;
}

/** The company total's key in the result (department rows use their id). */
export const COMPANY_KEY = '*';

const STAGES = ['APPLIED', 'SCREENING', 'INTERVIEW', 'OFFER', 'HIRED', 'REJECTED', 'WITHDRAWN'];

const empty = (): FunnelCounts => ({
  openPostings: 0,
  openPositions: 0,
  byStage: new Map(),
  reached: [0, 0, 0, 0, 0],
  conversion: [null, null, null, null],
  hires: 0,
  medianDaysToHire: null,
  accepted: 0,
  declined: 0,
  expired: 0,
  acceptanceRate: null,
  sources: new Map(),
});

const n = (v: unknown) => Number(v ?? 0);
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/**
 * The funnel figures of the company (`COMPANY_KEY`, when `company`) and of `departments`, for one
 * period, in five statements whatever the number of departments (grouping sets give the company
 * total and every department at once). Runs in the caller's snapshot transaction.
 */
export async function loadFunnel(
  tx: Tx,
  period: PeriodBounds,
  departments: readonly string[],
  company: boolean,
): Promise<Map<string, FunnelCounts>> {
  const out = new Map<string, FunnelCounts>();
  const of = (key: string) => {
    let f = out.get(key);
    if (!f) {
      f = empty();
      out.set(key, f);
    }
    return f;
  };
  if (company) of(COMPANY_KEY);
  for (const d of departments) of(d);
  if (!company && departments.length === 0) return out;

  const from = sql`${period.from}::date::timestamptz`;
  const until = sql`(${period.to}::date + 1)::timestamptz`;
  // A company request reads every department anyway (the total needs them); otherwise only these.
  const only = (column: SQL) =>
    company ? sql`true` : sql`${column} = any(${`{${departments.join(',')}}`}::uuid[])`;
  const keyOf = (r: { g: unknown; department_id: string | null }) =>
    n(r.g) === 1 ? COMPANY_KEY : r.department_id!;
  const wanted = (key: string) => out.has(key);

  const a = recruitingApplications;
  const postings = rowsOf<{ g: number; department_id: string | null; open: string; positions: string }>(
    await tx.execute(sql`
      select grouping(department_id) as g, department_id::text as department_id,
             count(*) filter (where status = 'OPEN') as open,
             coalesce(sum(openings) filter (where status = 'OPEN'), 0) as positions
      from ${recruitingPostings} where ${only(sql`department_id`)}
      group by grouping sets ((department_id), ())`),
  );
  for (const r of postings) {
    const key = keyOf(r);
    if (!wanted(key)) continue;
    of(key).openPostings = n(r.open);
    of(key).openPositions = n(r.positions);
  }

  const reachedCols = [0, 1, 2, 3, 4].map(
    (rank) => sql`count(*) filter (where furthest_rank >= ${rank}) as r${sql.raw(String(rank))}`,
  );
  const stageCols = STAGES.map((s, i) => sql`count(*) filter (where stage = ${s}) as s${sql.raw(String(i))}`);
  const cohort = rowsOf<Record<string, string | number | null>>(
    await tx.execute(sql`
      select g, department_id, ${sql.raw(STAGES.map((_, i) => `s${i}`).join(', '))},
             r0, r1, r2, r3, r4,
             round(r1::numeric / nullif(r0, 0), 4)::text as c0,
             round(r2::numeric / nullif(r1, 0), 4)::text as c1,
             round(r3::numeric / nullif(r2, 0), 4)::text as c2,
             round(r4::numeric / nullif(r3, 0), 4)::text as c3
      from (
        select grouping(department_id) as g, department_id::text as department_id,
               ${sql.join(stageCols, sql`, `)}, ${sql.join(reachedCols, sql`, `)}
        from ${a}
        where applied_at >= ${from} and applied_at < ${until} and ${only(sql`department_id`)}
        group by grouping sets ((department_id), ())
      ) c`),
  );
  for (const r of cohort) {
    const key = keyOf(r as { g: unknown; department_id: string | null });
    if (!wanted(key)) continue;
    const f = of(key);
    STAGES.forEach((s, i) => {
      f.byStage.set(s, n(r[`s${i}`]));
    });
    f.reached = [0, 1, 2, 3, 4].map((i) => n(r[`r${i}`]));
    f.conversion = [0, 1, 2, 3].map((i) => str(r[`c${i}`]));
  }

  const sources = rowsOf<Record<string, string | number | null>>(
    await tx.execute(sql`
      select grouping(department_id) as g, department_id::text as department_id, source,
             count(*) as applications,
             count(*) filter (where furthest_rank >= 2) as interviewed,
             count(*) filter (where stage = 'HIRED') as hired,
             round((count(*) filter (where furthest_rank >= 2))::numeric / count(*), 4)::text as interview_rate,
             round((count(*) filter (where stage = 'HIRED'))::numeric / count(*), 4)::text as hire_rate
      from ${a}
      where applied_at >= ${from} and applied_at < ${until} and ${only(sql`department_id`)}
      group by grouping sets ((department_id, source), (source))`),
  );
  for (const r of sources) {
    const key = keyOf(r as { g: unknown; department_id: string | null });
    if (!wanted(key)) continue;
    of(key).sources.set(String(r.source), {
      applications: n(r.applications),
      interviewed: n(r.interviewed),
      hired: n(r.hired),
      interviewRate: str(r.interview_rate),
      hireRate: str(r.hire_rate),
    });
  }

  // Median days from application to hire over the period's hires; an even count averages the
  // middle two. numeric throughout (percentile_cont would go through double precision).
  const medians = rowsOf<{ department_id: string | null; hires: string; median: string | null }>(
    await tx.execute(sql`
      with h as (
        select department_id, extract(epoch from hired_at - applied_at) / 86400 as days
        from ${a}
        where hired_at >= ${from} and hired_at < ${until} and ${only(sql`department_id`)}
      ), ranked as (
        select department_id::text as department_id, days,
               row_number() over (partition by department_id order by days) as rn,
               count(*) over (partition by department_id) as n
        from h
        union all
        select null, days, row_number() over (order by days), count(*) over () from h
      )
      select department_id, max(n) as hires, round(avg(days), 2)::text as median
      from ranked where rn in ((n + 1) / 2, (n + 2) / 2)
      group by department_id`),
  );
  for (const r of medians) {
    const key = r.department_id ?? COMPANY_KEY;
    if (!wanted(key)) continue;
    of(key).hires = n(r.hires);
    of(key).medianDaysToHire = r.median;
  }

  const offers = rowsOf<Record<string, string | number | null>>(
    await tx.execute(sql`
      select g, department_id, accepted, declined, expired,
             round(accepted::numeric / nullif(accepted + declined + expired, 0), 4)::text as rate
      from (
        select grouping(department_id) as g, department_id::text as department_id,
               count(*) filter (where outcome = 'ACCEPTED') as accepted,
               count(*) filter (where outcome = 'DECLINED') as declined,
               count(*) filter (where outcome = 'EXPIRED') as expired
        from ${recruitingOffers}
        where decided_at >= ${from} and decided_at < ${until} and ${only(sql`department_id`)}
        group by grouping sets ((department_id), ())
      ) o`),
  );
  for (const r of offers) {
    const key = keyOf(r as { g: unknown; department_id: string | null });
    if (!wanted(key)) continue;
    const f = of(key);
    f.accepted = n(r.accepted);
    f.declined = n(r.declined);
    f.expired = n(r.expired);
    f.acceptanceRate = str(r.rate);
  }
  return out;
}
