import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/people';
import type { OfferAcceptedData } from '@wg/recruiting/events';
import {
  createTestDatabase,
  eventually,
  identityFor,
  newId,
  pinClock,
  startTestSubgraph,
} from '@wg/runtime/testing';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { peopleJobRunner, peopleSubgraph } from '../index';
import { seedDepartment } from '../testing';
import { START_QUEUE } from './employee.start';

/*
 * Pending starts: a hire whose first day is ahead is PENDING_START and a durable job makes it
 * ACTIVE on the day — once, with a START history entry and a `people.employee.started` event.
 * The clock is pinned so "today" is a fixed date; the subgraph's own runner may run the job as
 * well, so the assertions are about the result (exactly one START), not about which runner ran.
 */

const ACME = newId();
const GLOBEX = newId();
const hr = identityFor(ACME, ['hr_manager']);
const globexAdmin = identityFor(GLOBEX, ['admin']);
const TODAY = '2027-03-01';

let db: Database & { drop(): Promise<void> };
let people: Awaited<ReturnType<typeof startTestSubgraph>>;
let eng: string;
let sales: string;
let unpin: () => void = () => {};
const at = (iso: string) => {
  unpin();
  unpin = pinClock(iso);
};
afterEach(() => at(`${TODAY}T09:00:00.000Z`));

async function hire(hireDate: string, extra: Record<string, unknown> = {}) {
  const res = await people.call<{ hireEmployee: { id: string; status: string } }>(
    /* GraphQL */ `mutation ($input: CreateEmployeeInput!) { hireEmployee(input: $input) { id status } }`,
    {
      input: {
        firstName: 'Pia',
        lastName: 'Pending',
        workEmail: `pia.${newId().slice(-8)}@acme.test`,
        hireDate,
        departmentId: eng,
        ...extra,
      },
    },
    hr,
  );
  if (!res.data?.hireEmployee) throw new Error(JSON.stringify(res.errors));
  return res.data.hireEmployee;
}

const read = (id: string) =>
  withTenant(db, { tenantId: ACME }, async (tx) => {
    const [employee] = await tx.select().from(tables.employees).where(eq(tables.employees.id, id));
    const starts = await tx
      .select({ n: count() })
      .from(tables.employeeHistory)
      .where(and(eq(tables.employeeHistory.employeeId, id), eq(tables.employeeHistory.kind, 'START')));
    const events = await tx
      .select()
      .from(tables.outbox)
      .where(and(eq(tables.outbox.aggregateId, id), eq(tables.outbox.type, 'people.employee.started')));
    const jobs = await tx
      .select()
      .from(tables.jobs)
      .where(and(eq(tables.jobs.queue, START_QUEUE), eq(tables.jobs.key, `employee:${id}`)));
    return { employee: employee!, starts: starts[0]!.n, events, jobs };
  });

beforeAll(async () => {
  at(`${TODAY}T09:00:00.000Z`);
  db = await createTestDatabase();
  people = await startTestSubgraph(peopleSubgraph, db);
  eng = await seedDepartment(db, ACME, { name: 'Engineering' });
  sales = await seedDepartment(db, ACME, { name: 'Sales' });
  await seedDepartment(db, GLOBEX, { name: 'Globex' });
}, 60_000);

afterAll(async () => {
  unpin();
  await people?.stop();
  await db?.drop();
});

