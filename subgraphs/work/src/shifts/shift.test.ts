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
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workSubgraph } from '../index';
import { addEmployees, employeeSnapshot } from '../testing';

const ACME = newId();
const GLOBEX = newId();
const DEPT = newId();
const OTHER_DEPT = newId();
let db: Database & { drop(): Promise<void> };
let work: Awaited<ReturnType<typeof startTestSubgraph>>;
let unpin: () => void;

// mia manages ann and ben (all in DEPT); cal is in OTHER_DEPT.
let mia: EmployeeSnapshot;
let ann: EmployeeSnapshot;
let ben: EmployeeSnapshot;
let cal: EmployeeSnapshot;
let scheduleId: string;
let earlyId: string;
let nightId: string;

const hr = identityFor(ACME, ['hr_manager']);
const as = (e: EmployeeSnapshot, role = 'employee') => identityFor(ACME, [role], { employeeId: e.id });
const SHIFT =
  'id date startsAt endsAt paidHours status employee { id } schedule { id name } template { name }';
type ShiftView = {
  id: string;
  date: string;
  startsAt: string;
  endsAt: string;
  paidHours: string;
  status: string;
  employee: { id: string } | null;
  schedule: { id: string };
  template: { name: string } | null;
};

const gql = <T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
  identity: Identity,
) => work.call<T>(query, variables, identity);
const createShift = (input: Record<string, unknown>, identity: Identity = hr) =>
  gql<{ createShift: ShiftView }>(
    `mutation ($i: CreateShiftInput!) { createShift(input: $i) { ${SHIFT} } }`,
    { i: input },
    identity,
  );
const early = (date: string, employeeId?: string) =>
  createShift({ scheduleId, templateId: earlyId, date, employeeId });
const assign = (shiftId: string, employeeId: string, identity: Identity = hr) =>
  gql<{ assignShift: ShiftView }>(
    `mutation ($s: ID!, $e: ID!) { assignShift(shiftId: $s, employeeId: $e) { ${SHIFT} } }`,
    { s: shiftId, e: employeeId },
    identity,
  );
const claim = (shiftId: string, identity: Identity) =>
  gql<{ claimOpenShift: ShiftView }>(
    `mutation ($s: ID!) { claimOpenShift(shiftId: $s) { ${SHIFT} } }`,
    { s: shiftId },
    identity,
  );
const code = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  res.errors?.[0]?.extensions?.code;
const message = (res: { errors?: readonly { message: string }[] }) => res.errors?.[0]?.message;

async function shiftRow(id: string) {
  const [row] = await withTenant(db, { tenantId: ACME }, (tx) =>
    tx.select().from(tables.shifts).where(eq(tables.shifts.id, id)),
  );
  return row!;
}

beforeAll(async () => {
  unpin = pinClock('2026-06-01T06:00:00Z');
  db = await createTestDatabase();
  work = await startTestSubgraph(workSubgraph, db);
  mia = employeeSnapshot({ departmentId: DEPT, hireDate: '2020-01-01' });
  ann = employeeSnapshot({ departmentId: DEPT, managerId: mia.id, hireDate: '2020-01-01' });
  ben = employeeSnapshot({ departmentId: DEPT, managerId: mia.id, hireDate: '2020-01-01' });
  cal = employeeSnapshot({ departmentId: OTHER_DEPT, hireDate: '2020-01-01' });
  await addEmployees(db, ACME, [mia, ann, ben, cal]);
  await withTenant(db, { tenantId: ACME }, (tx) =>
    tx.insert(tables.entityRefs).values([
      { tenantId: ACME, entityType: 'Department', id: DEPT, data: { id: DEPT, name: 'Store' } },
      { tenantId: ACME, entityType: 'Department', id: OTHER_DEPT, data: { id: OTHER_DEPT, name: 'Depot' } },
    ]),
  );
  const t = await gql<{ createShiftTemplate: { id: string } }>(
    'mutation { createShiftTemplate(input: { name: "Early", startTime: "06:00", endTime: "14:00", breakMinutes: 30, timeZone: "Europe/Berlin" }) { id } }',
    {},
    hr,
  );
  earlyId = t.data!.createShiftTemplate.id;
  const n = await gql<{ createShiftTemplate: { id: string } }>(
    'mutation { createShiftTemplate(input: { name: "Night", startTime: "22:00", endTime: "06:00", timeZone: "Europe/Berlin" }) { id } }',
    {},
    hr,
  );
  nightId = n.data!.createShiftTemplate.id;
  const s = await gql<{ createSchedule: { id: string } }>(
    'mutation ($d: ID!) { createSchedule(input: { name: "Store rota", departmentId: $d, timeZone: "Europe/Berlin" }) { id } }',
    { d: DEPT },
    hr,
  );
  scheduleId = s.data!.createSchedule.id;
});

