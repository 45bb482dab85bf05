import { withTenant } from '@wg/db';
import * as tables from '@wg/db/work';
import type { EmployeeSnapshot } from '@wg/people/events';
import type { Identity } from '@wg/runtime';
import { codeOf, fieldsOf, identityFor, newId, pinClock } from '@wg/runtime/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDepartments, addEmployees } from '../../testing';
import { republishPendingTimeOffRequests } from './time-off-request.service';
import {
  addLeaveType,
  employeeOf,
  hrOf,
  managerOf,
  type Res,
  startTimeOff,
  timeOffCounts,
} from '../time-off.testing';

const ACME = newId();
const GLOBEX = newId();
let t: Awaited<ReturnType<typeof startTimeOff>>;
const hr = hrOf(ACME);

const FIELDS =
  'id status amount startDate endDate halfDayStart halfDayEnd reason decidedAt leaveType { code }';
const REQUEST = `mutation ($input: RequestTimeOffInput!) { requestTimeOff(input: $input) { ${FIELDS} } }`;
const APPROVE = `mutation ($ids: [ID!]!) { approveTimeOffRequests(ids: $ids) { ${FIELDS} } }`;
const REJECT = `mutation ($ids: [ID!]!, $reason: String!) { rejectTimeOffRequests(ids: $ids, reason: $reason) { ${FIELDS} } }`;
const CANCEL = `mutation ($id: ID!) { cancelTimeOffRequest(id: $id) { ${FIELDS} } }`;
const LIST = `query ($filter: TimeOffRequestFilter, $first: Int, $after: String) { timeOffRequests(filter: $filter, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id startDate } } } }`;
const CALENDAR = `query ($d: ID, $m: ID, $from: Date!, $to: Date!) { teamCalendar(departmentId: $d, managerId: $m, from: $from, to: $to) {
  entries { colour request { id status halfDayEnd employee { id } } leaveType { code } } holidays { holiday { date name } calendarName } } }`;
const MINE = `query ($id: ID!, $s: TimeOffStatus) { _entities(representations: [{ __typename: "Employee", id: $id }]) {
  ... on Employee { timeOffRequests(status: $s, from: "2026-01-01", to: "2026-12-31") { id status }
  timeOffBalances(asOf: "2026-06-01") { leaveType { code } taken pending available } } } }`;
const APPROVAL = `query ($ids: [_Any!]!) { _entities(representations: $ids) {
  ... on TimeOffRequestApproval { id request { id status } } } }`;

type Req = { id: string; status: string; amount: string; reason: string | null; decidedAt: string | null };
const request = (input: Record<string, unknown>, who: Identity) =>
  t.work.call(REQUEST, { input }, who) as Promise<Res<{ requestTimeOff: Req }>>;
const approve = (ids: string[], who: Identity) =>
  t.work.call(APPROVE, { ids }, who) as Promise<Res<{ approveTimeOffRequests: Req[] }>>;
const reject = (ids: string[], reason: string, who: Identity) =>
  t.work.call(REJECT, { ids, reason }, who) as Promise<Res<{ rejectTimeOffRequests: Req[] }>>;
const cancel = (id: string, who: Identity) =>
  t.work.call(CANCEL, { id }, who) as Promise<Res<{ cancelTimeOffRequest: Req }>>;

// Org (work's replica): mia manages ann and ben; cat is elsewhere.
let mia: EmployeeSnapshot;
let ann: EmployeeSnapshot;
let ben: EmployeeSnapshot;
let cat: EmployeeSnapshot;
let dept: string;
let vacation: string;
let sick: string;
let unpaid: string;
let restoreClock: () => void;
const asAnn = () => employeeOf(ACME, ann.id);

/** A fresh employee of mia's team with the default 25-day policy (isolates a test's balance). */
async function newcomer(extra: Partial<EmployeeSnapshot> = {}) {
  const [e] = (await addEmployees(t.db, ACME, [{ managerId: mia.id, departmentId: dept, ...extra }])) as [
    EmployeeSnapshot,
  ];
  return e;
}

