import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logFormat } from '@wg/runtime/logger';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * What a new user sees from `pnpm start` (issue 10, item 13), on the embedded default with a
 * fresh DATA_DIR: a first line at once, the banner naming the real data directory, one progress
 * line per background seed stage, JSON lines when not a terminal, and the demo login answering
 * while the seed still runs. (How fast is `pnpm bench startup`'s job; this checks the behaviour.)
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) process.kill(-c.pid!, 'SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function freeBase(): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
  for (let base = 30000 + Math.floor(Math.random() * 1000) * 10; base < 45000; base += 10) {
    let ok = true;
    for (let p = base; p < base + 7 && ok; p++) ok = await free(p);
    if (ok) return base;
  }
  throw new Error('no free ports');
}

describe('logFormat', () => {
  it('is pretty in a terminal, JSON otherwise, and LOG_FORMAT overrides both', () => {
    expect(logFormat({}, true)).toBe('pretty');
    expect(logFormat({}, false)).toBe('json');
    expect(logFormat({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(logFormat({ LOG_FORMAT: 'PRETTY' }, false)).toBe('pretty');
  });
});

describe('pnpm start on a fresh data directory', () => {
  it('prints at once, names its data directory, answers the demo login and reports each seed stage', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wg-start-test-'));
    dirs.push(dataDir);
    const port = await freeBase();
    const { DATABASE_URL: _d, REDIS_URL: _r, VITEST: _v, NODE_ENV: _n, ...env } = process.env;
    const launched = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-all.ts'], {
      cwd: root,
      env: { ...env, DATA_DIR: dataDir, PORT: String(port), LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    children.push(child);
    let out = '';
    let firstLineAfter = 0;
    const onData = (b: Buffer) => {
      if (!firstLineAfter) firstLineAfter = Date.now() - launched;
      out += b.toString();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    const waitFor = async (what: RegExp, ms: number) => {
      const deadline = Date.now() + ms;
      while (!what.test(out)) {
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}:\n${out.slice(-3000)}`);
        if (Date.now() > deadline) throw new Error(`no ${what} within ${ms} ms:\n${out.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    await waitFor(/Workforce Graph is answering after/, 240_000);
    // The banner names where the data really is, not a fixed `.data/`.
    expect(out).toContain(join(dataDir, 'pglite'));
    const login = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation { login(email: "admin@acme.test", password: "demo-password") { accessToken } }',
      }),
    }).then((r) => r.json() as Promise<{ data?: { login?: { accessToken?: string } } }>);
    expect(login.data?.login?.accessToken).toBeTruthy();
    await waitFor(/demo data complete/, 420_000);
    // Logs are JSON lines (LOG_FORMAT=json), one progress line per seed stage and tenant.
    const messages = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    for (const tenant of ['acme', 'globex']) {
      for (const stage of ['people and logins', 'projects', 'timesheets', 'labour costs and analytics']) {
        expect(messages).toContain(`seeded ${tenant}: ${stage}`);
      }
    }
    expect(messages).toContain('seeded acme: recruiting pipeline');
    expect(messages).toContain('seeded acme: shifts');
    // The first line comes before the heavy imports (no seconds of silence).
    expect(firstLineAfter).toBeLessThan(15_000);
    process.kill(-child.pid!, 'SIGTERM');
  }, 600_000);
});
