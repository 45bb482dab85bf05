/**
 * Subscriptions benchmark: `pnpm bench subscriptions [idleConnections] [subscribers]`
 * (defaults 10000 and 1000). PostgreSQL + Redis when DATABASE_URL / REDIS_URL are set (recommended:
 * PGlite is one connection), the embedded default otherwise.
 *
 * One child process runs the platform (six subgraphs and ONE gateway) on a fresh database; this
 * process is only the clients (real graphql-ws clients over `ws`), so the child's memory is the
 * server side. Reported:
 *  1. idle capacity and memory: N authenticated connections without subscriptions, then the same N
 *     each holding one idle `analyticsUpdated` subscription; RSS / heap delta per connection (after GC);
 *  2. write-to-push delay: `subscribers` clients watch one department; each round logs time on one of
 *     its projects (work → finance costing → insights projection → `analytics.changed` → gateway →
 *     re-resolve through the query plan → push) and records, per subscriber, the time from sending the
 *     `logTime` mutation to receiving the push with the new numbers; p50 / p99 over all of them. Run
 *     twice: all subscribers one user (the gateway resolves once and fans out), and spread over 20 users
 *     (20 resolutions per change).
 * Results: scripts/bench/results/subscriptions.md.
 */
import 'reflect-metadata';
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

const here = dirname(fileURLToPath(import.meta.url));

// ------------------------------------------------------------------------------------------------
// Server side (child process): the platform, seeded, answering a few IPC requests.
// ------------------------------------------------------------------------------------------------
if (process.env.WG_BENCH_ROLE === 'server') {
  const { InProcessBus, RedisBus } = await import('@wg/runtime');
  const { createTestDatabase } = await import('@wg/runtime/testing');
  const { tenantService, userService } = await import('@wg/security');
  const { startPlatform } = await import('../platform');
  const { MemoryRateLimiter } = await import('@wg/gateway');

  const database = await createTestDatabase();
  const bus = process.env.REDIS_URL
    ? new RedisBus(process.env.REDIS_URL, `wg:bench:${randomUUID()}:`)
    : new InProcessBus();
  const platform = await startPlatform({
    database,
    bus,
    port: 0,
    // A push per subscriber is no client request; keep the benchmark clear of per-user rate limits.
    gateway: { rateLimiter: new MemoryRateLimiter(60_000), config: { rateLimit: { enabled: false } } },
  });
  const url = platform.gateway.url;
  const gql = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data as Record<string, { id: string; accessToken: string }>;
  };
  const until = async <T>(fn: () => Promise<T>): Promise<T> => {
    for (let i = 0; ; i++) {
      try {
        return await fn();
      } catch (error) {
        if (i % 20 === 19) console.error(`[bench server] still waiting: ${String(error).slice(0, 300)}`);
        if (i > 200) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const tenant = await tenantService.create(platform.database, { slug: 'bench', name: 'Bench' });
  const login = async (email: string, roles: string[]) => {
    await userService.createWithPassword(platform.database, {
      tenantId: tenant.id,
      email,
      displayName: email,
      password: 'correct horse battery',
      roles,
    });
    return (
      await gql(
        `mutation ($e: String!) { login(email: $e, password: "correct horse battery") { accessToken } }`,
        {
          e: email,
        },
      )
    ).login!.accessToken;
  };
  const step = (what: string) => console.error(`[bench server] ${what}`);
  step('platform up; creating logins');
  const admin = await login('admin@bench.test', ['admin']);
  const analysts: string[] = [];
  for (let i = 0; i < 20; i++) analysts.push(await login(`analyst${i}@bench.test`, ['analyst']));
  step('logins ready; seeding');
  const dept = (await gql(`mutation { createDepartment(input: { name: "Engineering" }) { id } }`, {}, admin))
    .createDepartment!.id;
  const employee = (
    await gql(
      `mutation ($d: ID!) { createEmployee(input: { firstName: "Bea", lastName: "Bench", workEmail: "bea@bench.test", hireDate: "2024-01-15", departmentId: $d }) { id } }`,
      { d: dept },
      admin,
    )
  ).createEmployee!.id;
  const project = (
    await until(() =>
      gql(
        `mutation ($d: ID!) { createProject(input: { name: "Bench", code: "BEN-1", departmentId: $d }) { id } }`,
        { d: dept },
        admin,
      ),
    )
  ).createProject!.id;
  await until(() =>
    gql(
      `mutation ($e: ID!) { setCompensation(input: { employeeId: $e, baseSalary: "104000.00", currency: "USD", payFrequency: ANNUAL, effectiveFrom: "2024-01-01" }) { id } }`,
      { e: employee },
      admin,
    ),
  );
  await until(() =>
    gql(
      `mutation ($p: ID!) { setProjectBillingRate(input: { projectId: $p, hourlyRate: "120.00", currency: "USD" }) { __typename } }`,
      { p: project },
      admin,
    ),
  );
  step('seeded; waiting for the projections');
  await until(async () => {
    const d = await gql(
      `query ($id: ID!) { departmentAnalytics(id: $id) { headcount } }`,
      { id: dept },
      admin,
    );
    if ((d.departmentAnalytics as unknown as { headcount: number }).headcount !== 1) {
      throw new Error(`not yet: ${JSON.stringify(d)}`);
    }
    return d;
  });

  process.on('message', async (m: { type: string }) => {
    if (m.type === 'memory') {
      for (let i = 0; i < 3; i++) {
        globalThis.gc?.();
        await new Promise((r) => setTimeout(r, 100));
      }
      const { rss, heapUsed } = process.memoryUsage();
      process.send?.({ type: 'memory', rss, heapUsed });
    } else if (m.type === 'stop') {
      await platform.stop();
      await database.drop();
      process.send?.({ type: 'stopped' });
      process.exit(0);
    }
  });
  process.send?.({
    type: 'ready',
    url,
    admin,
    analysts,
    dept,
    employee,
    project,
    database: process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite',
    bus: bus.kind,
  });
} else {
  await runClients();
}

// ------------------------------------------------------------------------------------------------
// Client side (this process).
// ------------------------------------------------------------------------------------------------
interface Ready {
  url: string;
  admin: string;
  analysts: string[];
  dept: string;
  employee: string;
  project: string;
  database: string;
  bus: string;
}

function request<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { type: string }) => {
      if (m.type === type || (type === 'stop' && m.type === 'stopped')) {
        child.off('message', on);
        resolve(m as T);
      }
    };
    child.on('message', on);
    child.send({ type });
  });
}