beforeAll(async () => {
  // A Thursday in spring 2026: everything below is in the future unless said otherwise.
  restoreClock = pinClock('2026-04-02T09:00:00Z');
  t = await startTimeOff();
  [dept] = (await addDepartments(t.db, ACME)) as [string];
  [mia] = (await addEmployees(t.db, ACME, [{ departmentId: dept }])) as [EmployeeSnapshot];
  [ann, ben] = (await addEmployees(t.db, ACME, [
    { managerId: mia.id, departmentId: dept, hireDate: '2020-01-01' },
    { managerId: mia.id, departmentId: dept, hireDate: '2020-01-01', workLocation: 'Dubai' },
  ])) as [EmployeeSnapshot, EmployeeSnapshot];
  [cat] = (await addEmployees(t.db, ACME, [{}])) as [EmployeeSnapshot];
  vacation = await addLeaveType(t.db, ACME, { code: 'VACATION', name: 'Vacation', colour: '#22AA44' });
  sick = await addLeaveType(t.db, ACME, {
    code: 'SICK',
    name: 'Sick',
    balanceApplies: false,
    halfDaysAllowed: false,
    noteRequired: true,
  });
  unpaid = await addLeaveType(t.db, ACME, {
    code: 'UNPAID',
    name: 'Unpaid',
    paid: false,
    unit: 'HOURS',
    balanceApplies: false,
  });
  await withTenant(t.db, { tenantId: ACME }, async (tx) => {
    await tx.insert(tables.timeOffPolicies).values({
      tenantId: ACME,
      leaveTypeId: vacation,
      employmentType: 'FULL_TIME',
      accrualPerYear: '24',
      accrualFrequency: 'UPFRONT',
      carryOverCap: '0',
      negativeLimit: '0',
    });
    const [cal] = await tx
      .insert(tables.holidayCalendars)
      .values({ tenantId: ACME, name: 'Germany' })
      .returning();
    await tx
      .insert(tables.holidays)
      .values({ tenantId: ACME, calendarId: cal!.id, date: '2026-05-25', name: 'Whit Monday' });
    await tx
      .insert(tables.holidayCalendars)
      .values({ tenantId: ACME, name: 'UAE', workLocation: 'Dubai', weekendDays: [6, 7] });
  });
});
afterAll(async () => {
  await t?.stop();
  restoreClock?.();
});

