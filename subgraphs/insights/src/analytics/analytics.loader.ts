import type { Database, Tx } from '@wg/db';
import { departmentFacts, employeeFacts, projectFacts } from '@wg/db/insights';
import { clock, keyedLoader, type SubgraphContext } from '@wg/runtime';
import DataLoader from 'dataloader';
import { inArray, sql } from 'drizzle-orm';
import { rowsOf } from '../projections/projector';
import { type AnalyticsKind, companyCounts, type KeyFigures, loadFigures } from './analytics.sql';

/** What the analytics loaders need from the request context. */
export type AnalyticsLoaderContext = Pick<SubgraphContext, 'database' | 'identity' | 'requestId'>;

/**
 * Runs `fn` in ONE read-only REPEATABLE READ transaction of the caller's tenant (RLS as wg_app):
 * every statement inside sees the same snapshot, so figures read together never straddle a commit
 * of the projections consumer.
 */
export function readSnapshot<T>(ctx: AnalyticsLoaderContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const tenantId = ctx.identity.tenantId;
  if (!tenantId) throw new Error('analytics read without a tenant');
  return snapshotOf(ctx.database, tenantId, fn, ctx.identity.userId, ctx.requestId);
}

export function snapshotOf<T>(
  database: Database,
  tenantId: string,
  fn: (tx: Tx) => Promise<T>,
  userId?: string | null,
  requestId?: string,
): Promise<T> {
  return database.system.transaction(
    async (tx) => {
      await tx.execute(
        // jit off: the figures statement's cost estimate (correlated headcount subplans) crosses
        // jit_above_cost, and compiling it takes ~1 s for a query that runs in ~50 ms.
        sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', ${userId ?? ''}, true), set_config('app.request_id', ${requestId ?? ''}, true), set_config('role', 'wg_app', true), set_config('jit', 'off', true)`,
      );
      return fn(tx);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

export interface Figures extends KeyFigures {
  /** The day the figures were computed for (the runtime clock's today). */
  today: string;
}
export interface KeyedFigures extends Figures {
  id: string;
  /** The department (employee: current; project: owner), when known. */
  departmentId: string | null;
}

type KeyedKind = Exclude<AnalyticsKind, 'company'>;
type CompanyFigures = Figures & { departments: number; projects: number };
type SnapshotRequest = { kind: KeyedKind; ids: readonly string[] } | { kind: 'company' };

/**
 * One snapshot per request tick: the per-kind loaders below hand their batches to this one, so
 * everything a request asks for at once (company, departments, employees, projects) is read in ONE
 * read-only REPEATABLE READ transaction — the figures on one dashboard never straddle a commit.
 */
function snapshotReader(ctx: AnalyticsLoaderContext) {
  return new DataLoader<SnapshotRequest, KeyedFigures[] | CompanyFigures>(
    (requests) =>
      readSnapshot(ctx, async (tx) => {
        const out: (KeyedFigures[] | CompanyFigures)[] = [];
        // Sequential: a transaction runs one statement at a time anyway.
        for (const r of requests) {
          if (r.kind === 'company') {
            const today = clock.today();
            const figures = await loadFigures(tx, 'company', null, today);
            out.push({ ...[...figures.values()][0]!, today, ...(await companyCounts(tx)) });
          } else out.push(await loadKeyed(tx, r.kind, r.ids));
        }
        return out;
      }),
    { cache: false },
  );
}

/**
 * Loads the figures of many departments / employees / projects with two statements (the figures,
 * and which of the ids insights knows); unknown ids resolve to null.
 */
function figuresLoader(reader: ReturnType<typeof snapshotReader>, kind: KeyedKind) {
  return keyedLoader<string, KeyedFigures>(
    async (ids) => (await reader.load({ kind, ids })) as KeyedFigures[],
    (row) => row.id,
  );
}

/** Figures of the ids insights knows (two statements in the caller's snapshot), in `ids` order. */
export async function loadKeyed(
  tx: Tx,
  kind: Exclude<AnalyticsKind, 'company'>,
  ids: readonly string[],
): Promise<KeyedFigures[]> {
  if (ids.length === 0) return [];
  const today = clock.today();
  const figures = await loadFigures(tx, kind, ids, today);
  const known = await knownIds(tx, kind, ids);
  return ids.flatMap((id) => {
    const f = figures.get(id);
    if (!f || !known.has(id)) return [];
    return [{ id, departmentId: known.get(id) ?? null, today, ...f }];
  });
}

/** The ids insights knows from events, with their department. */
async function knownIds(
  tx: Tx,
  kind: Exclude<AnalyticsKind, 'company'>,
  ids: readonly string[],
): Promise<Map<string, string | null>> {
  const list = [...ids];
  if (kind === 'department') {
    const rows = await tx
      .select({ id: departmentFacts.departmentId })
      .from(departmentFacts)
      .where(inArray(departmentFacts.departmentId, list));
    return new Map(rows.map((r) => [r.id, r.id]));
  }
  if (kind === 'employee') {
    const rows = await tx
      .select({ id: employeeFacts.employeeId, departmentId: employeeFacts.departmentId })
      .from(employeeFacts)
      .where(inArray(employeeFacts.employeeId, list));
    return new Map(rows.map((r) => [r.id, r.departmentId]));
  }
  const rows = await tx
    .select({ id: projectFacts.projectId, departmentId: projectFacts.departmentId })
    .from(projectFacts)
    .where(inArray(projectFacts.projectId, list));
  return new Map(rows.map((r) => [r.id, r.departmentId]));
}

/** Everyone below `managerId` in the reporting line (transitive), from the employee projection. */
export async function reportingLineOf(tx: Tx, managerId: string): Promise<Set<string>> {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`
      with recursive line(id, depth) as (
        select employee_id, 1 from ${employeeFacts} where manager_id = ${managerId}::uuid
        union
        select e.employee_id, l.depth + 1 from ${employeeFacts} e join line l on e.manager_id = l.id
        where l.depth < 50
      )
      select distinct id::text as id from line`),
  );
  return new Set(rows.map((r) => r.id));
}

/** Fresh per request (DataLoader caches must never outlive a request or cross tenants). */
export function createAnalyticsLoaders(ctx: AnalyticsLoaderContext) {
  const reader = snapshotReader(ctx);
  return {
    departmentAnalytics: figuresLoader(reader, 'department'),
    employeeAnalytics: figuresLoader(reader, 'employee'),
    projectAnalytics: figuresLoader(reader, 'project'),
    /** Company figures and counts (two statements). Key: the tenant id. */
    companyAnalytics: new DataLoader<string, CompanyFigures>(async (keys) => {
      const result = (await reader.load({ kind: 'company' })) as CompanyFigures;
      return keys.map(() => result);
    }),
    /** The caller's reporting line (team scope), once per request. */
    reportingLine: new DataLoader<string, Set<string>>(async (managers) =>
      readSnapshot(ctx, (tx) => Promise.all(managers.map((m) => reportingLineOf(tx, m)))),
    ),
  };
}

export type AnalyticsLoaders = ReturnType<typeof createAnalyticsLoaders>;
