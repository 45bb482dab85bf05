import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/work';
import type { Identity } from '@wg/runtime';
import { createTestDatabase, identityFor, startTestSubgraph } from '@wg/runtime/testing';
import { count } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { workSubgraph } from '../index';

/** Shared by the time-off tests: a database, a started work subgraph and typed calls. */
export async function startTimeOff() {
  const db = await createTestDatabase();
  const work = await startTestSubgraph(workSubgraph, db);
  return {
    db,
    work,
    async stop() {
      await work.stop();
      await db.drop();
    },
  };
}

export type Res<T> = {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
};

export const hrOf = (tenantId: string, extra: Partial<Identity> = {}) =>
  identityFor(tenantId, ['hr_manager'], extra);
export const employeeOf = (tenantId: string, employeeId: string) =>
  identityFor(tenantId, ['employee'], { employeeId });
export const managerOf = (tenantId: string, employeeId: string) =>
  identityFor(tenantId, ['manager'], { employeeId });

/** Row counts of every time-off table plus audit and outbox: a failed call must leave them all alone. */
export function timeOffCounts(db: Database, tenantId: string) {
  return withTenant(db, { tenantId }, async (tx) => {
    const n = async (t: PgTable) => (await tx.select({ n: count() }).from(t))[0]?.n ?? 0;
    return {
      leaveTypes: await n(tables.leaveTypes),
      calendars: await n(tables.holidayCalendars),
      holidays: await n(tables.holidays),
      policies: await n(tables.timeOffPolicies),
      adjustments: await n(tables.timeOffAdjustments),
      requests: await n(tables.timeOffRequests),
      audit: await n(tables.auditLog),
      outbox: await n(tables.outbox),
    };
  });
}

/** Inserts a leave type directly (fixtures); returns its id. */
export async function addLeaveType(
  db: Database,
  tenantId: string,
  values: Partial<typeof tables.leaveTypes.$inferInsert> = {},
): Promise<string> {
  const [row] = await withTenant(db, { tenantId }, (tx) =>
    tx
      .insert(tables.leaveTypes)
      .values({
        tenantId,
        name: 'Vacation',
        code: `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
        ...values,
      })
      .returning({ id: tables.leaveTypes.id }),
  );
  return row!.id;
}
