import type { Tx } from '@wg/db';
import { departmentFacts, employeeFacts } from '@wg/db/insights';
import { badInput, forbidden, Money, notFound, requireScope, type Scope } from '@wg/runtime';
import { desc, ne, sql } from 'drizzle-orm';
import type { InsightsContext } from '../loaders';
import { type Figures, type KeyedFigures, loadKeyed, readSnapshot } from './analytics.loader';
import { calendarWindow, type FigureRow, loadFigures, type Ranking, rankKeys } from './analytics.sql';
import {
  AnalyticsPeriod,
  CompanyAnalytics,
  DepartmentAnalytics,
  departmentStub,
  EmployeeAnalytics,
  employeeStub,
  MonthlyAnalytics,
  ProjectAnalytics,
  projectStub,
} from './analytics.type';

export { DEFAULT_CURRENCY } from './analytics.sql';

const MAX_LIMIT = 100;

type Kind = 'company' | 'department' | 'employee' | 'project';

/** The figures every analytics type shares (AnalyticsFigures), from one row. */
function common(r: FigureRow) {
  const money = (amount: string) => Money.of(amount, r.currency);
  return {
    hoursLogged: r.hours,
    revenue: money(r.revenue),
    laborCost: money(r.laborCost),
    cost: money(r.cost),
    profit: money(r.profit),
    roi: r.roi,
    productivityIndex: r.productivity,
  };
}

function month(r: FigureRow, kind: Kind): MonthlyAnalytics {
  const money = (amount: string) => Money.of(amount, r.currency);
  const employment = kind === 'project' ? null : money(r.employmentCost);
  return Object.assign(new MonthlyAnalytics(), common(r), {
    month: r.month!,
    hours: r.hours,
    employmentCost: employment,
    salaryCost: employment,
    salary: employment,
    headcount: kind === 'employee' ? null : r.headcount,
  });
}

function period(r: FigureRow, kind: Kind, today: string): AnalyticsPeriod {
  const { thisMonth, from } = calendarWindow(today);
  const last = new Date(`${thisMonth}T00:00:00Z`);
  last.setUTCDate(0); // the last day of the month before
  return Object.assign(new AnalyticsPeriod(), common(r), {
    from,
    to: last.toISOString().slice(0, 10),
    employmentCost: kind === 'project' ? null : Money.of(r.employmentCost, r.currency),
  });
}

/** The trend fields every analytics object has: `monthly`, `currentMonth`, `last12Months`. */
function trend(f: Figures, kind: Kind) {
  return {
    monthly: f.monthly.map((m) => month(m, kind)),
    currentMonth: month(f.currentMonth, kind),
    last12Months: period(f.last12Months, kind, f.today),
    currency: f.total.currency,
  };
}

function toDepartment(f: KeyedFigures): DepartmentAnalytics {
  const t = f.total;
  const money = (amount: string) => Money.of(amount, t.currency);
  return Object.assign(new DepartmentAnalytics(), common(t), trend(f, 'department'), {
    id: f.id,
    department: departmentStub(f.id),
    headcount: Number(t.headcount ?? 0),
    employmentCost: money(t.employmentCost),
    salaryCost: money(t.employmentCost),
  });
}

function toEmployee(f: KeyedFigures): EmployeeAnalytics {
  const t = f.total;
  const money = (amount: string) => Money.of(amount, t.currency);
  return Object.assign(new EmployeeAnalytics(), common(t), trend(f, 'employee'), {
    id: f.id,
    employee: employeeStub(f.id),
    department: f.departmentId ? departmentStub(f.departmentId) : null,
    employmentCost: money(t.employmentCost),
    salaryCost: money(t.employmentCost),
    salary: money(t.employmentCost),
  });
}

function toProject(f: KeyedFigures): ProjectAnalytics {
  const t = f.total;
  return Object.assign(new ProjectAnalytics(), common(t), trend(f, 'project'), {
    id: f.id,
    project: projectStub(f.id),
    department: f.departmentId ? departmentStub(f.departmentId) : null,
    headcount: Number(t.headcount ?? 0),
    unpricedHours: t.unpricedHours,
    unbilledHours: t.unbilledHours,
  });
}

