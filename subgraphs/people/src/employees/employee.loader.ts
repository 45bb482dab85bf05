import { auditLog, employeeHistory, employees } from '@wg/db/people';
import type { LoaderContext, SubgraphContext } from '@wg/runtime';
import { type Connection, groupedLoader, isUuid, keyedLoader, recordAudit, toConnection } from '@wg/runtime';
import DataLoader from 'dataloader';
import { asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { employeeColumns } from './employee.search';
import type { Employee, EmployeeHistoryEntry } from './employee.type';

/** Employees by id (manager lookups, `__resolveReference`): one query per tick. */
export const employeeById = (ctx: LoaderContext) =>
  keyedLoader<string, Employee>(
    (ids) =>
      ctx.tx(
        (tx) =>
          tx
            .select(employeeColumns)
            .from(employees)
            .where(inArray(employees.id, ids.filter(isUuid))) as Promise<Employee[]>,
      ),
    (e) => e.id,
  );

/** Direct reports by manager id. */
export const employeesByManager = (ctx: LoaderContext) =>
  groupedLoader<string, Employee>(
    (ids) =>
      ctx.tx(
        (tx) =>
          tx
            .select(employeeColumns)
            .from(employees)
            .where(inArray(employees.managerId, ids.filter(isUuid)))
            .orderBy(asc(employees.id)) as Promise<Employee[]>,
      ),
    (e) => e.managerId!,
  );

/**
 * `Department.employees(first, after)` for many departments in one statement: a window function
 * numbers each department's employees, so every department gets its own page and total.
 * One DataLoader per (first, after) pair, created lazily and cached for the request.
 */
export const employeePagesByDepartment = (ctx: LoaderContext) => {
  const byArgs = new Map<string, DataLoader<string, Connection<Employee>>>();
  return (limit: number, after: string | null) => {
    const cacheKey = `${limit}|${after ?? ''}`;
    let loader = byArgs.get(cacheKey);
    if (!loader) {
      loader = new DataLoader<string, Connection<Employee>>(async (departmentIds) => {
        const rows = await ctx.tx(async (tx) => {
          // Totals are counted before the cursor applies; row numbers after it.
          const base = tx
            .select({
              id: employees.id,
              departmentId: employees.departmentId,
              total: sql<number>`count(*) over (partition by ${employees.departmentId})`.as('total'),
            })
            .from(employees)
            .where(inArray(employees.departmentId, [...departmentIds]))
            .as('base');
          const ranked = tx
            .select({
              id: base.id,
              total: base.total,
              rn: sql<number>`row_number() over (partition by ${base.departmentId} order by ${base.id})`.as(
                'rn',
              ),
            })
            .from(base)
            .where(after ? gt(base.id, after) : undefined)
            .as('ranked');
          return tx
            .select({ employee: employeeColumns, total: ranked.total })
            .from(ranked)
            .innerJoin(employees, eq(employees.id, ranked.id))
            .where(lte(ranked.rn, limit + 1))
            .orderBy(asc(employees.id));
        });
        const groups = new Map<string, { list: Employee[]; total: number }>();
        for (const r of rows) {
          const g = groups.get(r.employee.departmentId) ?? { list: [], total: Number(r.total) };
          g.list.push(r.employee as Employee);
          groups.set(r.employee.departmentId, g);
        }
        return departmentIds.map((id) => {
          const g = groups.get(id) ?? { list: [], total: 0 };
          return toConnection(g.list, limit, g.total, after !== null, (e) => e.id);
        });
      });
      byArgs.set(cacheKey, loader);
    }
    return loader;
  };
};

/**
 * Audit records for sensitive-field reads (`${employeeId}|${field}` keys): every unmasked read of
 * a national id, bank account or emergency contact in one request is written by ONE insert.
 */
export const sensitiveReads = (ctx: Pick<SubgraphContext, 'tx' | 'identity' | 'requestId' | 'tenantId'>) =>
  new DataLoader<string, true>(async (keys) => {
    await ctx.tx((tx) =>
      recordAudit(
        tx,
        auditLog,
        keys.map((key) => {
          const [employeeId, field] = key.split('|') as [string, string];
          return {
            tenantId: ctx.tenantId(),
            actorId: ctx.identity.userId,
            requestId: ctx.requestId,
            action: 'employee.sensitive_read',
            entityType: 'Employee',
            entityId: employeeId,
            after: { field },
          };
        }),
      ),
    );
    return keys.map(() => true as const);
  });

/** `Employee.history` for many employees in one query, oldest change first. */
export const employeeHistoryByEmployee = (ctx: LoaderContext) =>
  groupedLoader<string, EmployeeHistoryEntry & { employeeId: string }>(
    async (ids) => {
      const rows = await ctx.tx((tx) =>
        tx
          .select()
          .from(employeeHistory)
          .where(inArray(employeeHistory.employeeId, ids.filter(isUuid)))
          .orderBy(asc(employeeHistory.effectiveDate), asc(employeeHistory.id)),
      );
      return rows as (EmployeeHistoryEntry & { employeeId: string })[];
    },
    (h) => h.employeeId,
  );
