/**
 * `pnpm check:migrations` (part of `pnpm check`): fails when `drizzle/schema/*.ts` changed without a
 * migration, i.e. when `pnpm db:generate` would write a new one.
 *
 * drizzle-kit's own `check` only validates the snapshots against each other, so this runs the real
 * `drizzle-kit generate` against a throw-away copy of `drizzle/migrations` (same schema files, same
 * options as drizzle.config.ts) and looks at what it wrote there. Nothing is created in the repo.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOMAINS } from '../drizzle/domains';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const migrations = join(root, 'drizzle', 'migrations');

export interface DriftReport {
  /** Migration files `drizzle-kit generate` added (empty when the schema and migrations agree). */
  added: string[];
  /** The SQL it would have written, for the error message. */
  sql: string;
  output: string;
}

export function findMigrationDrift(): DriftReport {
  const work = mkdtempSync(join(tmpdir(), 'wg-migration-drift-'));
  try {
    const out = join(work, 'migrations');
    cpSync(migrations, out, { recursive: true });
    const config = join(work, 'drizzle.config.json');
    // The same settings as drizzle/drizzle.config.ts, with `out` pointing at the copy. drizzle-kit
    // joins paths onto `./`, so they are given relative to its working directory (the copy's).
    writeFileSync(
      config,
      JSON.stringify({
        dialect: 'postgresql',
        schema: DOMAINS.map((d) => relative(work, join(root, 'drizzle', 'schema', `${d}.ts`))),
        out: './migrations',
        schemaFilter: [...DOMAINS],
        casing: 'snake_case',
      }),
    );
    const before = new Set(readdirSync(out));
    const kit = join(root, 'node_modules', '.bin', 'drizzle-kit');
    // stdin closed: if drizzle-kit wants to ask about a rename, that is drift too, and it must not hang.
    const run = spawnSync(kit, ['generate', '--config', config, '--name', 'drift'], {
      cwd: work,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
    const added = readdirSync(out).filter((f) => !before.has(f));
    // drizzle-kit exits 0 even when it fails, so "no drift" needs its own positive answer.
    if (added.length === 0 && (run.status !== 0 || !/No schema changes/i.test(output))) {
      throw new Error(`drizzle-kit generate failed (exit ${run.status ?? run.signal}):\n${output}`);
    }
    const sql = added
      .filter((f) => f.endsWith('.sql'))
      .map((f) => readFileSync(join(out, f), 'utf8'))
      .join('\n');
    return { added, sql, output };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const drift = findMigrationDrift();
  if (drift.added.length > 0) {
    console.error(
      'drizzle/schema changed without a migration: `pnpm db:generate --name <what>` would write\n' +
        `${drift.added.join(', ')}:\n\n${drift.sql.slice(0, 4000)}`,
    );
    process.exit(1);
  }
  console.log('migrations match drizzle/schema (pnpm db:generate has nothing to write)');
}