function toCompany(id: string, f: Figures & { departments: number; projects: number }): CompanyAnalytics {
  const t = f.total;
  const money = (amount: string) => Money.of(amount, t.currency);
  const headcount = Number(t.headcount ?? 0);
  return Object.assign(new CompanyAnalytics(), common(t), trend(f, 'company'), {
    id,
    headcount,
    employeeCount: headcount,
    departmentCount: f.departments,
    projectCount: f.projects,
    employmentCost: money(t.employmentCost),
    totalRevenue: money(t.revenue),
    totalCost: money(t.laborCost),
    salaryCost: money(t.employmentCost),
  });
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw badInput([{ field: 'limit', message: `Must be between 1 and ${MAX_LIMIT}` }]);
  }
}

/**
 * Whether `analytics:read` at `scope` covers the employee: `own` is the caller's own employee,
 * `team` also their reporting line (from insights' employee projection), `all` anyone.
 */
async function mayReadEmployee(ctx: InsightsContext, scope: Scope, employeeId: string): Promise<boolean> {
  if (scope === 'all') return true;
  const self = ctx.identity.employeeId;
  if (!self) return false;
  if (employeeId === self) return true;
  if (scope === 'own') return false;
  return (await ctx.loaders.reportingLine.load(self)).has(employeeId);
}

export type ProjectRanking = 'revenue' | 'roi';

/** For the rest of `tx`: no JIT for the figures statement (see `readSnapshot`). */
const noJit = (tx: Tx) => tx.execute(sql`select set_config('jit', 'off', true)`);

/**
 * Reads of the projections for the assistant, inside a tenant transaction (RLS scopes every one
 * of them). They use the same SQL as the GraphQL fields, so an answer in chat is the number on a
 * dashboard.
 */
export const analyticsQueries = {
  /** Employees on the books, departments and projects known from events. */
  async counts(tx: Tx) {
    const [row] = await tx
      .execute<{ employees: number; departments: number; projects: number }>(sql`select
      (select count(*)::int from insights.employee_facts where status <> 'TERMINATED') as employees,
      (select count(*)::int from insights.department_facts) as departments,
      (select count(*)::int from insights.project_facts) as projects`)
      .then((r) =>
        Array.isArray(r)
          ? r
          : (r as unknown as { rows: { employees: number; departments: number; projects: number }[] }).rows,
      );
    return {
      employees: Number(row?.employees ?? 0),
      departments: Number(row?.departments ?? 0),
      projects: Number(row?.projects ?? 0),
    };
  },

  /** Company totals in the reporting currency. */
  async totals(tx: Tx) {
    await noJit(tx);
    const f = [...(await loadFigures(tx, 'company', null)).values()][0]!;
    const t = f.total;
    return {
      currency: t.currency,
      hours: t.hours,
      revenue: t.revenue,
      cost: t.cost,
      laborCost: t.laborCost,
      profit: t.profit,
      roi: t.roi,
      productivity: t.productivity,
    };
  },

  /** Of the last `months` (at most 12) complete months, those with any figure, oldest first. */
  async monthly(tx: Tx, months = 12) {
    await noJit(tx);
    const f = [...(await loadFigures(tx, 'company', null)).values()][0]!;
    const active = (m: FigureRow) =>
      [m.hours, m.revenue, m.laborCost, m.employmentCost].some((v) => v !== '0.00');
    return f.monthly
      .slice(-months)
      .filter(active)
      .map((m) => ({
        month: m.month!,
        hours: m.hours,
        revenue: m.revenue,
        cost: m.cost,
        profit: m.profit,
        roi: m.roi,
        productivity: m.productivity,
      }));
  },

  /** Projects ranked by revenue or ROI, with their names from the project projection. */
  async topProjects(tx: Tx, by: ProjectRanking, limit = 5) {
    await noJit(tx);
    const ids = await rankKeys(tx, 'project', by === 'roi' ? 'ROI' : 'REVENUE', limit, null);
    if (ids.length === 0) return [];
    const figures = await loadFigures(tx, 'project', ids);
    const names = await tx.execute<{ id: string; name: string }>(
      sql`select project_id::text as id, name from insights.project_facts where project_id = any(${`{${ids.join(',')}}`}::uuid[])`,
    );
    const nameOf = new Map(
      (Array.isArray(names)
        ? names
        : (names as unknown as { rows: { id: string; name: string }[] }).rows
      ).map((r) => [r.id, r.name]),
    );
    return ids.map((id) => {
      const t = figures.get(id)!.total;
      return {
        projectId: id,
        name: nameOf.get(id) ?? null,
        hours: t.hours,
        revenue: t.revenue,
        cost: t.cost,
        profit: t.profit,
        roi: t.roi,
        productivity: t.productivity,
      };
    });
  },

  /** Employees on the books per department, largest first. */
  async headcountByDepartment(tx: Tx) {
    const rows = await tx
      .select({
        departmentId: employeeFacts.departmentId,
        name: sql<string | null>`max(${departmentFacts.name})`,
        employees: sql<number>`count(*)::int`,
      })
      .from(employeeFacts)
      .leftJoin(departmentFacts, sql`${departmentFacts.departmentId} = ${employeeFacts.departmentId}`)
      .where(ne(employeeFacts.status, 'TERMINATED'))
      .groupBy(employeeFacts.departmentId)
      .orderBy(desc(sql`count(*)`), sql`max(${departmentFacts.name})`);
    return rows.map((r) => ({ ...r, employees: Number(r.employees) }));
  },
};

