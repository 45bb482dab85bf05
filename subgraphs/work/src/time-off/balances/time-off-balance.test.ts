import { withTenant } from '@wg/db';
import * as tables from '@wg/db/work';
import type { EmployeeSnapshot } from '@wg/people/events';
import { codeOf, fieldsOf, identityFor, newId } from '@wg/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEmployees } from '../../testing';
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

const BALANCES = `query ($id: ID!, $asOf: Date) { _entities(representations: [{ __typename: "Employee", id: $id }]) {
  ... on Employee { timeOffBalances(asOf: $asOf) { leaveType { code } unit year carriedOver accrued adjustments taken pending available }
  timeOffAdjustments(year: 2026) { amount reason effectiveDate } } } }`;
const ADJUST = `mutation ($e: ID!, $l: ID!, $a: Decimal!, $r: String!, $d: String) {
  adjustTimeOffBalance(employeeId: $e, leaveTypeId: $l, amount: $a, reason: $r, effectiveDate: $d) { id amount reason effectiveDate createdBy } }`;

type Balance = {
  leaveType: { code: string };
  year: number;
  carriedOver: string;
  accrued: string;
  adjustments: string;
  taken: string;
  pending: string;
  available: string | null;
};
type Entities = {
  _entities: { timeOffBalances: Balance[] | null; timeOffAdjustments: { amount: string }[] | null }[];
};

const balances = async (id: string, asOf: string, who = hr) => {
  const res = (await t.work.call(BALANCES, { id, asOf }, who)) as Res<Entities>;
  expect(res.errors).toBeUndefined();
  return res.data!._entities[0]!;
};
const adjust = (v: { e: string; l: string; a: string; r: string; d?: string }, who = hr) =>
  t.work.call(ADJUST, v, who);

let boss: EmployeeSnapshot;
let ann: EmployeeSnapshot;
let vacation: string;
let sick: string;

beforeAll(async () => {
  t = await startTimeOff();
  [boss] = (await addEmployees(t.db, ACME, [{ hireDate: '2020-01-01' }])) as [EmployeeSnapshot];
  [ann] = (await addEmployees(t.db, ACME, [{ hireDate: '2025-07-01', managerId: boss.id }])) as [
    EmployeeSnapshot,
  ];
  vacation = await addLeaveType(t.db, ACME, { code: 'VAC', name: 'Vacation' });
  sick = await addLeaveType(t.db, ACME, { code: 'SICK', name: 'Sick', balanceApplies: false });
  await withTenant(t.db, { tenantId: ACME }, async (tx) => {
    await tx.insert(tables.timeOffPolicies).values({
      tenantId: ACME,
      leaveTypeId: vacation,
      employmentType: 'FULL_TIME',
      accrualPerYear: '24',
      carryOverCap: '5',
    });
    await tx.insert(tables.timeOffRequests).values([
      {
        tenantId: ACME,
        employeeId: ann.id,
        leaveTypeId: vacation,
        startDate: '2025-08-04',
        endDate: '2025-08-05',
        amount: '2',
        amountByYear: { 2025: '2.00' },
        status: 'APPROVED',
      },
      {
        tenantId: ACME,
        employeeId: ann.id,
        leaveTypeId: vacation,
        startDate: '2026-03-02',
        endDate: '2026-03-04',
        amount: '3',
        amountByYear: { 2026: '3.00' },
        status: 'APPROVED',
      },
      {
        tenantId: ACME,
        employeeId: ann.id,
        leaveTypeId: vacation,
        startDate: '2026-04-06',
        endDate: '2026-04-06',
        amount: '1',
        amountByYear: { 2026: '1.00' },
        status: 'PENDING',
      },
      {
        tenantId: ACME,
        employeeId: ann.id,
        leaveTypeId: vacation,
        startDate: '2026-05-04',
        endDate: '2026-05-04',
        amount: '1',
        amountByYear: { 2026: '1.00' },
        status: 'REJECTED',
        reason: 'No',
      },
    ]);
  });
});
afterAll(async () => t?.stop());

