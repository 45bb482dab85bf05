import { entityRefs, holidayCalendars, holidays, leaveTypes, timeOffRequests } from '@wg/db/work';
import { addDays, badInput, type FieldError, forbidden, isUuid, isValidDate } from '@wg/runtime';
import { and, asc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { EMPLOYEE_REF, reportingLine } from '../../employees/employee.service';
import type { WorkContext } from '../../loaders';
import type { TeamCalendar, TimeOffRequest } from './time-off-request.type';

/** The longest period one team calendar shows (calendar days). */
export const MAX_CALENDAR_DAYS = 92;
const r = timeOffRequests;

/**
 * Who is away when: APPROVED and PENDING requests of a department's members (directly in it) or
 * of a manager's reporting line (below them) overlapping [from, to], plus the period's holidays of
 * the tenant default calendar and the members' work locations. Requires `time_off:read` at team
 * (only your own reporting line is shown) or all. Three queries whatever the team's size.
 */
export async function teamCalendar(
  ctx: WorkContext,
  args: { departmentId?: string | null; managerId?: string | null; from: string; to: string },
): Promise<TeamCalendar> {
  const scope = ctx.authorize('time_off:read');
  const errors: FieldError[] = [];
  if (!args.departmentId === !args.managerId) {
    errors.push({ field: 'departmentId', message: 'Give exactly one of departmentId or managerId' });
  }
  if (args.departmentId && !isUuid(args.departmentId))
    errors.push({ field: 'departmentId', message: 'Must be a valid id' });
  if (args.managerId && !isUuid(args.managerId))
    errors.push({ field: 'managerId', message: 'Must be a valid id' });
  if (!isValidDate(args.from)) errors.push({ field: 'from', message: 'Must be a real date (YYYY-MM-DD)' });
  if (!isValidDate(args.to)) errors.push({ field: 'to', message: 'Must be a real date (YYYY-MM-DD)' });
  else if (isValidDate(args.from)) {
    if (args.to < args.from) errors.push({ field: 'to', message: '`to` must be on or after `from`' });
    else if (addDays(args.from, MAX_CALENDAR_DAYS) <= args.to) {
      errors.push({ field: 'to', message: `At most ${MAX_CALENDAR_DAYS} days per calendar` });
    }
  }
  if (errors.length > 0) throw badInput(errors);
  if (scope === 'own') throw forbidden('time_off:read:team');
  const self = ctx.identity.employeeId;
  if (scope === 'team' && !self) throw forbidden('time_off:read:all');

  const members = args.departmentId
    ? sql`${entityRefs.data}->>'departmentId' = ${args.departmentId}`
    : and(
        sql`${entityRefs.id} in ${reportingLine(args.managerId!)}`,
        sql`${entityRefs.id} <> ${args.managerId}::uuid`,
      );

  return ctx.tx(async (tx) => {
    const people = await tx
      .select({ id: entityRefs.id, location: sql<string | null>`${entityRefs.data}->>'workLocation'` })
      .from(entityRefs)
      .where(
        and(
          eq(entityRefs.entityType, EMPLOYEE_REF),
          members,
          scope === 'team' ? sql`${entityRefs.id} in ${reportingLine(self!)}` : undefined,
        ),
      );
    const ids = people.map((p) => p.id);
    const locations = [...new Set(people.map((p) => p.location).filter((l): l is string => !!l))];
    const [rows, days] = await Promise.all([
      ids.length === 0
        ? []
        : tx
            .select({ request: r, type: leaveTypes })
            .from(r)
            .innerJoin(leaveTypes, eq(leaveTypes.id, r.leaveTypeId))
            .where(
              and(
                inArray(r.employeeId, ids),
                inArray(r.status, ['PENDING', 'APPROVED']),
                lte(r.startDate, args.to),
                gte(r.endDate, args.from),
              ),
            )
            .orderBy(asc(r.startDate), asc(r.id)),
      tx
        .select({
          holiday: holidays,
          calendarName: holidayCalendars.name,
          workLocation: holidayCalendars.workLocation,
        })
        .from(holidays)
        .innerJoin(holidayCalendars, eq(holidayCalendars.id, holidays.calendarId))
        .where(
          and(
            gte(holidays.date, args.from),
            lte(holidays.date, args.to),
            or(
              isNull(holidayCalendars.workLocation),
              locations.length > 0 ? inArray(holidayCalendars.workLocation, locations) : sql`false`,
            ),
          ),
        )
        .orderBy(asc(holidays.date), asc(holidayCalendars.name)),
    ]);
    return {
      from: args.from,
      to: args.to,
      entries: rows.map(({ request, type }) => ({
        request: request as TimeOffRequest,
        leaveType: type,
        colour: type.colour,
        unit: type.unit,
      })),
      holidays: days,
    };
  });
}
