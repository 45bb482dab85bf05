/**
 * Approved time off moves people's status (work's `work.time_off.approved` / `.cancelled`): a
 * durable job in people's job table (the runner that starts pending hires) sets ON_LEAVE on the
 * first day, another sets ACTIVE again the day after the last one; a cancellation drops both (and
 * undoes a leave the request had already started).
 *
 * Reconciliation with the manual `startLeave` / `returnFromLeave` mutations (people README):
 *  - manual leave stays for leave that is not tracked as a request (a sabbatical, a suspension);
 *  - a request's job only starts leave for someone ACTIVE (already on leave, pending or gone: no
 *    effect) and only ends the leave it started itself — the latest LEAVE history entry must carry
 *    its request id — so a job never returns someone who is on a manual leave;
 *  - `returnFromLeave` also ends a request's leave early; the return job then finds them ACTIVE.
 * The history entries are the same LEAVE / RETURN kinds the mutations write, with the request id
 * in `after.timeOffRequestId`, which is also what makes a redelivered event or a rerun job a no-op.
 */
import { type Database, type Tx, withTenant } from '@wg/db';
import { auditLog, employeeHistory, employees, jobs, outbox } from '@wg/db/people';
import { addDays, type Bus, clock, emitEvents, outboxSignal, recordAudit, rootLogger } from '@wg/runtime';
import { cancelJobs, enqueueJob, type Job, type JobContext } from '@wg/runtime/jobs';
import type { TimeOffRequestData } from '@wg/work/events';
import { and, desc, eq, sql } from 'drizzle-orm';
import { snapshotOf } from './employee.records';
import type { Employee } from './employee.type';

export const LEAVE_START_QUEUE = 'people.employee.time_off_start';
export const LEAVE_RETURN_QUEUE = 'people.employee.time_off_return';

export interface TimeOffJobPayload {
  requestId: string;
  employeeId: string;
  start: string;
  end: string;
  leaveTypeCode: string;
  [key: string]: unknown;
}

const keyOf = (requestId: string) => `time_off:${requestId}`;
const midnight = (date: string) => new Date(`${date}T00:00:00.000Z`);

/** The request id of the employee's latest LEAVE history entry (null for a manual leave). */
async function latestLeaveRequest(tx: Tx, employeeId: string): Promise<string | null | undefined> {
  const [row] = await tx
    .select({ after: employeeHistory.after })
    .from(employeeHistory)
    .where(and(eq(employeeHistory.employeeId, employeeId), eq(employeeHistory.kind, 'LEAVE')))
    .orderBy(desc(employeeHistory.recordedAt), desc(employeeHistory.id))
    .limit(1);
  if (!row) return undefined;
  const id = row.after.timeOffRequestId;
  return typeof id === 'string' ? id : null;
}