describe('Employee.timeOffBalances', () => {
  it('computes accrued (pro-rated from the hire date), carry-over capped, taken and pending', async () => {
    // 2025: hired 1 July, 6 months × 2 = 12, 2 taken → 10, capped at 5. 2026 to 31 March: 3 × 2 = 6.
    const { timeOffBalances } = await balances(ann.id, '2026-03-31');
    expect(timeOffBalances!.find((b) => b.leaveType.code === 'VAC')).toEqual({
      leaveType: { code: 'VAC' },
      unit: 'DAYS',
      year: 2026,
      carriedOver: '5.00',
      accrued: '6.00',
      adjustments: '0.00',
      taken: '3.00',
      pending: '1.00',
      available: '8.00',
    });
    // A type without a balance shows no available figure.
    expect(timeOffBalances!.find((b) => b.leaveType.code === 'SICK')?.available).toBeNull();
    // The same day gives the same answer whenever it is asked.
    expect((await balances(ann.id, '2026-03-31')).timeOffBalances).toEqual(timeOffBalances);
  });

  it('the employee sees their own, the manager their line; others get null', async () => {
    expect((await balances(ann.id, '2026-03-31', employeeOf(ACME, ann.id))).timeOffBalances).not.toBeNull();
    expect((await balances(ann.id, '2026-03-31', managerOf(ACME, boss.id))).timeOffBalances).not.toBeNull();
    expect((await balances(boss.id, '2026-03-31', employeeOf(ACME, ann.id))).timeOffBalances).toBeNull();
    expect((await balances(ann.id, '2026-03-31', identityFor(ACME, ['viewer']))).timeOffBalances).toBeNull();
  });

  it('another tenant sees no balance of Acme’s employee', async () => {
    const other = await balances(ann.id, '2026-03-31', hrOf(GLOBEX));
    expect(other.timeOffBalances).toEqual([]);
    expect(other.timeOffAdjustments).toEqual([]);
  });
});

describe('adjustTimeOffBalance', () => {
  it('HR adjusts a balance with a reason; it is audited and counts from its effective date', async () => {
    const before = await timeOffCounts(t.db, ACME);
    const res = (await adjust({
      e: ann.id,
      l: vacation,
      a: '-1.5',
      r: 'Company event',
      d: '2026-02-01',
    })) as Res<{
      adjustTimeOffBalance: { amount: string; createdBy: string };
    }>;
    expect(res.errors).toBeUndefined();
    expect(res.data!.adjustTimeOffBalance).toMatchObject({ amount: '-1.50', createdBy: hr.userId });
    expect((await timeOffCounts(t.db, ACME)).audit - before.audit).toBe(1);
    const vac = (await balances(ann.id, '2026-03-31')).timeOffBalances!.find(
      (b) => b.leaveType.code === 'VAC',
    )!;
    expect([vac.adjustments, vac.available]).toEqual(['-1.50', '6.50']);
    const jan = (await balances(ann.id, '2026-01-31')).timeOffBalances!.find(
      (b) => b.leaveType.code === 'VAC',
    )!;
    expect(jan.adjustments).toBe('0.00');
  });

  it('names bad fields (unknown employee, type without balance) and writes nothing', async () => {
    const before = await timeOffCounts(t.db, ACME);
    const res = await adjust({ e: newId(), l: sick, a: '0', r: ' ', d: '2026-13-01' });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual(['amount', 'effectiveDate', 'employeeId', 'leaveTypeId', 'reason']);
    expect(await timeOffCounts(t.db, ACME)).toEqual(before);
  });

  it('only time_off:manage:all may adjust (not the employee, not the manager)', async () => {
    for (const who of [employeeOf(ACME, ann.id), managerOf(ACME, boss.id)]) {
      expect(codeOf(await adjust({ e: ann.id, l: vacation, a: '5', r: 'Gift' }, who))).toBe('FORBIDDEN');
    }
  });

  it('another tenant cannot adjust Acme’s employee or use Acme’s leave type', async () => {
    const res = await adjust({ e: ann.id, l: vacation, a: '5', r: 'Gift' }, hrOf(GLOBEX));
    expect(fieldsOf(res)).toEqual(['employeeId', 'leaveTypeId']);
  });
});
