import { DateScalar, DecimalScalar } from '@wg/runtime';
import { Field, ID, InputType } from 'type-graphql';
import { TimesheetStatus } from './timesheet.type';

@InputType('LogTimeInput', { description: 'Hours one employee worked on one project on one day.' })
export class LogTimeInput {
  @Field(() => ID, { description: 'An active employee of the tenant.' })
  employeeId!: string;

  @Field(() => ID, { description: 'A project of the tenant that is not COMPLETED or CANCELLED.' })
  projectId!: string;

  /** Declared as String so a malformed date reaches validation and is reported as `input.date`. */
  @Field(() => String, { description: 'The day worked, YYYY-MM-DD; not in the future.' })
  date!: string;

  @Field(() => DecimalScalar, {
    description:
      'Hours as a decimal string, more than 0 and at most 24, at most 2 decimal places (e.g. "7.50"). The employee’s total for the day may not exceed 24.',
  })
  hours!: string;

  @Field(() => String, {
    nullable: true,
    description: 'What the time was spent on, at most 2000 characters.',
  })
  note?: string | null;
}

@InputType('CorrectTimesheetEntryInput', {
  description: 'Corrections to a rejected timesheet entry; omitted fields keep their value.',
})
export class CorrectTimesheetEntryInput {
  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'New hours, more than 0 and at most 24, at most 2 decimal places; the day’s total may not exceed 24.',
  })
  hours?: string | null;

  @Field(() => String, { nullable: true, description: 'New note, at most 2000 characters; empty clears it.' })
  note?: string | null;
}

@InputType('TimesheetEntryFilter', {
  description: 'Narrow a timesheet listing. All given conditions must hold.',
})
export class TimesheetEntryFilter {
  @Field(() => TimesheetStatus, {
    nullable: true,
    description: 'Only entries in this approval state (SUBMITTED: the approval queue).',
  })
  status?: TimesheetStatus | null;

  @Field(() => ID, { nullable: true, description: 'Only this employee’s entries.' })
  employeeId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only entries on this project.' })
  projectId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only entries of employees currently in this department (people’s current assignment).',
  })
  departmentId?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'First day included.' })
  from?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day included; on or after `from`.' })
  to?: string | null;
}
