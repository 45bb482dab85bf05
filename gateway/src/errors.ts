import { HeaderMap } from '@apollo/server';
import { appError, maskError } from '@wg/runtime/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { OperationLimits } from './config';

/**
 * Codes only the gateway raises. They pass `formatError` unmasked (the runtime's maskError knows
 * the subgraph codes; these are added here so the runtime need not know about the edge).
 */
export const GATEWAY_CODES = new Set([
  'OPERATION_LIMIT',
  'OPERATION_TIMEOUT',
  'RATE_LIMITED',
  // A subgraph that timed out or could not be reached (subgraph-failure.ts).
  'SUBGRAPH_TIMEOUT',
  'SUBGRAPH_UNAVAILABLE',
]);

export type LimitName = keyof OperationLimits | 'batch';

/**
 * An operation refused before planning. Names the limit and its maximum; never echoes the query,
 * variables or credentials (scanners probe for reflections).
 */
export function operationLimitError(limit: LimitName, max: number, found?: number): GraphQLError {
  return new GraphQLError(
    `Operation exceeds the ${limit} limit (max ${max}${found !== undefined ? `, found ${found}` : ''})`,
    {
      extensions: {
        code: 'OPERATION_LIMIT',
        limit,
        max,
        ...(found !== undefined ? { found } : {}),
        http: { status: 400, headers: new HeaderMap() },
      },
    },
  );
}

export function rateLimitedError(retryAfterSeconds: number, bucket: string): GraphQLError {
  return new GraphQLError(`Rate limit exceeded for this ${bucket}; retry in ${retryAfterSeconds} s`, {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds,
      http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
}

export function timeoutError(timeoutMs: number): GraphQLError {
  return new GraphQLError(`Operation timed out after ${timeoutMs} ms`, {
    extensions: { code: 'OPERATION_TIMEOUT', timeoutMs, http: { status: 504, headers: new HeaderMap() } },
  });
}

export function introspectionForbidden(): GraphQLError {
  const error = appError('FORBIDDEN', 'Introspection requires the schema:introspect permission', {
    permission: 'schema:introspect',
  });
  (error.extensions as Record<string, unknown>).http = { status: 403, headers: new HeaderMap() };
  return error;
}

/**
 * Apollo wraps validation-rule errors as GRAPHQL_VALIDATION_FAILED; a limit or bad input we
 * reported from a rule keeps its own code and details, found on the original error.
 */
function limitExtensions(error: unknown): Record<string, unknown> | undefined {
  let e: unknown = error;
  for (let i = 0; i < 3 && e instanceof GraphQLError; i++) {
    if (e.extensions?.code === 'OPERATION_LIMIT' || e.extensions?.code === 'BAD_USER_INPUT')
      return e.extensions;
    e = e.originalError;
  }
  return undefined;
}

// graphql 16 spells it "more that"; accept both so an upgrade does not silently unmask it.
const TOKEN_LIMIT = /Document contains more tha[nt] (\d+) tokens/;

/** The gateway's `formatError`: restores limit codes, passes gateway codes, masks the rest. */
export function formatGatewayError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (err: unknown) => void,
): GraphQLFormattedError {
  const limit = limitExtensions(error);
  if (limit) {
    const { http: _http, ...extensions } = limit;
    return { ...formatted, extensions };
  }
  // graphql-js' own token limit (ParseOptions.maxTokens) raises a syntax error; name the limit.
  const tokens = TOKEN_LIMIT.exec(formatted.message);
  if (tokens && formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED') {
    const max = Number(tokens[1]);
    return {
      message: `Operation exceeds the tokens limit (max ${max})`,
      extensions: { code: 'OPERATION_LIMIT', limit: 'tokens', max },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && GATEWAY_CODES.has(code)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return maskError(formatted, error, log);
}
