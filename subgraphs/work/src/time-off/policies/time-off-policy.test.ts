import { codeOf, fieldsOf, newId } from '@wg/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLeaveType, employeeOf, hrOf, type Res, startTimeOff, timeOffCounts } from '../time-off.testing';

const ACME = newId();
const GLOBEX = newId();
let t: Awaited<ReturnType<typeof startTimeOff>>;
const hr = hrOf(ACME);

const CREATE = `mutation ($input: CreateTimeOffPolicyInput!) { createTimeOffPolicy(input: $input) {
  id leaveTypeId employmentType accrualPerYear accrualFrequency proRated carryOverCap negativeLimit } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateTimeOffPolicyInput!) { updateTimeOffPolicy(id: $id, input: $input) {
  id accrualPerYear carryOverCap negativeLimit } }`;
const DELETE = 'mutation ($id: ID!) { deleteTimeOffPolicy(id: $id) }';
const LIST = 'query ($l: ID) { timeOffPolicies(leaveTypeId: $l) { id employmentType } }';

type Policy = { id: string; accrualPerYear: string; carryOverCap: string | null; negativeLimit: string };
const create = (input: Record<string, unknown>, who = hr) =>
  t.work.call(CREATE, { input }, who) as Promise<Res<{ createTimeOffPolicy: Policy }>>;

let vacation: string;
beforeAll(async () => {
  t = await startTimeOff();
  vacation = await addLeaveType(t.db, ACME);
});
afterAll(async () => t?.stop());

describe('time-off policies', () => {
  it('HR creates, lists, updates and deletes a policy (audited)', async () => {
    const before = await timeOffCounts(t.db, ACME);
    const res = await create({
      leaveTypeId: vacation,
      employmentType: 'FULL_TIME',
      accrualPerYear: '25',
      carryOverCap: '5',
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createTimeOffPolicy).toMatchObject({
      accrualPerYear: '25.00',
      accrualFrequency: 'MONTHLY',
      proRated: true,
      carryOverCap: '5.00',
      negativeLimit: '0.00',
    });
    const id = res.data!.createTimeOffPolicy.id;
    const list = (await t.work.call(LIST, { l: vacation }, employeeOf(ACME, newId()))) as Res<{
      timeOffPolicies: Policy[];
    }>;
    expect(list.data!.timeOffPolicies.map((p) => p.id)).toEqual([id]);
    const upd = (await t.work.call(
      UPDATE,
      { id, input: { negativeLimit: '3', uncappedCarryOver: true } },
      hr,
    )) as Res<{
      updateTimeOffPolicy: Policy;
    }>;
    expect(upd.data!.updateTimeOffPolicy).toMatchObject({ carryOverCap: null, negativeLimit: '3.00' });
    expect((await t.work.call(DELETE, { id }, hr)).errors).toBeUndefined();
    expect((await timeOffCounts(t.db, ACME)).audit - before.audit).toBe(3);
  });

  it('one policy per leave type and employment type', async () => {
    const input = { leaveTypeId: vacation, employmentType: 'INTERN', accrualPerYear: '10' };
    expect((await create(input)).errors).toBeUndefined();
    expect(codeOf(await create(input))).toBe('CONFLICT');
  });

  it('names bad fields (unknown leave type too) and writes nothing', async () => {
    const before = await timeOffCounts(t.db, ACME);
    const res = await create({
      leaveTypeId: newId(),
      employmentType: 'PART_TIME',
      accrualPerYear: '2000',
      negativeLimit: '1.234',
    });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual(['input.accrualPerYear', 'input.leaveTypeId', 'input.negativeLimit']);
    const upd = await t.work.call(
      UPDATE,
      { id: newId(), input: { carryOverCap: '2', uncappedCarryOver: true } },
      hr,
    );
    expect(fieldsOf(upd)).toEqual(['input.carryOverCap']);
    expect(fieldsOf(await t.work.call(DELETE, { id: 'nope' }, hr))).toEqual(['id']);
    expect(await timeOffCounts(t.db, ACME)).toEqual(before);
  });

  it('only time_off:manage:all may write', async () => {
    const me = employeeOf(ACME, newId());
    expect(
      codeOf(await create({ leaveTypeId: vacation, employmentType: 'CONTRACTOR', accrualPerYear: '1' }, me)),
    ).toBe('FORBIDDEN');
    const { data } = await create({
      leaveTypeId: vacation,
      employmentType: 'CONTRACTOR',
      accrualPerYear: '1',
    });
    const id = data!.createTimeOffPolicy.id;
    expect(codeOf(await t.work.call(UPDATE, { id, input: { accrualPerYear: '99' } }, me))).toBe('FORBIDDEN');
    expect(codeOf(await t.work.call(DELETE, { id }, me))).toBe('FORBIDDEN');
  });

  it('another tenant’s policies and leave types are out of reach', async () => {
    const { data } = await create({
      leaveTypeId: vacation,
      employmentType: 'PART_TIME',
      accrualPerYear: '12.5',
    });
    const id = data!.createTimeOffPolicy.id;
    const globex = hrOf(GLOBEX);
    const list = (await t.work.call(LIST, {}, globex)) as Res<{ timeOffPolicies: Policy[] }>;
    expect(list.data!.timeOffPolicies).toEqual([]);
    expect(codeOf(await t.work.call(UPDATE, { id, input: { accrualPerYear: '1' } }, globex))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await t.work.call(DELETE, { id }, globex))).toBe('NOT_FOUND');
    // Acme's leave type is unknown to Globex.
    const res = await create(
      { leaveTypeId: vacation, employmentType: 'FULL_TIME', accrualPerYear: '1' },
      globex,
    );
    expect(fieldsOf(res)).toEqual(['input.leaveTypeId']);
  });
});