export const analyticsService = {
  /** `companyAnalytics`: whole-tenant figures, so only callers with `analytics:read` scope `all`. */
  async company(ctx: InsightsContext): Promise<CompanyAnalytics> {
    requireScope(ctx.identity, 'analytics:read', 'all');
    const tenantId = ctx.tenantId();
    return toCompany(tenantId, await ctx.loaders.companyAnalytics.load(tenantId));
  },

  /** Company analytics by reference: only the caller's own tenant id resolves. */
  async companyByRef(ctx: InsightsContext, id: string): Promise<CompanyAnalytics | null> {
    requireScope(ctx.identity, 'analytics:read', 'all');
    return id === ctx.tenantId() ? analyticsService.company(ctx) : null;
  },

  /** A department's figures (scope `all`); null when insights knows no such department. */
  async department(ctx: InsightsContext, id: string): Promise<DepartmentAnalytics | null> {
    requireScope(ctx.identity, 'analytics:read', 'all');
    const f = await ctx.loaders.departmentAnalytics.load(id);
    return f ? toDepartment(f) : null;
  },

  /** An employee's figures: own → self, team → self and reporting line, all → anyone; else FORBIDDEN. */
  async employee(ctx: InsightsContext, id: string): Promise<EmployeeAnalytics | null> {
    const scope = ctx.authorize('analytics:read');
    if (!(await mayReadEmployee(ctx, scope, id)))
      throw forbidden(`analytics:read:${scope === 'own' ? 'team' : 'all'}`);
    const f = await ctx.loaders.employeeAnalytics.load(id);
    return f ? toEmployee(f) : null;
  },

  /** A project's figures (scope `all`). */
  async project(ctx: InsightsContext, id: string): Promise<ProjectAnalytics | null> {
    requireScope(ctx.identity, 'analytics:read', 'all');
    const f = await ctx.loaders.projectAnalytics.load(id);
    return f ? toProject(f) : null;
  },

  /** Like `department`/`employee`/`project` but NOT_FOUND instead of null (root query fields). */
  async require<T>(value: Promise<T | null>, what: string): Promise<T> {
    const v = await value;
    if (!v) throw notFound(what);
    return v;
  },

  /**
   * `topPerformers`: employees ranked by `by`, among those the caller may see (own: themselves,
   * team: themselves and their reporting line, all: everyone). Two statements plus the batch.
   */
  async topPerformers(ctx: InsightsContext, limit: number, by: Ranking): Promise<EmployeeAnalytics[]> {
    const scope = ctx.authorize('analytics:read');
    checkLimit(limit);
    let among: string[] | null = null;
    if (scope !== 'all') {
      const self = ctx.identity.employeeId;
      if (!self) return [];
      among = scope === 'own' ? [self] : [self, ...(await ctx.loaders.reportingLine.load(self))];
    }
    // Ranking and figures from one snapshot, so the order matches the numbers returned.
    const figures = await readSnapshot(ctx, async (tx) =>
      loadKeyed(tx, 'employee', await rankKeys(tx, 'employee', by, limit, among)),
    );
    for (const f of figures) ctx.loaders.employeeAnalytics.prime(f.id, f);
    return figures.map(toEmployee);
  },

  /** `topProjects`: projects ranked by `by` (scope `all`). */
  async topProjects(ctx: InsightsContext, limit: number, by: Ranking): Promise<ProjectAnalytics[]> {
    requireScope(ctx.identity, 'analytics:read', 'all');
    checkLimit(limit);
    const figures = await readSnapshot(ctx, async (tx) =>
      loadKeyed(tx, 'project', await rankKeys(tx, 'project', by, limit, null)),
    );
    for (const f of figures) ctx.loaders.projectAnalytics.prime(f.id, f);
    return figures.map(toProject);
  },
};
