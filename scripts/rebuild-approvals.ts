/**
 * `pnpm approvals:rebuild [--tenant <id>]…`: fills security's approvals inbox for a database that
 * held pending approvals before the inbox existed (or after restoring security from an older
 * backup). Each owner re-announces what waits for a decision — work its SUBMITTED timesheet
 * entries and PENDING time-off requests, recruiting its PENDING_APPROVAL offers — through its
 * outbox, one transaction per tenant and owner; the relays publish those events and security's
 * consumer applies them when the platform runs (now, with PostgreSQL; at the next `pnpm start`
 * with embedded PGlite, which must be stopped first: it is a single-process database). Safe to
 * repeat: the inbox keeps the newest change per item, so a re-announced PENDING never overrides a
 * later decision.
 *
 * It also copies people's Department snapshots (from people's outbox) into security's
 * `entity_refs`: `offer:approve` at scope team covers the approver's department and the ones
 * below it, and security replicates departments only since the inbox exists.
 *
 * Uses DATABASE_URL (PGlite under DATA_DIR otherwise), like every other command.
 */
import 'reflect-metadata';
import { migrate, type Tx, withTenant } from '@wg/db';
import { republishPendingOffers } from '@wg/recruiting';
import { entityRefs } from '@wg/db/security';
import { type DomainEvent, databaseFromEnv, latestPerEntity, upsertRefs } from '@wg/runtime';
import { republishPendingEntries, republishPendingTimeOffRequests } from '@wg/work';
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
const system = database.system as unknown as Tx;
const rowsOf = <T>(result: unknown) =>
  (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

/** People's Department events of a tenant, in order, upserted as security's Department refs. */
async function copyDepartments(tenantId: string): Promise<number> {
  const rows = rowsOf<{
    id: string;
    type: string;
    aggregate_id: string;
    occurred_at: Date | string;
    data: object;
  }>(
    await system.execute(
      sql`select id::text, type, aggregate_id::text, occurred_at, data from people.outbox
           where tenant_id = ${tenantId}::uuid and aggregate_type = 'Department' order by seq`,
    ),
  );
  const events: DomainEvent[] = rows.map((r) => ({
    id: r.id,
    type: r.type,
    tenantId,
    aggregate: { type: 'Department', id: r.aggregate_id },
    occurredAt: new Date(r.occurred_at).toISOString(),
    data: r.data,
  }));
  const latest = latestPerEntity(events);
  await withTenant(database, { tenantId }, (tx) => upsertRefs(tx, entityRefs, latest));
  return latest.length;
}
await migrate(database);
const started = Date.now();
try {
  if (tenants.length === 0) {
    // The owner connection: the tenant list is the one read across tenants.
    const list = rowsOf<{ id: string }>(
      await system.execute(sql`select id::text as id from security.tenants order by created_at`),
    );
    tenants.push(...list.map((r) => r.id));
  }
  for (const tenantId of tenants) {
    const departments = await copyDepartments(tenantId);
    const entries = await withTenant(database, { tenantId }, (tx) => republishPendingEntries(tx, tenantId));
    const offers = await withTenant(database, { tenantId }, (tx) => republishPendingOffers(tx, tenantId));
    const timeOff = await withTenant(database, { tenantId }, (tx) =>
      republishPendingTimeOffRequests(tx, tenantId),
    );
    console.log(
      `tenant ${tenantId}: re-announced ${entries} timesheet entries, ${offers} offers, ${timeOff} time-off requests; ${departments} departments known to security`,
    );
  }
  console.log(
    `Re-announced the pending approvals of ${tenants.length} tenant(s) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
} finally {
  await database.close();
}
process.exit(0);
