import type { Tx } from '@wg/db';
import { holidayCalendars, holidays } from '@wg/db/work';
import {
  badInput,
  checkInput,
  conflict,
  isUniqueViolation,
  isUuid,
  isValidDate,
  notFound,
  rules,
  type WorkingCalendar,
  workingCalendar,
  z,
} from '@wg/runtime';
import { and, asc, eq, gte, inArray, isNull, lte } from 'drizzle-orm';
import type { WorkContext } from '../../loaders';
import { given } from '../leave-types/leave-type.service';
import { requireManage, requireRead } from '../time-off.access';
import { auditTimeOff } from '../time-off.audit';
import type {
  CreateHolidayCalendarInput,
  HolidayInput,
  UpdateHolidayCalendarInput,
} from './holiday-calendar.input';
import type { Holiday, HolidayCalendar } from './holiday-calendar.type';

const MAX_HOLIDAYS = 500;
const weekendDays = z
  .array(
    z
      .number()
      .int()
      .min(1, 'Weekdays are 1 (Monday) … 7 (Sunday)')
      .max(7, 'Weekdays are 1 (Monday) … 7 (Sunday)'),
  )
  .max(6, 'At least one day of the week must be worked')
  .refine((d) => new Set(d).size === d.length, 'Each weekday at most once');
const holidaySchema = z.object({ date: rules.date(), name: rules.name(), halfDay: z.boolean().nullish() });
const holidayList = z
  .array(holidaySchema)
  .max(MAX_HOLIDAYS, `At most ${MAX_HOLIDAYS} holidays per call`)
  .refine((list) => new Set(list.map((h) => h.date)).size === list.length, 'Each date at most once');
const createSchema = z.object({
  name: rules.name(),
  workLocation: z.string().trim().min(1, 'Must not be empty').max(200).nullish(),
  weekendDays: weekendDays.nullish(),
  holidays: holidayList.nullish(),
});
const updateSchema = z.object({ name: rules.name().nullish(), weekendDays: weekendDays.nullish() });

async function lockCalendar(tx: Tx, id: string): Promise<HolidayCalendar> {
  const [row] = await tx.select().from(holidayCalendars).where(eq(holidayCalendars.id, id)).for('update');
  if (!row) throw notFound('HolidayCalendar', id);
  return row;
}

/** Unique violations of a calendar write, in words. */
function calendarConflict(error: unknown, workLocation: string | null | undefined): never {
  if (isUniqueViolation(error)) {
    const message =
      String((error as { message?: string }).message ?? '') +
      String((error as { cause?: { message?: string } }).cause?.message ?? '');
    if (message.includes('holidays_calendar_date_uq'))
      throw conflict('The calendar already has a holiday on that date');
    throw conflict(
      workLocation
        ? `A holiday calendar for ${workLocation} already exists`
        : 'The tenant already has a default holiday calendar',
    );
  }
  throw error;
}

