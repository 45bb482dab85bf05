import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Database } from './client';
import { migrationsFolder } from './migrate';

/**
 * What a PGlite instance needs besides its data: the compiled WebAssembly module and the bundled
 * share/ files. PGlite reads and compiles both on every `new PGlite()`; loading them once per
 * process and passing them in (`pglite: { pgliteWasmModule, fsBundle }`) makes each further
 * instance cheaper. Used by the test kit, which opens one PGlite per test file.
 */
export interface PgliteAssets {
  pgliteWasmModule: WebAssembly.Module;
  fsBundle: Blob;
}

let assets: Promise<PgliteAssets> | undefined;

// The global WebAssembly object exists in Node, but our `lib` (no DOM) only declares its types.
const wasmRuntime = (
  globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> } }
).WebAssembly;

export function pgliteAssets(): Promise<PgliteAssets> {
  assets ??= (async () => {
    const dist = pgliteDist();
    const [wasm, data] = await Promise.all([
      readFile(join(dist, 'pglite.wasm')),
      readFile(join(dist, 'pglite.data')),
    ]);
    return { pgliteWasmModule: await wasmRuntime.compile(wasm), fsBundle: new Blob([data]) };
  })();
  return assets;
}

function pgliteDist(): string {
  return dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite/pglite.wasm'));
}

/** The PGlite version, part of a snapshot's cache key (a data dir is only valid for its build). */
export function pgliteVersion(): string {
  const pkg = JSON.parse(readFileSync(join(pgliteDist(), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** An uncompressed tarball of a PGlite database's data directory (`loadDataDir` restores it). */
export async function dumpPgliteDataDir(database: Database): Promise<Blob> {
  if (database.kind !== 'pglite') throw new Error('dumpPgliteDataDir needs a PGlite database');
  const client = (database.system as unknown as { $client: PGlite }).$client;
  return client.dumpDataDir('none');
}

/**
 * What a migrated database depends on: every migration (SQL and journal), `migrate.ts` (the RLS
 * and grants it applies after migrating) and the PGlite build. Part of the snapshot's file name.
 */
export function migrationsHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(migrationsFolder).sort()) {
    if (f.endsWith('.sql')) h.update(f).update(readFileSync(join(migrationsFolder, f)));
  }
  h.update(readFileSync(join(migrationsFolder, 'meta', '_journal.json')));
  h.update(readFileSync(join(dirname(migrationsFolder), 'migrate.ts')));
  return h.digest('hex').slice(0, 12);
}

/** node_modules/.cache/wg-pglite/: a reinstall clears it, a migration change re-keys it. */
const snapshotDir = join(dirname(migrationsFolder), '..', 'node_modules', '.cache', 'wg-pglite');
const snapshotFile = () => join(snapshotDir, `pglite-${pgliteVersion()}-${migrationsHash()}.tar`);

/**
 * The cached tarball of a freshly migrated PGlite data dir (no tenant data), or null when it has
 * not been built for these migrations yet. `new PGlite(dir, { loadDataDir })` on an empty data
 * dir restores it instead of running initdb and every migration: `pnpm start` on a fresh
 * DATA_DIR and every PGlite test file start from it.
 */
export async function cachedMigratedSnapshot(): Promise<Blob | null> {
  try {
    return new Blob([await readFile(snapshotFile())]);
  } catch {
    return null;
  }
}

/** Stores a migrated, still empty database's data dir as the snapshot for these migrations. */
export async function saveMigratedSnapshot(database: Database): Promise<Blob> {
  const tarball = await dumpPgliteDataDir(database);
  const file = snapshotFile();
  await mkdir(snapshotDir, { recursive: true });
  // Test workers (or a start and a test run) may build it at once: write aside, rename atomically.
  const tmp = `${file}.${process.pid}.${randomBytes(3).toString('hex')}`;
  await writeFile(tmp, new Uint8Array(await tarball.arrayBuffer()));
  await rename(tmp, file);
  // Older snapshots are dead weight once the migrations moved on.
  for (const f of await readdir(snapshotDir)) {
    if (f.startsWith('pglite-') && f.endsWith('.tar') && join(snapshotDir, f) !== file) {
      await rm(join(snapshotDir, f), { force: true });
    }
  }
  return tarball;
}
