import { join } from 'node:path';
import { createDatabase, type Database, migrate } from '@wg/db';
import { dataDir } from '../config';
import { type Bus, createBus } from '../events/bus';
import { rootLogger } from '../logger';
import type { SubgraphModule } from '../subgraph';
import { type AdminOptions, adminOptionsFromEnv } from './admin';
import { type RunningSubgraph, startSubgraphServer } from './subgraph-server';

/** The database every process of this deployment shares: PostgreSQL if configured, else PGlite. */
export function databaseFromEnv(): Database {
  return createDatabase({
    url: process.env.DATABASE_URL,
    dataDir: process.env.DATABASE_URL ? undefined : join(dataDir(), 'pglite'),
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  });
}

export interface StartedSubgraph extends RunningSubgraph {
  stopBackground: () => Promise<void>;
}

/** Starts one subgraph (HTTP server + relay/consumers) on an existing database and bus. */
export async function startSubgraph<L>(
  module: SubgraphModule<L>,
  options: {
    database: Database;
    bus: Bus;
    port?: number;
    host?: string;
    background?: boolean;
    /** /metrics and /ready: an admin port and/or METRICS_TOKEN (default: the token from the environment). */
    admin?: AdminOptions | undefined;
  },
): Promise<StartedSubgraph> {
  const schema = await module.buildSchema();
  const running = await startSubgraphServer(
    { name: module.name, schema, createLoaders: module.createLoaders },
    {
      database: options.database,
      bus: options.bus,
      port: options.port ?? 0,
      host: options.host ?? '127.0.0.1',
      admin: options.admin,
    },
  );
  const stopBackground =
    options.background !== false && module.startBackground
      ? await module.startBackground(options.database, options.bus)
      : async () => {};
  return {
    ...running,
    stopBackground,
    stop: async () => {
      await stopBackground();
      await running.stop();
    },
  };
}

/** Entry point for running one subgraph as its own process (docker-compose, scaling out). */
export async function runSubgraph<L>(module: SubgraphModule<L>): Promise<void> {
  const database = databaseFromEnv();
  await migrate(database);
  const bus = createBus();
  const port = Number(process.env.PORT ?? module.defaultPort);
  const host = process.env.HOST ?? '0.0.0.0';
  // One subgraph per process: ADMIN_PORT / ADMIN_HOST / METRICS_TOKEN are this subgraph's.
  const started = await startSubgraph(module, { database, bus, port, host, admin: adminOptionsFromEnv() });
  const shutdown = async () => {
    rootLogger.info({ subgraph: module.name }, 'shutting down');
    await started.stop();
    await bus.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
