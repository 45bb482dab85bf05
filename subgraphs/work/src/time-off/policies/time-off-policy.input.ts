import { DecimalScalar } from '@wg/runtime';
import { Field, ID, InputType } from 'type-graphql';
import { AccrualFrequency, EmploymentType } from './time-off-policy.type';

@InputType('CreateTimeOffPolicyInput', { description: 'How one leave type accrues for one employment type.' })
export class CreateTimeOffPolicyInput {
  @Field(() => ID, { description: 'A leave type of the tenant.' })
  leaveTypeId!: string;

  @Field(() => EmploymentType, { description: 'One policy per leave type and employment type.' })
  employmentType!: EmploymentType;

  @Field(() => DecimalScalar, { description: 'Per full year, 0–1000, at most 2 decimal places.' })
  accrualPerYear!: string;

  @Field(() => AccrualFrequency, { nullable: true, description: 'Default MONTHLY.' })
  accrualFrequency?: AccrualFrequency | null;

  @Field(() => Boolean, { nullable: true, description: 'Pro-rate from the hire date; default true.' })
  proRated?: boolean | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Carry-over cap, 0–1000; omit for no cap.' })
  carryOverCap?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'How far below zero, 0–1000; default 0.' })
  negativeLimit?: string | null;
}

@InputType('UpdateTimeOffPolicyInput', {
  description:
    'Changes to a policy; omitted fields keep their value. Balances follow at once (they are computed).',
})
export class UpdateTimeOffPolicyInput {
  @Field(() => DecimalScalar, { nullable: true, description: 'Per full year, 0–1000.' })
  accrualPerYear?: string | null;

  @Field(() => AccrualFrequency, { nullable: true, description: 'When it accrues.' })
  accrualFrequency?: AccrualFrequency | null;

  @Field(() => Boolean, { nullable: true, description: 'Pro-rate from the hire date.' })
  proRated?: boolean | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Carry-over cap, 0–1000.' })
  carryOverCap?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'True removes the carry-over cap.' })
  uncappedCarryOver?: boolean | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'How far below zero, 0–1000.' })
  negativeLimit?: string | null;
}
