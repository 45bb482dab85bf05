import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { Database } from '@wg/db';
import { sql } from 'drizzle-orm';
import express from 'express';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { ClientInfo, Identity } from '../auth/identity';
import { INTERNAL_TOKEN_HEADER, verifyInternalToken } from '../auth/internal-token';
import { createContext, type SubgraphContext } from '../context';
import { domainErrorOf, httpStatusOf, maskError } from '../errors';
import { type Bus, InProcessBus } from '../events/bus';
import { rootLogger } from '../logger';
import { type AdminOptions, metricsTokenFromEnv, mountAdmin } from './admin';
import { executionResultsAsOk, notFoundJson, requestIdOnInternalErrors } from './error-response';
import { createMetrics } from './metrics';

/** How long `/ready` waits for the database before it answers 503. */
const READY_TIMEOUT_MS = Number(process.env.READY_TIMEOUT_MS ?? 2000);

/**
 * A domain error's HTTP status (UNAUTHENTICATED is 401), as `appError` gives it a GraphQLError:
 * formatError shapes the body but cannot set the status.
 */
const domainErrorStatus: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ errors, response }) {
        for (const error of errors ?? []) {
          const domain = domainErrorOf(error);
          const status = domain && httpStatusOf(domain);
          if (status) {
            response.http.status = status;
            return;
          }
        }
      },
    };
  },
};

export interface SubgraphDefinition<L> {
  name: string;
  schema: GraphQLSchema;
  createLoaders: (ctx: SubgraphContext<L>) => L;
}

/** An operation as the gateway sends it to a subgraph. */
export interface SubgraphRequest {
  query?: string | undefined;
  variables?: Record<string, unknown> | undefined;
  operationName?: string | undefined;
}

/** Who the gateway says is calling: what the internal token carries over HTTP. */
export interface SubgraphCaller {
  identity: Identity;
  requestId: string;
  client?: ClientInfo | undefined;
}

/** A subgraph's answer, formatted (masked) exactly as its HTTP endpoint would send it. */
export interface SubgraphResult {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

export interface RunningSubgraph {
  name: string;
  url: string;
  server: Server;
  /**
   * Runs an operation in this process, through the same Apollo Server (plugins, error masking)
   * as `/graphql` but without HTTP and the internal token: for a gateway in the same process
   * (`startPlatform({ inProcess: true })`, the e2e tests that need composition, not the network).
   */
  execute(request: SubgraphRequest, caller: SubgraphCaller): Promise<SubgraphResult>;
  /** `http://host:port` of the admin listener (`/metrics`, `/ready`, `/health`), when configured. */
  adminUrl: string | null;
  stop(): Promise<void>;
}

/**
 * The one way a subgraph is served: Apollo Server behind express with `/graphql` and `/health`
 * (process is up); `/ready` (database answers) and `/metrics` (Prometheus) only where `admin`
 * says (an admin port, or behind METRICS_TOKEN on the public port). Every GraphQL request
 * must carry the gateway's internal token; the context gets a fresh loader set and a logger
 * bound to the request id.
 */
export async function startSubgraphServer<L>(
  definition: SubgraphDefinition<L>,
  options: {
    database: Database;
    bus?: Bus;
    port?: number;
    host?: string;
    /** Where /metrics and /ready are served (default: behind METRICS_TOKEN when set, else nowhere). */
    admin?: AdminOptions | undefined;
  },
): Promise<RunningSubgraph> {
  const { database } = options;
  // Without a bus (some unit tests), transient notices go to a private in-process bus nobody reads.
  const bus = options.bus ?? new InProcessBus();
  const log = rootLogger.child({ subgraph: definition.name });
  const app = express();
  const httpServer = createServer(app);
  const metrics = createMetrics(definition.name);

  const apollo = new ApolloServer<SubgraphContext<L>>({
    schema: definition.schema,
    introspection: true,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) =>
      maskError(formatted, error, (err) => log.error({ err }, 'unexpected error')),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Inline traces are for Apollo Studio, which we don't use; they only cost bytes.
      ApolloServerPluginInlineTraceDisabled(),
      metrics.plugin,
      domainErrorStatus,
      executionResultsAsOk(),
      requestIdOnInternalErrors(),
    ],
  });
  await apollo.start();
  /** A request's context: a fresh loader set and a logger bound to the request id. */
  const contextFor = ({ identity, requestId, client }: SubgraphCaller) =>
    createContext<L>({
      identity,
      ...(client && { client }),
      bus,
      requestId: requestId || randomUUID(),
      log: log.child({ requestId, tenantId: identity.tenantId }),
      database,
      createLoaders: definition.createLoaders,
    });

  const health: express.RequestHandler = (_req, res) => {
    res.json({ status: 'ok', subgraph: definition.name });
  };
  app.get('/health', health);
  const admin = await mountAdmin(
    app,
    {
      health,
      ready: async (_req, res) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          // Bounded: while PostgreSQL is down a connect attempt can take seconds; a probe must not.
          await Promise.race([
            database.system.execute(sql`select 1`),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error('ready check timed out')), READY_TIMEOUT_MS);
            }),
          ]);
          res.json({ status: 'ready' });
        } catch {
          res.status(503).json({ status: 'unavailable' });
        } finally {
          clearTimeout(timer);
        }
      },
      metrics: async (_req, res) => {
        res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
      },
    },
    options.admin ?? { token: metricsTokenFromEnv() },
  );
  app.use(
    '/graphql',
    express.json({ limit: process.env.BODY_LIMIT ?? '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const header = req.headers[INTERNAL_TOKEN_HEADER];
        return contextFor(await verifyInternalToken(Array.isArray(header) ? header[0] : header));
      },
    }),
  );
  app.use(notFoundJson);

  await new Promise<void>((resolve) =>
    httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}/graphql`;
  log.info({ url }, 'subgraph listening');
  return {
    name: definition.name,
    url,
    server: httpServer,
    adminUrl: admin.url,
    async execute(request, caller) {
      const { query, variables, operationName } = request;
      const response = await apollo.executeOperation(
        { ...(query && { query }), ...(variables && { variables }), ...(operationName && { operationName }) },
        { contextValue: contextFor(caller) },
      );
      // Subgraph operations are never incremental (no @defer/@stream across the gateway).
      if (response.body.kind !== 'single') throw new Error(`${definition.name}: incremental result`);
      const { data, errors, extensions } = response.body.singleResult;
      return {
        ...(data !== undefined && { data }),
        ...(errors && { errors }),
        ...(extensions && { extensions }),
      };
    },
    stop: async () => {
      await apollo.stop();
      await admin.close();
    },
  };
}
