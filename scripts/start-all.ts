/**
 * `pnpm start`: migrate, start the six subgraphs and the gateway, print where to go; on an empty
 * database seed the demo company — the logins and people before the gateway opens (a few seconds),
 * the rest (projects, compensation, a year of timesheets, projections) in the background after it
 * answers, one progress line per stage. Works with no configuration (PGlite + in-process bus) and
 * unchanged against PostgreSQL / Redis when DATABASE_URL / REDIS_URL are set.
 *
 * Logs are pretty in a terminal and JSON otherwise (`LOG_FORMAT=json|pretty`, runtime logger.ts).
 */
import { join, resolve } from 'node:path';
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
const [{ startPlatform }, demo] = await Promise.all([import('./platform'), import('./seed/demo')]);
rootLogger.info({ ms: Date.now() - started }, 'code loaded; migrating and starting the subgraphs');

let seeding: Promise<void> | undefined;
const platform = await startPlatform({
  port,
  subgraphPortBase,
  host: process.env.HOST ?? '127.0.0.1',
  beforeGateway: async (database) => {
    if (!(await demo.isEmpty(database))) return;
    rootLogger.info('empty database: seeding the demo company (people and logins first)');
    const tenants = await demo.seedDemoLogins(database);
    // The rest after the gateway answers: queries meanwhile see the data landed so far.
    seeding = new Promise<void>((go) => setImmediate(go)).then(async () => {
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
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
