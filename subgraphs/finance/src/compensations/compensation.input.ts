import { DateScalar, DecimalScalar } from '@wg/runtime';
import { Field, ID, InputType } from 'type-graphql';
import { PayFrequency } from './compensation.type';

@InputType('SetCompensationInput', {
  description: 'A compensation for an employee from a given date on. Earlier ones stay as history.',
})
export class SetCompensationInput {
  @Field(() => ID, { description: 'An employee of the tenant.' })
  employeeId!: string;

  @Field(() => DecimalScalar, {
    description: 'Gross base pay per pay period: greater than 0, at most 2 decimal places, e.g. "104000.00".',
  })
  baseSalary!: string;

  @Field(() => String, {
    description:
      'ISO-4217 code. Must be the tenant’s reporting currency (see `financeSettings`): multi-currency is not supported yet.',
  })
  currency!: string;

  @Field(() => PayFrequency, { description: 'The period `baseSalary` is paid for.' })
  payFrequency!: PayFrequency;

  @Field(() => DateScalar, { description: 'First day it applies; may be in the past or the future.' })
  effectiveFrom!: string;
}
