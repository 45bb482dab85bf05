import { withTenant } from '@wg/db';
import { codeOf, fieldsOf, newId } from '@wg/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workingCalendarFor } from './holiday-calendar.service';
import { employeeOf, hrOf, type Res, startTimeOff, timeOffCounts } from '../time-off.testing';
import { workingDays } from '@wg/runtime';

const ACME = newId();
const GLOBEX = newId();
let t: Awaited<ReturnType<typeof startTimeOff>>;
const hr = hrOf(ACME);

const CREATE = `mutation ($input: CreateHolidayCalendarInput!) { createHolidayCalendar(input: $input) {
  id name workLocation weekendDays holidays { id date name halfDay } } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateHolidayCalendarInput!) { updateHolidayCalendar(id: $id, input: $input) { id name weekendDays } }`;
const DELETE = 'mutation ($id: ID!) { deleteHolidayCalendar(id: $id) }';
const ADD = `mutation ($id: ID!, $h: [HolidayInput!]!) { addHolidays(calendarId: $id, holidays: $h) { id date name } }`;
const REMOVE = 'mutation ($id: ID!) { removeHoliday(id: $id) }';
const LIST = `query ($from: Date, $to: Date) { holidayCalendars { id workLocation holidays(from: $from, to: $to) { date } } }`;

type Cal = {
  id: string;
  name: string;
  workLocation: string | null;
  weekendDays: number[];
  holidays: { id: string; date: string }[];
};
const create = (input: Record<string, unknown>, who = hr) =>
  t.work.call(CREATE, { input }, who) as Promise<Res<{ createHolidayCalendar: Cal }>>;

beforeAll(async () => {
  t = await startTimeOff();
});
afterAll(async () => t?.stop());

