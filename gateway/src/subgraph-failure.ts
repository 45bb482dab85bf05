import type { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { type GraphQLFormattedError, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { SubgraphDataSource } from './data-source';
import type { GatewayContext } from './guard-plugin';

/*
 * Per-subgraph deadlines and what a failed subgraph call turns into. One slow or dead subgraph must
 * fail only its own part of the query plan: the other subgraphs' data is returned, and the fields
 * this one should have filled are null with an error at their path naming the subgraph and the
 * request id. (Without this a hung subgraph held the whole operation for 30 s, and a dead one gave
 * an error without a path that the gateway masked.)
 */

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/** Codes for a subgraph that did not answer in time, or not at all. */
export const SUBGRAPH_FAILURE_CODES = ['SUBGRAPH_TIMEOUT', 'SUBGRAPH_UNAVAILABLE'] as const;

/**
 * `SUBGRAPH_<NAME>_TIMEOUT_MS`, else `SUBGRAPH_TIMEOUT_MS`, else 5 s — never beyond the whole
 * operation's deadline (`GATEWAY_EXECUTION_TIMEOUT_MS`, 0 = none).
 */
export function subgraphTimeoutMs(name: string, operationTimeoutMs: number, env = process.env): number {
  const own = Number(env[`SUBGRAPH_${name.toUpperCase()}_TIMEOUT_MS`]);
  const all = Number(env.SUBGRAPH_TIMEOUT_MS);
  const ms = own > 0 ? own : all > 0 ? all : 5000;
  return operationTimeoutMs > 0 ? Math.min(ms, operationTimeoutMs) : ms;
}

const isTimeout = (error: unknown) => {
  for (let e: unknown = error, i = 0; e && typeof e === 'object' && i < 4; i++) {
    const name = (e as { name?: unknown }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
};

/** Response keys the failed fetch would have filled, as error paths relative to the fetch. */
function failedPaths(query: string | undefined, representations: number): (string | number)[][] {
  let operation: OperationDefinitionNode | undefined;
  try {
    operation = parse(query ?? '').definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
  } catch {
    return [];
  }
  const roots = (operation?.selectionSet.selections ?? []).filter((s) => s.kind === Kind.FIELD);
  const first = roots[0];
  if (first?.name.value === '_entities') {
    // An entity fetch: one error per entity at the first field this subgraph contributes to it
    // (`departments.3.openings`); the gateway maps `_entities.<i>` to where entity i sits.
    const fragment = first.selectionSet?.selections.find((s) => s.kind === Kind.INLINE_FRAGMENT);
    const field = fragment?.selectionSet.selections.find(
      (s) => s.kind === Kind.FIELD && s.name.value !== '__typename',
    );
    const key = field?.kind === Kind.FIELD ? (field.alias ?? field.name).value : undefined;
    return Array.from({ length: representations }, (_, i) =>
      key ? ['_entities', i, key] : ['_entities', i],
    );
  }
  return roots.map((f) => [(f.alias ?? f.name).value]);
}

/** A subgraph's failure as a GraphQL answer: no data, an error at each path it should have filled. */
export function subgraphFailureResponse(
  subgraph: string,
  requestId: string | undefined,
  options: Pick<GraphQLDataSourceProcessOptions<GatewayContext>, 'request'>,
  error: unknown,
  timeoutMs: number,
): GatewayGraphQLResponse {
  const timedOut = isTimeout(error);
  const code = timedOut ? 'SUBGRAPH_TIMEOUT' : 'SUBGRAPH_UNAVAILABLE';
  const message = timedOut
    ? `Subgraph ${subgraph} did not answer within ${timeoutMs} ms`
    : `Subgraph ${subgraph} is unavailable`;
  const representations = options.request.variables?.representations;
  const count = Array.isArray(representations) ? representations.length : 0;
  const paths = failedPaths(options.request.query, count);
  const extensions = { code, subgraph, ...(requestId ? { requestId } : {}), retryable: true };
  const errors: GraphQLFormattedError[] =
    paths.length > 0 ? paths.map((path) => ({ message, path, extensions })) : [{ message, extensions }];
  return { data: null, errors };
}

/** The gateway's subgraph client with its deadline and failure answer. */
export class ResilientSubgraphDataSource extends SubgraphDataSource {
  readonly timeoutMs: number;

  constructor(config: ConstructorParameters<typeof SubgraphDataSource>[0] & { timeoutMs: number }) {
    const { timeoutMs, ...rest } = config;
    super({
      ...rest,
      fetcher: (input, init) =>
        fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) } as RequestInit) as never,
    });
    this.timeoutMs = timeoutMs;
  }

  override async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      // A subgraph's own GraphQL error (it answered, with a code) stays as it was.
      const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
      if (typeof code === 'string') throw error;
      const context = 'context' in options ? options.context : undefined;
      return subgraphFailureResponse(this.subgraphName, context?.requestId, options, error, this.timeoutMs);
    }
  }
}
