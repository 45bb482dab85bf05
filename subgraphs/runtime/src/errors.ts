import { isDatabaseUnavailable } from '@wg/db/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ZodError } from 'zod';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'OPERATION_LIMIT'
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

/** UNAUTHENTICATED for the edge (token checks, context creation): a GraphQLError carrying HTTP 401. */
export const unauthenticated = (message = 'Authentication required') => appError('UNAUTHENTICATED', message);

/**
 * What services throw. Plain `Error`s that know nothing of GraphQL, so an event consumer, the seed
 * or a script can catch them by class (`instanceof NotFoundError`); `maskError` (the subgraphs'
 * `formatError`) is the one place that turns them into `extensions.code` plus their `details`.
 */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
  /** Machine-readable details the client gets next to `code` (`fields`, `permission`). */
  details(): Record<string, unknown> {
    return {};
  }
}

/** BAD_USER_INPUT naming every bad field at once, so a form can mark them all. */
export class InvalidInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor(readonly fields: FieldError[]) {
    super(`Invalid input: ${fields.map((f) => f.field).join(', ')}`);
  }
  override details() {
    return { fields: this.fields };
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly entity: string,
    readonly id?: string,
  ) {
    super(id ? `${entity} ${id} not found` : `${entity} not found`);
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
}

/** FORBIDDEN; `permission` (when known) is what the caller lacks. */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  constructor(
    message = 'Not allowed',
    readonly permission?: string,
  ) {
    super(message);
  }
  override details(): Record<string, unknown> {
    return this.permission ? { permission: this.permission } : {};
  }
}

/** A service's refusal to authenticate (wrong password, spent token); HTTP 401 like `unauthenticated()`. */
export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
}

/** RATE_LIMITED: the work was refused, not queued; the client may retry after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
  override details() {
    return { retryAfterSeconds: this.retryAfterSeconds };
  }
}

// Shorthands services use: `throw notFound('User', id)` is `throw new NotFoundError('User', id)`.
export const forbidden = (permission?: string) =>
  new ForbiddenError(permission ? `Missing permission ${permission}` : 'Not allowed', permission);
export const notFound = (type: string, id?: string) => new NotFoundError(type, id);
export const conflict = (message: string) => new ConflictError(message);
export const badInput = (fields: FieldError[]) => new InvalidInputError(fields);

/** zod issues as field errors named `prefix.path` (`input.name`, `entries.3.hours`). */
export function zodFieldErrors(error: ZodError | undefined, prefix: string | number = 'input'): FieldError[] {
  return (error?.issues ?? []).map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.'),
    message: issue.message,
  }));
}

/** A zod failure as BAD_USER_INPUT with dotted field paths (`input.workEmail`). */
export function fromZod(error: ZodError, prefix = 'input'): InvalidInputError {
  return badInput(zodFieldErrors(error, prefix));
}

/** The domain error behind a (graphql-js wrapped) error, if there is one. */
export function domainErrorOf(error: unknown): DomainError | undefined {
  let e: unknown = error;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    if (e instanceof DomainError) return e;
    e = (e as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/** The HTTP status a response carrying this domain error gets (as `appError` sets it for GraphQLErrors). */
export const httpStatusOf = (error: DomainError): number | undefined => HTTP_STATUS[error.code];

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
/** An exclusion constraint refused the row (23P01): two bookings overlap. */
export const isExclusionViolation = (error: unknown) => pgCode(error) === '23P01';

const KNOWN_CODES = new Set<string>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'OPERATION_LIMIT',
  'PERSISTED_QUERY_NOT_FOUND',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'SERVICE_UNAVAILABLE',
]);

/**
 * Apollo `formatError`: domain errors become their code and details; GraphQLErrors we raised on
 * purpose (edge checks, scalars) pass through; anything else (a driver error
 * with SQL in its message, a TypeError with a stack) becomes a masked INTERNAL_SERVER_ERROR that
 * keeps only the request id. The original goes to the log.
 */
export function maskError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (err: unknown) => void,
  requestId?: string,
): GraphQLFormattedError {
  const domain = domainErrorOf(error);
  if (domain) {
    return {
      message: domain.message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: domain.code, ...domain.details() },
    };
  }
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
