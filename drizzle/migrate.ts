import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { Database } from './client';
import { DOMAINS } from './domains';

/** The PostgreSQL schemas migrate() secures: one per domain. */
export const DOMAIN_SCHEMAS = DOMAINS;
export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Applies the generated migrations with Drizzle's migrator, then makes sure the security posture
 * holds for every table in the domain schemas, whenever it was created:
 *  - RLS is FORCEd (drizzle-kit only emits ENABLE), so even the table owner is filtered;
 *  - the application role gets exactly the DML it needs, and nothing on the migrations table.
 * This part is idempotent and cheap, so it runs after every migrate rather than living in a
 * one-off migration that a later table would miss.
 */
export async function migrate(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.system as unknown as PgliteDatabase, { migrationsFolder });
  } else {
    // Several processes may start at once (docker-compose): one migrates, the others wait.
    await database.system.execute(sql`select pg_advisory_lock(7355608)`);
    try {
      await migratePostgres(database.system as unknown as PostgresJsDatabase, { migrationsFolder });
    } finally {
      await database.system.execute(sql`select pg_advisory_unlock(7355608)`);
    }
  }
  const schemaList = sql.raw(DOMAIN_SCHEMAS.map((s) => `'${s}'`).join(', '));
  await database.system.execute(sql`
    DO $$
    DECLARE r record;
    BEGIN
      FOR r IN SELECT n.nspname AS s, c.relname AS t
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE c.relkind = 'r' AND n.nspname IN (${schemaList})
      LOOP
        EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', r.s, r.t);
        EXECUTE format('ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY', r.s, r.t);
        IF r.t IN ('audit_log', 'access_log') THEN
          -- Append-only: the application may add to the trail but never rewrite it (access_log
          -- also has a trigger refusing UPDATE/DELETE/TRUNCATE, even for the owner).
          EXECUTE format('GRANT SELECT, INSERT ON %I.%I TO wg_app', r.s, r.t);
          EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I.%I FROM wg_app', r.s, r.t);
        ELSE
          EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I.%I TO wg_app', r.s, r.t);
        END IF;
      END LOOP;
      FOR r IN SELECT nspname AS s FROM pg_namespace WHERE nspname IN (${schemaList})
      LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO wg_app', r.s);
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO wg_app', r.s);
      END LOOP;
    END
    $$;
  `);
}
