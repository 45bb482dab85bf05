import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

async function composeCheck(schemaDir: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('node', ['--import', 'tsx', 'scripts/compose.ts', '--check'], {
      cwd: root,
      env: { ...process.env, SCHEMA_DIR: schemaDir },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe('pnpm compose --check', () => {
  it('passes on the checked-in schema/ and fails once a subgraph schema differs from it', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'wg-schema-'));
    cpSync(join(root, 'schema'), copy, { recursive: true });
    const clean = await composeCheck(copy);
    expect(clean.output).toContain('up to date');
    expect(clean.code).toBe(0);

    // A subgraph changed without recomposing: the checked-in SDL no longer matches the code.
    const file = join(copy, 'people.graphql');
    writeFileSync(file, readFileSync(file, 'utf8').replace('type Employee', 'type Employee @deprecated'));
    const stale = await composeCheck(copy);
    expect(stale.code).toBe(1);
    expect(stale.output).toContain('people.graphql');
  });

  it('checks the generated Apollo Client files like the supergraph', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'wg-schema-'));
    cpSync(join(root, 'schema'), copy, { recursive: true });
    const policies = JSON.parse(readFileSync(join(copy, 'type-policies.json'), 'utf8'));
    expect(policies.Money).toEqual({ merge: true });
    expect(policies.Employee).toBeUndefined(); // has an id: normalised, no policy needed
    expect(JSON.parse(readFileSync(join(copy, 'possible-types.json'), 'utf8')).AnalyticsFigures).toContain(
      'CompanyAnalytics',
    );
    delete policies.Money;
    writeFileSync(join(copy, 'type-policies.json'), JSON.stringify(policies));
    const stale = await composeCheck(copy);
    expect(stale.code).toBe(1);
    expect(stale.output).toContain('type-policies.json');
  });
});
