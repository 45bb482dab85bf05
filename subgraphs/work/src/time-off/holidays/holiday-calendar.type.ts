import { DateScalar, DateTimeScalar } from '@wg/runtime';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('Holiday', { description: 'A public or company holiday of a holiday calendar.' })
export class Holiday {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => DateScalar, { description: 'The day.' })
  date!: string;

  @Field(() => String, { description: 'e.g. "Whit Monday".' })
  name!: string;

  @Field(() => Boolean, { description: 'Only half the day is off: the day costs 0.5 of a working day.' })
  halfDay!: boolean;

  calendarId!: string;
  tenantId!: string;
}

@ObjectType('HolidayCalendar', {
  description:
    'Weekend days and holidays that decide what a working day is. The calendar without a work location is the tenant default; one with a location applies to employees whose `workLocation` matches it exactly.',
})
export class HolidayCalendar {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => String, { description: 'e.g. "Germany (Berlin)".' })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The employees’ `workLocation` it applies to; null for the tenant default.',
  })
  workLocation!: string | null;

  @Field(() => [Int], { description: 'ISO weekdays not worked: 1 = Monday … 7 = Sunday (default 6, 7).' })
  weekendDays!: number[];

  @Field(() => DateTimeScalar, { description: 'When the calendar was created.' })
  createdAt!: Date;

  tenantId!: string;
}
