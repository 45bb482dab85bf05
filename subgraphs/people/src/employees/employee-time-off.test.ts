import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/people';
import { createTestDatabase, identityFor, newId, pinClock, startTestSubgraph } from '@wg/runtime/testing';
import type { TimeOffRequestData } from '@wg/work/events';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { peopleJobRunner, peopleSubgraph } from '../index';
import { seedDepartment } from '../testing';
import {
  LEAVE_RETURN_QUEUE,
  LEAVE_START_QUEUE,
  onTimeOffApproved,
  onTimeOffCancelled,
} from './employee.time-off';

/*
 * Approved time off (work's events) moves the status through people's durable jobs: ON_LEAVE on
 * the first day, ACTIVE the day after the last; a cancellation drops the jobs. A job never ends a
 * manual leave. The clock is pinned and moved; the subgraph's own runner may run jobs as well, so
 * the assertions are about results.
 */
const ACME = newId();
const hr = identityFor(ACME, ['hr_manager']);
let db: Database & { drop(): Promise<void> };
let people: Awaited<ReturnType<typeof startTestSubgraph>>;
let eng: string;
let unpin: () => void = () => {};
const at = (iso: string) => {
  unpin();
  unpin = pinClock(iso);
};
afterEach(() => at('2027-03-01T09:00:00.000Z'));

async function hire() {
  const res = await people.call<{ hireEmployee: { id: string } }>(
    /* GraphQL */ `mutation ($input: CreateEmployeeInput!) { hireEmployee(input: $input) { id } }`,
    {
      input: {
        firstName: 'Lea',
        lastName: 'Leave',
        workEmail: `lea.${newId().slice(-8)}@acme.test`,
        hireDate: '2025-01-06',
        departmentId: eng,
      },
    },
    hr,
  );
  if (!res.data?.hireEmployee) throw new Error(JSON.stringify(res.errors));
  return res.data.hireEmployee.id;
}

const approved = (employeeId: string, start: string, end: string): TimeOffRequestData => ({
  requestId: newId(),
  employeeId,
  start,
  end,
  halfDayStart: false,
  halfDayEnd: false,
  paid: true,
  leaveTypeCode: 'VACATION',
  amount: '3.00',
  unit: 'DAYS',
});
const apply = (fn: (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) => Promise<void>) =>
  withTenant(db, { tenantId: ACME }, fn);

const read = (id: string) =>
  withTenant(db, { tenantId: ACME }, async (tx) => {
    const [employee] = await tx.select().from(tables.employees).where(eq(tables.employees.id, id));
    const history = await tx
      .select({
        kind: tables.employeeHistory.kind,
        after: tables.employeeHistory.after,
        date: tables.employeeHistory.effectiveDate,
      })
      .from(tables.employeeHistory)
      .where(eq(tables.employeeHistory.employeeId, id))
      .orderBy(asc(tables.employeeHistory.recordedAt));
    const jobs = await tx
      .select({ queue: tables.jobs.queue, status: tables.jobs.status, key: tables.jobs.key })
      .from(tables.jobs)
      .where(and(eq(tables.jobs.tenantId, ACME)));
    return { status: employee!.status, history: history.filter((h) => h.kind !== 'HIRE'), jobs };
  });

beforeAll(async () => {
  at('2027-03-01T09:00:00.000Z');
  db = await createTestDatabase();
  people = await startTestSubgraph(peopleSubgraph, db);
  eng = await seedDepartment(db, ACME, { name: 'Engineering' });
}, 60_000);

afterAll(async () => {
  unpin();
  await people?.stop();
  await db?.drop();
});

describe('leave status from approved time off', () => {
  it('ON_LEAVE on the first day, ACTIVE the day after the last, once each', async () => {
    const id = await hire();
    const data = approved(id, '2027-03-10', '2027-03-12');
    await apply((tx) => onTimeOffApproved(tx, ACME, data));
    // A redelivered event changes nothing (the jobs are keyed by the request).
    await apply((tx) => onTimeOffApproved(tx, ACME, data));
    at('2027-03-09T23:59:00.000Z');
    await peopleJobRunner(db).runDue();
    expect((await read(id)).status).toBe('ACTIVE');
    at('2027-03-10T00:00:30.000Z');
    await peopleJobRunner(db).runDue();
    expect((await read(id)).status).toBe('ON_LEAVE');
    at('2027-03-13T00:00:30.000Z');
    await peopleJobRunner(db).runDue();
    const after = await read(id);
    expect(after.status).toBe('ACTIVE');
    expect(after.history.map((h) => [h.kind, h.date, h.after.timeOffRequestId])).toEqual([
      ['LEAVE', '2027-03-10', data.requestId],
      ['RETURN', '2027-03-13', data.requestId],
    ]);
  });

  it('never returns someone on a manual leave, and does not start over one', async () => {
    const id = await hire();
    const data = approved(id, '2027-04-05', '2027-04-06');
    await apply((tx) => onTimeOffApproved(tx, ACME, data));
    // HR puts them on a manual leave (not a request) before the first day.
    at('2027-04-01T09:00:00.000Z');
    const manual = await people.call(
      /* GraphQL */ `mutation ($id: ID!) { startLeave(id: $id, input: { effectiveDate: "2027-04-01", reason: "Sabbatical" }) { status } }`,
      { id },
      hr,
    );
    expect(manual.errors).toBeUndefined();
    at('2027-04-05T00:00:30.000Z');
    await peopleJobRunner(db).runDue();
    at('2027-04-07T00:00:30.000Z');
    await peopleJobRunner(db).runDue();
    const after = await read(id);
    expect(after.status).toBe('ON_LEAVE');
    expect(after.history.map((h) => h.kind)).toEqual(['LEAVE']);
    expect(after.history[0]!.after.timeOffRequestId).toBeUndefined();
  });

  it('a cancellation drops both jobs', async () => {
    const id = await hire();
    const data = approved(id, '2027-05-03', '2027-05-04');
    await apply((tx) => onTimeOffApproved(tx, ACME, data));
    await apply((tx) => onTimeOffCancelled(tx, ACME, data, newId()));
    const key = `time_off:${data.requestId}`;
    const jobs = (await read(id)).jobs.filter((j) => j.key === key);
    expect(jobs.map((j) => [j.queue, j.status]).sort()).toEqual([
      [LEAVE_RETURN_QUEUE, 'cancelled'],
      [LEAVE_START_QUEUE, 'cancelled'],
    ]);
    at('2027-05-03T00:00:30.000Z');
    await peopleJobRunner(db).runDue();
    expect((await read(id)).status).toBe('ACTIVE');
  });
});
