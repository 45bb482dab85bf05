import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDatabase, type Database, migrate, migrationsFolder } from '@wg/db';
import postgres from 'postgres';

/**
 * A private, migrated database for one test file, like drizzle's own suites: PGlite in memory when
 * `DATABASE_URL` is unset, otherwise a fresh PostgreSQL database cloned from a migrated template
 * (cloning takes milliseconds; migrating every file's database would take seconds).
 */
export async function createTestDatabase(): Promise<Database & { drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = createDatabase({ dataDir: 'memory://' });
    await migrate(db);
    return Object.assign(db, { drop: () => db.close() });
  }
  const template = await ensureTemplate(url);
  const name = `wg_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${template}"`);
  } finally {
    await admin.end();
  }
  const db = createDatabase({ url: withDatabase(url, name), max: 5 });
  return Object.assign(db, {
    drop: async () => {
      await db.close();
      const a = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
    },
  });
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function migrationsHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(migrationsFolder).sort()) {
    if (f.endsWith('.sql')) h.update(readFileSync(join(migrationsFolder, f)));
  }
  return h.digest('hex').slice(0, 12);
}

async function ensureTemplate(url: string): Promise<string> {
  const name = `wg_template_${migrationsHash()}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Test workers race to build the template; one builds it under a lock, the rest reuse it.
    await admin`select pg_advisory_lock(918273645)`;
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) {
      await admin.unsafe(`create database "${name}"`);
      const db = createDatabase({ url: withDatabase(url, name), max: 1 });
      try {
        await migrate(db);
      } finally {
        await db.close();
      }
    }
    await admin`select pg_advisory_unlock(918273645)`;
  } finally {
    await admin.end();
  }
  return name;
}
