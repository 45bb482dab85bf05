import { isDatabaseUnavailable } from '@wg/db';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ZodError } from 'zod';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'PERSISTED_QUERY_NOT_FOUND'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export interface FieldError {
  field: string;
  message: string;
}

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401 };

export function appError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  const status = HTTP_STATUS[code];
  return new GraphQLError(message, {
    extensions: { code, ...extensions, ...(status ? { http: { status } } : {}) },
  });
}

export const unauthenticated = (message = 'Authentication required') => appError('UNAUTHENTICATED', message);
export const forbidden = (permission?: string) =>
  appError(
    'FORBIDDEN',
    permission ? `Missing permission ${permission}` : 'Not allowed',
    permission ? { permission } : {},
  );
export const notFound = (type: string, id?: string) =>
  appError('NOT_FOUND', id ? `${type} ${id} not found` : `${type} not found`);
export const conflict = (message: string) => appError('CONFLICT', message);

/** One error naming every bad field, so a form can mark them all at once. */
export function badInput(fields: FieldError[]): GraphQLError {
  const names = fields.map((f) => f.field).join(', ');
  return appError('BAD_USER_INPUT', `Invalid input: ${names}`, { fields });
}

/** Converts a zod failure into BAD_USER_INPUT with dotted field paths (`input.workEmail`). */
/** zod issues as field errors named `prefix.path` (`input.name`, `entries.3.hours`). */
export function zodFieldErrors(error: ZodError | undefined, prefix: string | number = 'input'): FieldError[] {
  return (error?.issues ?? []).map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.'),
    message: issue.message,
  }));
}

export function fromZod(error: ZodError, prefix = 'input'): GraphQLError {
  return badInput(zodFieldErrors(error, prefix));
}

/** Postgres error codes we translate rather than mask. */
const PG_UNIQUE_VIOLATION = '23505';

function pgCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown) => pgCode(error) === PG_UNIQUE_VIOLATION;

const KNOWN_CODES = new Set<string>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'PERSISTED_QUERY_NOT_FOUND',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'SERVICE_UNAVAILABLE',
]);

/**
 * Apollo `formatError`: errors we raised on purpose pass through; anything else (a driver error
 * with SQL in its message, a TypeError with a stack) becomes a masked INTERNAL_SERVER_ERROR that
 * keeps only the request id. The original goes to the log.
 */
export function maskError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (err: unknown) => void,
  requestId?: string,
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && KNOWN_CODES.has(code)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  // A database restart or failover is not a bug: say so, so clients retry instead of reporting it.
  if (isDatabaseUnavailable(error)) {
    return {
      message: 'Service temporarily unavailable; retry shortly',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true, ...(requestId ? { requestId } : {}) },
    };
  }
  log(error);
  return {
    message: 'Internal server error',
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR', ...(requestId ? { requestId } : {}) },
  };
}