describe('requestTimeOff', () => {
  it('costs Friday to Tuesday over a public Monday as 2 days, PENDING, with an approval change', async () => {
    const me = await newcomer({ hireDate: '2020-01-01' });
    const before = await timeOffCounts(t.db, ACME);
    const res = await request(
      { leaveTypeId: vacation, start: '2026-05-22', end: '2026-05-26' },
      employeeOf(ACME, me.id),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.requestTimeOff).toMatchObject({
      status: 'PENDING',
      amount: '2.00',
      leaveType: { code: 'VACATION' },
    });
    const after = await timeOffCounts(t.db, ACME);
    expect([
      after.requests - before.requests,
      after.audit - before.audit,
      after.outbox - before.outbox,
    ]).toEqual([1, 1, 1]);
    // Ben works in Dubai: no Whit Monday there, so the same days cost 3.
    const ben3 = await request(
      { leaveTypeId: vacation, start: '2026-05-22', end: '2026-05-26' },
      employeeOf(ACME, ben.id),
    );
    expect(ben3.data!.requestTimeOff.amount).toBe('3.00');
  });

  it('half days and hours-unit leave', async () => {
    const me = await newcomer();
    const half = await request(
      { leaveTypeId: vacation, start: '2026-06-01', end: '2026-06-02', halfDayEnd: true },
      employeeOf(ACME, me.id),
    );
    expect(half.data!.requestTimeOff.amount).toBe('1.50');
    const hours = await request(
      { leaveTypeId: unpaid, start: '2026-06-03', end: '2026-06-03', halfDayStart: true },
      employeeOf(ACME, me.id),
    );
    expect(hours.data!.requestTimeOff.amount).toBe('4.00');
  });

  it('names every bad field and writes nothing', async () => {
    const before = await timeOffCounts(t.db, ACME);
    const who = asAnn();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ leaveTypeId: vacation, start: '2026-06-10', end: '2026-06-09' }, ['input.end']],
      [
        {
          leaveTypeId: vacation,
          start: '2026-06-10',
          end: '2026-06-10',
          halfDayStart: true,
          halfDayEnd: true,
        },
        ['input.halfDayEnd'],
      ],
      [{ leaveTypeId: newId(), start: '2026-06-10', end: '2026-06-10' }, ['input.leaveTypeId']],
      [
        { leaveTypeId: 'x', start: '2026-02-30', end: 'soon' },
        ['input.end', 'input.leaveTypeId', 'input.start'],
      ],
      [
        { leaveTypeId: sick, start: '2026-06-10', end: '2026-06-11', halfDayEnd: true },
        ['input.halfDayEnd', 'input.note'],
      ],
      [{ leaveTypeId: vacation, start: '2019-06-10', end: '2019-06-10' }, ['input.start']],
      [{ leaveTypeId: vacation, start: '2026-06-13', end: '2026-06-14' }, ['input.start']],
      [{ employeeId: newId(), leaveTypeId: vacation, start: '2026-06-10', end: '2026-06-10' }, []],
    ];
    for (const [input, fields] of cases) {
      const res = await request(input, fields.length === 0 ? hr : who);
      expect(codeOf(res), JSON.stringify(input)).toBe('BAD_USER_INPUT');
      if (fields.length > 0) expect(fieldsOf(res), JSON.stringify(input)).toEqual(fields);
      else expect(fieldsOf(res)).toEqual(['input.employeeId']);
    }
    expect(await timeOffCounts(t.db, ACME)).toEqual(before);
  });

  it('an overlapping PENDING or APPROVED request is a CONFLICT naming it; rejected ones free the days', async () => {
    const me = await newcomer();
    const who = employeeOf(ACME, me.id);
    const first = await request({ leaveTypeId: vacation, start: '2026-07-06', end: '2026-07-10' }, who);
    const clash = await request({ leaveTypeId: vacation, start: '2026-07-10', end: '2026-07-14' }, who);
    expect(codeOf(clash)).toBe('CONFLICT');
    expect(clash.errors![0]!.message).toContain(first.data!.requestTimeOff.id);
    await reject([first.data!.requestTimeOff.id], 'Busy week', managerOf(ACME, mia.id));
    expect(
      (await request({ leaveTypeId: vacation, start: '2026-07-10', end: '2026-07-14' }, who)).errors,
    ).toBeUndefined();
  });

  it('two concurrent overlapping requests: exactly one wins (the database refuses the other)', async () => {
    const me = await newcomer();
    const who = employeeOf(ACME, me.id);
    const results = await Promise.all([
      request({ leaveTypeId: vacation, start: '2026-08-03', end: '2026-08-05' }, who),
      request({ leaveTypeId: vacation, start: '2026-08-04', end: '2026-08-07' }, who),
      request({ leaveTypeId: sick, start: '2026-08-05', end: '2026-08-05', note: 'Flu' }, who),
    ]);
    expect(results.filter((x) => !x.errors)).toHaveLength(1);
    expect(results.filter((x) => codeOf(x) === 'CONFLICT')).toHaveLength(2);
    // And directly against the table, bypassing the service: the exclusion constraint.
    const insert = (start: string, end: string) =>
      withTenant(t.db, { tenantId: ACME }, (tx) =>
        tx.insert(tables.timeOffRequests).values({
          tenantId: ACME,
          employeeId: me.id,
          leaveTypeId: vacation,
          startDate: start,
          endDate: end,
          amount: '1',
          amountByYear: { 2026: '1' },
        }),
      );
    await insert('2026-09-01', '2026-09-02');
    await expect(insert('2026-09-02', '2026-09-03')).rejects.toThrow();
  });

  it('an insufficient balance is a CONFLICT carrying the available amount, unless the negative limit allows it', async () => {
    const me = await newcomer();
    const who = employeeOf(ACME, me.id);
    // 24 a year upfront; 20 days in August+September 2026 are fine, then 5 more are not.
    expect(
      (await request({ leaveTypeId: vacation, start: '2026-10-05', end: '2026-10-30' }, who)).errors,
    ).toBeUndefined();
    const res = await request({ leaveTypeId: vacation, start: '2026-11-02', end: '2026-11-06' }, who);
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors![0]!.extensions).toMatchObject({
      available: '4.00',
      requested: '5.00',
      unit: 'DAYS',
      year: 2026,
    });
    expect(res.errors![0]!.message).toContain('4.00');
    await withTenant(t.db, { tenantId: ACME }, (tx) =>
      tx
        .update(tables.timeOffPolicies)
        .set({ negativeLimit: '1' })
        .where(eq(tables.timeOffPolicies.leaveTypeId, vacation)),
    );
    try {
      expect(
        (await request({ leaveTypeId: vacation, start: '2026-11-02', end: '2026-11-06' }, who)).errors,
      ).toBeUndefined();
    } finally {
      await withTenant(t.db, { tenantId: ACME }, (tx) =>
        tx
          .update(tables.timeOffPolicies)
          .set({ negativeLimit: '0' })
          .where(eq(tables.timeOffPolicies.leaveTypeId, vacation)),
      );
    }
  });

  it('on behalf of someone needs team (your line) or all', async () => {
    const me = await newcomer();
    const input = { employeeId: me.id, leaveTypeId: vacation, start: '2026-12-01', end: '2026-12-01' };
    expect(codeOf(await request(input, asAnn()))).toBe('FORBIDDEN');
    expect(codeOf(await request(input, managerOf(ACME, cat.id)))).toBe('FORBIDDEN');
    expect(codeOf(await request(input, identityFor(ACME, ['viewer'])))).toBe('FORBIDDEN');
    expect((await request(input, managerOf(ACME, mia.id))).errors).toBeUndefined();
  });

  it('another tenant’s employee and leave type are unknown', async () => {
    const res = await request(
      { employeeId: ann.id, leaveTypeId: vacation, start: '2026-12-02', end: '2026-12-02' },
      hrOf(GLOBEX),
    );
    expect(fieldsOf(res)).toEqual(['input.employeeId', 'input.leaveTypeId']);
  });
});

