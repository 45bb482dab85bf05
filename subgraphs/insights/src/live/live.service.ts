import { badInput, notFound, rules, z, zodFieldErrors } from '@wg/runtime';
import { analyticsService } from '../analytics/analytics.service';
import type { InsightsContext } from '../loaders';
import { type AnalyticsScopeInput, AnalyticsScopeKind, AnalyticsUpdate } from './live.types';

export type WatchedScope = { kind: 'company' } | { kind: 'department' | 'employee' | 'project'; id: string };

const scopeSchema = z.object({
  company: z.boolean().nullish(),
  departmentId: rules.uuid().nullish(),
  employeeId: rules.uuid().nullish(),
  projectId: rules.uuid().nullish(),
});

/** `AnalyticsScopeInput` → one scope; BAD_USER_INPUT naming the fields unless exactly one is set. */
export function parseScope(input: AnalyticsScopeInput | null | undefined): WatchedScope {
  const parsed = scopeSchema.safeParse(input ?? {});
  if (!parsed.success) {
    throw badInput(zodFieldErrors(parsed.error, 'scope'));
  }
  const s = parsed.data;
  const chosen: WatchedScope[] = [];
  if (s.company) chosen.push({ kind: 'company' });
  if (s.departmentId) chosen.push({ kind: 'department', id: s.departmentId });
  if (s.employeeId) chosen.push({ kind: 'employee', id: s.employeeId });
  if (s.projectId) chosen.push({ kind: 'project', id: s.projectId });
  if (chosen.length !== 1) {
    const message = 'Set exactly one of company, departmentId, employeeId, projectId';
    throw badInput(
      ['company', 'departmentId', 'employeeId', 'projectId'].map((f) => ({ field: `scope.${f}`, message })),
    );
  }
  return chosen[0]!;
}

/** Whether an `analytics.changed` notice concerns `scope` (a company-only notice is a rebuild: all). */
export function noticeConcerns(message: unknown, tenantId: string, scope: WatchedScope): boolean {
  const m = message as { tenantId?: unknown; scopes?: { kind?: string; id?: string }[] } | null;
  if (!m || m.tenantId !== tenantId || !Array.isArray(m.scopes)) return false;
  if (m.scopes.every((s) => s?.kind === 'company')) return true;
  return m.scopes.some((s) => s?.kind === scope.kind && (scope.kind === 'company' || s.id === scope.id));
}

/**
 * The figures behind `analyticsSnapshot` / `analyticsUpdated`, read through the analytics service,
 * so permissions (FORBIDDEN) and unknown ids (NOT_FOUND) are exactly those of the per-scope queries.
 */
export const liveService = {
  async snapshot(
    ctx: InsightsContext,
    input: AnalyticsScopeInput | null | undefined,
  ): Promise<AnalyticsUpdate> {
    const scope = parseScope(input);
    const base = {
      at: new Date(),
      companyAnalytics: null,
      departmentAnalytics: null,
      employeeAnalytics: null,
      projectAnalytics: null,
    };
    switch (scope.kind) {
      case 'company': {
        const c = await analyticsService.company(ctx);
        return Object.assign(new AnalyticsUpdate(), base, {
          scope: AnalyticsScopeKind.COMPANY,
          id: c.id,
          department: null,
          employee: null,
          project: null,
          headcount: c.headcount,
          hoursLogged: c.hoursLogged,
          revenue: c.revenue,
          laborCost: c.laborCost,
          cost: c.cost,
          profit: c.profit,
          roi: c.roi,
          productivityIndex: c.productivityIndex,
          currency: c.currency,
          monthly: c.monthly,
          companyAnalytics: c,
        });
      }
      case 'department': {
        const d = await analyticsService.department(ctx, scope.id);
        if (!d) throw notFound('Department', scope.id);
        return Object.assign(new AnalyticsUpdate(), base, {
          scope: AnalyticsScopeKind.DEPARTMENT,
          id: d.id,
          department: d.department,
          employee: null,
          project: null,
          headcount: d.headcount,
          hoursLogged: d.hoursLogged,
          revenue: d.revenue,
          laborCost: d.laborCost,
          cost: d.cost,
          profit: d.profit,
          roi: d.roi,
          productivityIndex: d.productivityIndex,
          currency: d.currency,
          monthly: d.monthly,
          departmentAnalytics: d,
        });
      }
      case 'employee': {
        const e = await analyticsService.employee(ctx, scope.id);
        if (!e) throw notFound('Employee', scope.id);
        return Object.assign(new AnalyticsUpdate(), base, {
          scope: AnalyticsScopeKind.EMPLOYEE,
          id: e.id,
          department: e.department,
          employee: e.employee,
          project: null,
          headcount: null,
          hoursLogged: e.hoursLogged,
          revenue: e.revenue,
          laborCost: e.laborCost,
          cost: e.cost,
          profit: e.profit,
          roi: e.roi,
          productivityIndex: e.productivityIndex,
          currency: e.currency,
          monthly: e.monthly,
          employeeAnalytics: e,
        });
      }
      case 'project': {
        const p = await analyticsService.project(ctx, scope.id);
        if (!p) throw notFound('Project', scope.id);
        return Object.assign(new AnalyticsUpdate(), base, {
          scope: AnalyticsScopeKind.PROJECT,
          id: p.id,
          department: p.department,
          employee: null,
          project: p.project,
          headcount: p.headcount,
          hoursLogged: p.hoursLogged,
          revenue: p.revenue,
          laborCost: p.laborCost,
          cost: p.cost,
          profit: p.profit,
          roi: p.roi,
          productivityIndex: p.productivityIndex,
          currency: p.currency,
          monthly: p.monthly,
          projectAnalytics: p,
        });
      }
    }
  },
};
