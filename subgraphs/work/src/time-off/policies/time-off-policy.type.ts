import type { accrualFrequencies } from '@wg/db/work';
import { DateTimeScalar, DecimalScalar } from '@wg/runtime';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export const AccrualFrequency = {
  MONTHLY: 'MONTHLY',
  YEARLY: 'YEARLY',
  UPFRONT: 'UPFRONT',
} as const satisfies {
  [F in (typeof accrualFrequencies)[number]]: F;
};
export type AccrualFrequency = (typeof AccrualFrequency)[keyof typeof AccrualFrequency];
registerEnumType(AccrualFrequency, {
  name: 'AccrualFrequency',
  description: 'When a policy’s yearly amount becomes available within a balance year (the calendar year).',
  valuesConfig: {
    MONTHLY: { description: 'One twelfth at the end of each calendar month employed.' },
    YEARLY: { description: 'The whole year’s amount on the last day of the year (or of employment).' },
    UPFRONT: { description: 'The whole year’s amount on 1 January (or the hire date).' },
  },
});

/** people's employment types (`employmentTypes` in drizzle/schema/people.ts), as a GraphQL enum. */
export const EmploymentType = {
  FULL_TIME: 'FULL_TIME',
  PART_TIME: 'PART_TIME',
  CONTRACTOR: 'CONTRACTOR',
  INTERN: 'INTERN',
} as const;
export type EmploymentType = (typeof EmploymentType)[keyof typeof EmploymentType];
registerEnumType(EmploymentType, {
  name: 'TimeOffEmploymentType',
  description: 'The employment type a time-off policy applies to (people’s `employmentType`).',
  valuesConfig: {
    FULL_TIME: { description: 'Full-time employees.' },
    PART_TIME: { description: 'Part-time employees.' },
    CONTRACTOR: { description: 'Contractors on the books.' },
    INTERN: { description: 'Interns.' },
  },
});

@ObjectType('TimeOffPolicy', {
  description:
    'How one leave type accrues for one employment type. Balance years are calendar years; balances are computed from this rule and the dates, never stored.',
})
export class TimeOffPolicy {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => ID, { description: 'The leave type.' })
  leaveTypeId!: string;

  @Field(() => EmploymentType, { description: 'The employment type it applies to.' })
  employmentType!: EmploymentType;

  @Field(() => DecimalScalar, {
    description:
      'Amount accrued per full balance year (calendar year), in the leave type’s unit, as set; a part year accrues its share.',
  })
  accrualPerYear!: string;

  @Field(() => AccrualFrequency, { description: 'When within the year the amount accrues.' })
  accrualFrequency!: AccrualFrequency;

  @Field(() => Boolean, {
    description:
      'Pro-rated from the hire date (and to the termination date): accrualPerYear × days employed in the year (MONTHLY: in the month) ÷ days in it.',
  })
  proRated!: boolean;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Most of a positive year-end balance carried into the next year, in the unit; null = all of it. A negative balance carries in full.',
  })
  carryOverCap!: string | null;

  @Field(() => DecimalScalar, {
    description:
      'How far below zero a request may take the available balance of a balance year (available − pending − request ≥ −negativeLimit; 0 = never negative), in the unit.',
  })
  negativeLimit!: string;

  @Field(() => DateTimeScalar, { description: 'When the policy last changed.' })
  updatedAt!: Date;

  createdAt!: Date;
  tenantId!: string;
}