afterAll(async () => {
  unpin?.();
  await work?.stop();
  await db?.drop();
});

describe('shifts', () => {
  it('makes shifts from templates in the schedule’s zone, overnight ones ending the next day', async () => {
    const res = await early('2026-06-08', ann.id);
    expect(res.errors).toBeUndefined();
    expect(res.data!.createShift).toMatchObject({
      date: '2026-06-08',
      startsAt: '2026-06-08T04:00:00.000Z',
      endsAt: '2026-06-08T12:00:00.000Z',
      paidHours: '7.50',
      status: 'ASSIGNED',
      employee: { id: ann.id },
      template: { name: 'Early' },
      schedule: { id: scheduleId },
    });
    const night = await createShift({ scheduleId, templateId: nightId, date: '2026-06-20' });
    expect(night.data!.createShift).toMatchObject({
      startsAt: '2026-06-20T20:00:00.000Z',
      endsAt: '2026-06-21T04:00:00.000Z',
      paidHours: '8.00',
      status: 'OPEN',
      employee: null,
    });
  });

  it('names bad input and writes nothing', async () => {
    const badTemplate = await gql(
      'mutation { createShiftTemplate(input: { name: "", startTime: "25:00", endTime: "9", breakMinutes: -1, timeZone: "Nowhere" }) { id } }',
      {},
      hr,
    );
    expect(fieldsOf(badTemplate)).toEqual([
      'input.breakMinutes',
      'input.endTime',
      'input.name',
      'input.startTime',
      'input.timeZone',
    ]);
    const long = await createShift({
      scheduleId,
      startsAt: '2026-06-10T00:00:00Z',
      endsAt: '2026-06-11T01:00:00Z',
    });
    expect(message(long)).toBe('Invalid input: input.endsAt');
    expect(long.errors?.[0]?.extensions).toMatchObject({
      fields: [{ field: 'input.endsAt', message: 'A shift lasts at most 24 hours' }],
    });
    expect(
      fieldsOf(
        await createShift({ scheduleId, startsAt: '2026-06-10T10:00:00Z', endsAt: '2026-06-10T09:00:00Z' }),
      ),
    ).toEqual(['input.endsAt']);
    expect(fieldsOf(await createShift({ scheduleId, templateId: earlyId }))).toEqual(['input.date']);
    expect(
      fieldsOf(await createShift({ scheduleId: newId(), templateId: earlyId, date: '2026-06-10' })),
    ).toEqual(['input.scheduleId']);
    expect(
      fieldsOf(
        await createShift({ scheduleId, templateId: earlyId, date: '2026-06-10', employeeId: newId() }),
      ),
    ).toEqual(['input.employeeId']);
    const rows = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.shifts).where(eq(tables.shifts.date, '2026-06-10')),
    );
    expect(rows).toHaveLength(0);
  });

  it('refuses overlapping shifts, also when two assignments race', async () => {
    const first = (await early('2026-06-09', ben.id)).data!.createShift;
    const overlapping = await createShift({
      scheduleId,
      startsAt: '2026-06-09T10:00:00Z',
      endsAt: '2026-06-09T18:00:00Z',
      employeeId: ben.id,
    });
    expect(code(overlapping)).toBe('CONFLICT');
    expect(message(overlapping)).toMatch(/^No overlapping shifts/);
    expect(first.status).toBe('ASSIGNED');

    // Two open shifts at the same time, assigned to ann at once: exactly one assignment wins.
    const a = (await early('2026-06-16')).data!.createShift;
    const b = (await early('2026-06-16')).data!.createShift;
    const results = await Promise.all([assign(a.id, ann.id), assign(b.id, ann.id)]);
    expect(results.map((r) => code(r) ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    const rows = await Promise.all([shiftRow(a.id), shiftRow(b.id)]);
    expect(rows.filter((r) => r.employeeId === ann.id)).toHaveLength(1);
  });

  it('refuses a shift on approved leave, naming the leave', async () => {
    const leaveType = await withTenant(db, { tenantId: ACME }, async (tx) => {
      const [t] = await tx
        .insert(tables.leaveTypes)
        .values({ tenantId: ACME, name: 'Vacation', code: 'VAC' })
        .returning();
      await tx.insert(tables.timeOffRequests).values({
        tenantId: ACME,
        employeeId: ann.id,
        leaveTypeId: t!.id,
        startDate: '2026-06-22',
        endDate: '2026-06-24',
        status: 'APPROVED',
        amount: '3.00',
        amountByYear: { '2026': '3.00' },
      });
      return t!;
    });
    const res = await early('2026-06-23', ann.id);
    expect(code(res)).toBe('CONFLICT');
    expect(message(res)).toBe('No shift on approved leave: Vacation from 2026-06-22 to 2026-06-24');
    expect(leaveType.name).toBe('Vacation');
  });

  it('keeps the minimum rest and the weekly maximum, naming the rule', async () => {
    // A night shift ending 04:00 UTC on the 2nd, then an early one at 04:00 UTC the same day: 0 h rest.
    await createShift({ scheduleId, templateId: nightId, date: '2026-07-01', employeeId: mia.id });
    const tired = await early('2026-07-02', mia.id);
    expect(code(tired)).toBe('CONFLICT');
    expect(message(tired)).toMatch(/^Minimum rest of 11.00 h between shifts/);

    const settings = await gql(
      'mutation { updateShiftSettings(input: { maxWeeklyHours: "20" }) { maxWeeklyHours } }',
      {},
      hr,
    );
    expect(settings.errors).toBeUndefined();
    try {
      // Week of Monday 2026-07-06: two early shifts (15 h) fit, a third (22.5 h) does not.
      expect((await early('2026-07-06', cal.id)).errors).toBeUndefined();
      expect((await early('2026-07-07', cal.id)).errors).toBeUndefined();
      const third = await early('2026-07-08', cal.id);
      expect(code(third)).toBe('CONFLICT');
      expect(message(third)).toBe(
        'Maximum of 20.00 h a week: the week of 2026-07-06 has 15.00 h, this shift adds 7.50 h',
      );
    } finally {
      await gql(
        'mutation { updateShiftSettings(input: { maxWeeklyHours: "48" }) { maxWeeklyHours } }',
        {},
        hr,
      );
    }
  });

  it('lets one of two racing claims take an open shift, only within the schedule’s department', async () => {
    const open = (await early('2026-06-29')).data!.createShift;
    expect(code(await claim(open.id, as(cal)))).toBe('FORBIDDEN');
    const results = await Promise.all([claim(open.id, as(ann)), claim(open.id, as(ben))]);
    expect(results.map((r) => code(r) ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    expect((await shiftRow(open.id)).status).toBe('ASSIGNED');
  });

  it('scopes management: a manager runs their own department’s rota only; an employee none', async () => {
    expect(code(await early('2026-08-03'))).toBeUndefined();
    expect(
      code(await createShift({ scheduleId, templateId: earlyId, date: '2026-08-04' }, as(mia, 'manager'))),
    ).toBeUndefined();
    const depot = await gql<{ createSchedule: { id: string } }>(
      'mutation ($d: ID!) { createSchedule(input: { name: "Depot rota", departmentId: $d, timeZone: "Europe/Berlin" }) { id } }',
      { d: OTHER_DEPT },
      as(mia, 'manager'),
    );
    expect(code(depot)).toBe('FORBIDDEN');
    expect(code(await createShift({ scheduleId, templateId: earlyId, date: '2026-08-05' }, as(ann)))).toBe(
      'FORBIDDEN',
    );
    const globex = identityFor(GLOBEX, ['admin']);
    expect(
      fieldsOf(await createShift({ scheduleId, templateId: earlyId, date: '2026-08-05' }, globex)),
    ).toEqual(['input.scheduleId']);
    expect(code(await assign(newId(), ann.id))).toBe('NOT_FOUND');
  });

  it('shows Employee.shifts within the read scope and the department rota with open shifts', async () => {
    const EMPLOYEE = /* GraphQL */ `
      query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Employee { shifts(from: "2026-06-01", to: "2026-06-30") { date } } } }
    `;
    const shiftsOf = (id: string, identity: Identity) =>
      gql<{ _entities: { shifts: { date: string }[] | null }[] }>(
        EMPLOYEE,
        { reps: [{ __typename: 'Employee', id }] },
        identity,
      );
    expect((await shiftsOf(ann.id, as(ann))).data!._entities[0]!.shifts!.map((s) => s.date)).toContain(
      '2026-06-08',
    );
    expect((await shiftsOf(ann.id, as(ben))).data!._entities[0]!.shifts).toBeNull();
    expect((await shiftsOf(ann.id, as(mia, 'manager'))).data!._entities[0]!.shifts).not.toBeNull();

    const ROTA = /* GraphQL */ `
      query ($d: ID!) { schedule(departmentId: $d, from: "2026-06-01", to: "2026-06-30") {
        rows { employee { id } paidHours shifts { date } } openShifts { date }
      } }
    `;
    const rota = (
      await gql<{ schedule: { rows: { employee: { id: string } }[]; openShifts: { date: string }[] } }>(
        ROTA,
        { d: DEPT },
        hr,
      )
    ).data!.schedule;
    expect(rota.rows.map((r) => r.employee.id)).toEqual(expect.arrayContaining([ann.id, ben.id]));
    expect(rota.openShifts.map((s) => s.date)).toContain('2026-06-20');
    const own = (
      await gql<{ schedule: { rows: { employee: { id: string } }[] } }>(ROTA, { d: DEPT }, as(ben))
    ).data!.schedule;
    expect(own.rows.map((r) => r.employee.id)).toEqual([ben.id]);
    expect(fieldsOf(await gql(ROTA, { d: 'x' }, hr))).toEqual(['departmentId']);
  });
});

describe('shifts and leave', () => {
  const APPROVE = /* GraphQL */ `mutation ($ids: [ID!]!) { approveTimeOffRequests(ids: $ids) { id status } }`;
  async function pendingLeave(employeeId: string, start: string, end: string) {
    return withTenant(db, { tenantId: ACME }, async (tx) => {
      const [type] = await tx
        .insert(tables.leaveTypes)
        .values({ tenantId: ACME, name: `Leave ${newId().slice(-6)}`, code: `L${newId().slice(-6)}` })
        .returning();
      const [request] = await tx
        .insert(tables.timeOffRequests)
        .values({
          tenantId: ACME,
          employeeId,
          leaveTypeId: type!.id,
          startDate: start,
          endDate: end,
          status: 'PENDING',
          amount: '1.00',
          amountByYear: { '2026': '1.00' },
        })
        .returning();
      return request!.id;
    });
  }

  it('refuses to approve leave over assigned shifts, naming them', async () => {
    await early('2026-10-05', ben.id);
    const request = await pendingLeave(ben.id, '2026-10-05', '2026-10-06');
    const res = await gql(APPROVE, { ids: [request] }, hr);
    expect(code(res)).toBe('CONFLICT');
    expect(message(res)).toBe(
      `Time-off request ${request} covers 1 assigned shift(s) (2026-10-05): reassign or cancel them first`,
    );
  });

  it('lets only one of a racing leave approval and shift assignment through', async () => {
    const open = (await early('2026-10-12')).data!.createShift;
    const request = await pendingLeave(ann.id, '2026-10-12', '2026-10-12');
    const [approved, assigned] = await Promise.all([
      gql(APPROVE, { ids: [request] }, hr),
      assign(open.id, ann.id),
    ]);
    expect([code(approved) ?? 'OK', code(assigned) ?? 'OK'].sort()).toEqual(['CONFLICT', 'OK']);
    const [leave] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.timeOffRequests).where(eq(tables.timeOffRequests.id, request)),
    );
    const shift = await shiftRow(open.id);
    // Never both: approved leave and a shift on the same day.
    expect(leave!.status === 'APPROVED' && shift.employeeId === ann.id).toBe(false);
  });
});

