/**
 * Start-up on a fresh machine: `pnpm bench startup [runs=5]`.
 *
 * Each run launches `pnpm start`'s entry point (scripts/start-all.ts under tsx, the embedded default:
 * no DATABASE_URL / REDIS_URL) on a fresh, empty DATA_DIR and free ports, and times
 *  - first line: the first thing it prints;
 *  - first answer: `login(admin@acme.test)` and then `{ departments { name } }` with its token both
 *    answer without errors (polling /health every 100 ms until it is up);
 *  - seed complete: the background seed's "demo data complete" line.
 * It also reads the server's CPU time (user + system, /proc) at the first answer: start-up is
 * essentially single-threaded, so on a quiet machine the wall time approaches it, which makes it the
 * figure to compare across loaded runs. Medians of the runs; machine load is recorded with them.
 * Results: scripts/bench/results/startup.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 5);
// `--first-answer`: stop each run at its first answer (no seed wait, results file untouched), for
// quick comparisons while developing; the recorded figures always come from full runs.
const FIRST_ANSWER_ONLY = process.argv.includes('--first-answer');
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const TIMEOUT_MS = 600_000;

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A base port with the gateway's and the six subgraphs' ports free. */
async function freePorts(): Promise<number> {
  for (let base = 20000 + Math.floor(Math.random() * 2000) * 10; base < 45000; base += 10) {
    let ok = true;
    for (let p = base; p < base + 7 && ok; p++) ok = await portFree(p);
    if (ok) return base;
  }
  throw new Error('no free port range');
}

function cpuSeconds(pid: number): number {
  // /proc/<pid>/stat fields 14 and 15: utime and stime in clock ticks (100 per second on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function post(url: string, query: string, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(30_000),
  });
  return (await res.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] };
}

interface Run {
  firstLine: number;
  firstAnswer: number;
  cpuAtAnswer: number;
  seedComplete: number;
  load: number;
}

async function once(): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wg-bench-startup-'));
  const port = await freePorts();
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
  const env = { ...inherited, DATA_DIR: dataDir, PORT: String(port), LOG_FORMAT: 'json' };
  const load = loadavg()[0]!;
  const launched = Date.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-all.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let firstLine = 0;
  let seedComplete = 0;
  let output = '';
  const onData = (chunk: Buffer) => {
    if (!firstLine) firstLine = Date.now() - launched;
    output += chunk.toString();
    if (!seedComplete && output.includes('demo data complete')) seedComplete = Date.now() - launched;
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const base = `http://127.0.0.1:${port}`;
    let firstAnswer = 0;
    let cpuAtAnswer = 0;
    while (!firstAnswer) {
      if (Date.now() - launched > TIMEOUT_MS || child.exitCode !== null)
        throw new Error(`no answer (exit ${child.exitCode}):\n${output.slice(-3000)}`);
      const up = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5_000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (!up) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      const login = await post(
        `${base}/graphql`,
        'mutation { login(email: "admin@acme.test", password: "demo-password") { accessToken } }',
      );
      const token = (login.data?.login as { accessToken?: string } | null)?.accessToken;
      if (!token) throw new Error(`login failed: ${JSON.stringify(login).slice(0, 500)}`);
      const departments = await post(`${base}/graphql`, '{ departments { name } }', token);
      if (departments.errors || !Array.isArray(departments.data?.departments))
        throw new Error(`query failed: ${JSON.stringify(departments).slice(0, 500)}`);
      firstAnswer = Date.now() - launched;
      cpuAtAnswer = cpuSeconds(child.pid!);
    }
    while (!seedComplete && !FIRST_ANSWER_ONLY) {
      if (Date.now() - launched > TIMEOUT_MS || child.exitCode !== null)
        throw new Error(`seed did not complete:\n${output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return { firstLine, firstAnswer, cpuAtAnswer, seedComplete, load };
  } finally {
    if (child.exitCode === null) {
      process.kill(-child.pid!, 'SIGTERM');
      const timer = setTimeout(() => child.exitCode === null && process.kill(-child.pid!, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const runs: Run[] = [];
for (let i = 0; i < RUNS; i++) {
  const r = await once();
  runs.push(r);
  console.log(
    `run ${i + 1}/${RUNS}: first line ${sec(r.firstLine)}, first answer ${sec(r.firstAnswer)} ` +
      `(server CPU ${r.cpuAtAnswer.toFixed(1)} s), seed complete ${sec(r.seedComplete)}, load ${r.load.toFixed(1)}`,
  );
}

if (FIRST_ANSWER_ONLY) {
  console.log(
    `median first answer ${sec(median(runs.map((r) => r.firstAnswer)))}, server CPU ${median(runs.map((r) => r.cpuAtAnswer)).toFixed(1)} s`,
  );
  process.exit(0);
}

const lines = [
  '# Start-up on a fresh data directory',
  '',
  `Command: \`pnpm bench startup ${RUNS}\` — ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ` +
    `${availableParallelism()} CPU(s); embedded default (PGlite + in-process bus), a new empty DATA_DIR per run.`,
  '',
  '"First answer": launch → `login` as admin@acme.test and `{ departments { name } }` both answered. ' +
    '"Server CPU": the server process’s user + system time at that moment (what the wall time approaches on a ' +
    'quiet machine). "Seed complete": the background seed’s last stage (projects, compensation, a year of ' +
    'timesheets, labour costs and analytics) done. Load: 1-minute load average when the run started.',
  '',
  '| run | first line | first answer | server CPU at first answer | seed complete | load |',
  '| ---: | ---: | ---: | ---: | ---: | ---: |',
  ...runs.map(
    (r, i) =>
      `| ${i + 1} | ${sec(r.firstLine)} | ${sec(r.firstAnswer)} | ${r.cpuAtAnswer.toFixed(1)} s | ${sec(r.seedComplete)} | ${r.load.toFixed(1)} |`,
  ),
  `| **median** | **${sec(median(runs.map((r) => r.firstLine)))}** | **${sec(median(runs.map((r) => r.firstAnswer)))}** | ` +
    `**${median(runs.map((r) => r.cpuAtAnswer)).toFixed(1)} s** | **${sec(median(runs.map((r) => r.seedComplete)))}** | |`,
  '',
];
writeFileSync(join(here, 'results', 'startup.md'), lines.join('\n'));
console.log(lines.join('\n'));
process.exit(0);
