import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { ApolloGateway } from '@apollo/gateway';
import type { ApolloServer, BaseContext } from '@apollo/server';
import type { ClientInfo } from '@wg/runtime/auth';
import { type Bus, isBusUnavailable } from '@wg/runtime/events';
import type { Logger } from '@wg/runtime/logger';
import { type ExecutionArgs, type ExecutionResult, GraphQLError, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer as attachGraphqlWs } from 'graphql-ws/use/ws';
import { decodeJwt } from 'jose';
import { type WebSocket, WebSocketServer } from 'ws';
import type { GatewayConfig } from '../config';
import { type Caller, type GatewayExecutor, SubscriptionEngine, toGraphQLErrors } from './engine';
import { liveFields } from './fields';
import {
  checkSocketOperation,
  MessageRate,
  type SocketLimits,
  socketLimitsFromEnv,
  socketRateLimitedError,
} from './guard';

export { SubscriptionEngine } from './engine';
export { liveFields } from './fields';

export interface SubscriptionServerOptions<C extends BaseContext, P extends Caller> {
  httpServer: Server;
  apollo: ApolloServer<C>;
  gateway: ApolloGateway;
  bus: Bus;
  /** The gateway's own request authentication (JWT or API key), applied to connection_init. */
  authenticate(headers: Record<string, string>, client: ClientInfo, requestId: string): Promise<P>;
  /** The context the gateway's HTTP path would build for this caller. */
  contextFor(caller: P, requestId: string, client: ClientInfo): C;
  /**
   * Subscribes to credential changes (ended sessions, deactivated users, changed roles): each
   * notice makes the connections it concerns re-authenticate at once. Returns the unsubscribe.
   */
  onCredentialsChanged?(listener: (notice: CredentialsChanged) => void): () => void;
  log: Logger;
  /** The HTTP path's operation limits and introspection policy, applied to every socket message. */
  config: Pick<GatewayConfig, 'limits' | 'defaultListSize' | 'publicIntrospection' | 'bodyLimit'>;
  /** Message size and rate per socket (default from the environment and `config.bodyLimit`). */
  socketLimits?: SocketLimits;
  path?: string;
}

/** Which connections a credentials notice concerns (absent fields = all of the tenant / user). */
export interface CredentialsChanged {
  tenantId: string;
  userId?: string;
  sessionIds?: string[];
}

export interface SubscriptionServer {
  engine: SubscriptionEngine;
  /** Open WebSocket connections. */
  readonly connections: number;
  stop(): Promise<void>;
}

/** Environment: minimum time between two pushes to one subscriber (ms). */
export const liveIntervalMs = () => Number(process.env.LIVE_COALESCE_MS ?? 1000);
/** Environment: concurrent subscriptions one connection may hold. */
const maxSubscriptions = () => Number(process.env.LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION ?? 100);
/** Environment: how often a long connection's credentials are checked again (ms). */
const reauthIntervalMs = () => Number(process.env.LIVE_REAUTH_INTERVAL_MS ?? 60_000);

interface Connection {
  caller: Caller;
  client: ClientInfo;
  timers: NodeJS.Timeout[];
  /** Unsubscribes from credential notices. */
  stops: (() => void)[];
}

type Extra = {
  socket: WebSocket;
  request: IncomingMessage;
  live?: Connection;
};

/** connection_init payload → the two credential headers we accept (keys case-insensitive, as GraphiQL sends them). */
function credentialHeaders(params: Record<string, unknown> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(params ?? {})) {
    const key = k.toLowerCase();
    if ((key === 'authorization' || key === 'x-api-key') && typeof v === 'string' && v.trim() !== '') {
      headers[key] = v;
    }
  }
  return headers;
}

/** Claims of a bearer JWT that was already verified (API keys are re-checked instead). */
function bearerClaims(headers: Record<string, string>): { exp: number | null; sid: string | null } | null {
  const m = /^Bearer\s+(\S+)$/i.exec(headers.authorization?.trim() ?? '');
  if (!m?.[1]) return null;
  try {
    const claims = decodeJwt(m[1]);
    return { exp: claims.exp ?? null, sid: typeof claims.sid === 'string' ? claims.sid : null };
  } catch {
    return null;
  }
}

/** Lost a permission, a role or the employee link: pushes computed with the old identity must stop. */
function narrowed(before: Caller['identity'], after: Caller['identity']): boolean {
  const now = new Set(after.permissions);
  const roles = new Set(after.roles);
  return (
    before.employeeId !== after.employeeId ||
    before.permissions.some((p) => !now.has(p)) ||
    before.roles.some((r) => !roles.has(r))
  );
}

