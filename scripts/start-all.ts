/**
 * `pnpm start`: migrate, seed a demo company when the database is empty, start the six subgraphs
 * and the gateway, print where to go. Works with no configuration (PGlite + in-process bus) and
 * unchanged against PostgreSQL / Redis when DATABASE_URL / REDIS_URL are set.
 */
import { rootLogger } from '@wg/runtime';
import { startPlatform } from './platform';
import { DEMO_LOGINS, DEMO_PASSWORD, isEmpty, seedDemo } from './seed/demo';

const started = Date.now();
const port = Number(process.env.PORT ?? 4000);
const subgraphPortBase = Number(process.env.SUBGRAPH_PORT_BASE ?? port + 1);

const platform = await startPlatform({
  port,
  subgraphPortBase,
  host: process.env.HOST ?? '127.0.0.1',
  beforeGateway: async (database, bus) => {
    if (await isEmpty(database)) {
      rootLogger.info('empty database: seeding the demo company');
      await seedDemo(database, bus);
    }
  },
});

const url = platform.gateway.url.replace('127.0.0.1', 'localhost');
const mode = `${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite (.data/)'} + ${process.env.REDIS_URL ? 'Redis' : 'in-process bus'}`;
console.log(`
  Workforce Graph is ready in ${((Date.now() - started) / 1000).toFixed(1)} s  (${mode})

  GraphiQL   ${url}   (open in a browser)
  Endpoint   POST ${url}
  Health     ${url.replace('/graphql', '/health')}

  Demo logins (password "${DEMO_PASSWORD}"):
${DEMO_LOGINS.map((l) => `    ${l.email.padEnd(24)} ${l.description}`).join('\n')}

  Get a token:  mutation { login(email: "admin@acme.test", password: "${DEMO_PASSWORD}") { accessToken } }
  then send it as the header  Authorization: Bearer <accessToken>
`);

const shutdown = async () => {
  await platform.stop();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