describe('holiday calendars', () => {
  it('HR creates a default and a location calendar; the working calendar follows the location', async () => {
    const def = await create({
      name: 'Germany',
      holidays: [
        { date: '2026-05-25', name: 'Whit Monday' },
        { date: '2026-12-24', name: 'Christmas Eve', halfDay: true },
      ],
    });
    expect(def.errors).toBeUndefined();
    expect(def.data!.createHolidayCalendar).toMatchObject({ workLocation: null, weekendDays: [6, 7] });
    const dubai = await create({ name: 'Dubai', workLocation: 'Dubai', weekendDays: [6, 5] });
    expect(dubai.data!.createHolidayCalendar.weekendDays).toEqual([5, 6]);

    const list = (await t.work.call(
      LIST,
      { from: '2026-12-01', to: '2026-12-31' },
      employeeOf(ACME, newId()),
    )) as Res<{
      holidayCalendars: Cal[];
    }>;
    expect(list.data!.holidayCalendars.find((c) => c.workLocation === null)?.holidays).toEqual([
      { date: '2026-12-24' },
    ]);

    await withTenant(t.db, { tenantId: ACME }, async (tx) => {
      const berlin = await workingCalendarFor(tx, 'Berlin', '2026-05-01', '2026-05-31');
      expect(workingDays(berlin, { start: '2026-05-22', end: '2026-05-26' }).toString()).toBe('2');
      const gulf = await workingCalendarFor(tx, 'Dubai', '2026-05-01', '2026-05-31');
      // Fri 22 and Sat 23 off, Sun 24 – Tue 26 worked (no Whit Monday in Dubai).
      expect(workingDays(gulf, { start: '2026-05-22', end: '2026-05-26' }).toString()).toBe('3');
    });
  });

  it('adds and removes holidays, updates and deletes a calendar (audited)', async () => {
    const { data } = await create({ name: 'Austria', workLocation: 'Vienna' });
    const id = data!.createHolidayCalendar.id;
    const before = await timeOffCounts(t.db, ACME);
    const added = (await t.work.call(
      ADD,
      { id, h: [{ date: '2026-10-26', name: 'National Day' }] },
      hr,
    )) as Res<{
      addHolidays: { id: string }[];
    }>;
    expect(added.errors).toBeUndefined();
    expect(codeOf(await t.work.call(ADD, { id, h: [{ date: '2026-10-26', name: 'Again' }] }, hr))).toBe(
      'CONFLICT',
    );
    expect((await t.work.call(REMOVE, { id: added.data!.addHolidays[0]!.id }, hr)).errors).toBeUndefined();
    const upd = (await t.work.call(
      UPDATE,
      { id, input: { name: 'Österreich', weekendDays: [7] } },
      hr,
    )) as Res<{
      updateHolidayCalendar: Cal;
    }>;
    expect(upd.data!.updateHolidayCalendar).toMatchObject({ name: 'Österreich', weekendDays: [7] });
    expect((await t.work.call(DELETE, { id }, hr)).errors).toBeUndefined();
    expect((await timeOffCounts(t.db, ACME)).audit - before.audit).toBe(4);
  });

  it('a second default or a second calendar for a location is a CONFLICT', async () => {
    const tenant = newId();
    expect((await create({ name: 'A' }, hrOf(tenant))).errors).toBeUndefined();
    expect(codeOf(await create({ name: 'B' }, hrOf(tenant)))).toBe('CONFLICT');
  });

  it('names bad fields and writes nothing', async () => {
    const before = await timeOffCounts(t.db, ACME);
    const res = await create({
      name: '',
      weekendDays: [0, 8],
      holidays: [{ date: '2026-02-30', name: 'Nope' }],
    });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual([
      'input.holidays.0.date',
      'input.name',
      'input.weekendDays.0',
      'input.weekendDays.1',
    ]);
    const add = await t.work.call(ADD, { id: 'x', h: [] }, hr);
    expect(fieldsOf(add)).toEqual(['calendarId', 'holidays']);
    expect(
      fieldsOf(await t.work.call(UPDATE, { id: 'x', input: { weekendDays: [1, 2, 3, 4, 5, 6, 7] } }, hr)),
    ).toEqual(['id']);
    expect(fieldsOf(await t.work.call(DELETE, { id: 'x' }, hr))).toEqual(['id']);
    expect(fieldsOf(await t.work.call(REMOVE, { id: 'x' }, hr))).toEqual(['id']);
    expect(await timeOffCounts(t.db, ACME)).toEqual(before);
  });

  it('only time_off:manage:all may write', async () => {
    const me = employeeOf(ACME, newId());
    expect(codeOf(await create({ name: 'Mine', workLocation: 'Home' }, me))).toBe('FORBIDDEN');
    const { data } = await create({ name: 'Paris', workLocation: 'Paris' });
    const id = data!.createHolidayCalendar.id;
    expect(codeOf(await t.work.call(ADD, { id, h: [{ date: '2026-07-14', name: 'Bastille' }] }, me))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await t.work.call(UPDATE, { id, input: { name: 'X' } }, me))).toBe('FORBIDDEN');
    expect(codeOf(await t.work.call(DELETE, { id }, me))).toBe('FORBIDDEN');
    expect(codeOf(await t.work.call(REMOVE, { id: newId() }, me))).toBe('FORBIDDEN');
  });

  it('another tenant’s calendars are invisible and NOT_FOUND', async () => {
    const { data } = await create({
      name: 'Madrid',
      workLocation: 'Madrid',
      holidays: [{ date: '2026-10-12', name: 'Fiesta' }],
    });
    const cal = data!.createHolidayCalendar;
    const globex = hrOf(GLOBEX);
    const list = (await t.work.call(LIST, {}, globex)) as Res<{ holidayCalendars: Cal[] }>;
    expect(list.data!.holidayCalendars.map((c) => c.id)).not.toContain(cal.id);
    expect(codeOf(await t.work.call(UPDATE, { id: cal.id, input: { name: 'X' } }, globex))).toBe('NOT_FOUND');
    expect(codeOf(await t.work.call(DELETE, { id: cal.id }, globex))).toBe('NOT_FOUND');
    expect(
      codeOf(await t.work.call(ADD, { id: cal.id, h: [{ date: '2026-01-06', name: 'X' }] }, globex)),
    ).toBe('NOT_FOUND');
    expect(codeOf(await t.work.call(REMOVE, { id: cal.holidays[0]!.id }, globex))).toBe('NOT_FOUND');
  });
});
