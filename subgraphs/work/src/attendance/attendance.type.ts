import { connectionType, DateScalar, DateTimeScalar, DecimalScalar } from '@wg/runtime';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Employee } from '../employees/employee.type';

@ObjectType('AttendanceBreak', { description: 'A pause inside an attendance record.' })
export class AttendanceBreak {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => DateTimeScalar, { description: 'When the break started.' })
  startedAt!: Date;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When it ended; null while it lasts (a clock-out ends an open break).',
  })
  endedAt!: Date | null;
}

@ObjectType('AttendanceRecord', {
  description: 'One stretch of presence: a clock-in, its breaks and (once closed) its clock-out.',
})
export class AttendanceRecord {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => Employee, { description: 'Who was present (resolved by the people subgraph).' })
  employee!: Employee;

  @Field(() => DateScalar, {
    description:
      'The calendar day the record counts on: the clock-in’s day in the tenant’s attendance time zone.',
  })
  date!: string;

  @Field(() => DateTimeScalar, { description: 'When they clocked in.' })
  clockIn!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When they clocked out; null while open.' })
  clockOut!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Client address at clock-in, as the gateway saw it (null when unknown).',
  })
  clockInIp!: string | null;

  @Field(() => String, { nullable: true, description: 'Client address at clock-out.' })
  clockOutIp!: string | null;

  @Field(() => String, { nullable: true, description: 'Note given at clock-in.' })
  note!: string | null;

  @Field(() => [AttendanceBreak], { description: 'Breaks, in order.' })
  breaks!: AttendanceBreak[];

  @Field(() => DecimalScalar, {
    description:
      'Hours present minus breaks over this one record: (clockOut − clockIn) − Σ break durations, in hours rounded to 2 decimals; for an open record, from clock-in until now.',
  })
  workedHours!: string;

  @Field(() => Boolean, {
    description:
      'Closed by the forgotten-clock-out rule (at clock-in + `autoCloseAfterHours`), not by a person.',
  })
  autoClosed!: boolean;

  @Field(() => Boolean, {
    description: 'Waiting for a reviewer to confirm or correct it (`reviewAttendanceRecord`).',
  })
  needsReview!: boolean;

  @Field(() => ID, {
    nullable: true,
    description: 'User who clocked in (the employee or someone on their behalf).',
  })
  clockedInBy!: string | null;

  @Field(() => ID, { nullable: true, description: 'User who clocked out; null when open or auto-closed.' })
  clockedOutBy!: string | null;
}

@ObjectType('AttendanceDay', { description: 'One employee’s attendance on one calendar day.' })
export class AttendanceDay {
  @Field(() => DateScalar, { description: 'The day (in the tenant’s attendance time zone).' })
  date!: string;

  @Field(() => DecimalScalar, {
    description: 'Σ workedHours of the records that count on this day (each counts on its clock-in day).',
  })
  workedHours!: string;

  @Field(() => [AttendanceRecord], { description: 'The records, earliest first.' })
  records!: AttendanceRecord[];
}

@ObjectType('AttendanceDiscrepancy', {
  description: 'A day on which attendance and logged timesheet hours disagree by more than the tolerance.',
})
export class AttendanceDiscrepancy {
  @Field(() => Employee, { description: 'Whose day it is.' })
  employee!: Employee;

  @Field(() => DateScalar, { description: 'The day.' })
  date!: string;

  @Field(() => DecimalScalar, {
    description: 'Σ worked hours of the day’s closed attendance records (open records are not counted yet).',
  })
  attendanceHours!: string;

  @Field(() => DecimalScalar, {
    description:
      'Σ hours of the day’s timesheet entries that are SUBMITTED or APPROVED (rejected ones do not count).',
  })
  loggedHours!: string;

  @Field(() => DecimalScalar, {
    description: 'attendanceHours − loggedHours of that one day (positive: present longer than logged).',
  })
  difference!: string;
}

export const AttendanceDiscrepancyConnection = connectionType(AttendanceDiscrepancy, 'AttendanceDiscrepancy');

@ObjectType('AttendanceSettings', { description: 'The tenant’s attendance rules.' })
export class AttendanceSettings {
  @Field(() => Int, {
    description:
      'A record still open this many hours after clock-in is closed at that moment and flagged for review (1–24; default 12). Applies to records clocked in after a change.',
  })
  autoCloseAfterHours!: number;

  @Field(() => String, {
    description: 'IANA time zone whose calendar days attendance is counted in (default UTC).',
  })
  timeZone!: string;

  @Field(() => DecimalScalar, {
    description:
      'How far a day’s attendance and logged hours may differ (|attendanceHours − loggedHours| per day) before `attendanceDiscrepancies` reports it (hours, default 0.50).',
  })
  discrepancyToleranceHours!: string;
}