async function alreadyRecorded(tx: Tx, employeeId: string, kind: 'LEAVE' | 'RETURN', requestId: string) {
  const [row] = await tx
    .select({ id: employeeHistory.id })
    .from(employeeHistory)
    .where(
      and(
        eq(employeeHistory.employeeId, employeeId),
        eq(employeeHistory.kind, kind),
        sql`${employeeHistory.after}->>'timeOffRequestId' = ${requestId}`,
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** Sets the status with a LEAVE / RETURN history entry, the lifecycle event and an audit row. */
async function move(
  tx: Tx,
  tenantId: string,
  current: Employee,
  to: 'ON_LEAVE' | 'ACTIVE',
  payload: Pick<TimeOffJobPayload, 'requestId' | 'leaveTypeCode' | 'start' | 'end'>,
  effectiveDate: string,
  requestId: string,
) {
  const kind = to === 'ON_LEAVE' ? 'LEAVE' : 'RETURN';
  const [updated] = await tx
    .update(employees)
    .set({ status: to })
    .where(eq(employees.id, current.id))
    .returning();
  const after = updated as Employee;
  const change = {
    before: { status: current.status },
    after: { status: after.status, timeOffRequestId: payload.requestId },
  };
  const reason = `Time off ${payload.leaveTypeCode} ${payload.start} – ${payload.end}`;
  await tx.insert(employeeHistory).values({
    tenantId,
    employeeId: after.id,
    kind,
    effectiveDate,
    ...change,
    reason,
    actorId: null,
    requestId,
  });
  await emitEvents(tx, outbox, [
    {
      tenantId,
      type: to === 'ON_LEAVE' ? 'people.employee.leave_started' : 'people.employee.returned',
      aggregateType: 'Employee',
      aggregateId: after.id,
      data: await snapshotOf(tx, after, { kind, effectiveDate, ...change }),
    },
  ]);
  await recordAudit(tx, auditLog, [
    {
      tenantId,
      actorId: null,
      requestId,
      action: to === 'ON_LEAVE' ? 'employee.leave_start' : 'employee.leave_return',
      entityType: 'Employee',
      entityId: after.id,
      ...change,
    },
  ]);
}

async function lockEmployee(tx: Tx, id: string): Promise<Employee | undefined> {
  const [row] = await tx.select().from(employees).where(eq(employees.id, id)).for('update');
  return row as Employee | undefined;
}

/** The first-day job: ACTIVE → ON_LEAVE (only someone ACTIVE, only while the leave is not over). */
export async function startTimeOffLeave(job: Job<TimeOffJobPayload>, jobCtx: JobContext): Promise<void> {
  await jobCtx.complete(async (tx) => {
    const p = job.payload;
    const today = clock.today();
    if (today < p.start || today > p.end) return;
    const current = await lockEmployee(tx, p.employeeId);
    if (current?.status !== 'ACTIVE') return;
    if (await alreadyRecorded(tx, current.id, 'LEAVE', p.requestId)) return;
    await move(tx, job.tenantId, current, 'ON_LEAVE', p, p.start, `job:${job.id}`);
  });
}

/** The day-after job: ON_LEAVE → ACTIVE, only when the current leave is this request's. */
export async function returnFromTimeOff(job: Job<TimeOffJobPayload>, jobCtx: JobContext): Promise<void> {
  await jobCtx.complete(async (tx) => {
    const p = job.payload;
    if (clock.today() <= p.end) return;
    const current = await lockEmployee(tx, p.employeeId);
    if (current?.status !== 'ON_LEAVE') return;
    if ((await latestLeaveRequest(tx, current.id)) !== p.requestId) return;
    await move(tx, job.tenantId, current, 'ACTIVE', p, addDays(p.end, 1), `job:${job.id}`);
  });
}

/** `work.time_off.approved`: the two status jobs (re-enqueued, so a redelivery changes nothing). */
export async function onTimeOffApproved(tx: Tx, tenantId: string, data: TimeOffRequestData) {
  const payload: TimeOffJobPayload = {
    requestId: data.requestId,
    employeeId: data.employeeId,
    start: data.start,
    end: data.end,
    leaveTypeCode: data.leaveTypeCode,
  };
  const key = keyOf(data.requestId);
  await enqueueJob(tx, jobs, {
    tenantId,
    queue: LEAVE_START_QUEUE,
    key,
    runAt: midnight(data.start),
    payload,
  });
  await enqueueJob(tx, jobs, {
    tenantId,
    queue: LEAVE_RETURN_QUEUE,
    key,
    runAt: midnight(addDays(data.end, 1)),
    payload,
  });
}

/** `work.time_off.cancelled`: drop both jobs; undo a leave this request already started. */
export async function onTimeOffCancelled(
  tx: Tx,
  tenantId: string,
  data: TimeOffRequestData,
  eventId: string,
) {
  const key = keyOf(data.requestId);
  await cancelJobs(tx, jobs, { tenantId, queue: LEAVE_START_QUEUE, key });
  await cancelJobs(tx, jobs, { tenantId, queue: LEAVE_RETURN_QUEUE, key });
  // Undo a leave this request already started (work refuses cancelling started leave, but the
  // event can arrive after the first-day job ran, e.g. when the clock moved on meanwhile).
  const current = await lockEmployee(tx, data.employeeId);
  if (current?.status !== 'ON_LEAVE') return;
  if ((await latestLeaveRequest(tx, current.id)) !== data.requestId) return;
  await move(tx, tenantId, current, 'ACTIVE', data, clock.today(), `event:${eventId}`);
}

/** Consumes work's time-off events: schedules (or drops) the status jobs above. */
export async function startTimeOffConsumer(database: Database, bus: Bus) {
  return bus.subscribe('people.time_off', async (events) => {
    for (const event of events) {
      if (event.type !== 'work.time_off.approved' && event.type !== 'work.time_off.cancelled') continue;
      const data = event.data as unknown as TimeOffRequestData;
      try {
        await withTenant(database, { tenantId: event.tenantId }, (tx) =>
          event.type === 'work.time_off.approved'
            ? onTimeOffApproved(tx, event.tenantId, data)
            : onTimeOffCancelled(tx, event.tenantId, data, event.id),
        );
        outboxSignal.emit('committed');
      } catch (error) {
        // A malformed event must not wedge the group: log it and move on.
        rootLogger.error({ err: error, eventId: event.id }, 'people: could not apply a time-off event');
      }
    }
  });
}
