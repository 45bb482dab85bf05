import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/work';
import type { EmployeeSnapshot } from '@wg/people/events';
import type { Identity } from '@wg/runtime';
import {
  createTestDatabase,
  fieldsOf,
  identityFor,
  newId,
  pinClock,
  startTestSubgraph,
} from '@wg/runtime/testing';
import { count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workJobRunner, workSubgraph } from '../index';
import { addEmployees, addEntries, addProject, employeeSnapshot } from '../testing';

const ACME = newId();
const GLOBEX = newId();
let db: Database & { drop(): Promise<void> };
let work: Awaited<ReturnType<typeof startTestSubgraph>>;

// mia manages alice; carol is elsewhere; leo is on leave; gus is Globex's.
let mia: EmployeeSnapshot;
let alice: EmployeeSnapshot;
let carol: EmployeeSnapshot;
let leo: EmployeeSnapshot;
let gus: EmployeeSnapshot;

const admin = identityFor(ACME, ['admin']);
const hr = identityFor(ACME, ['hr_manager']);
const as = (e: EmployeeSnapshot, role = 'employee') => identityFor(ACME, [role], { employeeId: e.id });

const RECORD =
  'id date clockIn clockOut note workedHours autoClosed needsReview clockedInBy breaks { startedAt endedAt } employee { id }';
interface Rec {
  id: string;
  date: string;
  clockIn: string;
  clockOut: string | null;
  note: string | null;
  workedHours: string;
  autoClosed: boolean;
  needsReview: boolean;
  clockedInBy: string | null;
  breaks: { startedAt: string; endedAt: string | null }[];
  employee: { id: string };
}
const clockIn = (identity: Identity, input?: Record<string, unknown>) =>
  work.call<{ clockIn: Rec }>(
    `mutation ($input: ClockInInput) { clockIn(input: $input) { ${RECORD} } }`,
    { input },
    identity,
  );
const act = (name: 'clockOut' | 'startBreak' | 'endBreak', identity: Identity, employeeId?: string) =>
  work.call<Record<string, Rec>>(
    `mutation ($e: ID) { ${name}(employeeId: $e) { ${RECORD} } }`,
    { e: employeeId },
    identity,
  );
const review = (identity: Identity, id: string, clockOut?: string) =>
  work.call<{ reviewAttendanceRecord: Rec }>(
    `mutation ($id: ID!, $out: DateTime) { reviewAttendanceRecord(id: $id, clockOut: $out) { ${RECORD} } }`,
    { id, out: clockOut },
    identity,
  );
const DAYS = /* GraphQL */ `
  query ($reps: [_Any!]!, $from: Date!, $to: Date!) {
    _entities(representations: $reps) {
      ... on Employee { id attendance(from: $from, to: $to) { date workedHours records { id workedHours } } }
    }
  }
`;
const daysOf = (identity: Identity, employeeId: string, from: string, to: string) =>
  work.call<{
    _entities: {
      attendance:
        | { date: string; workedHours: string; records: { id: string; workedHours: string }[] }[]
        | null;
    }[];
  }>(DAYS, { reps: [{ __typename: 'Employee', id: employeeId }], from, to }, identity);

async function openCount(tenantId: string, employeeId: string) {
  const [row] = await withTenant(db, { tenantId }, (tx) =>
    tx
      .select({ n: count() })
      .from(tables.attendanceRecords)
      .where(eq(tables.attendanceRecords.employeeId, employeeId)),
  );
  return row?.n ?? 0;
}

let unpin: (() => void) | null = null;
const at = (iso: string) => {
  unpin?.();
  unpin = pinClock(iso);
};
afterEach(() => {
  unpin?.();
  unpin = null;
});

beforeAll(async () => {
  db = await createTestDatabase();
  work = await startTestSubgraph(workSubgraph, db);
  mia = employeeSnapshot({ hireDate: '2020-01-01' });
  alice = employeeSnapshot({ managerId: mia.id, hireDate: '2020-01-01' });
  carol = employeeSnapshot({ hireDate: '2020-01-01' });
  leo = employeeSnapshot({ status: 'ON_LEAVE', hireDate: '2020-01-01' });
  await addEmployees(db, ACME, [mia, alice, carol, leo]);
  [gus] = (await addEmployees(db, GLOBEX, [{ hireDate: '2020-01-01' }])) as [EmployeeSnapshot];
});

afterAll(async () => {
  await work?.stop();
  await db?.drop();
});

