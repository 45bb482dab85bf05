import { Directive, Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from './scalar-types';

export {
  customScalars,
  DateScalar,
  DateTimeScalar,
  DecimalScalar,
  isValidDate,
  JSONObjectScalar,
} from './scalar-types';

@Directive('@shareable')
@ObjectType('Money', {
  description: 'An amount of money in a currency. The amount is an exact decimal string.',
})
export class Money {
  @Field(() => DecimalScalar, { description: 'Exact amount, e.g. "85000.00".' })
  amount!: string;

  @Field(() => String, { description: 'ISO-4217 currency code, e.g. "EUR".' })
  currency!: string;

  static of(amount: string, currency: string): Money {
    return Object.assign(new Money(), { amount, currency });
  }
}
