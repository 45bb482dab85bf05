import { DecimalScalar } from '@wg/runtime';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType('ClockInInput', { description: 'A clock-in, for yourself or on behalf of someone.' })
export class ClockInInput {
  @Field(() => ID, {
    nullable: true,
    description:
      'Whose clock-in; yourself when omitted. Someone else needs `attendance:create` at scope `team` (your reporting line) or `all`.',
  })
  employeeId?: string | null;

  @Field(() => String, { nullable: true, description: 'Free text, at most 500 characters.' })
  note?: string | null;
}

@InputType('UpdateAttendanceSettingsInput', {
  description: 'Changes to the attendance rules; omitted fields keep their value.',
})
export class UpdateAttendanceSettingsInput {
  @Field(() => Int, {
    nullable: true,
    description: 'Hours after clock-in that an open record is closed, 1–24.',
  })
  autoCloseAfterHours?: number | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. "Europe/Berlin".' })
  timeZone?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Tolerance in hours, 0–24, at most 2 decimals.',
  })
  discrepancyToleranceHours?: string | null;
}