describe('approve / reject / cancel', () => {
  it('the manager approves in bulk; the balance moves from pending to taken; an event goes to people', async () => {
    const a = await newcomer({ hireDate: '2020-01-01' });
    const b = await newcomer({ hireDate: '2020-01-01' });
    const r1 = (
      await request({ leaveTypeId: vacation, start: '2026-05-22', end: '2026-05-26' }, employeeOf(ACME, a.id))
    ).data!.requestTimeOff;
    const r2 = (
      await request({ leaveTypeId: unpaid, start: '2026-05-27', end: '2026-05-27' }, employeeOf(ACME, b.id))
    ).data!.requestTimeOff;
    const boss = managerOf(ACME, mia.id);
    // Security's inbox learns of them from work.approval.changed (PENDING, in the same transaction).
    const changes = await withTenant(t.db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.outbox).where(eq(tables.outbox.type, 'work.approval.changed')),
    );
    const pendingIds = changes.flatMap((e) =>
      (e.data as { changes: { subjectId: string; status: string; kind: string }[] }).changes
        .filter((c) => c.kind === 'time_off_request' && c.status === 'PENDING')
        .map((c) => c.subjectId),
    );
    expect(pendingIds).toEqual(expect.arrayContaining([r1.id, r2.id]));
    // The inbox item's typed detail (work's part of TimeOffRequestApproval): the request itself.
    const reps = [r1.id, r2.id].map((id) => ({
      __typename: 'TimeOffRequestApproval',
      id: `time_off_request:${id}`,
    }));
    const detail = (await t.work.call(APPROVAL, { ids: reps }, boss)) as Res<{
      _entities: { request: { id: string; status: string } | null }[];
    }>;
    expect(detail.data!._entities.map((x) => x.request?.id)).toEqual([r1.id, r2.id]);
    // Without time_off:approve the detail is null.
    const none = (await t.work.call(APPROVAL, { ids: reps }, employeeOf(ACME, a.id))) as typeof detail;
    expect(none.data!._entities.map((x) => x.request)).toEqual([null, null]);

    const res = await approve([r1.id, r2.id], boss);
    expect(res.errors).toBeUndefined();
    expect(res.data!.approveTimeOffRequests.map((x) => x.status)).toEqual(['APPROVED', 'APPROVED']);
    const events = await withTenant(t.db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.outbox).where(eq(tables.outbox.type, 'work.time_off.approved')),
    );
    const mine = events.find((e) => e.aggregateId === r2.id)!;
    expect(mine.data).toMatchObject({
      requestId: r2.id,
      employeeId: b.id,
      start: '2026-05-27',
      end: '2026-05-27',
      paid: false,
      leaveTypeCode: 'UNPAID',
    });
    const bal = (await t.work.call(MINE, { id: a.id }, employeeOf(ACME, a.id))) as Res<{
      _entities: {
        timeOffRequests: Req[];
        timeOffBalances: { leaveType: { code: string }; taken: string; pending: string; available: string }[];
      }[];
    }>;
    const vac = bal.data!._entities[0]!.timeOffBalances.find((x) => x.leaveType.code === 'VACATION')!;
    expect(vac).toMatchObject({ taken: '2.00', pending: '0.00', available: '22.00' });
    expect(bal.data!._entities[0]!.timeOffRequests.map((x) => x.id)).toEqual([r1.id]);
    // Decided: a second decision is a CONFLICT.
    expect(codeOf(await approve([r1.id], boss))).toBe('CONFLICT');
  });

  it('all or nothing: one request outside the team fails the batch; never your own', async () => {
    const a = await newcomer();
    const r1 = (
      await request({ leaveTypeId: vacation, start: '2026-06-15', end: '2026-06-15' }, employeeOf(ACME, a.id))
    ).data!.requestTimeOff;
    const rc = (
      await request(
        { leaveTypeId: vacation, start: '2026-06-15', end: '2026-06-15' },
        employeeOf(ACME, cat.id),
      )
    ).data!.requestTimeOff;
    const before = await timeOffCounts(t.db, ACME);
    expect(codeOf(await approve([r1.id, rc.id], managerOf(ACME, mia.id)))).toBe('FORBIDDEN');
    expect(codeOf(await approve([rc.id], employeeOf(ACME, cat.id)))).toBe('FORBIDDEN');
    expect(codeOf(await approve([rc.id], hrOf(ACME, { employeeId: cat.id })))).toBe('FORBIDDEN');
    expect(codeOf(await approve([r1.id], employeeOf(ACME, mia.id)))).toBe('FORBIDDEN');
    expect(await timeOffCounts(t.db, ACME)).toEqual(before);
    // HR (scope all) may decide anyone else's.
    expect((await approve([rc.id], hr)).errors).toBeUndefined();
  });

  it('bad input and cross-tenant ids on decisions and cancellation', async () => {
    expect(fieldsOf(await approve([], hr))).toEqual(['ids']);
    expect(fieldsOf(await approve(['nope'], hr))).toEqual(['ids.0']);
    expect(fieldsOf(await reject([newId()], ' ', hr))).toEqual(['reason']);
    expect(fieldsOf(await cancel('nope', asAnn()))).toEqual(['id']);
    const a = await newcomer();
    const r1 = (
      await request({ leaveTypeId: vacation, start: '2026-06-22', end: '2026-06-22' }, employeeOf(ACME, a.id))
    ).data!.requestTimeOff;
    const globex = hrOf(GLOBEX);
    expect(codeOf(await approve([r1.id], globex))).toBe('NOT_FOUND');
    expect(codeOf(await reject([r1.id], 'No', globex))).toBe('NOT_FOUND');
    expect(codeOf(await cancel(r1.id, identityFor(GLOBEX, ['employee'], { employeeId: a.id })))).toBe(
      'NOT_FOUND',
    );
    const list = (await t.work.call(LIST, { filter: { employeeId: a.id } }, globex)) as Res<{
      timeOffRequests: { totalCount: number };
    }>;
    expect(list.data!.timeOffRequests.totalCount).toBe(0);
  });

  it('reject needs a reason and stores it; only the requester cancels; approved leave only before it starts', async () => {
    const a = await newcomer();
    const who = employeeOf(ACME, a.id);
    const boss = managerOf(ACME, mia.id);
    const r1 = (await request({ leaveTypeId: vacation, start: '2026-09-14', end: '2026-09-15' }, who)).data!
      .requestTimeOff;
    const rejected = await reject([r1.id], 'Audit week', boss);
    expect(rejected.data!.rejectTimeOffRequests[0]).toMatchObject({
      status: 'REJECTED',
      reason: 'Audit week',
    });
    expect(codeOf(await cancel(r1.id, who))).toBe('CONFLICT');

    const r2 = (await request({ leaveTypeId: vacation, start: '2026-09-21', end: '2026-09-22' }, who)).data!
      .requestTimeOff;
    expect(codeOf(await cancel(r2.id, asAnn()))).toBe('FORBIDDEN');
    await approve([r2.id], boss);
    const cancelled = await cancel(r2.id, who);
    expect(cancelled.data!.cancelTimeOffRequest.status).toBe('CANCELLED');
    const events = await withTenant(t.db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.outbox).where(eq(tables.outbox.aggregateId, r2.id)),
    );
    expect(events.map((e) => e.type).sort()).toEqual(['work.time_off.approved', 'work.time_off.cancelled']);

    // Started leave cannot be cancelled any more.
    const [started] = await withTenant(t.db, { tenantId: ACME }, (tx) =>
      tx
        .insert(tables.timeOffRequests)
        .values({
          tenantId: ACME,
          employeeId: a.id,
          leaveTypeId: vacation,
          startDate: '2026-04-01',
          endDate: '2026-04-03',
          amount: '3',
          amountByYear: { 2026: '3' },
          status: 'APPROVED',
          requestedBy: who.userId,
        })
        .returning(),
    );
    expect(codeOf(await cancel(started!.id, who))).toBe('CONFLICT');
  });
});

