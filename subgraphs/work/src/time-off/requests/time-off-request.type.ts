import type { timeOffStatuses } from '@wg/db/work';
import {
  APPROVAL_ID_DESCRIPTION,
  APPROVAL_TYPES,
  connectionType,
  DateScalar,
  DateTimeScalar,
  DecimalScalar,
} from '@wg/runtime';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Holiday } from '../holidays/holiday-calendar.type';
import { LeaveType, LeaveUnit } from '../leave-types/leave-type.type';

export const TimeOffStatus = {
  PENDING: 'PENDING',
  APPROVED: 'APPROVED',
  REJECTED: 'REJECTED',
  CANCELLED: 'CANCELLED',
} as const satisfies { [S in (typeof timeOffStatuses)[number]]: S };
export type TimeOffStatus = (typeof TimeOffStatus)[keyof typeof TimeOffStatus];
registerEnumType(TimeOffStatus, {
  name: 'TimeOffStatus',
  description: 'Where a time-off request stands: PENDING → APPROVED | REJECTED; CANCELLED by the requester.',
  valuesConfig: {
    PENDING: { description: 'Asked for, waiting for the manager (counted in `pending`).' },
    APPROVED: { description: 'Approved (counted in `taken`); may still be cancelled before it starts.' },
    REJECTED: { description: 'Refused with a reason.' },
    CANCELLED: { description: 'Withdrawn by the requester; the balance is returned.' },
  },
});

@Directive('@key(fields: "id")')
@ObjectType('TimeOffRequest', {
  description:
    'A request for leave by one employee over calendar days (inclusive), costed in working time from the holiday calendar of their work location. No employee has two overlapping PENDING or APPROVED requests (a database exclusion constraint).',
})
export class TimeOffRequest {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => DateScalar, { description: 'First day of leave.' })
  startDate!: string;

  @Field(() => DateScalar, { description: 'Last day of leave (inclusive).' })
  endDate!: string;

  @Field(() => Boolean, { description: 'Only the second half of the first day is taken.' })
  halfDayStart!: boolean;

  @Field(() => Boolean, { description: 'Only the first half of the last day is taken.' })
  halfDayEnd!: boolean;

  @Field(() => String, { nullable: true, description: 'The requester’s note.' })
  note!: string | null;

  @Field(() => TimeOffStatus, { description: 'Where it stands.' })
  status!: TimeOffStatus;

  @Field(() => DecimalScalar, {
    description:
      'Σ working time of the days from startDate to endDate (weekends and holidays of the employee’s calendar cost 0, half days 0.5; HOURS: × hoursPerDay), in the leave type’s unit, fixed when requested.',
  })
  amount!: string;

  @Field(() => String, { nullable: true, description: 'Why it was rejected or cancelled.' })
  reason!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The user who asked (the employee, or someone on their behalf).',
  })
  requestedBy!: string | null;

  @Field(() => ID, { nullable: true, description: 'The user who approved or rejected it.' })
  decidedBy!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was approved or rejected.' })
  decidedAt!: Date | null;

  @Field(() => DateTimeScalar, { description: 'When it was requested.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When it last changed.' })
  updatedAt!: Date;

  employeeId!: string;
  leaveTypeId!: string;
  amountByYear!: Record<string, string>;
  tenantId!: string;
}

export const TimeOffRequestConnection = connectionType(TimeOffRequest, 'TimeOffRequest');

/**
 * Work's part of `TimeOffRequestApproval` (security owns the `Approval` interface, the inbox and
 * the projected fields; see `@wg/runtime` graphql/approval.ts): the request itself, by key.
 */
@Directive('@key(fields: "id")')
@ObjectType(APPROVAL_TYPES.time_off_request.typeName, {
  description: APPROVAL_TYPES.time_off_request.description,
})
export class TimeOffRequestApproval {
  @Field(() => ID, { description: APPROVAL_ID_DESCRIPTION })
  id!: string;
}

@ObjectType('TeamCalendarEntry', { description: 'One person away (or asking to be) in a team calendar.' })
export class TeamCalendarEntry {
  @Field(() => TimeOffRequest, { description: 'The request (APPROVED or PENDING).' })
  request!: TimeOffRequest;

  @Field(() => LeaveType, { description: 'Its leave type (name, colour).' })
  leaveType!: LeaveType;

  @Field(() => String, { description: 'The leave type’s colour, `#RRGGBB`.' })
  colour!: string;

  @Field(() => LeaveUnit, { description: 'The unit of the request’s amount.' })
  unit!: LeaveUnit;
}

@ObjectType('TeamCalendarHoliday', {
  description: 'A holiday in a team calendar, with the calendar it belongs to.',
})
export class TeamCalendarHoliday {
  @Field(() => Holiday, { description: 'The holiday.' })
  holiday!: Holiday;

  @Field(() => String, { description: 'Name of its holiday calendar.' })
  calendarName!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The calendar’s work location; null for the tenant default.',
  })
  workLocation!: string | null;
}

@ObjectType('TeamCalendar', {
  description: 'Who is away when in a team over a period, with the holidays of the period.',
})
export class TeamCalendar {
  @Field(() => DateScalar, { description: 'First day shown.' })
  from!: string;

  @Field(() => DateScalar, { description: 'Last day shown (inclusive).' })
  to!: string;

  @Field(() => [TeamCalendarEntry], {
    description: 'APPROVED and PENDING requests of the team overlapping the period, by first day.',
  })
  entries!: TeamCalendarEntry[];

  @Field(() => [TeamCalendarHoliday], {
    description:
      'Holidays in the period of the tenant default calendar and of the team’s work locations, by date.',
  })
  holidays!: TeamCalendarHoliday[];
}
