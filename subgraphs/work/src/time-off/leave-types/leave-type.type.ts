import type { leaveUnits } from '@wg/db/work';
import { DateTimeScalar, DecimalScalar } from '@wg/runtime';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

/** The database's leave units as a GraphQL enum; `satisfies` keeps the two lists identical. */
export const LeaveUnit = { DAYS: 'DAYS', HOURS: 'HOURS' } as const satisfies {
  [U in (typeof leaveUnits)[number]]: U;
};
export type LeaveUnit = (typeof LeaveUnit)[keyof typeof LeaveUnit];
registerEnumType(LeaveUnit, {
  name: 'LeaveUnit',
  description: 'What a leave type is counted in.',
  valuesConfig: {
    DAYS: { description: 'Working days (a half day is 0.5).' },
    HOURS: { description: 'Hours: working days × the type’s `hoursPerDay`.' },
  },
});

@ObjectType('LeaveType', {
  description: 'A kind of leave of the tenant (vacation, sick, parental, unpaid …).',
})
export class LeaveType {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => String, { description: 'Display name, e.g. "Vacation".' })
  name!: string;

  @Field(() => String, { description: 'Short code unique in the tenant, e.g. VACATION; carried in events.' })
  code!: string;

  @Field(() => Boolean, { description: 'Whether the leave is paid (payroll and finance see unpaid leave).' })
  paid!: boolean;

  @Field(() => LeaveUnit, { description: 'Days or hours.' })
  unit!: LeaveUnit;

  @Field(() => Boolean, {
    description: 'Whether requests draw on a balance (and are refused when it is insufficient).',
  })
  balanceApplies!: boolean;

  @Field(() => Boolean, { description: 'Whether a request may start or end with a half day.' })
  halfDaysAllowed!: boolean;

  @Field(() => Boolean, {
    description: 'Whether a request must carry a note (e.g. a doctor’s note reference).',
  })
  noteRequired!: boolean;

  @Field(() => String, { description: 'Colour for calendars, `#RRGGBB`.' })
  colour!: string;

  @Field(() => DecimalScalar, {
    description: 'Hours one working day counts for when the unit is HOURS (e.g. "8.00"); per day.',
  })
  hoursPerDay!: string;

  @Field(() => DateTimeScalar, { description: 'When the type was created.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When the type last changed.' })
  updatedAt!: Date;

  tenantId!: string;
}
