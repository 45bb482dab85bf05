/**
 * Test fixtures shared by finance's co-located tests (not imported by production code).
 * Finance learns about employees and projects from events; tests write the replicated refs directly.
 */
import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/finance';
import type { DomainEvent } from '@wg/runtime';
import { dayOffset, newId } from '@wg/runtime/testing';
import type { TimesheetLine } from '@wg/work/events';
import { count, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

export async function seedEmployees(
  db: Database,
  tenantId: string,
  employees: {
    id?: string;
    managerId?: string | null;
    hireDate?: string;
    terminationDate?: string | null;
  }[],
): Promise<string[]> {
  const rows = employees.map((e) => ({
    tenantId,
    entityType: 'Employee',
    id: e.id ?? newId(),
    data: {
      managerId: e.managerId ?? null,
      status: e.terminationDate ? 'TERMINATED' : 'ACTIVE',
      ...(e.hireDate ? { hireDate: e.hireDate } : {}),
      ...(e.terminationDate ? { terminationDate: e.terminationDate } : {}),
    },
  }));
  await withTenant(db, { tenantId }, (tx) => tx.insert(tables.entityRefs).values(rows));
  return rows.map((r) => r.id);
}

export async function seedProjects(db: Database, tenantId: string, n: number): Promise<string[]> {
  const rows = Array.from({ length: n }, (_, i) => ({
    tenantId,
    entityType: 'Project',
    id: newId(),
    data: { name: `Project ${i}`, code: `P${i}` },
  }));
  await withTenant(db, { tenantId }, (tx) => tx.insert(tables.entityRefs).values(rows));
  return rows.map((r) => r.id);
}

/** Rows of a finance table visible to `tenantId`, optionally filtered. */
export async function countRows(
  db: Database,
  tenantId: string,
  table: PgTable,
  where?: SQL,
): Promise<number> {
  const [r] = await withTenant(db, { tenantId }, (tx) => tx.select({ n: count() }).from(table).where(where));
  return Number(r?.n ?? 0);
}

/** A `work.timesheet.logged` event as work's outbox would publish it. */
export function timesheetLogged(tenantId: string, entries: TimesheetLine[]): DomainEvent {
  return {
    id: newId(),
    type: 'work.timesheet.logged',
    tenantId,
    aggregate: { type: 'TimesheetBatch', id: newId() },
    occurredAt: new Date().toISOString(),
    data: { entries } as unknown as Record<string, unknown>,
  };
}

/** `YYYY-MM-DD`, `days` before today (UTC). */
export const daysAgo = (days: number) => dayOffset(-days);

export const entitiesQuery = (selection: string) => /* GraphQL */ `
  query ($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }
`;

export { statementsDuring } from '@wg/runtime/testing';
