/**
 * `pnpm approvals:rebuild [--tenant <id>]…`: fills security's approvals inbox for a database that
 * held pending approvals before the inbox existed (or after restoring security from an older
 * backup). Each owner re-announces what waits for a decision — work its SUBMITTED timesheet
 * entries, recruiting its PENDING_APPROVAL offers — through its outbox, one transaction per
 * tenant and owner; the relays publish those events and security's consumer applies them when
 * the platform runs (now, with PostgreSQL; at the next `pnpm start` with embedded PGlite, which
 * must be stopped first: it is a single-process database). Safe to repeat: the inbox keeps the
 * newest change per item, so a re-announced PENDING never overrides a later decision.
 *
 * Uses DATABASE_URL (PGlite under DATA_DIR otherwise), like every other command.
 */
import 'reflect-metadata';
import { migrate, type Tx, withTenant } from '@wg/db';
import { republishPendingOffers } from '@wg/recruiting';
import { databaseFromEnv } from '@wg/runtime';
import { republishPendingEntries } from '@wg/work';
import { sql } from 'drizzle-orm';

const args = process.argv.slice(2);
const tenants: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--tenant' && args[i + 1]) tenants.push(args[++i]!);
  else {
    console.error(`Unknown argument ${a}. Usage: pnpm approvals:rebuild [--tenant <id>]…`);
    process.exit(2);
  }
}

const database = databaseFromEnv();
await migrate(database);
const started = Date.now();
try {
  if (tenants.length === 0) {
    // The owner connection: the tenant list is the one read across tenants.
    const rows = (await (database.system as unknown as Tx).execute(
      sql`select id::text as id from security.tenants order by created_at`,
    )) as unknown;
    const list = (Array.isArray(rows) ? rows : (rows as { rows: { id: string }[] }).rows) as { id: string }[];
    tenants.push(...list.map((r) => r.id));
  }
  for (const tenantId of tenants) {
    const entries = await withTenant(database, { tenantId }, (tx) => republishPendingEntries(tx, tenantId));
    const offers = await withTenant(database, { tenantId }, (tx) => republishPendingOffers(tx, tenantId));
    console.log(`tenant ${tenantId}: re-announced ${entries} timesheet entries, ${offers} offers`);
  }
  console.log(
    `Re-announced the pending approvals of ${tenants.length} tenant(s) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
} finally {
  await database.close();
}
process.exit(0);
