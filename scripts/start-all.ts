/**
 * `pnpm start`: migrate, start the six subgraphs and the gateway, print where to go; on an empty
 * database seed the demo company — the logins and people before the gateway opens (a few seconds),
 * the rest (projects, compensation, a year of timesheets, projections) in the background after it
 * answers, one progress line per stage. Works with no configuration (PGlite + in-process bus) and
 * unchanged against PostgreSQL / Redis when DATABASE_URL / REDIS_URL are set.
 *
 * Logs are pretty in a terminal and JSON otherwise (`LOG_FORMAT=json|pretty`, runtime logger.ts).
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import type { Database } from '@wg/db';
import { dataDir } from '@wg/runtime/config';
import { rootLogger } from '@wg/runtime/logger';

const started = Date.now();
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const port = Number(process.env.PORT ?? 4000);
const subgraphPortBase = Number(process.env.SUBGRAPH_PORT_BASE ?? port + 1);
const where = process.env.DATABASE_URL
  ? 'PostgreSQL (DATABASE_URL)'
  : `embedded PGlite in ${join(resolve(dataDir()), 'pglite')}`;
const mode = `${where} + ${process.env.REDIS_URL ? 'Redis' : 'in-process bus'}`;

// Said before the heavy imports (the subgraphs, type-graphql, drizzle), so a start never begins
// with seconds of silence.
rootLogger.info(`starting Workforce Graph: ${mode}`);
// The embedded database first: PGlite's start (compiling its WebAssembly, restoring the data
// directory, booting postgres) then overlaps with loading the rest of the code.
const db = await import('@wg/db');

/**
 * The embedded database. A fresh data directory starts from the cached snapshot of a migrated,
 * empty database (the one the PGlite test kit uses, node_modules/.cache/wg-pglite/) instead of
 * initdb, every migration and the RLS/grant pass: several seconds of CPU less before the first
 * answer. Without a snapshot for these migrations (right after install, or a new migration) this
 * start migrates from scratch and saves one for the next. An existing data dir migrates as usual.
 */
async function embeddedDatabase(): Promise<{ database: Database; migrated: boolean }> {
  const dir = join(resolve(dataDir()), 'pglite');
  if (existsSync(join(dir, 'PG_VERSION')))
    return { database: db.createDatabase({ dataDir: dir }), migrated: false };
  const snapshot = await db.cachedMigratedSnapshot();
  if (snapshot) {
    rootLogger.info('new data directory: restoring the migrated snapshot');
    return {
      database: db.createDatabase({ dataDir: dir, pglite: { loadDataDir: snapshot } }),
      migrated: true,
    };
  }
  const database = db.createDatabase({ dataDir: dir });
  await db.migrate(database);
  await db.saveMigratedSnapshot(database).catch((error: unknown) => {
    rootLogger.warn({ err: error }, 'could not cache the migrated snapshot (next start migrates again)');
  });
  return { database, migrated: true };
}
const embeddedStarting = process.env.DATABASE_URL ? undefined : embeddedDatabase();
const [{ startPlatform }, demo, embedded] = await Promise.all([
  import('./platform'),
  import('./seed/demo'),
  embeddedStarting,
]);
rootLogger.info({ ms: Date.now() - started }, 'code loaded; starting the subgraphs');
const database = embedded?.database;

/**
 * Resolves when the first visitor is served: `idleMs` after an answered POST with no request in
 * flight and none arriving (a login followed by the first query counts as one visit), or `ms`
 * after the gateway opened if nobody came, and at most `capMs` after it in any case.
 */
function firstVisitServed(server: Server, ms: number, idleMs = 300, capMs = 10_000): Promise<void> {
  return new Promise<void>((go) => {
    let inFlight = 0;
    let answered = false;
    let idle: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(quiet);
      clearTimeout(cap);
      clearTimeout(idle);
      server.off('request', onRequest);
      setImmediate(go);
    };
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      if (req.method !== 'POST') return;
      clearTimeout(quiet);
      clearTimeout(idle);
      inFlight++;
      res.once('close', () => {
        inFlight--;
        answered = true;
        if (inFlight === 0) idle = setTimeout(done, idleMs);
      });
    };
    const quiet = setTimeout(() => {
      if (!answered && inFlight === 0) done();
    }, ms);
    const cap = setTimeout(done, capMs);
    server.on('request', onRequest);
  });
}

let seeding: Promise<void> | undefined;
// Background work waits for the first visit (or SEED_DELAY_MS, 2 s, if nobody comes): PGlite is
// one connection, and a first login and query should queue neither behind a year of timesheets nor
// behind the consumers catching up with the hires seeded before the gateway opened.
let gatewayUp: (server: Server) => void = () => {};
const firstAnswered = new Promise<Server>((up) => {
  gatewayUp = up;
}).then((server) => firstVisitServed(server, Number(process.env.SEED_DELAY_MS ?? 2000)));
const platform = await startPlatform({
  ...(embedded ?? {}),
  port,
  subgraphPortBase,
  host: process.env.HOST ?? '127.0.0.1',
  deliverAfter: async (gateway) => {
    gatewayUp(gateway.server);
    await firstAnswered;
  },
  beforeGateway: async (database) => {
    if (!(await demo.isEmpty(database))) return;
    rootLogger.info('empty database: seeding the demo company (people and logins first)');
    const tenants = await demo.seedDemoLogins(database);
    // The rest after the gateway answers, queries meanwhile seeing the data landed so far.
    seeding = firstAnswered.then(async () => {
      const seedStarted = Date.now();
      try {
        await demo.seedDemoActivity(database, tenants);
        rootLogger.info(
          { ms: Date.now() - seedStarted },
          `demo data complete in ${seconds(seedStarted)} (${seconds(started)} after launch)`,
        );
      } catch (error) {
        rootLogger.error({ err: error }, 'seeding the demo data failed; the data so far stays');
      }
    });
  },
});

const url = platform.gateway.url.replace('127.0.0.1', 'localhost');
console.log(`
  Workforce Graph is answering after ${seconds(started)}  (${mode})
${seeding ? '  Seeding projects, compensation and a year of timesheets in the background (progress below).\n' : ''}
  GraphiQL   ${url}   (open in a browser)
  Endpoint   POST ${url}
  Health     ${url.replace('/graphql', '/health')}

  Demo logins (password "${demo.DEMO_PASSWORD}"):
${demo.DEMO_LOGINS.map((l) => `    ${l.email.padEnd(24)} ${l.description}`).join('\n')}

  Get a token:  mutation { login(email: "admin@acme.test", password: "${demo.DEMO_PASSWORD}") { accessToken } }
  then send it as the header  Authorization: Bearer <accessToken>
`);

const shutdown = async () => {
  // A background seed is left where it stands (each stage commits as it goes). The database is no
  // longer empty, so the next start does not seed again: delete the data directory to re-seed.
  await platform.stop();
  await database?.close();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
