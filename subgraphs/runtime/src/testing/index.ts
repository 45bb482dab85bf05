import { randomUUID } from 'node:crypto';
import { type Database, isBackground } from '@wg/db';
import { uuidv7 } from 'uuidv7';
import type { Identity } from '../auth/identity';
import { INTERNAL_TOKEN_HEADER, signInternalToken } from '../auth/internal-token';
import { permissionsForRoles } from '../auth/permissions';
import { clock, setClock } from '../clock';
import { type FieldError, InvalidInputError } from '../errors';
import { type Bus, InProcessBus } from '../events/bus';
import { type StartedSubgraph, startSubgraph } from '../http/run';
import type { SubgraphModule } from '../subgraph';

export { createTestDatabase } from './database';

export function identityFor(
  tenantId: string,
  roles: string[] = ['admin'],
  extra: Partial<Identity> = {},
): Identity {
  return {
    kind: 'user',
    tenantId,
    userId: extra.userId ?? uuidv7(),
    employeeId: extra.employeeId ?? null,
    roles,
    permissions: permissionsForRoles(roles),
    ...extra,
  };
}

/** A GraphQL response body: the one result type for subgraph and end-to-end tests. */
export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

type WithErrors = { errors?: { extensions?: Record<string, unknown> }[] | undefined };

/** The first error's `extensions.code` (undefined when the response has no errors). */
export const codeOf = (res: WithErrors): string | undefined => {
  const code = res.errors?.[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
};

/**
 * The field errors a BAD_USER_INPUT names, sorted by field: from a response (its first error) or
 * from what a service threw (an InvalidInputError, or a GraphQLError with `extensions.fields`).
 */
export function fieldErrorsOf(resOrError: unknown): FieldError[] {
  const source = resOrError as WithErrors & { fields?: unknown; extensions?: Record<string, unknown> };
  const fields =
    resOrError instanceof InvalidInputError
      ? resOrError.fields
      : Array.isArray(source?.errors)
        ? source.errors[0]?.extensions?.fields
        : source?.extensions?.fields;
  return [...((fields ?? []) as FieldError[])].sort((a, b) => a.field.localeCompare(b.field));
}

/** The names of the fields a BAD_USER_INPUT names, sorted (see `fieldErrorsOf`). */
export const fieldsOf = (resOrError: unknown): string[] => fieldErrorsOf(resOrError).map((f) => f.field);

/**
 * Pins the runtime clock (`clock.now()` / `clock.today()`) to `at` until the returned function
 * is called. Use in `beforeAll`/`afterAll` so date rules do not depend on the day the suite runs.
 */
export const pinClock = (at: Date | string | number): (() => void) => setClock(at);

/**
 * The calendar day `days` after the runtime clock's today (UTC, `YYYY-MM-DD`); negative for the
 * past. Follows `pinClock`, so fixtures and the rules they exercise agree on "today".
 */
export const dayOffset = (days: number): string =>
  new Date(clock.now().getTime() + days * 86_400_000).toISOString().slice(0, 10);

/** POSTs an operation to a subgraph the way the gateway does, internal token included. */
export async function callSubgraph<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  identity?: Identity,
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (identity) headers[INTERNAL_TOKEN_HEADER] = await signInternalToken(identity, randomUUID());
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as GraphQLResponse<T>;
}

/** A started subgraph plus a `call` bound to it. */
export async function startTestSubgraph<L>(
  module: SubgraphModule<L>,
  database: Database,
  bus: Bus = new InProcessBus(),
) {
  const started: StartedSubgraph = await startSubgraph(module, { database, bus, port: 0 });
  return {
    ...started,
    bus,
    call: <T = Record<string, unknown>>(
      query: string,
      variables?: Record<string, unknown>,
      identity?: Identity,
    ) => callSubgraph<T>(started.url, query, variables, identity),
  };
}

/** Polls until `check` returns a truthy value (eventual consistency across the bus). */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`eventually: timed out${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export { uuidv7 as newId };

/**
 * The SQL statements `fn` caused, without the outbox relay's and job runners' background polling (it shares the
 * database handle and its counter, so raw counts would be flaky).
 */
export async function statementsDuring(db: Database, fn: () => Promise<unknown>): Promise<string[]> {
  const before = db.statements.count;
  await fn();
  const delta = db.statements.count - before;
  if (delta > db.statements.recent.length) throw new Error(`too many statements to inspect (${delta})`);
  return db.statements.recent.slice(-delta).filter((q) => !isBackground(q));
}