export const holidayCalendarService = {
  /** Every calendar of the tenant (default first). Requires any scope of `time_off:read`. */
  async list(ctx: WorkContext): Promise<HolidayCalendar[]> {
    requireRead(ctx);
    return ctx.tx((tx) =>
      tx
        .select()
        .from(holidayCalendars)
        .orderBy(asc(holidayCalendars.workLocation), asc(holidayCalendars.id)),
    );
  },

  /** The holidays of one calendar in an optional inclusive range, by date. */
  async holidaysOf(
    ctx: WorkContext,
    calendarId: string,
    range: { from?: string | null; to?: string | null },
  ): Promise<Holiday[]> {
    if (range.from && range.to && range.to < range.from) {
      throw badInput([{ field: 'to', message: '`to` must be on or after `from`' }]);
    }
    return ctx.tx((tx) =>
      tx
        .select()
        .from(holidays)
        .where(
          and(
            eq(holidays.calendarId, calendarId),
            range.from ? gte(holidays.date, range.from) : undefined,
            range.to ? lte(holidays.date, range.to) : undefined,
          ),
        )
        .orderBy(asc(holidays.date)),
    );
  },

  /** Creates a calendar with its holidays. Requires `time_off:manage:all`. */
  async create(ctx: WorkContext, input: CreateHolidayCalendarInput): Promise<HolidayCalendar> {
    requireManage(ctx);
    const data = checkInput(createSchema, input).valid();
    const tenantId = ctx.tenantId();
    try {
      return await ctx.tx(async (tx) => {
        const [row] = await tx
          .insert(holidayCalendars)
          .values({
            tenantId,
            name: data.name,
            workLocation: data.workLocation ?? null,
            ...(data.weekendDays ? { weekendDays: [...data.weekendDays].sort() } : {}),
          })
          .returning();
        if (data.holidays?.length) {
          await tx.insert(holidays).values(
            data.holidays.map((h) => ({
              tenantId,
              calendarId: row!.id,
              date: h.date,
              name: h.name,
              halfDay: h.halfDay ?? false,
            })),
          );
        }
        await auditTimeOff(ctx, tx, 'holiday_calendar.create', 'HolidayCalendar', row!.id, null, {
          ...row,
          holidays: data.holidays ?? [],
        });
        return row!;
      });
    } catch (error) {
      return calendarConflict(error, data.workLocation);
    }
  },

  async update(ctx: WorkContext, id: string, input: UpdateHolidayCalendarInput): Promise<HolidayCalendar> {
    requireManage(ctx);
    if (!isUuid(id)) throw badInput([{ field: 'id', message: 'Must be a valid id' }]);
    const data = checkInput(updateSchema, input).valid();
    return ctx.tx(async (tx) => {
      const before = await lockCalendar(tx, id);
      const changes = given(data);
      const [row] = await tx
        .update(holidayCalendars)
        .set({
          ...changes,
          ...(changes.weekendDays ? { weekendDays: [...changes.weekendDays].sort() } : {}),
          updatedAt: new Date(),
        })
        .where(eq(holidayCalendars.id, id))
        .returning();
      await auditTimeOff(ctx, tx, 'holiday_calendar.update', 'HolidayCalendar', id, before, row);
      return row!;
    });
  },

  async delete(ctx: WorkContext, id: string): Promise<string> {
    requireManage(ctx);
    if (!isUuid(id)) throw badInput([{ field: 'id', message: 'Must be a valid id' }]);
    return ctx.tx(async (tx) => {
      const before = await lockCalendar(tx, id);
      await tx.delete(holidayCalendars).where(eq(holidayCalendars.id, id));
      await auditTimeOff(ctx, tx, 'holiday_calendar.delete', 'HolidayCalendar', id, before, null);
      return id;
    });
  },

  /** Adds holidays to a calendar (a date it already has is a CONFLICT). Requires `time_off:manage:all`. */
  async addHolidays(ctx: WorkContext, calendarId: string, list: HolidayInput[]): Promise<Holiday[]> {
    requireManage(ctx);
    const errors = isUuid(calendarId) ? [] : [{ field: 'calendarId', message: 'Must be a valid id' }];
    const check = checkInput(holidayList.min(1, 'Give at least one holiday'), list, 'holidays');
    if (errors.length > 0 || !check.ok) throw badInput([...errors, ...check.errors]);
    const data = check.valid();
    try {
      return await ctx.tx(async (tx) => {
        await lockCalendar(tx, calendarId);
        const rows = await tx
          .insert(holidays)
          .values(
            data.map((h) => ({
              tenantId: ctx.tenantId(),
              calendarId,
              date: h.date,
              name: h.name,
              halfDay: h.halfDay ?? false,
            })),
          )
          .returning();
        for (const row of rows) await auditTimeOff(ctx, tx, 'holiday.create', 'Holiday', row.id, null, row);
        return rows.sort((a, b) => a.date.localeCompare(b.date));
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict('The calendar already has a holiday on one of those dates');
      throw error;
    }
  },

  async removeHoliday(ctx: WorkContext, id: string): Promise<string> {
    requireManage(ctx);
    if (!isUuid(id)) throw badInput([{ field: 'id', message: 'Must be a valid id' }]);
    return ctx.tx(async (tx) => {
      const [before] = await tx.select().from(holidays).where(eq(holidays.id, id)).for('update');
      if (!before) throw notFound('Holiday', id);
      await tx.delete(holidays).where(eq(holidays.id, id));
      await auditTimeOff(ctx, tx, 'holiday.delete', 'Holiday', id, before, null);
      return id;
    });
  },
};

/**
 * The working calendars for work locations over `[from, to]`: each location's own calendar, else
 * the tenant default, else Saturday/Sunday weekends without holidays. Keyed by location ('' for
 * "no location"). One query for the calendars, one for their holidays in the range.
 */
export async function workingCalendarsFor(
  tx: Tx,
  locations: (string | null | undefined)[],
  from: string,
  to: string,
): Promise<Map<string, WorkingCalendar>> {
  const wanted = [...new Set(locations.map((l) => l ?? ''))].filter((l) => l !== '');
  const calendars = await tx
    .select()
    .from(holidayCalendars)
    .where(wanted.length > 0 ? undefined : isNull(holidayCalendars.workLocation));
  const usable = calendars.filter((c) => c.workLocation === null || wanted.includes(c.workLocation));
  const days =
    usable.length === 0 || !isValidDate(from) || !isValidDate(to)
      ? []
      : await tx
          .select()
          .from(holidays)
          .where(
            and(
              inArray(
                holidays.calendarId,
                usable.map((c) => c.id),
              ),
              gte(holidays.date, from),
              lte(holidays.date, to),
            ),
          );
  const build = (c: HolidayCalendar | undefined): WorkingCalendar =>
    c
      ? workingCalendar({ weekendDays: c.weekendDays, holidays: days.filter((d) => d.calendarId === c.id) })
      : workingCalendar();
  const fallback = build(usable.find((c) => c.workLocation === null));
  const out = new Map<string, WorkingCalendar>([['', fallback]]);
  for (const location of wanted) {
    const own = usable.find((c) => c.workLocation === location);
    out.set(location, own ? build(own) : fallback);
  }
  return out;
}

/** The working calendar of one work location over `[from, to]` (see `workingCalendarsFor`). */
export async function workingCalendarFor(
  tx: Tx,
  location: string | null | undefined,
  from: string,
  to: string,
): Promise<WorkingCalendar> {
  const map = await workingCalendarsFor(tx, [location], from, to);
  return map.get(location ?? '') ?? map.get('')!;
}
