import { Directive, Field, Int, ObjectType } from 'type-graphql';
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

/** One problem in one row of an import file; every bulk import reports its problems with it. */
@Directive('@shareable')
@ObjectType('ImportRowError', { description: 'One problem in one CSV row.' })
export class ImportRowError {
  @Field(() => Int, { description: 'Line number in the CSV (the header is line 1).' })
  line!: number;

  @Field(() => String, { description: 'CSV column (or `row` for whole-row problems).' })
  field!: string;

  @Field(() => String, { description: 'What is wrong.' })
  message!: string;
}
