import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { ClientInfo, Identity } from '@wg/runtime/auth';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from './guard-plugin';

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/**
 * A subgraph running in the gateway's own process (the runtime's `RunningSubgraph.execute`):
 * the same Apollo Server, plugins and error masking as its `/graphql`, minus HTTP and the signed
 * internal token. Declared structurally so the gateway never loads the subgraph runtime.
 */
export interface InProcessSubgraph {
  execute(
    request: {
      query?: string | undefined;
      variables?: Record<string, unknown> | undefined;
      operationName?: string | undefined;
    },
    caller: { identity: Identity; requestId: string; client?: ClientInfo | undefined },
  ): Promise<{
    data?: Record<string, unknown> | null;
    errors?: readonly GraphQLFormattedError[];
    extensions?: Record<string, unknown>;
  }>;
}

/**
 * Hive Gateway's and Apollo's `LocalGraphQLDataSource` idea for a graph in one process: the
 * query plan's fetches call the subgraph directly. What differs from the network path is only
 * the transport — the caller's identity is handed over as the internal token would carry it, and
 * a request without one is refused as the subgraph's HTTP endpoint refuses it.
 */
export class InProcessDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    readonly subgraphName: string,
    private readonly subgraph: InProcessSubgraph,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const context = 'context' in options ? options.context : undefined;
    if (!context?.identity) {
      return {
        errors: [
          {
            message: 'Missing internal token: subgraphs are reachable only through the gateway',
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      };
    }
    const { query, variables, operationName } = options.request;
    const result = await this.subgraph.execute(
      { query, variables, operationName },
      { identity: context.identity, requestId: context.requestId, client: context.client },
    );
    return result as GatewayGraphQLResponse;
  }
}
