/**
 * `pnpm finance:reprice [--statuses-from-work-outbox] [--employment-from-people-outbox]
 * [--tenant <id>]…`: re-prices every labour line under the current pricing rule (issue #12: the
 * compensation and billing rate effective on the line's date; rejected lines and lines outside
 * every employment stint count zero) and announces the differences, so insights follows. Run once
 * after upgrading a database with history (with `--statuses-from-work-outbox` to learn the review
 * status of lines reviewed before finance consumed reviews, with `--employment-from-people-outbox`
 * to learn the stints of employees rehired before people published them). Idempotent. With embedded PGlite stop `pnpm start` first; the announced
 * events are published by finance's relay on the next start.
 */
import 'reflect-metadata';
import { migrate } from '@wg/db';
import { repriceAllTenants } from '@wg/finance';
import { databaseFromEnv } from '@wg/runtime';

const args = process.argv.slice(2);
const tenants: string[] = [];
let statusesFromWorkOutbox = false;
let employmentFromPeopleOutbox = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--statuses-from-work-outbox') statusesFromWorkOutbox = true;
  else if (a === '--employment-from-people-outbox') employmentFromPeopleOutbox = true;
  else if (a === '--tenant' && args[i + 1]) tenants.push(args[++i]!);
  else {
    console.error(
      `Unknown argument ${a}. Usage: pnpm finance:reprice [--statuses-from-work-outbox] [--employment-from-people-outbox] [--tenant <id>]…`,
    );
    process.exit(2);
  }
}

const database = databaseFromEnv();
await migrate(database);
try {
  const result = await repriceAllTenants(database, {
    statusesFromWorkOutbox,
    employmentFromPeopleOutbox,
    ...(tenants.length > 0 ? { tenants } : {}),
  });
  for (const t of result) {
    console.log(
      `tenant ${t.tenantId}: ${t.statuses} review statuses read, ${t.employees} employees' stints rebuilt, ${t.lines} lines changed`,
    );
  }
} finally {
  await database.close();
}
process.exit(0);
