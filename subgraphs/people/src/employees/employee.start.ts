import type { Tx } from '@wg/db';
import { auditLog, employeeHistory, employees, jobs, outbox } from '@wg/db/people';
import { clock, emitEvents, recordAudit } from '@wg/runtime';
import { cancelJobs, enqueueJob, type Job, type JobContext } from '@wg/runtime/jobs';
import { eq } from 'drizzle-orm';
import { snapshotOf } from './employee.records';
import type { Employee } from './employee.type';

/** The queue in people's `jobs` table that makes pending hires ACTIVE (handler: `startEmployee`). */
export const START_QUEUE = 'people.employee.start';

export interface StartPayload {
  employeeId: string;
  [key: string]: unknown;
}

const keyOf = (employeeId: string) => `employee:${employeeId}`;

/**
 * The status a hire (or rehire) gets: PENDING_START while its first day is still ahead, ACTIVE
 * from that day on. Dates are company dates compared with `clock.today()` (UTC), as everywhere.
 */
export const statusOnHire = (firstDay: string): 'PENDING_START' | 'ACTIVE' =>
  firstDay > clock.today() ? 'PENDING_START' : 'ACTIVE';

/** An employee's first working day: the start date, else the hire date. */
export const firstDayOf = (e: Pick<Employee, 'startDate' | 'hireDate'>): string => e.startDate ?? e.hireDate;

/**
 * In the hire's transaction: a PENDING_START employee gets a durable job due at 00:00 UTC of the
 * first day (so it exists iff the hire commits, survives restarts and runs once across processes).
 */
export async function scheduleStart(
  tx: Tx,
  employee: Pick<Employee, 'id' | 'tenantId' | 'status' | 'startDate' | 'hireDate'>,
): Promise<void> {
  if (employee.status !== 'PENDING_START') return;
  await enqueueJob<StartPayload>(tx, jobs, {
    tenantId: employee.tenantId,
    queue: START_QUEUE,
    key: keyOf(employee.id),
    runAt: new Date(`${firstDayOf(employee)}T00:00:00.000Z`),
    payload: { employeeId: employee.id },
  });
}

/** A pending hire was terminated (offer rescinded, start cancelled): nothing left to start. */
export async function dropStart(tx: Tx, tenantId: string, employeeId: string): Promise<void> {
  await cancelJobs(tx, jobs, { tenantId, queue: START_QUEUE, key: keyOf(employeeId) });
}

/**
 * The job: PENDING_START → ACTIVE with a START history entry, a `people.employee.started` event and
 * an audit record, in the job's completing transaction (exactly once). An employee no longer
 * pending (terminated before the first day) is left alone.
 */
export async function startEmployee(job: Job<StartPayload>, jobCtx: JobContext): Promise<void> {
  await jobCtx.complete(async (tx) => {
    const [row] = await tx
      .select()
      .from(employees)
      .where(eq(employees.id, job.payload.employeeId))
      .for('update');
    const current = row as Employee | undefined;
    if (current?.status !== 'PENDING_START') return;
    const firstDay = firstDayOf(current);
    // Not yet: the first day moved later (updateEmployee enqueued the job for the new day and
    // cancelled this one, so a runner that had already claimed it finishes without effect).
    if (firstDay > clock.today()) return;
    const [updated] = await tx
      .update(employees)
      .set({ status: 'ACTIVE' })
      .where(eq(employees.id, current.id))
      .returning();
    const after = updated as Employee;
    const requestId = `job:${job.id}`;
    await tx.insert(employeeHistory).values({
      tenantId: job.tenantId,
      employeeId: after.id,
      kind: 'START',
      effectiveDate: firstDay,
      before: { status: current.status },
      after: { status: after.status },
      actorId: null,
      requestId,
    });
    await emitEvents(tx, outbox, [
      {
        tenantId: job.tenantId,
        type: 'people.employee.started',
        aggregateType: 'Employee',
        aggregateId: after.id,
        data: await snapshotOf(tx, after, {
          kind: 'START',
          effectiveDate: firstDay,
          before: { status: current.status },
          after: { status: after.status },
        }),
      },
    ]);
    await recordAudit(tx, auditLog, [
      {
        tenantId: job.tenantId,
        actorId: null,
        requestId,
        action: 'employee.start',
        entityType: 'Employee',
        entityId: after.id,
        before: { status: current.status },
        after: { status: after.status },
      },
    ]);
  });
}
