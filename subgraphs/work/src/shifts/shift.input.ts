import { DecimalScalar } from '@wg/runtime';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType('CreateShiftTemplateInput', { description: 'A new shift template.' })
export class CreateShiftTemplateInput {
  @Field(() => String, { description: 'Name, 1–200 characters, unique in the tenant.' })
  name!: string;

  @Field(() => String, { description: 'Local start time, HH:MM (24 h).' })
  startTime!: string;

  @Field(() => String, { description: 'Local end time, HH:MM; at or before the start means the next day.' })
  endTime!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Unpaid break minutes (default 0), shorter than the shift.',
  })
  breakMinutes?: number | null;

  @Field(() => String, { description: 'IANA time zone, e.g. "Europe/Berlin".' })
  timeZone!: string;
}

@InputType('CreateScheduleInput', { description: 'A new rota.' })
export class CreateScheduleInput {
  @Field(() => String, { description: 'Name, 1–200 characters, unique in the tenant.' })
  name!: string;

  @Field(() => ID, { nullable: true, description: 'The department it staffs.' })
  departmentId?: string | null;

  @Field(() => String, { nullable: true, description: 'The work location it staffs.' })
  location?: string | null;

  @Field(() => String, { description: 'IANA time zone of its days.' })
  timeZone!: string;
}

@InputType('CreateShiftInput', {
  description:
    'A shift: from a template on a day, or with explicit start and end instants. Without an employee it is OPEN.',
})
export class CreateShiftInput {
  @Field(() => ID, { description: 'The rota.' })
  scheduleId!: string;

  @Field(() => ID, { nullable: true, description: 'A template; needs `date`.' })
  templateId?: string | null;

  /** Declared as String so a malformed date is reported by validation as `input.date`. */
  @Field(() => String, { nullable: true, description: 'Local day (YYYY-MM-DD) for a template shift.' })
  date?: string | null;

  /** Declared as String so a malformed instant is reported as `input.startsAt`. */
  @Field(() => String, {
    nullable: true,
    description: 'Start instant (ISO-8601) for a shift without template.',
  })
  startsAt?: string | null;

  @Field(() => String, { nullable: true, description: 'End instant; after the start, at most 24 h later.' })
  endsAt?: string | null;

  @Field(() => Int, { nullable: true, description: 'Unpaid break minutes; the template’s when omitted.' })
  breakMinutes?: number | null;

  @Field(() => ID, { nullable: true, description: 'Who works it; OPEN when omitted.' })
  employeeId?: string | null;

  @Field(() => String, { nullable: true, description: 'Free text, at most 500 characters.' })
  note?: string | null;
}

@InputType('UpdateShiftSettingsInput', { description: 'Changes to the scheduling rules.' })
export class UpdateShiftSettingsInput {
  @Field(() => DecimalScalar, { nullable: true, description: 'Minimum rest in hours, 0–48.' })
  minRestHours?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Maximum paid hours per week, more than 0, at most 168.',
  })
  maxWeeklyHours?: string | null;
}