// Function declarations (hoisted): the top-level `await runClients()` above runs before any const here.
function percentile(sorted: number[], p: number) {
  return sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
function mb(bytes: number) {
  return (bytes / 1024 / 1024).toFixed(1);
}
function kb(bytes: number) {
  return (bytes / 1024).toFixed(1);
}

function open(url: string, token: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: false,
      retryAttempts: 0,
      keepAlive: 0,
      onNonLazyError: reject,
      on: {
        connected: () => resolve(client),
        closed: (e) => reject(new Error(`closed ${(e as { code?: number }).code}`)),
      },
    });
  });
}

async function inBatches<T>(n: number, size: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, j) => fn(i + j)))));
  }
  return out;
}

async function runClients() {
  const IDLE = Number(process.argv[2] ?? 10_000);
  const SUBSCRIBERS = Number(process.argv[3] ?? 1000);
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, WG_BENCH_ROLE: 'server', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    execArgv: ['--import', 'tsx', '--expose-gc', '--max-old-space-size=4096'],
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  // Never leave the platform running behind a failed run.
  process.on('exit', () => child.kill());
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    child.on('message', (m: { type: string }) => {
      if (m.type === 'ready') resolve(m as unknown as Ready);
    });
  });
  console.log(`platform up (${ready.database}, ${ready.bus} bus) at ${ready.url}`);
  const lines: string[] = [];
  const started = new Date().toISOString();

  // ---- 1. idle connections and subscribers ------------------------------------------------------
  type Mem = { rss: number; heapUsed: number };
  const base = await request<Mem>(child, 'memory');
  let t = performance.now();
  const clients = await inBatches(IDLE, 250, () => open(ready.url, ready.admin));
  const connectSeconds = (performance.now() - t) / 1000;
  const withConnections = await request<Mem>(child, 'memory');
  console.log(`${clients.length} idle connections in ${connectSeconds.toFixed(1)} s`);

  t = performance.now();
  let firstPushes = 0;
  await inBatches(clients.length, 250, async (i) => {
    await new Promise<void>((resolve, reject) => {
      clients[i]!.subscribe(
        { query: `subscription { analyticsUpdated(scope: { company: true }) { hoursLogged } }` },
        {
          next: () => {
            firstPushes += 1;
            resolve();
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
  });
  const subscribeSeconds = (performance.now() - t) / 1000;
  const withSubscriptions = await request<Mem>(child, 'memory');
  console.log(`${firstPushes} idle subscriptions in ${subscribeSeconds.toFixed(1)} s`);
  await Promise.all(clients.map((c) => c.dispose()));
  await new Promise((r) => setTimeout(r, 1000));
  const afterClose = await request<Mem>(child, 'memory');

  const per = (m: Mem) => ({
    rss: (m.rss - base.rss) / IDLE,
    heap: (m.heapUsed - base.heapUsed) / IDLE,
  });
  lines.push(
    '## 1. Idle connections and subscribers (one gateway process)',
    '',
    `${IDLE} concurrent connections held, all authenticated (JWT in connection_init) and acknowledged; then each ` +
      `took one idle \`analyticsUpdated(scope: { company: true })\` subscription (${firstPushes} got their first push). ` +
      `Memory of the server process after GC (it also runs the six subgraphs, which do no per-connection work).`,
    '',
    '| state | RSS | heap used | RSS / connection | heap / connection |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| baseline | ${mb(base.rss)} MB | ${mb(base.heapUsed)} MB | | |`,
    `| ${IDLE} connections | ${mb(withConnections.rss)} MB | ${mb(withConnections.heapUsed)} MB | ${kb(per(withConnections).rss)} KB | ${kb(per(withConnections).heap)} KB |`,
    `| + 1 subscription each | ${mb(withSubscriptions.rss)} MB | ${mb(withSubscriptions.heapUsed)} MB | ${kb(per(withSubscriptions).rss)} KB | ${kb(per(withSubscriptions).heap)} KB |`,
    `| all closed again | ${mb(afterClose.rss)} MB | ${mb(afterClose.heapUsed)} MB | | |`,
    '',
    `Connecting took ${connectSeconds.toFixed(1)} s (250 at a time), subscribing ${subscribeSeconds.toFixed(1)} s ` +
      '(each subscription reads its first snapshot through the query plan; concurrent identical ones share one read).',
    '',
  );

  // ---- 2. write → push delay to many subscribers ------------------------------------------------
  const QUERY = /* GraphQL */ `subscription ($id: ID!) {
    analyticsUpdated(scope: { departmentId: $id }) { department { name headcount } hoursLogged revenue { amount } roi }
  }`;
  let day = 0;
  const logTime = async () => {
    day += 1;
    const date = new Date(Date.UTC(2025, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    const res = await fetch(ready.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ready.admin}` },
      body: JSON.stringify({
        query: `mutation ($e: ID!, $p: ID!, $d: String!) { logTime(input: { employeeId: $e, projectId: $p, date: $d, hours: "1.00" }) { id } }`,
        variables: { e: ready.employee, p: ready.project, d: date },
      }),
    });
    const body = (await res.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  };

  async function delays(label: string, tokens: string[]) {
    const subs = await inBatches(SUBSCRIBERS, 250, async (i) => {
      const client = await open(ready.url, tokens[i % tokens.length]!);
      const state = { hours: '', waiting: null as null | ((at: number) => void) };
      await new Promise<void>((resolve, reject) => {
        client.subscribe<{ analyticsUpdated: { hoursLogged: string } }>(
          { query: QUERY, variables: { id: ready.dept } },
          {
            next: (r) => {
              const h = r.data?.analyticsUpdated.hoursLogged ?? '';
              if (state.hours === '') {
                state.hours = h;
                resolve();
              } else if (h !== state.hours) {
                state.hours = h;
                state.waiting?.(performance.now());
              }
            },
            error: reject,
            complete: () => undefined,
          },
        );
      });
      return { client, state };
    });
    // Let the first snapshots' coalescing interval pass, so round 1 measures a leading-edge push too.
    await new Promise((r) => setTimeout(r, 1500));
    const all: number[] = [];
    const roundP50: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const arrivals = subs.map(
        (s) =>
          new Promise<number>((resolve) => {
            s.state.waiting = resolve;
          }),
      );
      const sent = performance.now();
      await logTime();
      const times = (await Promise.all(arrivals)).map((at) => at - sent).sort((a, b) => a - b);
      all.push(...times);
      roundP50.push(percentile(times, 50));
      console.log(
        `${label} round ${round + 1}: p50 ${percentile(times, 50).toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms`,
      );
      // Past the coalescing interval, so each round's push is a leading-edge one.
      await new Promise((r) => setTimeout(r, 1500));
    }
    await Promise.all(subs.map((s) => s.client.dispose()));
    all.sort((a, b) => a - b);
    return { p50: percentile(all, 50), p99: percentile(all, 99), max: all.at(-1)!, n: all.length };
  }

  const shared = await delays('1 user', [ready.admin]);
  const spread = await delays('20 users', ready.analysts);
  lines.push(
    `## 2. Write → push delay, ${SUBSCRIBERS} subscribers`,
    '',
    `Each of ${ROUNDS} rounds logs 1 hour on a project of the watched department (\`logTime\` through the gateway) and ` +
      `measures, for every subscriber, the time from sending the mutation to receiving the push whose \`hoursLogged\` ` +
      'changed. The path: work outbox → relay → finance costing → `labor.costed` → insights projection → ' +
      '`analytics.changed` → gateway → one query-plan execution per distinct identity (insights + people for ' +
      '`department { name headcount }`) → push.',
    '',
    '| subscribers | identities | samples | p50 | p99 | max |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${SUBSCRIBERS} | 1 | ${shared.n} | ${shared.p50.toFixed(0)} ms | ${shared.p99.toFixed(0)} ms | ${shared.max.toFixed(0)} ms |`,
    `| ${SUBSCRIBERS} | 20 | ${spread.n} | ${spread.p50.toFixed(0)} ms | ${spread.p99.toFixed(0)} ms | ${spread.max.toFixed(0)} ms |`,
    '',
  );

  await request(child, 'stop');
  const header = [
    '# Subscriptions benchmark',
    '',
    `\`pnpm bench subscriptions ${IDLE} ${SUBSCRIBERS}\` — ${started}; ${ready.database}, ${ready.bus} bus; ` +
      `coalescing ${process.env.LIVE_COALESCE_MS ?? 1000} ms; clients in a separate process on the same 2-core machine.`,
    '',
  ];
  const out = join(here, 'results', 'subscriptions.md');
  writeFileSync(out, `${[...header, ...lines].join('\n')}\n`);
  console.log(`\nwritten to ${out}\n`);
  console.log([...header, ...lines].join('\n'));
  process.exit(0);
}
