import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { Directive, Field, ObjectType } from 'type-graphql';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD` and rejects impossible dates such as 2024-02-30. */
export function isValidDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function scalarError(name: string, message: string) {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', scalar: name } });
}

/** A calendar day, `YYYY-MM-DD`, with no time zone. Carried as a string end to end. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date in ISO-8601 form, `YYYY-MM-DD`, without a time zone.',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)),
  parseValue: (value) => {
    if (typeof value !== 'string' || !isValidDate(value)) {
      throw scalarError(
        'Date',
        `Date must be a real calendar date in YYYY-MM-DD form, got ${JSON.stringify(value)}`,
      );
    }
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !isValidDate(ast.value)) {
      throw scalarError('Date', 'Date must be a real calendar date in YYYY-MM-DD form');
    }
    return ast.value;
  },
});

/** An instant, serialised as ISO-8601 with offset (UTC). */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant in ISO-8601 form with a UTC offset, e.g. `2026-01-31T09:30:00.000Z`.',
  serialize: (value) => {
    const d = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(d.getTime())) throw new GraphQLError('DateTime cannot represent an invalid date');
    return d.toISOString();
  },
  parseValue: (value) => {
    const d = typeof value === 'string' ? new Date(value) : undefined;
    if (!d || Number.isNaN(d.getTime()) || !/T/.test(String(value))) {
      throw scalarError('DateTime', 'DateTime must be an ISO-8601 timestamp');
    }
    return d;
  },
  parseLiteral: (ast) => {
    const d = ast.kind === Kind.STRING ? new Date(ast.value) : undefined;
    if (!d || Number.isNaN(d.getTime()))
      throw scalarError('DateTime', 'DateTime must be an ISO-8601 timestamp');
    return d;
  },
});

const DECIMAL_RE = /^-?\d{1,16}(\.\d{1,6})?$/;

/** Exact decimal as a string (money, hours, ratios): never a float on the wire or in SQL. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number carried as a string, e.g. `"1234.50"`. Never a binary float.',
  serialize: (value) => String(value),
  parseValue: (value) => {
    if (typeof value !== 'string' || !DECIMAL_RE.test(value)) {
      throw scalarError('Decimal', 'Decimal must be a string such as "1234.50"');
    }
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !DECIMAL_RE.test(ast.value)) {
      throw scalarError('Decimal', 'Decimal must be a string such as "1234.50"');
    }
    return ast.value;
  },
});

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
