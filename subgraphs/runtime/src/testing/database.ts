import { randomBytes } from 'node:crypto';
import {
  cachedMigratedSnapshot,
  createDatabase,
  type Database,
  migrate,
  migrationsHash,
  pgliteAssets,
  saveMigratedSnapshot,
} from '@wg/db';
import postgres from 'postgres';

/**
 * A private, migrated database for one test file, like drizzle's own suites, on either driver:
 *  - `DATABASE_URL` unset: a PGlite in memory restored from a migrated snapshot (a data-dir tarball
 *    cached in `node_modules/.cache/wg-pglite/`, keyed by the migrations' hash), with the compiled
 *    WebAssembly shared per worker. Starting from the snapshot skips initdb and every migration.
 *  - `DATABASE_URL` set: a fresh PostgreSQL database cloned from a migrated template database
 *    (`create database … template …` takes milliseconds), keyed by the same hash.
 * Both are built once (per machine, until a migration changes) and copied for every file.
 */
export async function createTestDatabase(): Promise<Database & { url?: string; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const [loadDataDir, assets] = await Promise.all([pgliteSnapshot(), pgliteAssets()]);
    const db = createDatabase({ dataDir: 'memory://', pglite: { ...assets, loadDataDir } });
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
    /** Its URL, so a test can open a second pool, as another process would. */
    url: withDatabase(url, name),
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

let snapshot: Promise<Blob> | undefined;

/** The migrated PGlite data dir: read from the cache (@wg/db), or migrated once and saved there. */
function pgliteSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const cached = await cachedMigratedSnapshot();
    if (cached) return cached;
    const db = createDatabase({ dataDir: 'memory://', pglite: await pgliteAssets() });
    try {
      await migrate(db);
      return await saveMigratedSnapshot(db);
    } finally {
      await db.close();
    }
  })();
  return snapshot;
}

async function ensureTemplate(url: string): Promise<string> {
  const name = `wg_template_${migrationsHash()}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Test workers race to build the template; one builds it under a lock, the rest reuse it.
    await admin`select pg_advisory_lock(918273645)`;
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) {
      // Built under another name and renamed when complete, so a failed migration never leaves a
      // half-migrated template behind for the next run to clone.
      const building = `${name}_building`;
      await admin.unsafe(`drop database if exists "${building}" with (force)`);
      await admin.unsafe(`create database "${building}"`);
      const db = createDatabase({ url: withDatabase(url, building), max: 1 });
      try {
        await migrate(db);
      } finally {
        await db.close();
      }
      await admin.unsafe(`alter database "${building}" rename to "${name}"`);
    }
    await admin`select pg_advisory_unlock(918273645)`;
  } finally {
    await admin.end();
  }
  return name;
}
