/**
 * Security benchmark: `pnpm bench security-auth` (PGlite) or with DATABASE_URL (PostgreSQL, a
 * fresh database cloned by the test harness). Sends GraphQL requests to the security subgraph
 * over HTTP with internal tokens, as the gateway does, and reports latency (p50/p95) of login
 * (scrypt-bound by design), refresh (rotation), the gateway's API-key lookup, access-log
 * shipping (1,000-row batches) and auditReport over what was shipped; the gateway's per-request
 * session check (sessionAccess); and an ordinary query's latency while 16 logins are in flight,
 * with the scrypt queue at its default concurrency and lifted to 16 (what an unbounded queue does).
 * Results: scripts/bench/results/security-auth.md.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Identity, verifyAccessToken } from '@wg/runtime';
import { createTestDatabase, identityFor, startTestSubgraph } from '@wg/runtime/testing';
import {
  derivationConcurrency,
  derivations,
  securitySubgraph,
  tenantService,
  userService,
} from '@wg/security';

const ANON: Identity = {
  kind: 'anonymous',
  tenantId: null,
  userId: null,
  employeeId: null,
  roles: [],
  permissions: [],
};
const SYSTEM: Identity = { ...ANON, kind: 'system' };
const PASSWORD = 'correct horse battery';

const db = await createTestDatabase();
const security = await startTestSubgraph(securitySubgraph, db);
const results: string[] = [];
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

async function measure(label: string, runs: number, fn: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  const line = `| ${label} | ${runs} | ${pct(times, 0.5).toFixed(1)} | ${pct(times, 0.95).toFixed(1)} |`;
  console.log(line);
  results.push(line);
  return times;
}

async function ok<T>(p: Promise<{ data?: T | null; errors?: unknown[] }>): Promise<T> {
  const res = await p;
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data as T;
}

try {
  const tenantId = (await tenantService.create(db, { slug: 'bench', name: 'Bench' })).id;
  const user = await userService.createWithPassword(db, {
    tenantId,
    email: 'bench@bench.test',
    displayName: 'Bench User',
    password: PASSWORD,
    roles: ['admin'],
  });
  const LOGIN = `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken } }`;
  const REFRESH = `mutation ($t: String!) { refreshSession(refreshToken: $t) { refreshToken } }`;
  await measure('login (scrypt N=2^15, 32 MiB)', 20, () =>
    ok(security.call(LOGIN, { e: user.email, p: PASSWORD }, ANON)),
  );
  let refresh = (
    await ok<{ login: { refreshToken: string; accessToken: string } }>(
      security.call(LOGIN, { e: user.email, p: PASSWORD }, ANON),
    )
  ).login;
  await measure('refreshSession (rotate)', 100, async () => {
    refresh = {
      ...refresh,
      ...(
        await ok<{ refreshSession: { refreshToken: string } }>(
          security.call(REFRESH, { t: refresh.refreshToken }, ANON),
        )
      ).refreshSession,
    };
  });
  const adminIdentity = await verifyAccessToken(refresh.accessToken);
  const created = await ok<{ createApiKey: { secret: string } }>(
    security.call(
      `mutation { createApiKey(input: { name: "bench", permissions: ["employee:read:all"] }) { secret } }`,
      {},
      adminIdentity ?? identityFor(tenantId, ['admin']),
    ),
  );
  const IDENTIFY = `query ($s: String!) { apiKeyIdentity(secret: $s) { tenantId permissions } }`;
  await measure('apiKeyIdentity (gateway lookup, cache miss)', 300, () =>
    ok(security.call(IDENTIFY, { s: created.createApiKey.secret }, SYSTEM)),
  );

  const adminSession = JSON.parse(
    Buffer.from(refresh.accessToken.split('.')[1]!, 'base64url').toString(),
  ) as {
    sid: string;
  };
  const SESSION_ACCESS = `query ($t: ID!, $u: ID!, $s: ID) { sessionAccess(tenantId: $t, userId: $u, sessionId: $s) { permissions } }`;
  await measure('sessionAccess (gateway bearer check, cache miss)', 300, () =>
    ok(security.call(SESSION_ACCESS, { t: tenantId, u: user.id, s: adminSession.sid }, SYSTEM)),
  );

  // Login flood: an ordinary query, asked again and again while 16 logins are in flight.
  const ORDINARY = `{ me { id email } }`;
  const flood: string[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    await ok(security.call(ORDINARY, {}, adminIdentity));
    baseline.push(performance.now() - t);
  }
  flood.push(
    `| no logins in flight | — | ${pct(baseline, 0.5).toFixed(1)} | ${pct(baseline, 0.95).toFixed(1)} | ${Math.max(...baseline).toFixed(1)} | — |`,
  );
  const defaultConcurrency = derivationConcurrency();
  for (const concurrency of [defaultConcurrency, 16]) {
    derivations.concurrency = concurrency;
    const during: number[] = [];
    const started = performance.now();
    let done = false;
    const logins = Promise.all(
      Array.from({ length: 16 }, () => ok(security.call(LOGIN, { e: user.email, p: PASSWORD }, ANON))),
    ).finally(() => {
      done = true;
    });
    while (!done) {
      const t = performance.now();
      await ok(security.call(ORDINARY, {}, adminIdentity));
      during.push(performance.now() - t);
    }
    await logins;
    const total = performance.now() - started;
    const line = `| 16 logins, SCRYPT_CONCURRENCY=${concurrency}${concurrency === defaultConcurrency ? ' (default)' : ' (unbounded)'} | ${during.length} | ${pct(during, 0.5).toFixed(1)} | ${pct(during, 0.95).toFixed(1)} | ${Math.max(...during).toFixed(1)} | ${total.toFixed(0)} |`;
    console.log(line);
    flood.push(line);
  }
  derivations.concurrency = defaultConcurrency;

  const BATCH = 1000;
  const BATCHES = 20;
  const RECORD = `mutation ($e: [AccessLogEntryInput!]!) { recordAccessLog(entries: $e) }`;
  const base = Date.now() - 3600_000;
  const batch = (b: number) =>
    Array.from({ length: BATCH }, (_, i) => ({
      tenantId,
      userId: user.id,
      operationName: `Op${i % 25}`,
      outcome: i % 10 === 0 ? 'DENIED' : 'SUCCESS',
      ip: '203.0.113.7',
      userAgent: 'bench',
      requestId: randomUUID(),
      occurredAt: new Date(base + b * BATCH + i).toISOString(),
      durationMs: i % 100,
      errorCodes: i % 10 === 0 ? ['FORBIDDEN'] : [],
    }));
  const shipping = await measure(`recordAccessLog (${BATCH} rows per call)`, BATCHES, (b) =>
    ok(security.call(RECORD, { e: batch(b) }, SYSTEM)),
  );
  const rowsPerSecond = (BATCH * BATCHES) / (shipping.reduce((a, t) => a + t, 0) / 1000);
  const REPORT = `query ($f: DateTime!, $t: DateTime!) { auditReport(from: $f, to: $t) { total failures byOperation { key count } } }`;
  await measure(`auditReport over ${BATCH * BATCHES} rows`, 10, () =>
    ok(
      security.call(
        REPORT,
        { f: new Date(base - 1000).toISOString(), t: new Date().toISOString() },
        adminIdentity,
      ),
    ),
  );

  const here = dirname(fileURLToPath(import.meta.url));
  const section = `## ${db.kind}

\`${process.env.DATABASE_URL ? 'DATABASE_URL=postgres://… ' : ''}pnpm bench security-auth\` — ${new Date().toISOString()}, ${process.platform}/${process.arch}, node ${process.version}.

| operation | runs | p50 ms | p95 ms |
| --- | ---: | ---: | ---: |
${results.join('\n')}

Access-log shipping: ${Math.round(rowsPerSecond).toLocaleString('en')} rows/s (one transaction per call, RLS as wg_app).

Ordinary query (\`{ me { id email } }\`) latency while 16 logins run (${availableParallelism()} cores, UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? 4}):

| load | queries answered | p50 ms | p95 ms | max ms | 16 logins took ms |
| --- | ---: | ---: | ---: | ---: | ---: |
${flood.join('\n')}
`;
  // One file, one section per engine: a run replaces its own section and keeps the other.
  const file = join(here, 'results', 'security-auth.md');
  const header = `# security-auth benchmark

Requests go over HTTP to the security subgraph with internal tokens, as from the gateway. Login is
dominated by scrypt on purpose (memory-hard); the gateway should cache API-key lookups (≤ 60 s).
`;
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : header;
  const other = previous
    .split(/^(?=## )/m)
    .filter((part) => part.startsWith('## ') && !part.startsWith(`## ${db.kind}`));
  const md = [header, ...other.map((o) => `${o.trimEnd()}\n`), section].join('\n');
  writeFileSync(file, md);
  console.log(md);
} finally {
  await security.stop();
  await db.drop();
}
