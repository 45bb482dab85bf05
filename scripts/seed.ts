/**
 * `pnpm seed`: migrate and load the demo company into an empty database (PGlite under DATA_DIR by
 * default, DATABASE_URL otherwise). The subgraphs' event consumers run in this process while it
 * seeds, so the projections (entity refs, labour costs, analytics) are complete when it exits.
 */
import 'reflect-metadata';
import { migrate } from '@wg/db';
import { createBus, databaseFromEnv } from '@wg/runtime';
import { isEmpty, seedDemo } from './seed/demo';
import { subgraphs } from './subgraphs';

const database = databaseFromEnv();
await migrate(database);
if (!(await isEmpty(database))) {
  console.log('The database already has tenants; nothing seeded.');
} else {
  const bus = createBus();
  const stops = [];
  for (const module of subgraphs)
    if (module.startBackground) stops.push(await module.startBackground(database, bus));
  await seedDemo(database, bus);
  for (const stop of stops) await stop();
  await bus.close();
  console.log('Seeded the demo tenants acme and globex.');
}
await database.close();
process.exit(0);
