import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { type ClientInfo, INTERNAL_TOKEN_HEADER, publicJwks, signInternalToken } from '@wg/runtime/auth';
import { type Bus, createBus } from '@wg/runtime/events';
import { notFoundJson, requestIdOnInternalErrors } from '@wg/runtime/http-errors';
import { rootLogger } from '@wg/runtime/logger';
import { type AdminOptions, adminOptionsFromEnv, createMetrics, mountAdmin } from '@wg/runtime/metrics';
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import type { GraphQLSchema } from 'graphql';
import { AccessLogShipper } from './access-log';
import { ApiKeyVerifier } from './api-keys';
import { authenticateRequest } from './auth';
import { authRateLimitPlugin } from './auth-rate-limit';
import { type DeepPartial, type GatewayConfig, gatewayConfigFromEnv, withOverrides } from './config';
import { corsMiddleware } from './cors';
import { formatGatewayError, rateLimitedError, timeoutError } from './errors';
import { graphiqlRouter } from './graphiql';
import { type GatewayContext, guardPlugin } from './guard-plugin';
import { httpSemanticsPlugin } from './http-semantics';
import { InProcessDataSource, type InProcessSubgraph } from './in-process-data-source';
import { inputValuesRule } from './input-guard';
import { directiveLimit, limitRules } from './limits';
import { createRateLimiter, type RateLimiter } from './rate-limit';
import { SessionVerifier } from './sessions';
import { attachSubscriptions } from './subscriptions';
import { ResilientSubgraphDataSource, subgraphTimeoutMs } from './subgraph-failure';
import { SystemClient } from './system-client';

export type { GatewayContext } from './guard-plugin';

export const supergraphPath = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

export interface GatewayOptions {
  port?: number;
  host?: string;
  supergraphSdl?: string;
  /** Overrides the subgraph URLs recorded in the supergraph (by subgraph name). */
  subgraphUrls?: Record<string, string>;
  /**
   * The platform bus (transient notices: API-key revocations, live updates). Without one the
   * gateway creates its own from the environment (`createBus()`: Redis when REDIS_URL is set).
   */
  bus?: Bus;
  /** Overrides for the environment-derived protections (tests, embedding). */
  config?: DeepPartial<GatewayConfig> | undefined;
  /** A rate-limit store to use instead of the one REDIS_URL selects. */
  rateLimiter?: RateLimiter;
  /** Where /metrics and /ready are served (default from ADMIN_PORT / ADMIN_HOST / METRICS_TOKEN). */
  admin?: AdminOptions;
  /**
   * Subgraphs in this process, by name: the query plan calls them directly instead of over HTTP
   * (their URLs still serve the system calls to security). Tests that need composition, not the network.
   */
  inProcessSubgraphs?: Record<string, InProcessSubgraph>;
}

export interface RunningGateway {
  url: string;
  server: Server;
  /** `http://host:port` of the admin listener (`/metrics`, `/ready`, `/health`), when configured. */
  adminUrl: string | null;
  config: GatewayConfig;
  /** Sends queued access-log entries now (tests; shutdown does it too). */
  flushAccessLog(): Promise<void>;
  stop(): Promise<void>;
}

/** `SUBGRAPH_PEOPLE_URL=…` style overrides, so one supergraph file serves every deployment. */
export function subgraphUrlsFromEnv(env = process.env): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    const m = /^SUBGRAPH_([A-Z]+)_URL$/.exec(k);
    if (m?.[1] && v) urls[m[1].toLowerCase()] = v;
  }
  return urls;
}

/** Where the request came from (express resolves X-Forwarded-For only under `trust proxy`). */
export function clientInfo(req: Request): ClientInfo {
  const ua = req.headers['user-agent'];
  return {
    ip: req.ip ?? req.socket.remoteAddress ?? null,
    userAgent: typeof ua === 'string' ? ua.slice(0, 512) : null,
  };
}

type Executor = Awaited<ReturnType<ApolloGateway['load']>>['executor'];

/** The client-facing (API) schema of a supergraph, as the gateway serves it (benchmarks, tools). */
export async function loadApiSchema(
  supergraphSdl = readFileSync(supergraphPath, 'utf8'),
): Promise<GraphQLSchema> {
  const gateway = new ApolloGateway({ supergraphSdl });
  try {
    return (await gateway.load()).schema;
  } finally {
    await gateway.stop();
  }
}

