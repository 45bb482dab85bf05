import { type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import Negotiator from 'negotiator';
import type { GatewayContext } from './guard-plugin';

/**
 * GraphQL-over-HTTP details Apollo Server leaves to us, for clients following the spec
 * (https://graphql.github.io/graphql-over-http/draft/):
 *
 * - `accept: application/json` (the legacy type, and what `*∕*` or no `accept` negotiates to):
 *   a well-formed request whose document fails to parse or validate, or whose variables do not
 *   coerce, is answered **200** with the errors; under `application/graphql-response+json` it stays
 *   4xx (Apollo's default, which the spec requires there).
 * - An unknown `operationName` (or several operations and none named) is a 400 request error,
 *   not the 500 the gateway's executor would raise.
 * - A subscription sent over HTTP is a 400 telling the client to use graphql-ws on this same path
 *   (@apollo/gateway cannot execute subscriptions; the gateway serves them over WebSocket itself).
 */

const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
const APPLICATION_JSON = 'application/json';

/** The media type Apollo will answer with (its own negotiation, same candidates and order). */
export function negotiatedType(accept: string | undefined): string | undefined {
  if (!accept) return APPLICATION_JSON;
  return new Negotiator({ headers: { accept } }).mediaType([
    APPLICATION_JSON,
    GRAPHQL_RESPONSE_JSON,
    'application/json; callback=true',
  ]);
}

/** Request errors the spec wants answered 200 under application/json. */
const DOCUMENT_OR_VARIABLE_ERRORS = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
]);

export const SUBSCRIPTION_OVER_HTTP_MESSAGE =
  'Subscriptions are not served over HTTP POST: open a WebSocket to this same path with the graphql-ws protocol (subprotocol "graphql-transport-ws")';

export function subscriptionOverHttpError(): GraphQLError {
  return new GraphQLError(SUBSCRIPTION_OVER_HTTP_MESSAGE, {
    extensions: { code: 'BAD_REQUEST', http: { status: 400, headers: new HeaderMap() } },
  });
}

export function unknownOperationError(named: boolean): GraphQLError {
  // The name is not echoed back (reflections are what scanners look for).
  return new GraphQLError(
    named
      ? 'The document has no operation with the given operationName'
      : 'The document has several operations: send operationName to choose one',
    { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400, headers: new HeaderMap() } } },
  );
}

export function httpSemanticsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (!operation) throw unknownOperationError(Boolean(request.operationName));
          if (operation.operation === 'subscription') throw subscriptionOverHttpError();
        },
        async willSendResponse({ request, response }) {
          if (response.body.kind !== 'single' || !request.http) return;
          const result = response.body.singleResult;
          if ('data' in result || !result.errors?.length || response.http.status !== 400) return;
          if (negotiatedType(request.http.headers.get('accept')) !== APPLICATION_JSON) return;
          const codes = result.errors.map((e) => e.extensions?.code);
          if (codes.every((c) => typeof c === 'string' && DOCUMENT_OR_VARIABLE_ERRORS.has(c))) {
            response.http.status = 200;
          }
        },
      };
    },
  };
}
