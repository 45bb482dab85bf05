/**
 * Soak benchmark: `pnpm bench soak [seconds=600] [users=16]` with DATABASE_URL and REDIS_URL set
 * (PostgreSQL + Redis; refuses to run without them). The whole platform in this process (six
 * subgraphs, the gateway, outbox relays and Redis Streams consumers) on a private database clone
 * with the demo company seeded, rate limiting ON with the default budget (RATE_LIMIT_USER 20,000
 * cost points per 60 s per user, Redis store), and `users` virtual users over HTTP: employees
 * reading the directory, department and project dashboards; admins reading finance/analytics and
 * logging time (writes that flow through outbox → Redis → finance → insights). Every user paces
 * itself below half its budget from the gateway's own cost estimate of what it sends — the point
 * is to show that normal use never meets the limiter, not to hammer it.
 *
 * Reports every error (HTTP status or GraphQL error, RATE_LIMITED included), latency per
 * operation and an RSS / heap series sampled every 30 s (RSS of this process: platform and load
 * generator together). Results: scripts/bench/results/soak.md.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gatewayConfigFromEnv, loadApiSchema, operationCost, RedisRateLimiter } from '@wg/gateway';
import { verifyAccessToken } from '@wg/runtime/auth';
import { RedisBus } from '@wg/runtime/events';
import { createTestDatabase } from '@wg/runtime/testing';
import { userService } from '@wg/security';
import { parse } from 'graphql';
import { startPlatform } from '../platform';
import { DEMO_PASSWORD, seedDemo } from '../seed/demo';

const here = dirname(fileURLToPath(import.meta.url));
const DURATION_S = Number(process.argv[2] ?? 600);
const USERS = Number(process.argv[3] ?? 16);
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_MS ?? 30_000);
const WARMUP_S = Math.min(120, Math.floor(DURATION_S / 5));
if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
  console.error('soak: set DATABASE_URL and REDIS_URL (the soak runs against PostgreSQL + Redis)');
  process.exit(2);
}

const READS = {
  directory: /* GraphQL */ `query Directory {
    departments { name employees(first: 5) { totalCount edges { node { displayName jobTitle } } } openings { title openings } }
  }`,
  search: /* GraphQL */ `query Search($q: String!) {
    employees(first: 5, filter: { search: $q }, orderBy: RELEVANCE) { edges { node { displayName department { name } } } }
  }`,
  projects: /* GraphQL */ `query Projects {
    projects(first: 5) { edges { node { name code hoursLogged financials { revenue { amount currency } cost { amount } profit { amount } roi } } } }
  }`,
  myProjects: /* GraphQL */ `query MyProjects {
    projects(first: 5) { edges { node { name code hoursLogged } } }
  }`,
  company: /* GraphQL */ `query Company {
    companyAnalytics { employeeCount departmentCount projectCount totalRevenue { amount currency } profit { amount } roi productivityIndex }
  }`,
} as const;
const LOG_TIME = /* GraphQL */ `mutation LogTime($e: ID!, $p: ID!, $d: String!) {
  logTime(input: { employeeId: $e, projectId: $p, date: $d, hours: "0.25", note: "soak" }) { id hours }
}`;
const SEARCHES = ['Anderson', 'Favain Andresno', 'Smith', 'Engineer', 'Lee', 'Garcia'];

const rss = () => process.memoryUsage();
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
const pct = (xs: number[], p: number) =>
  xs.length === 0 ? 0 : [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const prefix = `wg:bench:soak:${randomUUID()}:`;
const database = await createTestDatabase();
const bus = new RedisBus(process.env.REDIS_URL, prefix);
const config = gatewayConfigFromEnv();
const limiter = new RedisRateLimiter(process.env.REDIS_URL, config.rateLimit.windowSeconds * 1000, prefix);
console.log('soak: seeding the demo company…');
const platform = await startPlatform({
  database,
  bus,
  gateway: { rateLimiter: limiter, config: { rateLimit: { enabled: true } } },
  beforeGateway: (db, b) => seedDemo(db, b),
});
const url = platform.gateway.url;

interface Result {
  status: number;
  errors?: { message: string; extensions?: { code?: string } }[];
  data?: Record<string, unknown> | null;
}
async function call(query: string, variables: Record<string, unknown>, token: string): Promise<Result> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as Omit<Result, 'status'>) };
}
async function login(email: string, password: string): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
      variables: { e: email, p: password },
    }),
  });
  const body = (await res.json()) as { data?: { login?: { accessToken: string } }; errors?: unknown };
  if (!body.data?.login) throw new Error(`login ${email} failed: ${JSON.stringify(body.errors)}`);
  return body.data.login.accessToken;
}