/**
 * Subscriptions on the gateway's `/graphql` path over graphql-ws. `@apollo/gateway` cannot plan
 * subscriptions, so this takes them before Apollo: it authenticates `connection_init` with the
 * gateway's own credential check, hands each subscription to the engine (bus notices → re-run of
 * the selection through the normal query plan, or bus-streamed payloads), and executes queries and
 * mutations sent over the socket through Apollo as usual.
 */
export function attachSubscriptions<C extends BaseContext, P extends Caller>(
  options: SubscriptionServerOptions<C, P>,
): SubscriptionServer {
  const { apollo, gateway, log } = options;
  let schema: GraphQLSchema | undefined = gateway.schema;
  const unsubscribeSchema = gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    schema = apiSchema;
  });

  const clients = new WeakMap<Caller, ClientInfo>();
  const execute: GatewayExecutor = async (document, variables, caller) => {
    const client = clients.get(caller) ?? { ip: null, userAgent: 'graphql-ws' };
    const response = await apollo.executeOperation(
      { query: document, variables },
      { contextValue: options.contextFor(caller as P, randomUUID(), client) },
    );
    if (response.body.kind !== 'single') throw new Error('Incremental delivery is not supported here');
    const { data, errors } = response.body.singleResult;
    return { data: (data ?? null) as ExecutionResult['data'], errors: toGraphQLErrors(errors as never) };
  };

  const engine = new SubscriptionEngine({
    bus: options.bus,
    execute,
    fields: liveFields,
    intervalMs: liveIntervalMs(),
    log,
  });

  const limits = options.socketLimits ?? socketLimitsFromEnv(options.config);
  // A message larger than the body limit closes the socket (1009) before it is even buffered whole.
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: options.path ?? '/graphql',
    maxPayload: limits.maxMessageBytes,
  });
  // Registered before graphql-ws' own handlers, so each message is counted before it is handled.
  const rates = new WeakMap<WebSocket, MessageRate>();
  const overRate = new WeakSet<WebSocket>();
  let lastSocketErrorLog = 0;
  const onSocketError = (socket: WebSocket) => (error: Error) => {
    // A client's protocol error (oversized or malformed frame): ws has already closed the socket
    // (1009 / 1002). One log line per 10 s, not a stack trace per attacking socket.
    const now = Date.now();
    if (now - lastSocketErrorLog >= 10_000) {
      lastSocketErrorLog = now;
      log.warn(
        { err: { message: error.message, code: (error as { code?: unknown }).code } },
        'live: socket error',
      );
    }
    if (socket.readyState === socket.OPEN)
      socket.close(CloseCode.InternalServerError, 'Internal server error');
  };
  wss.on('connection', (socket) => {
    const ownErrorHandler = onSocketError(socket);
    socket.on('error', ownErrorHandler);
    // graphql-ws adds its own 'error' listener right after this one, which console.errors the
    // full error per socket: a log flood an attacker controls. Ours does the same close, quietly.
    queueMicrotask(() => {
      for (const l of socket.listeners('error')) if (l !== ownErrorHandler) socket.off('error', l as never);
    });
    const rate = new MessageRate(limits.messagesPerSecond, limits.messageBurst);
    rates.set(socket, rate);
    socket.on('message', () => {
      if (rate.take()) {
        overRate.delete(socket);
        return;
      }
      overRate.add(socket);
      // A client that keeps sending after a burst's worth of refusals is not listening: disconnect.
      if (rate.overdrawn > limits.messageBurst) socket.close(1008, 'Too many messages');
    });
  });
  const cleanup = attachGraphqlWs<Record<string, unknown>, Extra>(
    {
      async onConnect(ctx) {
        const { socket, request } = ctx.extra;
        const headers = credentialHeaders(ctx.connectionParams);
        const client: ClientInfo = {
          ip: request.socket.remoteAddress ?? null,
          userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null,
        };
        if (Object.keys(headers).length === 0) {
          socket.close(CloseCode.Unauthorized, 'Unauthorized');
          return false;
        }
        let caller: P;
        try {
          caller = await options.authenticate(headers, client, randomUUID());
        } catch {
          // Present but invalid, expired or revoked: the protocol's "forbidden".
          socket.close(CloseCode.Forbidden, 'Forbidden');
          return false;
        }
        if (!caller.identity.tenantId || caller.identity.kind === 'anonymous') {
          socket.close(CloseCode.Forbidden, 'Forbidden');
          return false;
        }
        clients.set(caller, client);
        const conn: Connection = { caller, client, timers: [], stops: [] };
        const bearer = bearerClaims(headers);
        const exp = bearer?.exp ?? null;
        if (exp !== null) {
          // The token runs out while the socket is open: end the connection at that moment.
          const t = setTimeout(
            () => socket.close(CloseCode.Forbidden, 'Token expired'),
            Math.max(0, exp * 1000 - Date.now()),
          );
          t.unref?.();
          conn.timers.push(t);
        }
        // Revocation (API keys, sessions) shows up on the next check of the same credentials.
        const recheck = setInterval(async () => {
          try {
            await options.authenticate(headers, client, randomUUID());
          } catch {
            socket.close(CloseCode.Forbidden, 'Credentials no longer valid');
          }
        }, reauthIntervalMs());
        recheck.unref?.();
        conn.timers.push(recheck);
        // A revocation or access change for this user: re-check at once, not at the next interval.
        const identity = caller.identity;
        if (options.onCredentialsChanged && identity.kind === 'user' && identity.userId) {
          conn.stops.push(
            options.onCredentialsChanged((notice) => {
              if (notice.tenantId && notice.tenantId !== identity.tenantId) return;
              if (notice.userId && notice.userId !== identity.userId) return;
              if (notice.sessionIds && (!bearer?.sid || !notice.sessionIds.includes(bearer.sid))) return;
              options.authenticate(headers, client, randomUUID()).then(
                (fresh) => {
                  if (narrowed(identity, fresh.identity)) socket.close(CloseCode.Forbidden, 'Access changed');
                },
                () => socket.close(CloseCode.Forbidden, 'Session revoked'),
              );
            }),
          );
        }
        ctx.extra.live = conn;
        return true;
      },
      onClose(ctx) {
        for (const t of ctx.extra.live?.timers ?? []) clearTimeout(t);
        for (const stop of ctx.extra.live?.stops ?? []) stop();
      },
      async onSubscribe(ctx, _id, payload) {
        const conn = ctx.extra.live;
        if (!conn)
          return [new GraphQLError('Not authenticated', { extensions: { code: 'UNAUTHENTICATED' } })];
        // Over the per-socket message rate: refused before the document is even parsed.
        const rate = rates.get(ctx.extra.socket);
        if (rate && overRate.has(ctx.extra.socket)) return socketRateLimitedError(rate);
        if (!schema) return [new GraphQLError('The schema is not loaded yet')];
        const checked = checkSocketOperation({
          schema,
          query: payload.query,
          operationName: payload.operationName,
          variables: payload.variables,
          identity: conn.caller.identity,
          config: options.config,
        });
        if (Array.isArray(checked)) return checked;
        const { document, operation } = checked as Exclude<typeof checked, readonly GraphQLError[]>;
        const args: ExecutionArgs = {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: { caller: conn.caller },
        };
        if (operation.operation !== 'subscription') return args;
        // graphql-ws has registered this one already: more than the limit means this one is over it.
        if (Object.keys(ctx.subscriptions).length > maxSubscriptions()) {
          return [
            new GraphQLError(`At most ${maxSubscriptions()} subscriptions per connection`, {
              extensions: { code: 'BAD_USER_INPUT' },
            }),
          ];
        }
        try {
          const started = await engine.subscribe({
            schema,
            document,
            operation,
            variables: payload.variables,
            caller: conn.caller,
          });
          if (Array.isArray(started)) return started as GraphQLError[];
          return { ...args, rootValue: started };
        } catch (error) {
          if (isBusUnavailable(error)) {
            // The bus is down or hung (bounded waits in the bus): say so; the client may retry.
            log.warn({ err: error }, 'live: subscription refused, event bus unreachable');
            return [
              new GraphQLError(
                'Live updates are unavailable right now (event bus unreachable); retry shortly',
                {
                  extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true },
                },
              ),
            ];
          }
          // A subgraph or bus failure: the client gets a masked error, the socket stays open.
          log.error({ err: error }, 'live: subscription failed to start');
          return [
            new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
          ];
        }
      },
      // The engine already built the stream in onSubscribe (errors had to come back from there).
      subscribe: (args) => args.rootValue as AsyncIterableIterator<ExecutionResult>,
      // Queries and mutations over the socket take the normal HTTP path's executor.
      execute: (args) => {
        const { caller } = args.contextValue as { caller: Caller };
        return execute(args.document, (args.variableValues ?? {}) as Record<string, unknown>, caller);
      },
    },
    wss,
    Number(process.env.LIVE_KEEPALIVE_MS ?? 12_000),
  );

  return {
    engine,
    get connections() {
      return wss.clients.size;
    },
    async stop() {
      unsubscribeSchema();
      // Closes every socket with 1001 "Going away" and the WebSocket server itself.
      await cleanup.dispose();
      await engine.close();
    },
  };
}
