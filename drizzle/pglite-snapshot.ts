import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Database } from './client';

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
