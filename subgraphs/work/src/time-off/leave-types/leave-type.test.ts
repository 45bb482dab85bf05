import { codeOf, fieldsOf, identityFor, newId } from '@wg/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEmployees } from '../../testing';
import { employeeOf, hrOf, type Res, startTimeOff, timeOffCounts } from '../time-off.testing';

const ACME = newId();
const GLOBEX = newId();
let t: Awaited<ReturnType<typeof startTimeOff>>;
const hr = hrOf(ACME);

const CREATE = `mutation ($input: CreateLeaveTypeInput!) { createLeaveType(input: $input) {
  id name code paid unit balanceApplies halfDaysAllowed noteRequired colour hoursPerDay } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateLeaveTypeInput!) { updateLeaveType(id: $id, input: $input) { id name colour paid } }`;
const DELETE = 'mutation ($id: ID!) { deleteLeaveType(id: $id) }';
const LIST = '{ leaveTypes { id code } }';

type LeaveType = { id: string; name: string; code: string; colour: string; paid: boolean; unit: string };
const create = (input: Record<string, unknown>, who = hr) =>
  t.work.call(CREATE, { input }, who) as Promise<Res<{ createLeaveType: LeaveType }>>;

beforeAll(async () => {
  t = await startTimeOff();
});
afterAll(async () => t?.stop());

describe('leave types', () => {
  it('HR creates, lists, updates and deletes a leave type, each audited', async () => {
    const before = await timeOffCounts(t.db, ACME);
    const res = await create({ name: 'Vacation', code: 'VACATION', colour: '#22AA44', unit: 'DAYS' });
    expect(res.errors).toBeUndefined();
    const type = res.data!.createLeaveType;
    expect(type).toMatchObject({ code: 'VACATION', paid: true, balanceApplies: true, hoursPerDay: '8.00' });

    const list = (await t.work.call(LIST, {}, employeeOf(ACME, newId()))) as Res<{ leaveTypes: LeaveType[] }>;
    expect(list.data?.leaveTypes.map((l) => l.code)).toContain('VACATION');

    const upd = (await t.work.call(
      UPDATE,
      { id: type.id, input: { name: 'Holiday', paid: false } },
      hr,
    )) as Res<{
      updateLeaveType: LeaveType;
    }>;
    expect(upd.data?.updateLeaveType).toMatchObject({ name: 'Holiday', paid: false, colour: '#22AA44' });

    const del = (await t.work.call(DELETE, { id: type.id }, hr)) as Res<{ deleteLeaveType: string }>;
    expect(del.data?.deleteLeaveType).toBe(type.id);
    const after = await timeOffCounts(t.db, ACME);
    expect(after.audit - before.audit).toBe(3);
    expect(after.leaveTypes).toBe(before.leaveTypes);
  });

  it('names every bad field and writes nothing', async () => {
    const before = await timeOffCounts(t.db, ACME);
    const res = await create({ name: ' ', code: 'x', colour: 'red', hoursPerDay: '30' });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual(['input.code', 'input.colour', 'input.hoursPerDay', 'input.name']);
    const upd = await t.work.call(UPDATE, { id: 'nope', input: { colour: '#12' } }, hr);
    expect(codeOf(upd)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(await t.work.call(DELETE, { id: 'nope' }, hr))).toEqual(['id']);
    expect(await timeOffCounts(t.db, ACME)).toEqual(before);
  });

  it('a code already used is a CONFLICT', async () => {
    expect((await create({ name: 'Sick', code: 'SICK' })).errors).toBeUndefined();
    expect(codeOf(await create({ name: 'Sick again', code: 'SICK' }))).toBe('CONFLICT');
  });

  it('only time_off:manage:all may write; employees and managers are FORBIDDEN', async () => {
    const [e] = await addEmployees(t.db, ACME, [{}]);
    for (const who of [employeeOf(ACME, e!.id), identityFor(ACME, ['manager'], { employeeId: e!.id })]) {
      expect(codeOf(await create({ name: 'Mine', code: 'MINE' }, who))).toBe('FORBIDDEN');
    }
    const { data } = await create({ name: 'Parental', code: 'PARENTAL' });
    const id = data!.createLeaveType.id;
    expect(codeOf(await t.work.call(UPDATE, { id, input: { name: 'X' } }, employeeOf(ACME, e!.id)))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await t.work.call(DELETE, { id }, employeeOf(ACME, e!.id)))).toBe('FORBIDDEN');
    expect(codeOf(await t.work.call(LIST, {}, identityFor(ACME, ['viewer'])))).toBe('FORBIDDEN');
  });

  it('another tenant’s leave types are invisible and NOT_FOUND', async () => {
    const { data } = await create({ name: 'Unpaid', code: 'UNPAID', paid: false });
    const id = data!.createLeaveType.id;
    const globex = hrOf(GLOBEX);
    const list = (await t.work.call(LIST, {}, globex)) as Res<{ leaveTypes: LeaveType[] }>;
    expect(list.data?.leaveTypes.map((l) => l.id)).not.toContain(id);
    expect(codeOf(await t.work.call(UPDATE, { id, input: { name: 'Mine' } }, globex))).toBe('NOT_FOUND');
    expect(codeOf(await t.work.call(DELETE, { id }, globex))).toBe('NOT_FOUND');
    // The same code is free in another tenant.
    expect((await create({ name: 'Unpaid', code: 'UNPAID' }, globex)).errors).toBeUndefined();
  });
});
