import type { Tx } from '@wg/db';
import { entityRefs, outbox, projects, timesheetEntries } from '@wg/db/work';
import { type ApprovalChange, type ApprovalChangeStatus, publishApprovalChanges } from '@wg/runtime';
import { and, eq, inArray } from 'drizzle-orm';
import type { EmployeeSnapshot } from '@wg/people/events';
import { EMPLOYEE_REF } from '../employees/employee.service';

const t = timesheetEntries;
/** Entries per lookup (one bind parameter each). */
const LOOKUP_CHUNK = 5000;

const STATUS: Record<string, ApprovalChangeStatus> = {
  SUBMITTED: 'PENDING',
  APPROVED: 'APPROVED',
  REJECTED: 'REJECTED',
};

/**
 * Announces entries to the approvals inbox (`work.approval.changed`), in the caller's transaction:
 * SUBMITTED → PENDING, APPROVED / REJECTED → decided; `withdrawn` for entries about to be deleted
 * (call it before the delete). Reads the entries as they are now, with the project's name and the
 * employee's name and department from work's replica, so the inbox needs nothing else.
 */
export async function publishEntryApprovals(
  tx: Tx,
  tenantId: string,
  entryIds: readonly string[],
  options: { withdrawn?: boolean } = {},
): Promise<void> {
  for (let i = 0; i < entryIds.length; i += LOOKUP_CHUNK) {
    const rows = await tx
      .select({ entry: t, project: projects.name, employee: entityRefs.data })
      .from(t)
      .innerJoin(projects, eq(projects.id, t.projectId))
      .leftJoin(entityRefs, and(eq(entityRefs.entityType, EMPLOYEE_REF), eq(entityRefs.id, t.employeeId)))
      .where(inArray(t.id, entryIds.slice(i, i + LOOKUP_CHUNK)));
    const changes = rows.map(({ entry, project, employee }): Omit<ApprovalChange, 'changedAt'> => {
      const e = (employee ?? {}) as Partial<EmployeeSnapshot>;
      const who = e.firstName ? `${e.firstName} ${e.lastName ?? ''}`.trim() : entry.employeeId;
      const status = options.withdrawn ? 'WITHDRAWN' : (STATUS[entry.status] ?? 'WITHDRAWN');
      return {
        kind: 'timesheet_entry',
        subjectId: entry.id,
        status,
        subject: `${entry.hours} h on ${project} on ${entry.date} by ${who}`,
        // Entries do not record the user who logged them, only the employee (never your own time).
        requestedBy: null,
        requesterEmployeeId: entry.employeeId,
        requestedAt: entry.updatedAt.toISOString(),
        employeeId: entry.employeeId,
        departmentId: e.departmentId ?? null,
        decidedAt:
          status === 'APPROVED' || status === 'REJECTED' ? (entry.reviewedAt?.toISOString() ?? null) : null,
        decidedBy: status === 'APPROVED' || status === 'REJECTED' ? entry.reviewedBy : null,
      };
    });
    await publishApprovalChanges(tx, outbox, tenantId, 'work.approval.changed', changes);
  }
}

/**
 * Re-announces every SUBMITTED entry of the tenant (`pnpm approvals:rebuild`): for databases that
 * held pending entries before the inbox existed. Safe to repeat: the inbox keeps the newest change.
 */
export async function republishPendingEntries(tx: Tx, tenantId: string): Promise<number> {
  const ids = (await tx.select({ id: t.id }).from(t).where(eq(t.status, 'SUBMITTED'))).map((r) => r.id);
  await publishEntryApprovals(tx, tenantId, ids);
  return ids.length;
}
