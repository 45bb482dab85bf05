import type { Tx } from '@wg/db';
import { entityRefs, laborFacts } from '@wg/db/schema/insights';
import { Money, requireScope } from '@wg/runtime';
import { and, asc, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { InsightsContext } from '../loaders';
import { CompanyAnalytics, MonthlyAnalytics } from './analytics.type';

export const DEFAULT_CURRENCY = 'USD';

/**
 * The tenant's reporting currency: the one its labour facts are priced in. A tenant has one; taking
 * the most frequent and filtering every sum by it means a stray line in another currency is left out
 * rather than added to the others (EUR + USD is not a number).
 */
const reportingCurrency = sql`(select mode() within group (order by ${laborFacts.currency}) from ${laborFacts})`;
const inReportingCurrency = eq(laborFacts.currency, reportingCurrency);

/**
 * Revenue, cost, profit, ROI and revenue per hour over the grouped `labor_facts` rows, all in
 * SQL numeric and returned as strings: money never passes through a binary float.
 */
function figures() {
  const hours = sql`coalesce(sum(${laborFacts.hours}), 0)`;
  const revenue = sql`coalesce(sum(${laborFacts.revenue}), 0)`;
  const cost = sql`coalesce(sum(${laborFacts.cost}), 0)`;
  return {
    hours: sql<string>`round(${hours}, 2)::text`,
    revenue: sql<string>`round(${revenue}, 2)::text`,
    cost: sql<string>`round(${cost}, 2)::text`,
    profit: sql<string>`round(${revenue} - ${cost}, 2)::text`,
    roi: sql<
      string | null
    >`case when ${cost} = 0 then null else round((${revenue} - ${cost}) / ${cost}, 4)::text end`,
    productivity: sql<
      string | null
    >`case when ${hours} = 0 then null else round(${revenue} / ${hours}, 2)::text end`,
  };
}

export interface Totals {
  currency: string;
  hours: string;
  revenue: string;
  cost: string;
  profit: string;
  roi: string | null;
  productivity: string | null;
}
export interface MonthFigures extends Omit<Totals, 'currency'> {
  month: string;
}
export interface ProjectFigures extends Omit<Totals, 'currency'> {
  projectId: string;
  name: string | null;
}
export interface DepartmentHeadcount {
  departmentId: string | null;
  name: string | null;
  employees: number;
}
export type ProjectRanking = 'revenue' | 'roi';

/**
 * Reads of the projections, inside a tenant transaction (RLS scopes every one of them). Shared by
 * the GraphQL fields and the assistant, so an answer in chat is the same number as on a dashboard.
 */
export const analyticsQueries = {
  /** Active employees, departments and projects, from the replicated entity refs. */
  async counts(tx: Tx) {
    const rows = await tx
      .select({ type: entityRefs.entityType, n: sql<number>`count(*)::int` })
      .from(entityRefs)
      .where(
        or(
          and(eq(entityRefs.entityType, 'Employee'), sql`${entityRefs.data}->>'status' = 'ACTIVE'`),
          inArray(entityRefs.entityType, ['Department', 'Project']),
        ),
      )
      .groupBy(entityRefs.entityType);
    const n = (type: string) => Number(rows.find((r) => r.type === type)?.n ?? 0);
    return { employees: n('Employee'), departments: n('Department'), projects: n('Project') };
  },

  /** Company totals in the reporting currency (zeros and USD for a tenant without facts). */
  async totals(tx: Tx): Promise<Totals> {
    const [row] = await tx
      .select({
        currency: sql<string>`coalesce(${reportingCurrency}, ${DEFAULT_CURRENCY})::text`,
        ...figures(),
      })
      .from(laborFacts)
      .where(inReportingCurrency);
    // An aggregate without GROUP BY always returns one row.
    return row!;
  },

  /** The most recent `months` months that have facts, oldest first. */
  async monthly(tx: Tx, months = 12): Promise<MonthFigures[]> {
    const rows = await tx
      .select({ month: sql<string>`${laborFacts.month}::text`, ...figures() })
      .from(laborFacts)
      .where(inReportingCurrency)
      .groupBy(laborFacts.month)
      .orderBy(desc(laborFacts.month))
      .limit(months);
    return rows.reverse();
  },

  /** Projects ranked by revenue or by ROI, with their names from the Project refs. */
  async topProjects(tx: Tx, by: ProjectRanking, limit = 5): Promise<ProjectFigures[]> {
    const roi = sql`case when sum(${laborFacts.cost}) = 0 then null
      else (sum(${laborFacts.revenue}) - sum(${laborFacts.cost})) / sum(${laborFacts.cost}) end`;
    const order: SQL[] =
      by === 'roi'
        ? [sql`${roi} desc nulls last`, desc(sql`sum(${laborFacts.revenue})`)]
        : [desc(sql`sum(${laborFacts.revenue})`)];
    return tx
      .select({
        projectId: laborFacts.projectId,
        name: sql<string | null>`max(${entityRefs.data}->>'name')`,
        ...figures(),
      })
      .from(laborFacts)
      .leftJoin(
        entityRefs,
        and(
          eq(entityRefs.tenantId, laborFacts.tenantId),
          eq(entityRefs.entityType, 'Project'),
          eq(entityRefs.id, laborFacts.projectId),
        ),
      )
      .where(inReportingCurrency)
      .groupBy(laborFacts.projectId)
      .orderBy(...order, asc(laborFacts.projectId))
      .limit(limit);
  },

  /** Active employees per department (membership from the Employee refs), largest first. */
  async headcountByDepartment(tx: Tx): Promise<DepartmentHeadcount[]> {
    const dept = alias(entityRefs, 'dept');
    const departmentId = sql<string | null>`${entityRefs.data}->>'departmentId'`;
    const rows = await tx
      .select({
        departmentId,
        name: sql<string | null>`max(${dept.data}->>'name')`,
        employees: sql<number>`count(*)::int`,
      })
      .from(entityRefs)
      .leftJoin(
        dept,
        and(
          eq(dept.tenantId, entityRefs.tenantId),
          eq(dept.entityType, 'Department'),
          sql`${dept.id}::text = ${departmentId}`,
        ),
      )
      .where(and(eq(entityRefs.entityType, 'Employee'), sql`${entityRefs.data}->>'status' = 'ACTIVE'`))
      .groupBy(departmentId)
      .orderBy(desc(sql`count(*)`), asc(sql`max(${dept.data}->>'name')`));
    return rows.map((r) => ({ ...r, employees: Number(r.employees) }));
  },
};

export const analyticsService = {
  /** `companyAnalytics`: whole-tenant figures, so only callers with `analytics:read` scope `all`. */
  async company(ctx: InsightsContext): Promise<CompanyAnalytics> {
    requireScope(ctx.identity, 'analytics:read', 'all');
    const [counts, totals, months] = await ctx.tx((tx) =>
      Promise.all([analyticsQueries.counts(tx), analyticsQueries.totals(tx), analyticsQueries.monthly(tx)]),
    );
    const money = (amount: string) => Money.of(amount, totals.currency);
    return Object.assign(new CompanyAnalytics(), {
      employeeCount: counts.employees,
      departmentCount: counts.departments,
      projectCount: counts.projects,
      totalRevenue: money(totals.revenue),
      totalCost: money(totals.cost),
      profit: money(totals.profit),
      roi: totals.roi,
      hoursLogged: totals.hours,
      productivityIndex: totals.productivity,
      currency: totals.currency,
      monthly: months.map((m) =>
        Object.assign(new MonthlyAnalytics(), {
          month: m.month,
          hours: m.hours,
          revenue: money(m.revenue),
          cost: money(m.cost),
          profit: money(m.profit),
        }),
      ),
    });
  },
};
