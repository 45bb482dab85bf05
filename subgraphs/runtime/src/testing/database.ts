import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  createDatabase,
  type Database,
  dumpPgliteDataDir,
  migrate,
  migrationsFolder,
  pgliteAssets,
  pgliteVersion,
} from '@wg/db';
import postgres from 'postgres';

/**
 * A private, migrated database for one test file, like drizzle's own suites, on either driver:
 *  - `DATABASE_URL` unset: a PGlite in memory restored from a migrated snapshot (a data-dir tarball
 *    cached in `node_modules/.cache/wg-test/`, keyed by the migrations' hash), with the compiled
 *    WebAssembly shared per worker. Starting from the snapshot skips initdb and every migration.
 *  - `DATABASE_URL` set: a fresh PostgreSQL database cloned from a migrated template database
 *    (`create database … template …` takes milliseconds), keyed by the same hash.
 * Both are built once (per machine, until a migration changes) and copied for every file.
 */
export async function createTestDatabase(): Promise<Database & { drop(): Promise<void> }> {
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

/**
 * What a migrated database depends on: every migration (SQL and journal), `migrate.ts` (the RLS
 * and grants it applies after migrating) and, for snapshots, the PGlite build.
 */
function migrationsHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(migrationsFolder).sort()) {
    if (f.endsWith('.sql')) h.update(f).update(readFileSync(join(migrationsFolder, f)));
  }
  h.update(readFileSync(join(migrationsFolder, 'meta', '_journal.json')));
  h.update(readFileSync(join(dirname(migrationsFolder), 'migrate.ts')));
  return h.digest('hex').slice(0, 12);
}

const snapshotDir = join(dirname(migrationsFolder), '..', 'node_modules', '.cache', 'wg-test');
let snapshot: Promise<Blob> | undefined;

/** The migrated PGlite data dir: read from the cache, or migrated once and written there. */
function pgliteSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const key = `pglite-${pgliteVersion()}-${migrationsHash()}.tar`;
    const file = join(snapshotDir, key);
    try {
      return new Blob([await readFile(file)]);
    } catch {
      // not cached yet (first run, or a migration changed)
    }
    const db = createDatabase({ dataDir: 'memory://', pglite: await pgliteAssets() });
    let tarball: Blob;
    try {
      await migrate(db);
      tarball = await dumpPgliteDataDir(db);
    } finally {
      await db.close();
    }
    await mkdir(snapshotDir, { recursive: true });
    // Workers may build it at the same time on a first run: write aside, then rename atomically.
    const tmp = `${file}.${process.pid}.${randomBytes(3).toString('hex')}`;
    await writeFile(tmp, new Uint8Array(await tarball.arrayBuffer()));
    await rename(tmp, file);
    // Older snapshots are dead weight once the migrations moved on.
    for (const f of await readdir(snapshotDir)) {
      if (f.startsWith('pglite-') && f.endsWith('.tar') && f !== key)
        await rm(join(snapshotDir, f), { force: true });
    }
    return tarball;
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
