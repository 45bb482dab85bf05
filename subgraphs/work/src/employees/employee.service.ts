import type { Tx } from '@wg/db';
import { entityRefs } from '@wg/db/work';
import type { EmployeeSnapshot } from '@wg/people/events';
import { reportingLine as sharedReportingLine } from '@wg/runtime';
import { and, eq, type SQL, sql } from 'drizzle-orm';

/** entity_refs type under which people's Employee snapshots are replicated into work. */
export const EMPLOYEE_REF = 'Employee';

/** What work knows about an employee: the latest snapshot from people's events. */
export type EmployeeRef = Partial<EmployeeSnapshot> & { id: string };

/**
 * Ids of `rootId` and everyone below them in the reporting line, from work's replica of people's
 * data (`work.entity_refs`, fed by employee events): work never reads people's tables. The one
 * recursive query is the runtime's (`reportingLine`), shared with security's approvals inbox.
 */
export const reportingLine = (rootId: string): SQL => sharedReportingLine(entityRefs, rootId);

export const employeeService = {
  /** The replicated snapshot of one employee, or null when work has never heard of it. */
  async findRef(tx: Tx, id: string): Promise<EmployeeRef | null> {
    const [row] = await tx
      .select({ id: entityRefs.id, data: entityRefs.data })
      .from(entityRefs)
      .where(and(eq(entityRefs.entityType, EMPLOYEE_REF), eq(entityRefs.id, id)));
    return row ? { ...(row.data as Partial<EmployeeSnapshot>), id: row.id } : null;
  },

  /** Whether `employeeId` is `managerId` or somewhere below them. */
  async inReportingLine(tx: Tx, managerId: string, employeeId: string): Promise<boolean> {
    if (managerId === employeeId) return true;
    const [row] = await tx
      .select({ id: entityRefs.id })
      .from(entityRefs)
      .where(
        and(
          eq(entityRefs.entityType, EMPLOYEE_REF),
          eq(entityRefs.id, employeeId),
          sql`${entityRefs.id} in ${reportingLine(managerId)}`,
        ),
      );
    return Boolean(row);
  },
};
