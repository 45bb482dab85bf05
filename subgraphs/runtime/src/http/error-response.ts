import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';

/**
 * Every INTERNAL_SERVER_ERROR a client receives carries the request id (`extensions.requestId`),
 * so a support ticket finds the log line. `formatError` has no request context; this runs after it.
 */
export function requestIdOnInternalErrors<C extends { requestId: string }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const { errors } = response.body.singleResult;
          if (!errors?.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')) return;
          // The context may be missing when the context function itself failed.
          const requestId = contextValue?.requestId;
          if (!requestId) return;
          response.body.singleResult.errors = errors.map((e) =>
            e.extensions?.code === 'INTERNAL_SERVER_ERROR'
              ? { ...e, extensions: { ...e.extensions, requestId } }
              : e,
          );
        },
      };
    },
  };
}

/**
 * A subgraph answers HTTP 200 for an executed operation, whatever errors it carries (an
 * UNAUTHENTICATED resolver error would otherwise set 401). @apollo/gateway treats a non-2xx
 * subgraph answer as a transport failure and wraps it ("401: Unauthorized" with the subgraph's URL
 * and body); with 200 the gateway passes each error on with its own message, code and path.
 */
export function executionResultsAsOk<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || !('data' in response.body.singleResult)) return;
          if (response.http.status && response.http.status >= 400 && response.http.status < 500) {
            response.http.status = 200;
          }
        },
      };
    },
  };
}

/** Unknown paths: JSON like every other error, not express' HTML page. */
export const notFoundJson: RequestHandler = (_req, res) => {
  // The path is not echoed: reflections are what scanners look for.
  res.status(404).json({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
};
