import { departmentFacts, employeeFacts } from '@wg/db/insights';
import DataLoader from 'dataloader';
import { inArray, sql } from 'drizzle-orm';
import { type AnalyticsLoaderContext, readSnapshot } from '../analytics/analytics.loader';
import { rowsOf } from '../projections/projector';
import { COMPANY_KEY, type FunnelCounts, loadFunnel, type PeriodBounds } from './recruiting-funnel.sql';

/** One funnel: the company (`COMPANY_KEY`) or a department, over one period. */
export interface FunnelKey {
  scope: string;
  period: PeriodBounds;
}

/**
 * Fresh per request. Everything asked for in one tick (the company and any number of departments,
 * any periods) is read in ONE read-only snapshot, with the same five statements per period; a
 * department insights does not know resolves to null.
 */
export function createRecruitingFunnelLoaders(ctx: AnalyticsLoaderContext) {
  return {
    recruitingFunnel: new DataLoader<FunnelKey, FunnelCounts | null, string>(
      (keys) =>
        readSnapshot(ctx, async (tx) => {
          const periods = new Map<string, { period: PeriodBounds; scopes: Set<string> }>();
          for (const k of keys) {
            const id = `${k.period.from}/${k.period.to}`;
            const entry = periods.get(id) ?? { period: k.period, scopes: new Set<string>() };
            entry.scopes.add(k.scope);
            periods.set(id, entry);
          }
          const departments = [...new Set(keys.map((k) => k.scope).filter((s) => s !== COMPANY_KEY))];
          const known = new Set(
            departments.length === 0
              ? []
              : (
                  await tx
                    .select({ id: departmentFacts.departmentId })
                    .from(departmentFacts)
                    .where(inArray(departmentFacts.departmentId, departments))
                ).map((r) => r.id),
          );
          const results = new Map<string, Map<string, FunnelCounts>>();
          for (const [id, { period, scopes }] of periods) {
            const ids = [...scopes].filter((s) => s !== COMPANY_KEY && known.has(s));
            results.set(id, await loadFunnel(tx, period, ids, scopes.has(COMPANY_KEY)));
          }
          return keys.map((k) => results.get(`${k.period.from}/${k.period.to}`)?.get(k.scope) ?? null);
        }),
      { cacheKeyFn: (k) => `${k.scope}|${k.period.from}/${k.period.to}` },
    ),
    /**
     * The departments a `team` caller's funnel scope covers: the caller's own department (from the
     * employee projection) and every department below it (department projection's parents).
     */
    recruitingTeamDepartments: new DataLoader<string, Set<string>>((employees) =>
      readSnapshot(ctx, (tx) =>
        Promise.all(
          employees.map(async (employeeId) => {
            const rows = rowsOf<{ id: string }>(
              await tx.execute(sql`
                with recursive mine(id) as (
                  select department_id from ${employeeFacts}
                    where employee_id = ${employeeId}::uuid and department_id is not null
                  union
                  select d.department_id from ${departmentFacts} d join mine m on d.parent_id = m.id
                )
                select id::text as id from mine`),
            );
            return new Set(rows.map((r) => r.id));
          }),
        ),
      ),
    ),
  };
}
