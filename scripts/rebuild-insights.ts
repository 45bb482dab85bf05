/**
 * `pnpm insights:rebuild [--from-outboxes] [--tenant <id>]…`: recreates the insights projections
 * (employees, departments, projects, compensations, labour facts, reporting currency, the recruiting
 * funnel's postings, applications and offers) by replaying
 * insights' own event log — every event the projections consumer ever applied — through the same
 * code the live consumer runs. One transaction per tenant: readers keep the old numbers until the
 * new ones commit, and the live consumer waits for the tenant's rebuild (advisory lock).
 *
 * `--from-outboxes` first copies the events of the producers' outboxes (people, work, finance, recruiting) into
 * the log and marks them processed: for a database whose history predates the log (created before
 * insights kept one), or after restoring insights from an older backup.
 *
 * Uses DATABASE_URL (PGlite under DATA_DIR otherwise) and REDIS_URL, like every other command; with
 * embedded PGlite stop `pnpm start` first (PGlite is a single-process database).
 */
import 'reflect-metadata';
import { migrate } from '@wg/db';
import { rebuildProjections } from '@wg/insights';
import { createBus, databaseFromEnv } from '@wg/runtime';

const args = process.argv.slice(2);
const tenants: string[] = [];
let fromOutboxes = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--from-outboxes') fromOutboxes = true;
  else if (a === '--tenant' && args[i + 1]) tenants.push(args[++i]!);
  else {
    console.error(`Unknown argument ${a}. Usage: pnpm insights:rebuild [--from-outboxes] [--tenant <id>]…`);
    process.exit(2);
  }
}

const database = databaseFromEnv();
await migrate(database);
const bus = createBus();
const started = Date.now();
try {
  const result = await rebuildProjections(database, {
    fromOutboxes,
    bus,
    ...(tenants.length > 0 ? { tenants } : {}),
  });
  if (fromOutboxes)
    console.log(`Imported ${result.imported} events from the outboxes into the insights event log.`);
  for (const t of result.tenants) console.log(`tenant ${t.tenantId}: replayed ${t.events} events`);
  console.log(
    `Rebuilt ${result.tenants.length} tenant(s) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
} finally {
  await bus.close();
  await database.close();
}
process.exit(0);
