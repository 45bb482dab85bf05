import { DateTimeScalar } from '@wg/runtime';
import { Field, ObjectType } from 'type-graphql';

/** Used until a tenant sets its own (the demo seed and `setReportingCurrency` write the row). */
export const DEFAULT_CURRENCY = 'USD';

@ObjectType('FinanceSettings', { description: "The tenant's finance configuration." })
export class FinanceSettings {
  @Field(() => String, {
    description:
      'ISO-4217 reporting currency. Every compensation, billing rate and labour cost is kept in it: multi-currency is not supported yet.',
  })
  currency!: string;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the settings last changed; null while the tenant runs on the default (USD).',
  })
  updatedAt!: Date | null;
}