describe('shift swaps', () => {
  const SWAP = 'id status reason shift { id employee { id } } targetEmployee { id } targetShift { id }';
  const request = (input: Record<string, unknown>, identity: Identity) =>
    gql<{ requestShiftSwap: { id: string; status: string } }>(
      `mutation ($i: RequestShiftSwapInput!) { requestShiftSwap(input: $i) { ${SWAP} } }`,
      { i: input },
      identity,
    );
  const approve = (ids: string[], identity: Identity) =>
    gql<{ approveShiftSwaps: { status: string; shift: { employee: { id: string } } }[] }>(
      `mutation ($ids: [ID!]!) { approveShiftSwaps(ids: $ids) { ${SWAP} } }`,
      { ids },
      identity,
    );

  it('hands a shift over once the manager approves, and announces it to the approvals inbox', async () => {
    const shift = (await early('2026-09-07', ann.id)).data!.createShift;
    const asked = await request({ shiftId: shift.id, targetEmployeeId: ben.id, note: 'Dentist' }, as(ann));
    expect(asked.errors).toBeUndefined();
    const swapId = asked.data!.requestShiftSwap.id;
    expect(code(await request({ shiftId: shift.id, targetEmployeeId: ben.id }, as(ann)))).toBe('CONFLICT');

    const [event] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx
        .select()
        .from(tables.outbox)
        .where(and(eq(tables.outbox.type, 'work.approval.changed'))),
    ).then((rows) => rows.filter((r) => JSON.stringify(r.data).includes(swapId)));
    expect(
      (event!.data as { changes: { kind: string; status: string; employeeId: string }[] }).changes[0],
    ).toMatchObject({
      kind: 'shift_swap',
      status: 'PENDING',
      employeeId: ann.id,
    });

    expect(code(await approve([swapId], as(ann, 'manager')))).toBe('FORBIDDEN');
    expect(code(await approve([swapId], as(cal, 'manager')))).toBe('FORBIDDEN');
    expect(code(await approve([swapId], identityFor(GLOBEX, ['admin'])))).toBe('NOT_FOUND');
    const approved = await approve([swapId], as(mia, 'manager'));
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.approveShiftSwaps[0]).toMatchObject({
      status: 'APPROVED',
      shift: { employee: { id: ben.id } },
    });
    expect(code(await approve([swapId], as(mia, 'manager')))).toBe('CONFLICT');
  });

  it('exchanges two shifts, and refuses the approval when a rule breaks for either side', async () => {
    const annShift = (await early('2026-09-14', ann.id)).data!.createShift;
    const benShift = (await early('2026-09-15', ben.id)).data!.createShift;
    const swap = (
      await request({ shiftId: annShift.id, targetEmployeeId: ben.id, targetShiftId: benShift.id }, as(ann))
    ).data!.requestShiftSwap;
    const ok = await approve([swap.id], hr);
    expect(ok.errors).toBeUndefined();
    expect((await shiftRow(annShift.id)).employeeId).toBe(ben.id);
    expect((await shiftRow(benShift.id)).employeeId).toBe(ann.id);

    // Ben takes a night before the shift he would receive: the approval breaks the rest rule.
    const annNext = (await early('2026-09-22', ann.id)).data!.createShift;
    await createShift({ scheduleId, templateId: nightId, date: '2026-09-21', employeeId: ben.id });
    const risky = (await request({ shiftId: annNext.id, targetEmployeeId: ben.id }, as(ann))).data!
      .requestShiftSwap;
    const refused = await approve([risky.id], hr);
    expect(code(refused)).toBe('CONFLICT');
    expect(message(refused)).toMatch(/^Minimum rest/);
    expect((await shiftRow(annNext.id)).employeeId).toBe(ann.id);
  });

  it('names bad input on requests and rejections', async () => {
    const shift = (await early('2026-09-28', ann.id)).data!.createShift;
    expect(fieldsOf(await request({ shiftId: shift.id, targetEmployeeId: ann.id }, as(ann)))).toEqual([
      'input.targetEmployeeId',
    ]);
    expect(fieldsOf(await request({ shiftId: newId(), targetEmployeeId: ben.id }, as(ann)))).toEqual([
      'input.shiftId',
    ]);
    expect(code(await request({ shiftId: shift.id, targetEmployeeId: ben.id }, as(ben)))).toBe('FORBIDDEN');
    const swap = (await request({ shiftId: shift.id, targetEmployeeId: ben.id }, as(ann))).data!
      .requestShiftSwap;
    const noReason = await gql(
      'mutation ($ids: [ID!]!) { rejectShiftSwaps(ids: $ids, reason: " ") { id } }',
      { ids: [swap.id] },
      hr,
    );
    expect(fieldsOf(noReason)).toEqual(['reason']);
    const rejected = await gql<{ rejectShiftSwaps: { status: string; reason: string }[] }>(
      'mutation ($ids: [ID!]!) { rejectShiftSwaps(ids: $ids, reason: "Short-staffed") { status reason } }',
      { ids: [swap.id] },
      hr,
    );
    expect(rejected.data!.rejectShiftSwaps).toEqual([{ status: 'REJECTED', reason: 'Short-staffed' }]);
  });
});