describe('queries', () => {
  it('HR pages through requests with a filter; an employee sees only their own', async () => {
    const a = await newcomer();
    const who = employeeOf(ACME, a.id);
    for (const d of ['2026-10-01', '2026-10-02', '2026-10-05'])
      await request({ leaveTypeId: unpaid, start: d, end: d }, who);
    const page1 = (await t.work.call(
      LIST,
      { filter: { employeeId: a.id, leaveTypeId: unpaid }, first: 2 },
      hr,
    )) as Res<{
      timeOffRequests: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: { node: { startDate: string } }[];
      };
    }>;
    expect(page1.data!.timeOffRequests.totalCount).toBe(3);
    expect(page1.data!.timeOffRequests.edges.map((e) => e.node.startDate)).toEqual([
      '2026-10-05',
      '2026-10-02',
    ]);
    const page2 = (await t.work.call(
      LIST,
      {
        filter: { employeeId: a.id, leaveTypeId: unpaid },
        first: 2,
        after: page1.data!.timeOffRequests.pageInfo.endCursor,
      },
      hr,
    )) as typeof page1;
    expect(page2.data!.timeOffRequests.edges.map((e) => e.node.startDate)).toEqual(['2026-10-01']);
    const inDept = (await t.work.call(
      LIST,
      { filter: { departmentId: dept, status: 'PENDING', from: '2026-10-01', to: '2026-10-31' } },
      hr,
    )) as typeof page1;
    expect(inDept.data!.timeOffRequests.totalCount).toBeGreaterThanOrEqual(3);
    const other = (await t.work.call(LIST, { filter: { employeeId: a.id } }, asAnn())) as typeof page1;
    expect(other.data!.timeOffRequests.totalCount).toBe(0);
    expect(
      fieldsOf(await t.work.call(LIST, { filter: { from: '2026-10-02', to: '2026-10-01' } }, hr)),
    ).toEqual(['to']);
  });

  it('the team calendar shows who is away with colour and the holidays of the period', async () => {
    const a = await newcomer();
    const r1 = (
      await request(
        { leaveTypeId: vacation, start: '2026-05-20', end: '2026-05-21', halfDayEnd: true },
        employeeOf(ACME, a.id),
      )
    ).data!.requestTimeOff;
    const byDept = (await t.work.call(
      CALENDAR,
      { d: dept, from: '2026-05-01', to: '2026-05-31' },
      hr,
    )) as Res<{
      teamCalendar: {
        entries: { colour: string; request: { id: string; halfDayEnd: boolean; employee: { id: string } } }[];
        holidays: { holiday: { date: string }; calendarName: string }[];
      };
    }>;
    expect(byDept.errors).toBeUndefined();
    const entry = byDept.data!.teamCalendar.entries.find((e) => e.request.id === r1.id)!;
    expect(entry).toMatchObject({ colour: '#22AA44', request: { halfDayEnd: true, employee: { id: a.id } } });
    expect(byDept.data!.teamCalendar.holidays).toEqual([
      { holiday: { date: '2026-05-25', name: 'Whit Monday' }, calendarName: 'Germany' },
    ]);
    const byManager = (await t.work.call(
      CALENDAR,
      { m: mia.id, from: '2026-05-01', to: '2026-05-31' },
      managerOf(ACME, mia.id),
    )) as typeof byDept;
    expect(byManager.data!.teamCalendar.entries.map((e) => e.request.id)).toContain(r1.id);
    // Bad input, permission, another tenant.
    expect(fieldsOf(await t.work.call(CALENDAR, { from: '2026-05-01', to: '2026-09-30' }, hr))).toEqual([
      'departmentId',
      'to',
    ]);
    expect(
      codeOf(await t.work.call(CALENDAR, { d: dept, from: '2026-05-01', to: '2026-05-31' }, asAnn())),
    ).toBe('FORBIDDEN');
    const globex = (await t.work.call(
      CALENDAR,
      { d: dept, from: '2026-05-01', to: '2026-05-31' },
      hrOf(GLOBEX),
    )) as typeof byDept;
    expect(globex.data!.teamCalendar).toEqual({ entries: [], holidays: [] });
    // A manager outside the line sees nobody of it.
    const outside = (await t.work.call(
      CALENDAR,
      { d: dept, from: '2026-05-01', to: '2026-05-31' },
      managerOf(ACME, cat.id),
    )) as typeof byDept;
    expect(outside.data!.teamCalendar.entries).toEqual([]);
  });
});

describe('approvals rebuild', () => {
  it('re-announces every PENDING request as work.approval.changed', async () => {
    const a = await newcomer();
    const req = (
      await request({ leaveTypeId: unpaid, start: '2026-11-16', end: '2026-11-16' }, employeeOf(ACME, a.id))
    ).data!.requestTimeOff;
    const n = await withTenant(t.db, { tenantId: ACME }, (tx) => republishPendingTimeOffRequests(tx, ACME));
    expect(n).toBeGreaterThanOrEqual(1);
    const changes = await withTenant(t.db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.outbox).where(eq(tables.outbox.type, 'work.approval.changed')),
    );
    const mine = changes.flatMap((e) =>
      (e.data as { changes: { subjectId: string; status: string }[] }).changes.filter(
        (c) => c.subjectId === req.id,
      ),
    );
    expect(mine.map((c) => c.status)).toEqual(['PENDING', 'PENDING']);
  });
});
