import { DateScalar, DateTimeScalar } from '@wg/runtime';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Employee } from '../employees/employee.type';
import type { WorkContext } from '../loaders';
import { ClockInInput, UpdateAttendanceSettingsInput } from './attendance.input';
import { attendanceService } from './attendance.service';
import {
  AttendanceDay,
  AttendanceDiscrepancy,
  AttendanceRecord,
  AttendanceSettings,
} from './attendance.type';

const WHO =
  'Yourself when `employeeId` is omitted; someone else needs `attendance:create` at scope `team` (your reporting line) or `all`. The employee must be ACTIVE.';

@Resolver(() => AttendanceRecord)
export class AttendanceResolver {
  @Mutation(() => AttendanceRecord, {
    description: `Clock in now, recording the client address. ${WHO} One open record per employee: clocking in twice is a CONFLICT. A record still open \`autoCloseAfterHours\` later is closed then and flagged for review.`,
  })
  clockIn(
    @Ctx() ctx: WorkContext,
    @Arg('input', () => ClockInInput, { nullable: true, description: 'Whose clock-in, and a note.' })
    input: ClockInInput | null,
  ): Promise<AttendanceRecord> {
    return attendanceService.clockIn(ctx, input ?? {});
  }

  @Mutation(() => AttendanceRecord, {
    description: `Clock out now (an open break ends too). ${WHO} CONFLICT when not clocked in.`,
  })
  clockOut(
    @Ctx() ctx: WorkContext,
    @Arg('employeeId', () => ID, { nullable: true, description: 'Whose; yourself when omitted.' })
    employeeId: string | null,
  ): Promise<AttendanceRecord> {
    return attendanceService.clockOut(ctx, employeeId);
  }

  @Mutation(() => AttendanceRecord, {
    description: `Start a break in the open record. ${WHO} CONFLICT when not clocked in or already on a break.`,
  })
  startBreak(
    @Ctx() ctx: WorkContext,
    @Arg('employeeId', () => ID, { nullable: true, description: 'Whose; yourself when omitted.' })
    employeeId: string | null,
  ): Promise<AttendanceRecord> {
    return attendanceService.startBreak(ctx, employeeId);
  }

  @Mutation(() => AttendanceRecord, {
    description: `End the current break. ${WHO} CONFLICT when not on a break.`,
  })
  endBreak(
    @Ctx() ctx: WorkContext,
    @Arg('employeeId', () => ID, { nullable: true, description: 'Whose; yourself when omitted.' })
    employeeId: string | null,
  ): Promise<AttendanceRecord> {
    return attendanceService.endBreak(ctx, employeeId);
  }

  @Mutation(() => AttendanceRecord, {
    description:
      'Confirm a record the forgotten-clock-out rule closed (`needsReview`), optionally setting the real clock-out (after the clock-in and the last break, not in the future). Requires `attendance:approve` at scope `team` (your reporting line) or `all`; never your own record. CONFLICT when it is not waiting for review.',
  })
  reviewAttendanceRecord(
    @Ctx() ctx: WorkContext,
    @Arg('id', () => ID, { description: 'The record.' }) id: string,
    @Arg('clockOut', () => DateTimeScalar, { nullable: true, description: 'The real clock-out, if known.' })
    clockOut: Date | null,
  ): Promise<AttendanceRecord> {
    return attendanceService.review(ctx, id, clockOut);
  }

  @Query(() => [AttendanceDiscrepancy], {
    description:
      'Days on which an employee’s closed attendance (worked hours) and their SUBMITTED or APPROVED timesheet hours differ by more than `AttendanceSettings.discrepancyToleranceHours`, for employees who clocked in at least once in the range, ordered by day then employee. Requires `attendance:read`: own → yourself, team → your reporting line, all → everyone. At most 93 days.',
  })
  attendanceDiscrepancies(
    @Ctx() ctx: WorkContext,
    @Arg('from', () => DateScalar, { description: 'First day.' }) from: string,
    @Arg('to', () => DateScalar, { description: 'Last day (inclusive).' }) to: string,
    @Arg('departmentId', () => ID, {
      nullable: true,
      description: 'Only employees currently in this department.',
    })
    departmentId: string | null,
  ): Promise<AttendanceDiscrepancy[]> {
    return attendanceService.discrepancies(ctx, { from, to, departmentId });
  }

  @Query(() => AttendanceSettings, {
    description: 'The tenant’s attendance rules. Requires `attendance:read`.',
  })
  attendanceSettings(@Ctx() ctx: WorkContext): Promise<AttendanceSettings> {
    return attendanceService.settings(ctx);
  }

  @Mutation(() => AttendanceSettings, {
    description: 'Change the attendance rules. Requires `attendance:manage` at scope `all`; audited.',
  })
  updateAttendanceSettings(
    @Ctx() ctx: WorkContext,
    @Arg('input', () => UpdateAttendanceSettingsInput, { description: 'What to change.' })
    input: UpdateAttendanceSettingsInput,
  ): Promise<AttendanceSettings> {
    return attendanceService.updateSettings(ctx, input);
  }
}

/** `Employee.attendance`: work's attendance view of people's employees. */
@Resolver(() => Employee)
export class AttendanceEmployeeResolver {
  @FieldResolver(() => [AttendanceDay], {
    nullable: true,
    description:
      'Attendance per day from `from` to `to` (at most 93 days): only days with records, earliest first; a record counts on its clock-in day in the tenant’s attendance time zone, and `workedHours` is presence minus breaks. Requires `attendance:read`: own → yourself, team → your reporting line, all → anyone (others get null).',
  })
  attendance(
    @Root() e: Employee,
    @Ctx() ctx: WorkContext,
    @Arg('from', () => DateScalar, { description: 'First day.' }) from: string,
    @Arg('to', () => DateScalar, { description: 'Last day (inclusive).' }) to: string,
  ): Promise<AttendanceDay[] | null> {
    return attendanceService.daysFor(ctx, e.id, from, to);
  }
}