/** The whole operation gets `ms`; after that the client gets OPERATION_TIMEOUT (subgraph calls are aborted too). */
function withTimeout(executor: Executor, ms: number): Executor {
  if (ms <= 0) return executor;
  return async (requestContext) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Awaited<ReturnType<Executor>>>((resolve) => {
      timer = setTimeout(() => resolve({ errors: [timeoutError(ms)] }), ms);
    });
    try {
      return await Promise.race([executor(requestContext), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const log = rootLogger.child({ service: 'gateway' });
  const config = withOverrides(gatewayConfigFromEnv(), options.config);
  const overrides = { ...subgraphUrlsFromEnv(), ...options.subgraphUrls };
  const ownsBus = !options.bus;
  const bus = options.bus ?? createBus();
  const rateLimiter = options.rateLimiter ?? createRateLimiter(config.rateLimit.windowSeconds);
  // Start on the shared store when it is there, so early requests are not counted apart; a Redis
  // that is down at start-up costs at most 2 s (decisions stay in this process until it is back).
  await rateLimiter.ready?.(2_000);

  /** Subgraph URLs as the gateway resolved them (the security subgraph serves the system calls). */
  const serviceUrls: Record<string, string> = {};
  const security = new SystemClient(() => serviceUrls.security);
  const apiKeys = new ApiKeyVerifier(security, config.apiKeyCacheTtlMs);
  await apiKeys.listen(bus);
  const sessions = new SessionVerifier(security, config.sessionCacheTtlMs);
  await sessions.listen(bus);
  const accessLog = new AccessLogShipper(security, config.accessLog);

  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl ?? readFileSync(supergraphPath, 'utf8'),
    buildService: ({ name, url }) => {
      const target = overrides[name] ?? url;
      if (target) serviceUrls[name] = target;
      const local = options.inProcessSubgraphs?.[name];
      if (local) return new InProcessDataSource(name, local);
      return new ResilientSubgraphDataSource({
        name,
        ...(target && { url: target }),
        // Each subgraph call has its own deadline (SUBGRAPH_TIMEOUT_MS), never beyond the operation's.
        timeoutMs: subgraphTimeoutMs(name, config.executionTimeoutMs),
        // Subgraphs trust nothing from the client: the gateway vouches for the caller with a
        // short-lived signed token, and strips nothing else through (client headers are not forwarded).
        async willSendRequest({ request, context }) {
          if (!context.identity) return;
          request.http?.headers.set(
            INTERNAL_TOKEN_HEADER,
            await signInternalToken(context.identity, context.requestId, 60, context.client),
          );
          request.http?.headers.set('x-request-id', context.requestId);
        },
      });
    },
  });
  /** The API schema's directive names, for the directive pre-check (refreshed with the schema). */
  let knownDirectives: Set<string> | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    knownDirectives = new Set(apiSchema.getDirectives().map((d) => d.name));
  });
  // Apollo Server asks the gateway for its executor once; the deadline wraps it there.
  const load = gateway.load.bind(gateway);
  gateway.load = async (loadOptions) => {
    const loaded = await load(loadOptions);
    return { ...loaded, executor: withTimeout(loaded.executor, config.executionTimeoutMs) };
  };

  const app = express();
  app.disable('x-powered-by');
  if (config.trustProxy) app.set('trust proxy', config.trustProxy);
  app.use(corsMiddleware(config.cors));
  const httpServer = createServer(app);
  const metrics = createMetrics('gateway');
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // Introspection is decided per caller (guard plugin): `schema:introspect`, or everyone when
    // GATEWAY_PUBLIC_INTROSPECTION is on (the default outside production).
    introspection: true,
    csrfPrevention: true,
    allowBatchedHttpRequests: config.allowBatching,
    parseOptions: { maxTokens: config.limits.tokens },
    validationRules: [...limitRules(config.limits), inputValuesRule()],
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) =>
      formatGatewayError(formatted, error, (err) => log.error({ err }, 'unexpected gateway error')),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      metrics.plugin,
      httpSemanticsPlugin(),
      guardPlugin({ config, rateLimiter, accessLog }),
      authRateLimitPlugin({ config, rateLimiter }),
      requestIdOnInternalErrors(),
    ],
  });
  await apollo.start();
  accessLog.start();

  /** Cleanups run by stop() before Apollo stops (subscriptions register theirs here). */
  const extraStops: (() => Promise<void>)[] = [];
  // L1 hook: subscriptions — graphql-ws on /graphql, authenticated like HTTP, pushes run through Apollo.
  const subscriptions = attachSubscriptions({
    httpServer,
    apollo,
    gateway,
    bus,
    log,
    config,
    authenticate: (headers, client, requestId) =>
      authenticateRequest(headers, { apiKeys, sessions, requestId, client }),
    // Revocations and access changes re-check (and close with 4403) the sockets they concern.
    onCredentialsChanged: (listener) => sessions.onChange(listener),
    contextFor: ({ identity, apiKeyId }, requestId, client) => ({ identity, apiKeyId, requestId, client }),
  });
  extraStops.push(() => subscriptions.stop());

  const health: RequestHandler = (_req, res) => {
    res.json({ status: 'ok' });
  };
  app.get('/health', health);
  // Operator endpoints: an admin port and/or a bearer token, never open on the public port.
  const admin = await mountAdmin(
    app,
    {
      health,
      ready: (_req, res) => {
        // Ready even while Redis is down: rate limits then run in this process (see README).
        res.json({ status: 'ready', rateLimitStore: rateLimiter.store ?? rateLimiter.kind });
      },
      metrics: async (_req, res) => {
        res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
      },
    },
    options.admin ?? adminOptionsFromEnv(),
  );
  app.get('/.well-known/jwks.json', async (_req, res) => {
    res.json(await publicJwks());
  });
  app.use(graphiqlRouter({ endpoint: '/graphql' }));
  app.use(
    '/graphql',
    express.json({ limit: config.bodyLimit }),
    batchLimit(config),
    directiveLimit(config.limits, () => knownDirectives),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = randomUUID();
        const client = clientInfo(req);
        try {
          const { identity, apiKeyId } = await authenticateRequest(req.headers, {
            apiKeys,
            sessions,
            requestId,
            client,
          });
          return { identity, apiKeyId, requestId, client };
        } catch (error) {
          // Credential guessing (tokens, API keys) is charged to the address, so it runs out fast.
          await chargeFailedAuthentication(rateLimiter, config, client);
          throw error;
        }
      },
    }),
    jsonErrors,
  );
  app.use(notFoundJson);

  await new Promise<void>((resolve) =>
    httpServer.listen(options.port ?? 4000, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${options.host === '0.0.0.0' ? 'localhost' : (options.host ?? '127.0.0.1')}:${port}/graphql`;
  log.info({ url, rateLimitStore: rateLimiter.kind }, 'gateway listening');
  return {
    url,
    server: httpServer,
    adminUrl: admin.url,
    config,
    flushAccessLog: () => accessLog.flush(),
    stop: async () => {
      for (const stopExtra of extraStops) await stopExtra();
      await apollo.stop();
      // After Apollo drained in-flight requests, so their entries are in the last batch.
      await accessLog.stop();
      await apiKeys.close();
      await sessions.close();
      if (!options.rateLimiter) await rateLimiter.close();
      if (ownsBus) await bus.close();
      await admin.close();
    },
  };
}

/** What a refused credential costs the client address, in rate-limit points. */
export const FAILED_AUTH_COST = 50;

async function chargeFailedAuthentication(
  rateLimiter: RateLimiter,
  config: GatewayConfig,
  client: ClientInfo,
) {
  if (!config.rateLimit.enabled) return;
  // A store outage must not turn a 401 into a 500: the original refusal stands.
  const decision = await rateLimiter
    .consume(`ip:${client.ip ?? 'unknown'}`, FAILED_AUTH_COST, config.rateLimit.ip)
    .catch(() => null);
  if (decision && !decision.allowed) throw rateLimitedError(decision.retryAfterSeconds, 'client address');
}

/** A batch (JSON array) larger than GATEWAY_MAX_BATCH_SIZE is refused before Apollo sees it. */
function batchLimit(config: GatewayConfig): RequestHandler {
  return (req, res, next) => {
    if (config.allowBatching && Array.isArray(req.body) && req.body.length > config.maxBatchSize) {
      res.status(400).json({
        errors: [
          {
            message: `Batch exceeds the batch limit (max ${config.maxBatchSize})`,
            extensions: { code: 'OPERATION_LIMIT', limit: 'batch', max: config.maxBatchSize },
          },
        ],
      });
      return;
    }
    next();
  };
}

/**
 * Body-parser failures (too large, malformed JSON) as GraphQL-shaped JSON: express' default
 * handler would answer HTML with a stack trace outside production.
 */
const jsonErrors: ErrorRequestHandler = (err, _req, res, next) => {
  if (res.headersSent) return next(err);
  const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
  const message =
    status === 413
      ? 'Request body too large'
      : status === 400
        ? 'Malformed request body'
        : status < 500
          ? 'Bad request'
          : 'Internal server error';
  if (status >= 500) rootLogger.error({ err }, 'gateway request failed');
  res.status(status).json({
    errors: [{ message, extensions: { code: status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }],
  });
};
