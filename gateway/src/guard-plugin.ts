import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { type ClientInfo, type Identity, scopeFor } from '@wg/runtime/auth';
import { rootLogger } from '@wg/runtime/logger';
import {
  BREAK,
  type DocumentNode,
  type GraphQLFormattedError,
  Kind,
  type SelectionNode,
  visit,
} from 'graphql';
import type { AccessLogEntry, AccessLogShipper } from './access-log';
import type { GatewayConfig } from './config';
import { introspectionForbidden, operationLimitError, rateLimitedError } from './errors';
import { inputError, variableProblems } from './input-guard';
import { operationCost } from './limits';
import type { RateDecision, RateLimiter } from './rate-limit';

export interface GatewayContext {
  identity: Identity;
  requestId: string;
  /** Set when the caller authenticated with an API key. */
  apiKeyId: string | null;
  client: ClientInfo;
  /** Estimated cost of the operation (set once resolved). */
  cost?: number;
}

/** May this caller see the schema (introspection, field suggestions)? */
export function canIntrospect(
  identity: Identity,
  config: Pick<GatewayConfig, 'publicIntrospection'>,
): boolean {
  if (config.publicIntrospection) return true;
  return identity.kind !== 'anonymous' && scopeFor(identity, 'schema', 'introspect') !== null;
}

export function usesIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** True when an operation selects only `__schema`, `__type` and `__typename` at its root. */
function onlyMetaFields(selections: readonly SelectionNode[]): boolean {
  return (
    selections.length > 0 && selections.every((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'))
  );
}

/** As Apollo's hideSchemaDetailsFromClientErrors does: "Did you mean …?" names schema members. */
const SUGGESTION = / ?Did you mean(.+?)\?$/;

export function hideSuggestions(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  return errors.map((e) =>
    SUGGESTION.test(e.message) ? { ...e, message: e.message.replace(SUGGESTION, '') } : e,
  );
}

/** The rate-limit bucket a caller is charged to: its API key, its user, or (anonymous) its address. */
export function rateBucket(
  ctx: Pick<GatewayContext, 'identity' | 'apiKeyId' | 'client'>,
  limits: GatewayConfig['rateLimit'],
): { key: string; limit: number; label: string } {
  if (ctx.apiKeyId) return { key: `key:${ctx.apiKeyId}`, limit: limits.apiKey, label: 'API key' };
  if (ctx.identity.kind === 'user' && ctx.identity.userId) {
    return { key: `user:${ctx.identity.tenantId}:${ctx.identity.userId}`, limit: limits.user, label: 'user' };
  }
  return { key: `ip:${ctx.client.ip ?? 'unknown'}`, limit: limits.ip, label: 'client address' };
}

/**
 * Per-operation protections that need the caller or the variables, after validation and before
 * the gateway plans: introspection policy, the cost limit, rate limiting charged by cost. On the
 * way out: field suggestions hidden from callers who may not introspect, and the access-log entry.
 */
export function guardPlugin(options: {
  config: GatewayConfig;
  rateLimiter: RateLimiter;
  accessLog: AccessLogShipper;
}): ApolloServerPlugin<GatewayContext> {
  const { config, rateLimiter, accessLog } = options;
  const log = rootLogger.child({ service: 'gateway', component: 'guard' });
  return {
    async requestDidStart() {
      const started = performance.now();
      let executed = false;
      return {
        async executionDidStart() {
          executed = true;
        },
        async didResolveOperation({ document, schema, request, operationName, operation, contextValue }) {
          // Variables are known only now; their literal twins were checked in validation.
          const badInput = operation ? variableProblems(schema, operation, request.variables) : [];
          if (badInput.length > 0) throw inputError(badInput);
          if (usesIntrospection(document) && !canIntrospect(contextValue.identity, config)) {
            throw introspectionForbidden();
          }
          // Introspection costs nothing by our estimate (the gateway answers it alone); GraphiQL's
          // schema query is large, so don't walk it just to get 0.
          const cost = onlyMetaFields(operation?.selectionSet.selections ?? [])
            ? 0
            : operationCost(
                schema,
                document,
                operationName ?? undefined,
                request.variables,
                config.defaultListSize,
              );
          contextValue.cost = cost;
          if (cost > config.limits.cost) throw operationLimitError('cost', config.limits.cost, cost);
          if (!config.rateLimit.enabled) return;
          const bucket = rateBucket(contextValue, config.rateLimit);
          let decision: RateDecision;
          try {
            decision = await rateLimiter.consume(bucket.key, Math.max(1, cost), bucket.limit);
          } catch (err) {
            // The store (Redis) is down: serve rather than fail every request; authentication and
            // the operation limits still apply. Logged loudly so it does not go unnoticed.
            log.error(
              { err, requestId: contextValue.requestId },
              'rate-limit store unavailable; request not limited',
            );
            return;
          }
          if (!decision.allowed) throw rateLimitedError(decision.retryAfterSeconds, bucket.label);
        },
        async willSendResponse(requestContext) {
          const { contextValue, response } = requestContext;
          if (response.body.kind === 'single' && response.body.singleResult.errors) {
            if (!canIntrospect(contextValue.identity, config)) {
              response.body.singleResult = {
                ...response.body.singleResult,
                errors: hideSuggestions(response.body.singleResult.errors),
              };
            }
          }
          if (contextValue.identity.tenantId && contextValue.identity.kind !== 'system') {
            accessLog.record(entryFor(requestContext, executed, performance.now() - started));
          }
        },
      };
    },
  };
}

function entryFor(
  requestContext: GraphQLRequestContextWillSendResponse<GatewayContext>,
  executed: boolean,
  durationMs: number,
): AccessLogEntry {
  const { contextValue: ctx, response } = requestContext;
  const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
  const errorCodes = [
    ...new Set(errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'))),
  ].sort();
  return {
    tenantId: ctx.identity.tenantId as string,
    userId: ctx.identity.userId,
    apiKeyId: ctx.apiKeyId,
    operationName:
      (requestContext.operationName ?? operationName(requestContext.document) ?? null)?.slice(0, 200) ?? null,
    outcome: outcomeOf(errorCodes, executed),
    ip: ctx.client.ip?.slice(0, 100) ?? null,
    userAgent: ctx.client.userAgent?.slice(0, 500) ?? null,
    requestId: ctx.requestId,
    durationMs: Math.round(durationMs),
    errorCodes: errorCodes.slice(0, 50),
    occurredAt: new Date(Date.now() - durationMs).toISOString(),
  };
}

const PERMISSION_CODES = new Set(['FORBIDDEN', 'UNAUTHENTICATED']);

/** How an operation ended, in the security subgraph's AccessOutcome terms. */
export function outcomeOf(errorCodes: string[], executed: boolean): AccessLogEntry['outcome'] {
  if (errorCodes.length === 0) return 'SUCCESS';
  if (errorCodes.includes('RATE_LIMITED')) return 'RATE_LIMITED';
  if (errorCodes.every((c) => PERMISSION_CODES.has(c))) return 'DENIED';
  return executed ? 'ERROR' : 'REJECTED';
}

function operationName(document: DocumentNode | undefined): string | undefined {
  const op = document?.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  return op?.kind === Kind.OPERATION_DEFINITION ? op.name?.value : undefined;
}
