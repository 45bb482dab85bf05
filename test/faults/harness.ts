import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Database } from '@wg/db';
import { eventually } from '@wg/runtime/testing';
import { tenantService, userService } from '@wg/security';
import { sql } from 'drizzle-orm';
import type { GraphQLResult } from '../harness';

export const FAULTS_METRICS_TOKEN = 'faults-metrics-token';
const childScript = fileURLToPath(new URL('./platform-child.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

export interface PlatformProcess {
  url: string;
  subgraphs: Record<string, string>;
  proc: ChildProcess;
  /** Still running (no crash). */
  alive(): boolean;
  /** Everything it printed (for failure messages). */
  output(): string;
  kill9(): Promise<void>;
  stop(): Promise<void>;
  seed(slug: string): Promise<Fixture>;
  figures(tenantId: string): Promise<Figures>;
}

/** Starts the platform in a child process (`tsx`), resolves once the gateway listens. */
export async function startPlatformProcess(
  env: Record<string, string | undefined>,
): Promise<PlatformProcess> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_ENABLED: 'false',
    OUTBOX_POLL_MS: '200',
    BUS_CLAIM_IDLE_MS: '3000',
    // `/ready` on the public port, behind this bearer token (see runtime http/admin.ts).
    METRICS_TOKEN: FAULTS_METRICS_TOKEN,
    ...env,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  const proc = spawn(process.execPath, ['--import', 'tsx', childScript], {
    cwd: root,
    env: childEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let lineBuffer = '';
  let nextId = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  proc.stdout?.on('data', (chunk: Buffer) => {
    lineBuffer += chunk.toString();
    let nl = lineBuffer.indexOf('\n');
    while (nl >= 0) {
      const line = lineBuffer.slice(0, nl);
      lineBuffer = lineBuffer.slice(nl + 1);
      nl = lineBuffer.indexOf('\n');
      if (!line.startsWith('FAULTS_REPLY ')) continue;
      const reply = JSON.parse(line.slice('FAULTS_REPLY '.length)) as {
        id: number;
        result?: unknown;
        error?: string;
      };
      const w = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.error !== undefined) w?.reject(new Error(reply.error));
      else w?.resolve(reply.result);
    }
  });
  proc.once('exit', () => {
    for (const w of waiting.values()) w.reject(new Error('platform process exited'));
    waiting.clear();
  });
  const request = <T>(cmd: string, arg: string, timeoutMs = 60_000) =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextId;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`${cmd} timed out`));
      }, timeoutMs);
      waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      proc.stdin?.write(`${JSON.stringify({ id, cmd, arg })}\n`);
    });
  const ready = new Promise<{ url: string; subgraphs: Record<string, string> }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform did not start:\n${out.slice(-4000)}`)), 90_000);
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /FAULTS_READY (.*)\n/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(JSON.parse(m[1]));
      }
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`platform exited (${code ?? signal}) before it was ready:\n${out.slice(-4000)}`));
    });
  });
  const started = await ready;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    ...started,
    proc,
    alive: () => proc.exitCode === null && proc.signalCode === null,
    output: () => out,
    kill9: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    seed: (slug) => request<Fixture>('seed', slug),
    figures: (tenantId) => request<Figures>('figures', tenantId, 10_000),
  };
}

export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  timeoutMs = 30_000,
): Promise<GraphQLResult<T> & { status: number }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, ...((await res.json()) as GraphQLResult<T>) };
}

export interface Fixture {
  tenantId: string;
  token: string;
  employeeId: string;
  projectId: string;
  departmentId: string;
}

/** A tenant with an admin, a department, an employee with a salary and a project with a rate. */
export async function seedTenant(database: Database, url: string, slug: string): Promise<Fixture> {
  const tenant = await tenantService.create(database, { slug, name: slug.toUpperCase() });
  const email = `admin@${slug}.test`;
  const password = 'correct horse battery';
  await userService.createWithPassword(database, {
    tenantId: tenant.id,
    email,
    displayName: `${slug} admin`,
    password,
    roles: ['admin'],
  });
  const login = await gql<{ login: { accessToken: string } }>(
    url,
    /* GraphQL */ `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`,
    { e: email, p: password },
  );
  const token = login.data?.login?.accessToken;
  if (!token) throw new Error(`login failed: ${JSON.stringify(login.errors)}`);
  const must = async <T>(q: string, variables: Record<string, unknown>, pick: (d: T) => unknown) =>
    eventually(async () => {
      const r = await gql<T>(url, q, variables, token);
      return r.data ? pick(r.data) : undefined;
    }, 30_000);
  const departmentId = (await must<{ createDepartment: { id: string } }>(
    /* GraphQL */ `mutation { createDepartment(input: { name: "Engineering" }) { id } }`,
    {},
    (d) => d.createDepartment?.id,
  )) as string;
  const employeeId = (await must<{ createEmployee: { id: string } }>(
    /* GraphQL */ `mutation ($input: CreateEmployeeInput!) { createEmployee(input: $input) { id } }`,
    {
      input: {
        firstName: 'Fay',
        lastName: 'Ult',
        workEmail: `fay@${slug}.test`,
        hireDate: '2020-01-06',
        departmentId,
      },
    },
    (d) => d.createEmployee?.id,
  )) as string;
  const projectId = (await must<{ createProject: { id: string } }>(
    /* GraphQL */ `mutation ($d: ID!) { createProject(input: { name: "Resilience", code: "RES-1", departmentId: $d }) { id } }`,
    { d: departmentId },
    (d) => d.createProject?.id,
  )) as string;
  await must(
    /* GraphQL */ `mutation ($e: ID!) { setCompensation(input: { employeeId: $e, baseSalary: "104000.00", currency: "USD", payFrequency: ANNUAL, effectiveFrom: "2020-01-01" }) { id } }`,
    { e: employeeId },
    (d: { setCompensation?: { id: string } }) => d.setCompensation?.id,
  );
  await must(
    /* GraphQL */ `mutation ($p: ID!) { setProjectBillingRate(input: { projectId: $p, hourlyRate: "120.00", currency: "USD" }) { __typename } }`,
    { p: projectId },
    (d: { setProjectBillingRate?: unknown }) => d.setProjectBillingRate,
  );
  return { tenantId: tenant.id, token, employeeId, projectId, departmentId };
}

/** Day `i` after 2020-02-01 (one entry per day keeps clear of the daily limit). */
export const day = (i: number) => new Date(Date.UTC(2020, 1, 1 + i)).toISOString().slice(0, 10);

export interface WriteOutcome {
  ok: number;
  /** Error codes of refused writes, counted. */
  codes: Record<string, number>;
  /** The first message seen per error code (for failure messages). */
  messages?: Record<string, string>;
  /** Requests that threw (connection refused, timeout). */
  transport: number;
  /** Longest answer, ms. */
  slowestMs: number;
}

/** `count` logTime writes (1.25 h each) from index `from`, `concurrency` at a time. */
export async function logTimes(
  url: string,
  f: Fixture,
  from: number,
  count: number,
  concurrency = 8,
  /** Filled as the writes go (a caller can watch progress). */
  outcome: WriteOutcome = { ok: 0, codes: {}, transport: 0, slowestMs: 0 },
): Promise<WriteOutcome> {
  let next = from;
  const worker = async () => {
    while (next < from + count) {
      const i = next++;
      const started = Date.now();
      try {
        const r = await gql<{ logTime: { id: string } | null }>(
          url,
          /* GraphQL */ `mutation ($e: ID!, $p: ID!, $d: String!) { logTime(input: { employeeId: $e, projectId: $p, date: $d, hours: "1.25" }) { id } }`,
          { e: f.employeeId, p: f.projectId, d: day(i) },
          f.token,
        );
        if (r.data?.logTime?.id) outcome.ok++;
        for (const e of r.errors ?? []) {
          const code = String(e.extensions?.code ?? 'NONE');
          outcome.codes[code] = (outcome.codes[code] ?? 0) + 1;
          outcome.messages ??= {};
          outcome.messages[code] ??= `${e.message} ${JSON.stringify(e.extensions ?? {})}`.slice(0, 500);
        }
      } catch {
        outcome.transport++;
      }
      outcome.slowestMs = Math.max(outcome.slowestMs, Date.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcome;
}

export interface Figures {
  /** Source rows: work's timesheet lines. */
  timesheets: { lines: number; hours: string };
  /** finance's priced labour lines. */
  labor: { lines: number; hours: string };
  /** insights' projection of the same hours. */
  insightsHours: string;
  /** Outbox rows of every subgraph not yet acknowledged by every consumer group. */
  unacknowledged: number;
}

export async function figures(database: Database, tenantId: string): Promise<Figures> {
  const rows = async <T>(q: ReturnType<typeof sql>): Promise<T[]> => {
    // postgres.js answers an array of rows, PGlite `{ rows }`.
    const r = (await database.system.execute(q)) as unknown as T[] | { rows: T[] };
    return Array.isArray(r) ? r : r.rows;
  };
  const [ts] = await rows<{ lines: number; hours: string }>(
    sql`select count(*)::int as lines, coalesce(sum(hours), 0)::text as hours from work.timesheet_entries where tenant_id = ${tenantId}`,
  );
  const [labor] = await rows<{ lines: number; hours: string }>(
    sql`select count(*)::int as lines, coalesce(sum(hours), 0)::text as hours from finance.labor_entries where tenant_id = ${tenantId}`,
  );
  const [ins] = await rows<{ hours: string }>(
    sql`select coalesce(sum(hours), 0)::text as hours from insights.labor_facts where tenant_id = ${tenantId}`,
  );
  const [un] = await rows<{ n: number }>(
    sql`select (select count(*) from people.outbox where acknowledged_at is null) + (select count(*) from work.outbox where acknowledged_at is null) + (select count(*) from finance.outbox where acknowledged_at is null) + (select count(*) from recruiting.outbox where acknowledged_at is null) + (select count(*) from security.outbox where acknowledged_at is null) + (select count(*) from insights.outbox where acknowledged_at is null) as n`,
  );
  return {
    timesheets: { lines: ts?.lines ?? 0, hours: Number(ts?.hours ?? 0).toFixed(2) },
    labor: { lines: labor?.lines ?? 0, hours: Number(labor?.hours ?? 0).toFixed(2) },
    insightsHours: Number(ins?.hours ?? 0).toFixed(2),
    unacknowledged: Number(un?.n ?? 0),
  };
}

/**
 * Waits until finance and insights agree with the source rows and every outbox row is acknowledged;
 * returns the figures and how long it took. Exactly once: a lost event leaves a figure short, a
 * doubled one leaves it long — either way they never converge.
 */
export async function converged(read: () => Promise<Figures>, timeoutMs = 60_000) {
  const started = Date.now();
  let last: Figures | undefined;
  while (Date.now() - started < timeoutMs) {
    try {
      last = await read();
      if (
        last.labor.lines === last.timesheets.lines &&
        last.labor.hours === last.timesheets.hours &&
        last.insightsHours === last.timesheets.hours &&
        last.unacknowledged === 0
      ) {
        return { figures: last, ms: Date.now() - started };
      }
    } catch {
      // the database may still be coming back
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`figures did not converge within ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

export { eventually };
