import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

/**
 * The platform's custom scalars, without type-graphql, so the gateway can check client values
 * with the very functions the subgraphs parse them with (`@wg/runtime/scalars`). Every bad value
 * is a GraphQLError with `code: BAD_USER_INPUT` and `scalar`; the caller names the field.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD` and rejects impossible dates such as 2024-02-30. */
export function isValidDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function scalarError(name: string, message: string, node?: ValueNode) {
  return new GraphQLError(message, {
    ...(node ? { nodes: node } : {}),
    extensions: { code: 'BAD_USER_INPUT', scalar: name },
  });
}

const DATE_MESSAGE = 'Must be a real calendar date in YYYY-MM-DD form';

/** A calendar day, `YYYY-MM-DD`, with no time zone. Carried as a string end to end. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date in ISO-8601 form, `YYYY-MM-DD`, without a time zone.',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)),
  parseValue: (value) => {
    if (typeof value !== 'string' || !isValidDate(value)) throw scalarError('Date', DATE_MESSAGE);
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !isValidDate(ast.value)) throw scalarError('Date', DATE_MESSAGE, ast);
    return ast.value;
  },
});

const DATE_TIME_MESSAGE = 'Must be an ISO-8601 timestamp such as "2026-01-31T09:30:00Z"';

function parseDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

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
    const d = parseDateTime(value);
    if (!d) throw scalarError('DateTime', DATE_TIME_MESSAGE);
    return d;
  },
  parseLiteral: (ast) => {
    const d = ast.kind === Kind.STRING ? parseDateTime(ast.value) : undefined;
    if (!d) throw scalarError('DateTime', DATE_TIME_MESSAGE, ast);
    return d;
  },
});

const DECIMAL_RE = /^-?\d{1,16}(\.\d{1,6})?$/;

/**
 * Why JSON numbers are refused: a variable's number has already been parsed into a binary float
 * by the time any scalar sees it (7.1 is 7.0999999999999996447…), so "exact from the text" is
 * only possible for literals; accepting one and not the other would make the same value behave
 * differently. A string is exact on both paths.
 */
const DECIMAL_MESSAGE =
  'Must be a decimal string such as "7.50" (JSON numbers are refused: they are binary floats)';

/** Exact decimal as a string (money, hours, ratios): never a float on the wire or in SQL. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description:
    'An exact decimal number carried as a string, e.g. `"1234.50"`. Never a binary float: JSON numbers are refused as input.',
  serialize: (value) => String(value),
  parseValue: (value) => {
    if (typeof value !== 'string' || !DECIMAL_RE.test(value)) throw scalarError('Decimal', DECIMAL_MESSAGE);
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !DECIMAL_RE.test(ast.value)) {
      throw scalarError('Decimal', DECIMAL_MESSAGE, ast);
    }
    return ast.value;
  },
});

const JSON_OBJECT_MESSAGE = 'Must be a JSON object';

/** graphql-scalars' JSONObject, with our BAD_USER_INPUT error (its own are plain TypeErrors). */
export const JSONObjectScalar = new GraphQLScalarType<object, object>({
  name: 'JSONObject',
  description: GraphQLJSONObject.description,
  serialize: (value) => GraphQLJSONObject.serialize(value),
  parseValue: (value) => {
    try {
      return GraphQLJSONObject.parseValue(value);
    } catch {
      throw scalarError('JSONObject', JSON_OBJECT_MESSAGE);
    }
  },
  parseLiteral: (ast, variables) => {
    try {
      return GraphQLJSONObject.parseLiteral(ast, variables);
    } catch {
      throw scalarError('JSONObject', JSON_OBJECT_MESSAGE, ast);
    }
  },
});

/** Every custom scalar of the graph by name: what the gateway checks client input against. */
export const customScalars: Readonly<Record<string, GraphQLScalarType>> = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Decimal: DecimalScalar,
  JSONObject: JSONObjectScalar,
};
