import { DateScalar, DecimalScalar } from '@wg/runtime';
import { Field, ID, InputType } from 'type-graphql';

@InputType('SetProjectBillingRateInput', { description: 'The hourly rate a project bills.' })
export class SetProjectBillingRateInput {
  @Field(() => ID, { description: 'A project of the tenant.' })
  projectId!: string;

  @Field(() => DecimalScalar, {
    description: 'Per logged hour: 0 or more (0 = not billable), at most 2 decimal places, e.g. "120.00".',
  })
  hourlyRate!: string;

  @Field(() => String, {
    description:
      'ISO-4217 code. Must be the tenant’s reporting currency (see `financeSettings`): multi-currency is not supported yet.',
  })
  currency!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'First day the rate applies to; it runs until the next rate’s `effectiveFrom`. Omitted: the project’s first ' +
      'rate applies from the beginning, a later one from today. Lines dated in the period are re-priced.',
  })
  effectiveFrom?: string | null;
}
