import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import {
  createMetrics,
  type Identity,
  INTERNAL_TOKEN_HEADER,
  isProduction,
  maskError,
  publicJwks,
  rootLogger,
  signInternalToken,
} from '@wg/runtime';
import express from 'express';
import { authenticate } from './auth';
import { graphiqlRouter } from './graphiql';

export interface GatewayContext {
  identity: Identity;
  requestId: string;
}

export const supergraphPath = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

export interface GatewayOptions {
  port?: number;
  host?: string;
  supergraphSdl?: string;
  /** Overrides the subgraph URLs recorded in the supergraph (by subgraph name). */
  subgraphUrls?: Record<string, string>;
}

export interface RunningGateway {
  url: string;
  server: Server;
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

export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const log = rootLogger.child({ service: 'gateway' });
  const overrides = { ...subgraphUrlsFromEnv(), ...options.subgraphUrls };
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl ?? readFileSync(supergraphPath, 'utf8'),
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url: overrides[name] ?? url,
        // Subgraphs trust nothing from the client: the gateway vouches for the caller with a
        // short-lived signed token, and strips nothing else through (client headers are not forwarded).
        async willSendRequest({ request, context }) {
          if (!context.identity) return;
          request.http?.headers.set(
            INTERNAL_TOKEN_HEADER,
            await signInternalToken(context.identity, context.requestId),
          );
          request.http?.headers.set('x-request-id', context.requestId);
        },
      }),
  });

  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  const metrics = createMetrics('gateway');
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // Analysts explore the schema in GraphiQL; in production only with an explicit policy (security issue).
    introspection: !isProduction(),
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) =>
      maskError(formatted, error, (err) => log.error({ err }, 'unexpected gateway error')),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      metrics.plugin,
    ],
  });
  await apollo.start();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/.well-known/jwks.json', async (_req, res) => {
    res.json(await publicJwks());
  });
  app.use(graphiqlRouter({ endpoint: '/graphql' }));
  app.use(
    '/graphql',
    express.json({ limit: process.env.BODY_LIMIT ?? '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = randomUUID();
        const identity = await authenticate(req.headers);
        return { identity, requestId };
      },
    }),
  );

  await new Promise<void>((resolve) =>
    httpServer.listen(options.port ?? 4000, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${options.host === '0.0.0.0' ? 'localhost' : (options.host ?? '127.0.0.1')}:${port}/graphql`;
  log.info({ url }, 'gateway listening');
  return {
    url,
    server: httpServer,
    stop: async () => {
      await apollo.stop();
    },
  };
}