// Users: the seeded tenant's admin and employee logins, plus more of each (the budget is per user).
const adminToken = await login('admin@acme.test', DEMO_PASSWORD);
const ids = await call(
  '{ employees(first: 100) { edges { node { id } } } projects(first: 30) { edges { node { id status } } } }',
  {},
  adminToken,
);
if (!ids.data) throw new Error(`soak: id query failed: ${JSON.stringify(ids.errors)}`);
const employees = (ids.data.employees as { edges: { node: { id: string } }[] }).edges.map((e) => e.node.id);
const projects = (ids.data.projects as { edges: { node: { id: string; status: string } }[] }).edges
  .filter((e) => e.node.status === 'ACTIVE')
  .map((e) => e.node.id);
const { tenantId } = await verifyAccessToken(adminToken);
if (!tenantId) throw new Error('the admin token carries no tenant');
const admins = Math.max(1, Math.round(USERS / 4));
const users: { token: string; role: 'admin' | 'employee'; name: string }[] = [];
for (let i = 0; i < USERS; i++) {
  const role = i < admins ? ('admin' as const) : ('employee' as const);
  const email = `soak-${role}-${i}@acme.test`;
  await userService.createWithPassword(database, {
    tenantId,
    email,
    displayName: `Soak ${role} ${i}`,
    password: DEMO_PASSWORD,
    roles: [role],
  });
  users.push({ token: await login(email, DEMO_PASSWORD), role, name: email });
}

// What each operation costs by the gateway's own estimate, to pace users below half their budget.
const schema = await loadApiSchema();
const cost = (q: string, v: Record<string, unknown> = {}) =>
  Math.max(1, operationCost(schema, parse(q), undefined, v, config.defaultListSize));
const mix: Record<
  'admin' | 'employee',
  { name: string; query: string; vars: () => Record<string, unknown> }[]
> = {
  employee: [
    { name: 'directory', query: READS.directory, vars: () => ({}) },
    { name: 'search', query: READS.search, vars: () => ({ q: SEARCHES[Math.floor(Math.random() * 6)] }) },
    { name: 'myProjects', query: READS.myProjects, vars: () => ({}) },
  ],
  admin: [
    { name: 'company', query: READS.company, vars: () => ({}) },
    { name: 'projects', query: READS.projects, vars: () => ({}) },
    { name: 'logTime', query: LOG_TIME, vars: () => ({}) },
    { name: 'logTime', query: LOG_TIME, vars: () => ({}) },
  ],
};
const budgetPerMs = config.rateLimit.user / (config.rateLimit.windowSeconds * 1000);
const paceMs: Record<string, number> = {};
for (const role of ['admin', 'employee'] as const) {
  const avg = mix[role].reduce((n, op) => n + cost(op.query, op.vars()), 0) / mix[role].length;
  // Half the budget, and at most one request a second per user (people, not scripts).
  paceMs[role] = Math.max(1_000, Math.ceil(avg / (0.5 * budgetPerMs)));
}

let writeSeq = 0;
const nextWrite = () => {
  const n = writeSeq++;
  const day = new Date(Date.UTC(2020, 0, 1) + (n % 1460) * 86_400_000).toISOString().slice(0, 10);
  return {
    e: employees[Math.floor(n / 1460) % employees.length],
    p: projects[n % projects.length],
    d: day,
  };
};

const latencies = new Map<string, number[]>();
const errors = new Map<string, number>();
let requests = 0;
const samples: { t: number; rss: number; heap: number; requests: number; errors: number }[] = [];
const started = Date.now();
const deadline = started + DURATION_S * 1000;
const errorCount = () => [...errors.values()].reduce((a, b) => a + b, 0);
const sample = () => {
  const m = rss();
  samples.push({
    t: Math.round((Date.now() - started) / 1000),
    rss: m.rss,
    heap: m.heapUsed,
    requests,
    errors: errorCount(),
  });
  console.log(
    `soak: t=${samples.at(-1)?.t}s rss=${mb(m.rss)} MB heap=${mb(m.heapUsed)} MB requests=${requests} errors=${errorCount()}`,
  );
};
sample();
const sampler = setInterval(sample, SAMPLE_MS);

