import { join } from 'node:path';
import { createDatabase, type Database, migrate } from '@wg/db';
import { dataDir } from '../config';
import { type Bus, createBus } from '../events/bus';
import { rootLogger } from '../logger';
import type { SubgraphModule } from '../subgraph';
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
  options: { database: Database; bus: Bus; port?: number; host?: string; background?: boolean },
): Promise<StartedSubgraph> {
  const schema = await module.buildSchema();
  const running = await startSubgraphServer(
    { name: module.name, schema, createLoaders: module.createLoaders },
    {
      database: options.database,
      bus: options.bus,
      port: options.port ?? 0,
      host: options.host ?? '127.0.0.1',
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
  const started = await startSubgraph(module, { database, bus, port, host });
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