describe('pending start', () => {
  it('a hire dated today is ACTIVE at once and schedules nothing', async () => {
    const { id, status } = await hire(TODAY);
    expect(status).toBe('ACTIVE');
    expect((await read(id)).jobs).toHaveLength(0);
  });

  it('a hire dated ahead is PENDING_START and becomes ACTIVE on its first day, once', async () => {
    const { id, status } = await hire('2027-03-15');
    expect(status).toBe('PENDING_START');
    const before = await read(id);
    expect(before.jobs).toHaveLength(1);
    expect(before.jobs[0]).toMatchObject({ status: 'pending', runAt: new Date('2027-03-15T00:00:00.000Z') });

    // The day before: nothing is due.
    at('2027-03-14T23:59:00.000Z');
    expect(await peopleJobRunner(db).runDue()).toBe(0);
    expect((await read(id)).employee.status).toBe('PENDING_START');

    // The first day: two runners (as two processes would) — one start.
    at('2027-03-15T00:00:30.000Z');
    await Promise.all([peopleJobRunner(db).runDue(), peopleJobRunner(db).runDue()]);
    const after = await eventually(async () => {
      const r = await read(id);
      return r.employee.status === 'ACTIVE' ? r : null;
    });
    expect(after.starts).toBe(1);
    expect(after.events).toHaveLength(1);
    expect(after.events[0]!.data).toMatchObject({
      id,
      status: 'ACTIVE',
      change: { kind: 'START', effectiveDate: '2027-03-15' },
    });
    expect(after.jobs[0]!.status).toBe('done');
    expect(await peopleJobRunner(db).runDue()).toBe(0);

    const res = await people.call<{ employee: { status: string; history: { kind: string }[] } }>(
      /* GraphQL */ `query ($id: ID!) { employee(id: $id) { status history { kind } } }`,
      { id },
      hr,
    );
    expect(res.data!.employee.status).toBe('ACTIVE');
    expect(res.data!.employee.history.map((h) => h.kind)).toContain('START');
  });

  it('moving a pending hire’s start date moves the start job with it', async () => {
    const { id } = await hire('2027-03-20');
    const moved = await people.call<{ updateEmployee: { status: string } }>(
      /* GraphQL */ `mutation ($id: ID!) { updateEmployee(id: $id, input: { startDate: "2027-03-27" }) { status } }`,
      { id },
      hr,
    );
    expect(moved.errors).toBeUndefined();
    const jobs = (await read(id)).jobs;
    expect(jobs.map((j) => j.status).sort()).toEqual(['cancelled', 'pending']);
    expect(jobs.find((j) => j.status === 'pending')!.runAt).toEqual(new Date('2027-03-27T00:00:00.000Z'));
    at('2027-03-20T08:00:00.000Z'); // the old first day: nothing starts
    await peopleJobRunner(db).runDue();
    expect((await read(id)).employee.status).toBe('PENDING_START');
    at('2027-03-27T08:00:00.000Z');
    await peopleJobRunner(db).runDue();
    const r = await eventually(async () => {
      const x = await read(id);
      return x.employee.status === 'ACTIVE' ? x : null;
    });
    expect(r.starts).toBe(1);
  });

  it('a pending hire can be transferred before starting; terminating it cancels the start', async () => {
    const { id } = await hire('2027-04-01');
    const moved = await people.call<{ transferEmployee: { status: string; department: { id: string } } }>(
      /* GraphQL */ `mutation ($id: ID!, $d: ID!) { transferEmployee(id: $id, input: { departmentId: $d, effectiveDate: "2027-04-01" }) { status department { id } } }`,
      { id, d: sales },
      hr,
    );
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.transferEmployee).toEqual({ status: 'PENDING_START', department: { id: sales } });

    const ended = await people.call<{ terminateEmployee: { status: string } }>(
      /* GraphQL */ `mutation ($id: ID!) { terminateEmployee(id: $id, input: { terminationDate: "2027-04-01", reason: "Offer rescinded" }) { status } }`,
      { id },
      hr,
    );
    expect(ended.errors).toBeUndefined();
    expect(ended.data!.terminateEmployee.status).toBe('TERMINATED');
    expect((await read(id)).jobs.map((j) => j.status)).toEqual(['cancelled']);

    at('2027-04-01T08:00:00.000Z');
    await peopleJobRunner(db).runDue();
    const r = await read(id);
    expect(r.employee.status).toBe('TERMINATED');
    expect(r.starts).toBe(0);
  });

  it('a pending hire cannot start a leave (CONFLICT, nothing written)', async () => {
    const { id } = await hire('2027-05-01');
    const res = await people.call(
      /* GraphQL */ `mutation ($id: ID!) { startLeave(id: $id, input: { effectiveDate: "2027-05-02" }) { status } }`,
      { id },
      hr,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await read(id)).employee.status).toBe('PENDING_START');
  });

  it('an accepted offer with a start date ahead hires PENDING_START into the posting’s position', async () => {
    const [position] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx
        .insert(tables.positions)
        .values({ tenantId: ACME, title: 'Engineer', departmentId: eng, approvedSeats: 1 })
        .returning(),
    );
    const offer = (employeeId: string, positionId: string | null): OfferAcceptedData => ({
      id: newId(),
      applicationId: newId(),
      postingId: newId(),
      departmentId: eng,
      status: 'ACCEPTED',
      baseSalary: '90000.00',
      currency: 'EUR',
      startDate: '2027-06-01',
      employmentType: 'FULL_TIME',
      employeeId,
      internal: false,
      candidateId: newId(),
      firstName: 'Olu',
      lastName: 'Offer',
      email: `olu.${employeeId.slice(-8)}@example.com`,
      phone: null,
      jobTitle: 'Engineer',
      positionId,
      payFrequency: 'ANNUAL',
    });
    const first = newId();
    const second = newId();
    const publish = (data: OfferAcceptedData) =>
      people.bus.publish([
        {
          id: newId(),
          type: 'recruiting.offer.accepted',
          tenantId: ACME,
          aggregate: { type: 'Offer', id: data.id },
          occurredAt: new Date().toISOString(),
          data,
        },
      ]);
    await publish(offer(first, position!.id));
    const hired = await eventually(async () => (await read(first)).employee ?? null);
    expect(hired).toMatchObject({
      status: 'PENDING_START',
      positionId: position!.id,
      hireDate: '2027-06-01',
    });
    expect((await read(first)).jobs).toHaveLength(1);

    // The one seat is taken: the next hire into the position goes ahead without it.
    await publish(offer(second, position!.id));
    const without = await eventually(async () => (await read(second)).employee ?? null);
    expect(without).toMatchObject({ status: 'PENDING_START', positionId: null });
  });

  it('another tenant cannot see or start a pending hire', async () => {
    const { id } = await hire('2027-07-01');
    const res = await people.call<{ employee: unknown }>(
      /* GraphQL */ `query ($id: ID!) { employee(id: $id) { id status } }`,
      { id },
      globexAdmin,
    );
    expect(res.data?.employee ?? null).toBeNull();
    const globexJobs = await withTenant(db, { tenantId: GLOBEX }, (tx) => tx.select().from(tables.jobs));
    expect(globexJobs).toHaveLength(0);
  });
});
