import { Field, InputType, Int } from 'type-graphql';

@InputType('HolidayInput', { description: 'A holiday to add to a calendar.' })
export class HolidayInput {
  /** String so a malformed date reaches validation and is reported by field. */
  @Field(() => String, { description: 'The day, YYYY-MM-DD; one holiday per day and calendar.' })
  date!: string;

  @Field(() => String, { description: '1–200 characters.' })
  name!: string;

  @Field(() => Boolean, { nullable: true, description: 'Only half the day is off; default false.' })
  halfDay?: boolean | null;
}

@InputType('CreateHolidayCalendarInput', { description: 'A new holiday calendar.' })
export class CreateHolidayCalendarInput {
  @Field(() => String, { description: '1–200 characters.' })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The `workLocation` of the employees it applies to; omit for the tenant default (one each).',
  })
  workLocation?: string | null;

  @Field(() => [Int], { nullable: true, description: 'ISO weekdays not worked (1–7); default [6, 7].' })
  weekendDays?: number[] | null;

  @Field(() => [HolidayInput], { nullable: true, description: 'Holidays to start with (at most 500).' })
  holidays?: HolidayInput[] | null;
}

@InputType('UpdateHolidayCalendarInput', {
  description: 'Changes to a calendar; omitted fields keep their value.',
})
export class UpdateHolidayCalendarInput {
  @Field(() => String, { nullable: true, description: '1–200 characters.' })
  name?: string | null;

  @Field(() => [Int], { nullable: true, description: 'ISO weekdays not worked (1–7).' })
  weekendDays?: number[] | null;
}