describe('clock in and out', () => {
  it('records a day with a break: worked hours are presence minus breaks', async () => {
    at('2026-03-02T08:00:00Z');
    const opened = await clockIn(as(alice), { note: ' Office ' });
    expect(opened.errors).toBeUndefined();
    expect(opened.data!.clockIn).toMatchObject({
      date: '2026-03-02',
      clockIn: '2026-03-02T08:00:00.000Z',
      clockOut: null,
      note: 'Office',
      workedHours: '0.00',
      autoClosed: false,
      employee: { id: alice.id },
    });
    at('2026-03-02T12:00:00Z');
    expect((await act('startBreak', as(alice))).errors).toBeUndefined();
    at('2026-03-02T12:45:00Z');
    expect((await act('endBreak', as(alice))).errors).toBeUndefined();
    at('2026-03-02T16:30:00Z');
    const closed = (await act('clockOut', as(alice))).data!.clockOut!;
    expect(closed).toMatchObject({
      clockOut: '2026-03-02T16:30:00.000Z',
      workedHours: '7.75',
      breaks: [{ startedAt: '2026-03-02T12:00:00.000Z', endedAt: '2026-03-02T12:45:00.000Z' }],
    });
    // The clock-out cancelled the auto-close job; run anything due anyway: the record stays as it is.
    const jobs = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx
        .select()
        .from(tables.jobs)
        .where(eq(tables.jobs.key, `record:${closed.id}`)),
    );
    expect(jobs.map((j) => j.status)).toEqual(['cancelled']);
    at('2026-03-02T20:00:01Z');
    await workJobRunner(db).runDue();
    const [after] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.attendanceRecords).where(eq(tables.attendanceRecords.id, closed.id)),
    );
    expect(after).toMatchObject({
      autoClosed: false,
      needsReview: false,
      clockOut: new Date('2026-03-02T16:30:00Z'),
    });

    const days = (await daysOf(as(alice), alice.id, '2026-03-01', '2026-03-03')).data!._entities[0]!
      .attendance;
    expect(days).toEqual([
      { date: '2026-03-02', workedHours: '7.75', records: [{ id: closed.id, workedHours: '7.75' }] },
    ]);
  });

  it('ends an open break at clock-out', async () => {
    at('2026-03-03T08:00:00Z');
    await clockIn(as(carol));
    at('2026-03-03T15:00:00Z');
    await act('startBreak', as(carol));
    at('2026-03-03T16:00:00Z');
    const closed = (await act('clockOut', as(carol))).data!.clockOut!;
    expect(closed.breaks).toEqual([
      { startedAt: '2026-03-03T15:00:00.000Z', endedAt: '2026-03-03T16:00:00.000Z' },
    ]);
    expect(closed.workedHours).toBe('7.00');
  });

  it('refuses a second clock-in, also when two race: exactly one wins', async () => {
    at('2026-03-04T08:00:00Z');
    const before = await openCount(ACME, mia.id);
    const [a, b] = await Promise.all([clockIn(as(mia)), clockIn(as(mia))]);
    const codes = [a, b].map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    expect(await openCount(ACME, mia.id)).toBe(before + 1);
    const again = await clockIn(as(mia));
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(again.errors?.[0]?.message).toMatch(/is already clocked in \(since 2026-03-04T08:00:00.000Z\)/);
    at('2026-03-04T17:00:00Z');
    await act('clockOut', as(mia));
  });

  it('is a CONFLICT to clock out, start or end a break with nothing open', async () => {
    for (const name of ['clockOut', 'startBreak', 'endBreak'] as const) {
      const res = await act(name, as(carol));
      expect(res.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    }
    at('2026-03-05T08:00:00Z');
    await clockIn(as(carol));
    expect((await act('endBreak', as(carol))).errors?.[0]?.message).toMatch(/is not on a break/);
    await act('startBreak', as(carol));
    expect((await act('startBreak', as(carol))).errors?.[0]?.message).toMatch(/already on a break/);
    at('2026-03-05T09:00:00Z');
    await act('clockOut', as(carol));
  });

  it('names bad input and writes nothing', async () => {
    const before = await openCount(ACME, carol.id);
    const long = await clockIn(as(carol), { note: 'x'.repeat(501) });
    expect(fieldsOf(long)).toEqual(['input.note']);
    expect(fieldsOf(await clockIn(admin, { employeeId: 'nope' }))).toEqual(['employeeId']);
    expect(fieldsOf(await clockIn(admin, { employeeId: newId() }))).toEqual(['employeeId']);
    const onLeave = await clockIn(admin, { employeeId: leo.id });
    expect(onLeave.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'employeeId', message: 'Employee is not active (ON_LEAVE)' }],
    });
    // An admin user without an employee must say whom.
    expect(fieldsOf(await clockIn(admin))).toEqual(['employeeId']);
    expect(await openCount(ACME, carol.id)).toBe(before);
  });

  it('clocks in on behalf only within the caller’s scope', async () => {
    at('2026-03-06T08:00:00Z');
    // An employee may not clock a colleague; a manager may clock their report, not others.
    expect((await clockIn(as(carol), { employeeId: alice.id })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await clockIn(as(mia, 'manager'), { employeeId: carol.id })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const manager = as(mia, 'manager');
    const onBehalf = await clockIn(manager, { employeeId: alice.id });
    expect(onBehalf.errors).toBeUndefined();
    expect(onBehalf.data!.clockIn.clockedInBy).toBe(manager.userId);
    const byHr = await act('clockOut', hr, alice.id);
    expect(byHr.errors).toBeUndefined();
    expect(
      (await act('clockOut', identityFor(ACME, ['viewer']), alice.id)).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
  });

  it('never reaches another tenant', async () => {
    const globexAdmin = identityFor(GLOBEX, ['admin']);
    // Acme's employee is unknown to Globex, and the other way round.
    expect(fieldsOf(await clockIn(globexAdmin, { employeeId: alice.id }))).toEqual(['employeeId']);
    expect(fieldsOf(await clockIn(admin, { employeeId: gus.id }))).toEqual(['employeeId']);
    const seen = await daysOf(globexAdmin, alice.id, '2026-03-01', '2026-03-31');
    expect(seen.data!._entities[0]!.attendance).toEqual([]);
  });
});

describe('the forgotten clock-out rule and review', () => {
  it('closes a record left open after autoCloseAfterHours and flags it; a reviewer corrects it', async () => {
    at('2026-04-01T07:00:00Z');
    const settings = await work.call(
      'mutation { updateAttendanceSettings(input: { autoCloseAfterHours: 10 }) { autoCloseAfterHours } }',
      {},
      hr,
    );
    expect(settings.errors).toBeUndefined();
    const opened = (await clockIn(as(alice))).data!.clockIn;
    at('2026-04-01T16:59:00Z');
    await workJobRunner(db).runDue();
    expect(
      (await daysOf(as(alice), alice.id, '2026-04-01', '2026-04-01')).data!._entities[0]!.attendance![0]!
        .records[0]!.workedHours,
    ).toBe('9.98');
    at('2026-04-01T17:00:01Z');
    await workJobRunner(db).runDue();
    const [row] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.attendanceRecords).where(eq(tables.attendanceRecords.id, opened.id)),
    );
    expect(row).toMatchObject({
      autoClosed: true,
      needsReview: true,
      clockOut: new Date('2026-04-01T17:00:00Z'),
    });

    // Never your own; not outside your team; bad times named; then the manager fixes it.
    expect((await review(as(alice, 'manager'), opened.id)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await review(as(carol, 'manager'), opened.id)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await review(as(carol), opened.id)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(fieldsOf(await review(as(mia, 'manager'), opened.id, '2026-04-01T06:00:00Z'))).toEqual([
      'clockOut',
    ]);
    expect(fieldsOf(await review(as(mia, 'manager'), opened.id, '2026-04-02T06:00:00Z'))).toEqual([
      'clockOut',
    ]);
    const fixed = await review(as(mia, 'manager'), opened.id, '2026-04-01T15:30:00Z');
    expect(fixed.errors).toBeUndefined();
    expect(fixed.data!.reviewAttendanceRecord).toMatchObject({
      clockOut: '2026-04-01T15:30:00.000Z',
      workedHours: '8.50',
      autoClosed: true,
      needsReview: false,
    });
    expect((await review(as(mia, 'manager'), opened.id)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await review(identityFor(GLOBEX, ['admin']), opened.id)).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
  });

  it('validates the settings and keeps them per tenant', async () => {
    const bad = await work.call(
      'mutation { updateAttendanceSettings(input: { autoCloseAfterHours: 0, timeZone: "Mars/Base", discrepancyToleranceHours: "25" }) { timeZone } }',
      {},
      hr,
    );
    expect(fieldsOf(bad)).toEqual([
      'input.autoCloseAfterHours',
      'input.discrepancyToleranceHours',
      'input.timeZone',
    ]);
    expect(
      (
        await work.call(
          'mutation { updateAttendanceSettings(input: { timeZone: "UTC" }) { timeZone } }',
          {},
          as(mia, 'manager'),
        )
      ).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    const globex = await work.call<{ attendanceSettings: { autoCloseAfterHours: number } }>(
      '{ attendanceSettings { autoCloseAfterHours } }',
      {},
      identityFor(GLOBEX, ['admin']),
    );
    expect(globex.data!.attendanceSettings.autoCloseAfterHours).toBe(12);
  });
});

describe('attendance per day and discrepancies', () => {
  const tenant = newId();
  const boss = employeeSnapshot({ hireDate: '2020-01-01' });
  const report = employeeSnapshot({ managerId: boss.id, hireDate: '2020-01-01' });
  const other = employeeSnapshot({ hireDate: '2020-01-01' });
  const tenantHr = identityFor(tenant, ['hr_manager']);

  beforeAll(async () => {
    await addEmployees(db, tenant, [boss, report, other]);
    const project = await addProject(db, tenant);
    await work.call(
      'mutation { updateAttendanceSettings(input: { timeZone: "Europe/Berlin", discrepancyToleranceHours: "0.25" }) { timeZone } }',
      {},
      tenantHr,
    );
    // report: 8 h present on 2026-05-04 (Berlin), 6 h logged (+ 2 h rejected, not counted).
    // other: a record from 23:30 to 07:30 Berlin counts on its clock-in day, 05-04; logged 8 h.
    for (const [who, inAt, outAt] of [
      [report, '2026-05-04T07:00:00Z', '2026-05-04T15:00:00Z'],
      [other, '2026-05-04T21:30:00Z', '2026-05-05T05:30:00Z'],
    ] as const) {
      at(inAt);
      await clockIn(tenantHr, { employeeId: who.id });
      at(outAt);
      await act('clockOut', tenantHr, who.id);
    }
    await addEntries(db, tenant, [
      { employeeId: report.id, projectId: project, date: '2026-05-04', hours: '6.00' },
      {
        employeeId: report.id,
        projectId: project,
        date: '2026-05-04',
        hours: '2.00',
        status: 'REJECTED',
        rejectionReason: 'no',
      },
      { employeeId: other.id, projectId: project, date: '2026-05-04', hours: '8.00' },
      // Logged on a day without attendance: a discrepancy too.
      { employeeId: report.id, projectId: project, date: '2026-05-05', hours: '3.00' },
    ]);
  });

  const DISCREPANCIES = /* GraphQL */ `
    query ($from: Date!, $to: Date!, $d: ID) {
      attendanceDiscrepancies(from: $from, to: $to, departmentId: $d) {
        edges { node { date attendanceHours loggedHours difference employee { id } } }
      }
    }
  `;
  type D = {
    date: string;
    attendanceHours: string;
    loggedHours: string;
    difference: string;
    employee: { id: string };
  };
  const discrepancies = (identity: Identity, from = '2026-05-01', to = '2026-05-31', d?: string) =>
    work
      .call<{ attendanceDiscrepancies: { edges: { node: D }[] } }>(DISCREPANCIES, { from, to, d }, identity)
      .then((res) => ({
        ...res,
        data: res.data
          ? { attendanceDiscrepancies: res.data.attendanceDiscrepancies.edges.map((e) => e.node) }
          : res.data,
      }));

  it('reports days where attendance and logged hours disagree beyond the tolerance', async () => {
    const res = await discrepancies(tenantHr);
    expect(res.errors).toBeUndefined();
    expect(res.data!.attendanceDiscrepancies).toEqual([
      {
        date: '2026-05-04',
        attendanceHours: '8.00',
        loggedHours: '6.00',
        difference: '2.00',
        employee: { id: report.id },
      },
      {
        date: '2026-05-05',
        attendanceHours: '0.00',
        loggedHours: '3.00',
        difference: '-3.00',
        employee: { id: report.id },
      },
    ]);
  });

  it('counts a night shift on its clock-in day in the tenant’s time zone', async () => {
    const days = (await daysOf(tenantHr, other.id, '2026-05-04', '2026-05-05')).data!._entities[0]!
      .attendance;
    expect(days).toEqual([{ date: '2026-05-04', workedHours: '8.00', records: [expect.any(Object)] }]);
  });

  it('follows the read scope: own, team, all; others get null attendance', async () => {
    const mine = await discrepancies(identityFor(tenant, ['employee'], { employeeId: other.id }));
    expect(mine.data!.attendanceDiscrepancies).toEqual([]);
    const team = await discrepancies(identityFor(tenant, ['manager'], { employeeId: boss.id }));
    expect(team.data!.attendanceDiscrepancies.map((d) => d.employee.id)).toEqual([report.id, report.id]);
    const outsider = identityFor(tenant, ['employee'], { employeeId: boss.id });
    expect(
      (await daysOf(outsider, report.id, '2026-05-01', '2026-05-31')).data!._entities[0]!.attendance,
    ).toBeNull();
    expect((await discrepancies(identityFor(tenant, ['viewer']))).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await discrepancies(identityFor(GLOBEX, ['admin']))).data!.attendanceDiscrepancies).toEqual([]);
  });

  it('names bad ranges', async () => {
    expect(fieldsOf(await discrepancies(tenantHr, '2026-05-10', '2026-05-01'))).toEqual(['to']);
    expect(fieldsOf(await discrepancies(tenantHr, '2026-01-01', '2026-12-31'))).toEqual(['to']);
    expect(fieldsOf(await discrepancies(tenantHr, '2026-05-01', '2026-05-31', 'x'))).toEqual([
      'departmentId',
    ]);
    expect(fieldsOf(await daysOf(tenantHr, report.id, '2026-05-10', '2026-05-01'))).toEqual(['to']);
  });
});
