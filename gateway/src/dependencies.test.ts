import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The gateway takes only the light subpaths of @wg/runtime (auth, errors, events, logger,
 * metrics): loading it must not load the subgraph stack. Checked for real, not by reading import
 * lines: a child Node process with tsx (as `pnpm start` runs it) imports the entry, and a module
 * hook records every file it resolves.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const SUBGRAPH_STACK = [
  'type-graphql',
  'drizzle-orm',
  'postgres',
  '@electric-sql/pglite',
  'reflect-metadata',
  'nodemailer',
];
/** Runtime modules only subgraphs load: the durable jobs (runner, table helpers, admin query). */
const SUBGRAPH_ONLY_FILES = /\/subgraphs\/runtime\/src\/jobs\//;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wg-deps-'));
  await writeFile(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
let out;
export function initialize(data) { out = data.out; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(out, result.url + '\\n');
  return result;
}
`,
  );
  await writeFile(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';
register(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)}, { data: { out: process.env.WG_RESOLVED_OUT } });
`,
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Package names (from node_modules paths) of everything `entry` loads, transitively, and its files. */
async function packagesLoadedBy(entry: string, name: string): Promise<Set<string> & { files: string[] }> {
  const out = join(dir, `${name}.txt`);
  await writeFile(out, '');
  await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      pathToFileURL(join(dir, 'register.mjs')).href,
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(pathToFileURL(join(root, entry)).href)});`,
    ],
    { cwd: root, env: { ...process.env, WG_RESOLVED_OUT: out }, timeout: 50_000 },
  );
  const urls = (await readFile(out, 'utf8')).split('\n');
  const packages = Object.assign(new Set<string>(), {
    files: urls.filter((u) => !u.includes('node_modules')),
  });
  for (const url of urls) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(
      url.replace(/.*node_modules\/\.pnpm\/[^/]+\//, ''),
    );
    if (match?.[1]) packages.add(match[1]);
  }
  return packages;
}

describe('gateway dependencies', () => {
  it('loads the gateway without type-graphql, drizzle, postgres or PGlite', async () => {
    const loaded = await packagesLoadedBy('gateway/src/index.ts', 'gateway');
    expect(loaded.has('@apollo/gateway')).toBe(true); // the hook saw the gateway's own imports
    expect(SUBGRAPH_STACK.filter((p) => loaded.has(p))).toEqual([]);
    expect(loaded.files.filter((f) => SUBGRAPH_ONLY_FILES.test(f))).toEqual([]);
  });

  it('would notice: a subgraph that runs jobs loads the jobs module', async () => {
    const loaded = await packagesLoadedBy('subgraphs/recruiting/src/index.ts', 'recruiting');
    expect(loaded.files.some((f) => SUBGRAPH_ONLY_FILES.test(f))).toBe(true);
  });

  it('would notice: the runtime barrel loads all of them', async () => {
    const loaded = await packagesLoadedBy('subgraphs/runtime/src/index.ts', 'runtime');
    // nodemailer is loaded lazily, only with SMTP_URL: nothing loads it at import time.
    expect(SUBGRAPH_STACK.filter((p) => p !== 'nodemailer' && !loaded.has(p))).toEqual([]);
  });
});
