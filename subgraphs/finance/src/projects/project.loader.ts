import type { LoaderContext } from '@wg/runtime';
import { clock, isUuid, Money } from '@wg/runtime';
import DataLoader from 'dataloader';
import { sql } from 'drizzle-orm';
import { DEFAULT_CURRENCY } from '../settings/settings.type';
import { jsonIds, selectRows } from '../sql';
import { ProjectFinancials } from './project.type';

interface FinancialsRow {
  projectId: string;
  hours: string;
  cost: string;
  revenue: string;
  profit: string;
  roi: string | null;
  unpricedHours: string;
  unbilledHours: string;
  hourlyRate: string | null;
  rateCurrency: string | null;
  currency: string;
}

const toFinancials = (r: FinancialsRow): ProjectFinancials =>
  Object.assign(new ProjectFinancials(), {
    revenue: Money.of(r.revenue, r.currency),
    cost: Money.of(r.cost, r.currency),
    profit: Money.of(r.profit, r.currency),
    roi: r.roi,
    hoursLogged: r.hours,
    hours: r.hours,
    unpricedHours: r.unpricedHours,
    unbilledHours: r.unbilledHours,
    hourlyRate: r.hourlyRate === null ? null : Money.of(r.hourlyRate, r.rateCurrency ?? r.currency),
  });

/**
 * `Project.financials` for many projects in one statement: the counted labour (not rejected,
 * inside employment) summed per project in SQL numeric (never through a JS number), the billing
 * rate effective today joined in, the reporting currency read once. A project with nothing logged
 * gets zeros. ROI is null unless every counted hour had a cost and a billing rate on its date.
 */
export const financialsByProject = (ctx: LoaderContext) =>
  new DataLoader<string, ProjectFinancials>(async (ids) => {
    const asked = ids.filter(isUuid);
    const rows =
      asked.length === 0
        ? []
        : await ctx.tx((tx) =>
            selectRows<FinancialsRow>(
              tx,
              sql`with asked as (
                  select distinct value::uuid as project_id from jsonb_array_elements_text(${jsonIds(asked)}::jsonb)
                ),
                totals as (
                  select l.project_id, sum(l.hours) as hours, sum(l.cost) as cost, sum(l.revenue) as revenue,
                    coalesce(sum(l.hours) filter (where not l.cost_priced), 0) as unpriced,
                    coalesce(sum(l.hours) filter (where not l.rate_priced), 0) as unbilled
                  from finance.labor_entries l
                  where l.project_id in (select project_id from asked) and l.counted
                  group by l.project_id
                )
                select a.project_id::text as "projectId",
                  coalesce(t.hours, 0)::numeric(14, 2)::text as hours,
                  coalesce(t.cost, 0)::numeric(16, 2)::text as cost,
                  coalesce(t.revenue, 0)::numeric(16, 2)::text as revenue,
                  (coalesce(t.revenue, 0) - coalesce(t.cost, 0))::numeric(16, 2)::text as profit,
                  case when coalesce(t.cost, 0) = 0 or t.unpriced <> 0 or t.unbilled <> 0 then null
                       else round((t.revenue - t.cost) / t.cost, 4)::text end as roi,
                  coalesce(t.unpriced, 0)::numeric(14, 2)::text as "unpricedHours",
                  coalesce(t.unbilled, 0)::numeric(14, 2)::text as "unbilledHours",
                  r.hourly_rate::text as "hourlyRate",
                  r.currency::text as "rateCurrency",
                  coalesce((select s.currency from finance.tenant_settings s), ${DEFAULT_CURRENCY})::text as currency
                from asked a
                left join totals t on t.project_id = a.project_id
                left join lateral (
                  select rp.hourly_rate, rp.currency from finance.project_rate_periods rp
                  where rp.project_id = a.project_id
                    and coalesce(rp.effective_from, '-infinity'::date) <= ${clock.today()}::date
                  order by coalesce(rp.effective_from, '-infinity'::date) desc, rp.created_at desc, rp.id desc
                  limit 1
                ) r on true`,
            ),
          );
    const byId = new Map(rows.map((r) => [r.projectId, toFinancials(r)]));
    // A malformed id (only possible through a hand-written `_entities` call) reads as empty.
    const empty = () =>
      toFinancials({
        projectId: '',
        hours: '0.00',
        cost: '0.00',
        revenue: '0.00',
        profit: '0.00',
        roi: null,
        unpricedHours: '0.00',
        unbilledHours: '0.00',
        hourlyRate: null,
        rateCurrency: null,
        currency: rows[0]?.currency ?? DEFAULT_CURRENCY,
      });
    return ids.map((id) => byId.get(id) ?? empty());
  });
