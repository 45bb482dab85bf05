import { DateScalar } from '@wg/runtime';
import { Field, ID, InputType } from 'type-graphql';
import { TimeOffStatus } from './time-off-request.type';

@InputType('RequestTimeOffInput', { description: 'A request for leave.' })
export class RequestTimeOffInput {
  @Field(() => ID, {
    nullable: true,
    description:
      'Whose leave; default yourself. Someone else needs `time_off:request` at team (your line) or all.',
  })
  employeeId?: string | null;

  @Field(() => ID, { description: 'A leave type of the tenant.' })
  leaveTypeId!: string;

  /** String so a malformed date reaches validation and is reported by field. */
  @Field(() => String, { description: 'First day, YYYY-MM-DD.' })
  start!: string;

  @Field(() => String, { description: 'Last day (inclusive), YYYY-MM-DD, on or after start.' })
  end!: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only the second half of the first day (if the type allows half days).',
  })
  halfDayStart?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only the first half of the last day; on a one-day request use one flag, not both.',
  })
  halfDayEnd?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'At most 2000 characters; required when the type says so.',
  })
  note?: string | null;
}

@InputType('TimeOffRequestFilter', { description: 'Conditions every request must meet.' })
export class TimeOffRequestFilter {
  @Field(() => TimeOffStatus, { nullable: true, description: 'Only this status.' })
  status?: TimeOffStatus | null;

  @Field(() => ID, { nullable: true, description: 'Only this employee’s requests.' })
  employeeId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only employees of this department (directly in it).' })
  departmentId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only this leave type.' })
  leaveTypeId?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Only requests ending on or after this day.' })
  from?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Only requests starting on or before this day.' })
  to?: string | null;
}
