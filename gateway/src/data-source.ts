import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './guard-plugin';

/**
 * Extensions a subgraph error may carry to the client. Everything else (`response` with the
 * subgraph's URL/status/body, `stacktrace`, `exception`) stays inside.
 */
const CLIENT_EXTENSIONS = new Set([
  'code',
  'fields',
  'permission',
  'limit',
  'max',
  'found',
  'retryAfterSeconds',
  'scalar',
  'requestId',
]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A subgraph error as the client may see it: its own message and code, nothing internal. */
export function clientError(error: unknown): GraphQLError | undefined {
  if (!isObject(error) || typeof error.message !== 'string') return undefined;
  const source = isObject(error.extensions) ? error.extensions : {};
  const extensions = Object.fromEntries(Object.entries(source).filter(([k]) => CLIENT_EXTENSIONS.has(k)));
  return new GraphQLError(error.message, { extensions });
}

/**
 * The gateway's subgraph client. @apollo/gateway turns any non-2xx subgraph answer into
 * `"401: Unauthorized"` with `extensions.response` = the subgraph's URL, status and whole body
 * (RemoteGraphQLDataSource.errorFromResponse). Subgraphs answer 200 for GraphQL errors (the
 * runtime's server does), so this is the fallback for anything that still is not 2xx: the
 * subgraph's own first error (message + client-safe extensions) when the body is GraphQL, else a
 * plain error the gateway's formatError masks as INTERNAL_SERVER_ERROR with the request id.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0] & { name: string },
  ) {
    super(config);
    this.subgraphName = config.name;
  }

  readonly subgraphName: string;

  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]) {
    let body: unknown;
    try {
      body = await this.parseBody(response);
    } catch {
      body = undefined;
    }
    const first = isObject(body) && Array.isArray(body.errors) ? clientError(body.errors[0]) : undefined;
    if (first?.extensions.code) return first;
    // Not a GraphQL answer (a proxy's HTML page, a crash): the details go to the gateway log only.
    return new GraphQLError(`Subgraph ${this.subgraphName} answered HTTP ${response.status}`, {
      extensions: { subgraph: this.subgraphName },
    });
  }
}