async function virtualUser(user: (typeof users)[number], index: number) {
  await sleep((index * paceMs[user.role]!) / users.length);
  let i = index;
  while (Date.now() < deadline) {
    const op = mix[user.role][i++ % mix[user.role].length]!;
    const vars = op.name === 'logTime' ? nextWrite() : op.vars();
    const t = performance.now();
    try {
      const res = await call(op.query, vars, user.token);
      const codes = res.errors?.map((e) => e.extensions?.code ?? 'UNKNOWN') ?? [];
      if (res.status !== 200 || codes.length > 0) {
        const key = `${op.name}: ${res.status} ${codes.join(',')} ${res.errors?.[0]?.message?.slice(0, 120) ?? ''}`;
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
    } catch (error) {
      const key = `${op.name}: ${(error as Error).message}`;
      errors.set(key, (errors.get(key) ?? 0) + 1);
    }
    const ms = performance.now() - t;
    requests++;
    const list = latencies.get(op.name) ?? [];
    list.push(ms);
    latencies.set(op.name, list);
    await sleep(Math.max(0, paceMs[user.role]! - ms));
  }
}

console.log(`soak: ${USERS} users (${admins} admins) for ${DURATION_S} s; pace ${JSON.stringify(paceMs)} ms`);
await Promise.all(users.map((u, i) => virtualUser(u, i)));
clearInterval(sampler);
sample();
const wallS = (Date.now() - started) / 1000;
await platform.stop();
await limiter.close();
await database.drop();

const afterWarmup = samples.filter((s) => s.t >= WARMUP_S);
const rssAfter = afterWarmup.map((s) => s.rss);
const growth = rssAfter.length > 1 ? (rssAfter.at(-1) ?? 0) - (rssAfter[0] ?? 0) : 0;
const lines = [
  '# Soak benchmark',
  '',
  `\`pnpm bench soak ${DURATION_S} ${USERS}\` — ${new Date().toISOString()}, ${availableParallelism()} cores (shared),`,
  `PostgreSQL + Redis, whole platform in one process, demo company seeded. Rate limiting on:`,
  `${config.rateLimit.user} points / ${config.rateLimit.windowSeconds} s per user (Redis store); users pace themselves`,
  `below half of it (${JSON.stringify(paceMs)} ms between requests, by the gateway's cost estimate).`,
  '',
  `- requests: **${requests}** in ${wallS.toFixed(0)} s (${(requests / wallS).toFixed(1)}/s), ${writeSeq} of them logTime writes`,
  `- errors: **${errorCount()}**${errorCount() ? ` — ${[...errors].map(([k, n]) => `${n}× ${k}`).join('; ')}` : ''}`,
  `- RSS after warm-up (${WARMUP_S} s): first ${mb(rssAfter[0] ?? 0)} MB, last ${mb(rssAfter.at(-1) ?? 0)} MB (${growth >= 0 ? '+' : ''}${mb(growth)} MB), min ${mb(Math.min(...rssAfter))} MB, max ${mb(Math.max(...rssAfter))} MB`,
  '',
  '| operation | requests | p50 ms | p95 ms | p99 ms |',
  '| --- | --- | --- | --- | --- |',
  ...[...latencies].map(
    ([name, xs]) =>
      `| ${name} | ${xs.length} | ${pct(xs, 0.5).toFixed(0)} | ${pct(xs, 0.95).toFixed(0)} | ${pct(xs, 0.99).toFixed(0)} |`,
  ),
  '',
  `RSS / heap series (every ${SAMPLE_MS / 1000} s):`,
  '',
  '| t (s) | RSS MB | heap MB | requests | errors |',
  '| --- | --- | --- | --- | --- |',
  ...samples.map((s) => `| ${s.t} | ${mb(s.rss)} | ${mb(s.heap)} | ${s.requests} | ${s.errors} |`),
  '',
];
writeFileSync(join(here, 'results', 'soak.md'), lines.join('\n'));
console.log(lines.join('\n'));
process.exit(0);
