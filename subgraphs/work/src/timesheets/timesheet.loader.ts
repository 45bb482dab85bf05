import { timesheetEntries } from '@wg/db/work';
import type { LoaderContext } from '@wg/runtime';
import { type Connection, isUuid, keyedLoader, toConnection } from '@wg/runtime';
import DataLoader from 'dataloader';
import { and, desc, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { TimesheetEntry } from './timesheet.type';

const t = timesheetEntries;

/** The foreign keys timesheet entries are grouped by. */
type OwnerColumn = typeof t.employeeId | typeof t.projectId;

/** Inclusive calendar-day bounds; null means open-ended. */
export interface DateRange {
  from: string | null;
  to: string | null;
}

/** Position in a timesheet listing, which runs newest day first (ties by id, newest first). */
export interface TimesheetCursor {
  date: string;
  id: string;
}

export const timesheetCursorKey = (e: Pick<TimesheetEntry, 'date' | 'id'>) => `${e.date}|${e.id}`;

export interface TimesheetPageQuery {
  limit: number;
  after: TimesheetCursor | null;
  range: DateRange;
  /** Only entries in this approval state; null for all. */
  status: TimesheetEntry['status'] | null;
  /** Extra visibility condition (the caller's read scope) and a stable name for it (cache key). */
  scope: { key: string; where: SQL | undefined };
}

const inRange = (range: DateRange) =>
  and(range.from ? gte(t.date, range.from) : undefined, range.to ? lte(t.date, range.to) : undefined);

/** Timesheet entries by id (`__resolveReference`). */
export const timesheetById = (ctx: LoaderContext) =>
  keyedLoader<string, TimesheetEntry>(
    async (ids) => {
      const valid = ids.filter(isUuid);
      if (valid.length === 0) return [];
      return ctx.tx((tx) => tx.select().from(t).where(inArray(t.id, valid)));
    },
    (e) => e.id,
  );

/**
 * Hours logged per owner (employee or project) within a date range: one `sum … group by` for all
 * owners asked for in a tick, summed as SQL numeric and returned as text ("37.50"), never a float.
 * One DataLoader per range, created lazily and cached for the request.
 */
export const hoursBy = (ctx: LoaderContext, column: OwnerColumn) => {
  const byRange = new Map<string, DataLoader<string, string>>();
  return (range: DateRange) => {
    const cacheKey = `${range.from ?? ''}|${range.to ?? ''}`;
    let loader = byRange.get(cacheKey);
    if (!loader) {
      loader = new DataLoader<string, string>(async (ids) => {
        const valid = ids.filter(isUuid);
        const rows =
          valid.length === 0
            ? []
            : await ctx.tx((tx) =>
                tx
                  .select({ owner: sql<string>`${column}`, total: sql<string>`sum(${t.hours})::text` })
                  .from(t)
                  .where(and(inArray(column, valid), inRange(range)))
                  .groupBy(column),
              );
        const totals = new Map(rows.map((r) => [r.owner, r.total] as const));
        return ids.map((id) => totals.get(id) ?? '0.00');
      });
      byRange.set(cacheKey, loader);
    }
    return loader;
  };
};

/**
 * Timesheet pages for many owners in one statement, like people's `employeePagesByDepartment`: a
 * window function numbers each owner's entries so every owner gets its own page and total.
 * One DataLoader per (page, range, scope), created lazily and cached for the request.
 */
export const timesheetPagesBy = (ctx: LoaderContext, column: OwnerColumn) => {
  const byArgs = new Map<string, DataLoader<string, Connection<TimesheetEntry>>>();
  return (q: TimesheetPageQuery) => {
    const cacheKey = JSON.stringify([q.limit, q.after, q.range.from, q.range.to, q.status, q.scope.key]);
    let loader = byArgs.get(cacheKey);
    if (!loader) {
      loader = new DataLoader<string, Connection<TimesheetEntry>>(async (ids) => {
        const valid = ids.filter(isUuid);
        const rows =
          valid.length === 0
            ? []
            : await ctx.tx(async (tx) => {
                // Totals are counted before the cursor applies; row numbers after it.
                const base = tx
                  .select({
                    id: t.id,
                    date: t.date,
                    owner: sql<string>`${column}`.as('owner'),
                    total: sql<number>`count(*) over (partition by ${column})`.as('total'),
                  })
                  .from(t)
                  .where(
                    and(
                      inArray(column, valid),
                      inRange(q.range),
                      q.status ? eq(t.status, q.status) : undefined,
                      q.scope.where,
                    ),
                  )
                  .as('base');
                const ranked = tx
                  .select({
                    id: base.id,
                    owner: base.owner,
                    total: base.total,
                    rn: sql<number>`row_number() over (partition by ${base.owner} order by ${base.date} desc, ${base.id} desc)`.as(
                      'rn',
                    ),
                  })
                  .from(base)
                  .where(
                    q.after
                      ? sql`(${base.date}, ${base.id}) < (${q.after.date}::date, ${q.after.id}::uuid)`
                      : undefined,
                  )
                  .as('ranked');
                return tx
                  .select({ entry: t, owner: ranked.owner, total: ranked.total })
                  .from(ranked)
                  .innerJoin(t, eq(t.id, ranked.id))
                  .where(lte(ranked.rn, q.limit + 1))
                  .orderBy(desc(t.date), desc(t.id));
              });
        const groups = new Map<string, { list: TimesheetEntry[]; total: number }>();
        for (const r of rows) {
          const g = groups.get(r.owner) ?? { list: [], total: Number(r.total) };
          g.list.push(r.entry);
          groups.set(r.owner, g);
        }
        return ids.map((id) => {
          const g = groups.get(id) ?? { list: [], total: 0 };
          return toConnection(g.list, q.limit, g.total, q.after !== null, timesheetCursorKey);
        });
      });
      byArgs.set(cacheKey, loader);
    }
    return loader;
  };
};
