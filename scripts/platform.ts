import 'reflect-metadata';
import { type Database, migrate } from '@wg/db';
import { type GatewayOptions, type RunningGateway, startGateway } from '@wg/gateway';
import {
  type AdminOptions,
  type Bus,
  createBus,
  databaseFromEnv,
  InProcessBus,
  type StartedSubgraph,
  startSubgraph,
} from '@wg/runtime';
import { subgraphs } from './subgraphs';

export interface PlatformOptions {
  database?: Database;
  /** `database` is known to be migrated (just restored from the migrated snapshot): skip `migrate()`. */
  migrated?: boolean;
  bus?: Bus;
  /** Gateway port (0 = any free port). */
  port?: number;
  /** First subgraph port; the six subgraphs take consecutive ports (0 = any free ports). */
  subgraphPortBase?: number;
  host?: string;
  /** Extra gateway options (protections config, a rate-limit store); ports/URLs/bus are set here. */
  gateway?: Pick<GatewayOptions, 'config' | 'rateLimiter' | 'admin'>;
  /**
   * /metrics and /ready of the subgraphs (all in this process, so an admin port here means one
   * free port each: `{ port: 0 }`). Default: behind METRICS_TOKEN when set, else not served.
   */
  subgraphAdmin?: AdminOptions | undefined;
  /** Runs after the subgraphs (and their event consumers) are up, before the gateway opens. */
  beforeGateway?: (database: Database, bus: Bus) => Promise<void>;
  /**
   * In-process bus only: delivery to the consumers waits until this settles (default: until the
   * gateway listens). `pnpm start` waits for the first answered request, so the hires its seed
   * published before the gateway opened are consumed after that answer rather than in front of it.
   */
  deliverAfter?: (gateway: RunningGateway) => Promise<void>;
  /**
   * The gateway calls the subgraphs in this process (no HTTP, no internal token), as Hive
   * Gateway's tests compose with local data sources. The subgraphs still listen on their ports.
   */
  inProcess?: boolean;
}

export interface Platform {
  database: Database;
  bus: Bus;
  gateway: RunningGateway;
  subgraphs: StartedSubgraph[];
  stop(): Promise<void>;
}

/**
 * The whole graph in one process: the embedded default (`pnpm start`) and the e2e tests. PGlite
 * is a single in-process connection, so embedded mode must share one process; with PostgreSQL and
 * Redis each piece can equally run on its own (docker-compose.yml).
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const database = options.database ?? databaseFromEnv();
  if (!options.migrated) await migrate(database);
  const bus = options.bus ?? createBus();
  // In-process delivery starts once every subgraph's consumers subscribed: a relay that re-publishes
  // at start-up (after a crash) must not reach only the groups that happened to start first.
  const release = bus instanceof InProcessBus ? bus.hold() : () => {};
  const started: StartedSubgraph[] = [];
  for (const [i, module] of subgraphs.entries()) {
    const port = options.subgraphPortBase ? options.subgraphPortBase + i : 0;
    started.push(
      await startSubgraph(module, { database, bus, port, host: '127.0.0.1', admin: options.subgraphAdmin }),
    );
  }
  // Delivery starts once the gateway listens (or `deliverAfter` settles): what a seed published in
  // `beforeGateway` is then consumed after it, not on the path to the first answer — on one core
  // and one PGlite connection, hundreds of hires fanned out to five consumer groups took ~3 s.
  // Nothing is lost meanwhile: the held events reach every group, in order, when released.
  let gateway: RunningGateway;
  try {
    await options.beforeGateway?.(database, bus);
    gateway = await startGateway({
      ...options.gateway,
      port: options.port ?? 0,
      host: options.host ?? '127.0.0.1',
      subgraphUrls: Object.fromEntries(started.map((s) => [s.name, s.url])),
      ...(options.inProcess && { inProcessSubgraphs: Object.fromEntries(started.map((s) => [s.name, s])) }),
      bus,
    });
  } catch (error) {
    release();
    throw error;
  }
  if (options.deliverAfter) void options.deliverAfter(gateway).finally(release);
  else release();
  return {
    database,
    bus,
    gateway,
    subgraphs: started,
    async stop() {
      await gateway.stop();
      for (const s of started) await s.stop();
      await bus.close();
      if (!options.database) await database.close();
    },
  };
}
