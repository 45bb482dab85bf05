/**
 * Insights projections benchmark: `pnpm bench insights-projections [employees] [months]`
 * (PostgreSQL when DATABASE_URL is set — it creates and drops its own database — else in-memory PGlite).
 *
 * Builds one tenant from events only, as the producers would publish them: departments, employees
 * (with managers), projects, one compensation per employee and `finance.labor.costed` batches of 500
 * lines (each employee logs ~1 line per working day on one of its department's projects). Reports:
 *  - incremental: events and lines per second through the projections consumer (bus → inbox dedup →
 *    event log → projections → `analytics.changed` notice), measured from publish to the last notice;
 *  - rebuild: the time to replay the tenant's event log (`rebuildTenant`);
 *  - read latency (p50/p95 over HTTP to the insights subgraph, internal token, RLS): companyAnalytics,
 *    all departments' analytics in one `_entities` request, topPerformers(10), one employeeAnalytics.
 * Results: scripts/bench/results/insights-projections.md.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, type Database, migrate } from '@wg/db';
import { ANALYTICS_CHANGED_CHANNEL, insightsSubgraph, rebuildProjections } from '@wg/insights';
import { type DomainEvent, InProcessBus } from '@wg/runtime';
import { identityFor, newId, startTestSubgraph } from '@wg/runtime/testing';
import { sql } from 'drizzle-orm';

const EMPLOYEES = Number(process.argv[2] ?? 1000);
const MONTHS = Number(process.argv[3] ?? 12);
const DEPARTMENTS = 20;
const PROJECTS = 60;
const READS = 50;

const url = process.env.DATABASE_URL;
let database: Database;
let drop = async () => {};
const dbName = `wg_bench_insights_${Date.now().toString(36)}`;
if (url) {
  const admin = createDatabase({ url, max: 1 });
  await admin.system.execute(sql.raw(`create database "${dbName}"`));
  await admin.close();
  const u = new URL(url);
  u.pathname = `/${dbName}`;
  database = createDatabase({ url: u.toString(), max: 10 });
  drop = async () => {
    // BENCH_KEEP_DB=1 keeps the database for EXPLAIN ANALYZE afterwards.
    if (process.env.BENCH_KEEP_DB) return console.log(`kept database ${dbName}`);
    const a = createDatabase({ url, max: 1 });
    await a.system.execute(sql.raw(`drop database if exists "${dbName}" with (force)`));
    await a.close();
  };
} else {
  database = createDatabase({ dataDir: 'memory://' });
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

let seq = 0;
const tenantId = newId();
const ev = (type: string, aggregate: string, id: string, data: object): DomainEvent => ({
  id: newId(),
  type,
  tenantId,
  aggregate: { type: aggregate, id },
  // Strictly increasing, like a producer's outbox.
  occurredAt: new Date(Date.UTC(2025, 0, 1) + seq++).toISOString(),
  data: data as Record<string, unknown>,
});

try {
  await migrate(database);
  const bus = new InProcessBus();
  const insights = await startTestSubgraph(insightsSubgraph, database, bus);

  // ---- the company, as events -------------------------------------------------------------
  const departments = Array.from({ length: DEPARTMENTS }, () => newId());
  const projects = Array.from({ length: PROJECTS }, (_, i) => ({
    id: newId(),
    dept: departments[i % DEPARTMENTS]!,
  }));
  const employees = Array.from({ length: EMPLOYEES }, (_, i) => ({
    id: newId(),
    dept: departments[i % DEPARTMENTS]!,
    manager: null as string | null,
  }));
  // Each department's first employee manages the rest of it.
  for (const [i, e] of employees.entries()) if (i >= DEPARTMENTS) e.manager = employees[i % DEPARTMENTS]!.id;
  const org: DomainEvent[] = [
    ...departments.map((id, i) =>
      ev('people.department.created', 'Department', id, { id, name: `Dept ${i}`, parentId: null }),
    ),
    ...employees.map((e, i) =>
      ev('people.employee.hired', 'Employee', e.id, {
        id: e.id,
        firstName: 'E',
        lastName: String(i),
        workEmail: `e${i}@bench.test`,
        departmentId: e.dept,
        managerId: e.manager,
        status: 'ACTIVE',
        hireDate: '2024-01-01',
      }),
    ),
    ...projects.map((p, i) =>
      ev('work.project.created', 'Project', p.id, {
        id: p.id,
        name: `P${i}`,
        code: `P${i}`,
        departmentId: p.dept,
        status: 'ACTIVE',
      }),
    ),
    ...employees.map((e, i) =>
      ev('finance.compensation.set', 'Compensation', newId(), {
        employeeId: e.id,
        baseSalary: (60000 + (i % 50) * 1000).toFixed(2),
        currency: 'USD',
        payFrequency: 'ANNUAL',
        effectiveFrom: '2024-01-01',
      }),
    ),
  ];
  const lines: object[] = [];
  const start = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - MONTHS + 1, 1));
  for (let m = 0; m < MONTHS; m++) {
    for (let day = 1; day <= 20; day++) {
      const date = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + m, day))
        .toISOString()
        .slice(0, 10);
      for (const [i, e] of employees.entries()) {
        const project = projects[(i + day) % PROJECTS]!;
        lines.push({
          entryId: newId(),
          employeeId: e.id,
          projectId: project.id,
          date,
          hours: '7.50',
          cost: (225 + (i % 50) * 3.75).toFixed(2),
          revenue: (600 + (i % 7) * 25).toFixed(2),
          currency: 'USD',
        });
      }
    }
  }
  const labor: DomainEvent[] = [];
  for (let i = 0; i < lines.length; i += 500) {
    labor.push(ev('finance.labor.costed', 'LaborBatch', newId(), { entries: lines.slice(i, i + 500) }));
  }
  const all = [...org, ...labor];

  // ---- incremental --------------------------------------------------------------------------
  const marker = ev('finance.settings.currency_set', 'FinanceSettings', tenantId, { currency: 'USD' });
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => {
    done = r;
  });
  let notices = 0;
  await bus.subscribeTransient(ANALYTICS_CHANGED_CHANNEL, () => {
    notices++;
  });
  // The currency marker is published last; once it is projected, everything before it is too.
  const checkDone = async () => {
    const res = await database.system.execute(
      sql`select count(*)::int as n from insights.reporting_currencies where tenant_id = ${tenantId}`,
    );
    const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { n: number }[];
    if (Number(rows[0]?.n ?? 0) > 0) done();
  };
  const t0 = performance.now();
  for (let i = 0; i < all.length; i += 500) await bus.publish(all.slice(i, i + 500));
  await bus.publish([marker]);
  const poll = setInterval(() => void checkDone(), 100);
  await finished;
  clearInterval(poll);
  const incrementalMs = performance.now() - t0;

  // ---- rebuild ------------------------------------------------------------------------------
  const r0 = performance.now();
  const rebuilt = await rebuildProjections(database, { tenants: [tenantId] });
  const replayed = rebuilt.tenants[0]!.events;
  const rebuildMs = performance.now() - r0;

  // ---- reads --------------------------------------------------------------------------------
  // Steady state: autovacuum would have analysed the freshly filled tables by now; without
  // statistics the planner guesses one row per table.
  await database.system.execute(sql`analyze`);
  const admin = identityFor(tenantId, ['admin']);
  const time = async (query: string, variables: () => Record<string, unknown>) => {
    const xs: number[] = [];
    for (let i = 0; i < READS; i++) {
      const a = performance.now();
      const res = await insights.call(query, variables(), admin);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      xs.push(performance.now() - a);
    }
    return { p50: percentile(xs, 50), p95: percentile(xs, 95) };
  };
  const reads = {
    companyAnalytics: await time(
      `{ companyAnalytics { headcount hoursLogged totalRevenue { amount } salaryCost { amount } roi monthly { month hours headcount } } }`,
      () => ({}),
    ),
    [`${DEPARTMENTS} departments (_entities)`]: await time(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Department { analytics { headcount hoursLogged roi salaryCost { amount } monthly { month hours headcount } } } } }`,
      () => ({ r: departments.map((id) => ({ __typename: 'Department', id })) }),
    ),
    'topPerformers(10, ROI)': await time(
      `{ topPerformers(limit: 10, by: ROI) { id roi monthly { month roi } } }`,
      () => ({}),
    ),
    employeeAnalytics: await time(
      `query ($id: ID!) { employeeAnalytics(id: $id) { roi salary { amount } monthly { month } } }`,
      () => ({
        id: employees[Math.floor(Math.random() * employees.length)]!.id,
      }),
    ),
  };
  await insights.stop();
  await bus.close();

  const eventsPerSec = ((all.length + 1) / incrementalMs) * 1000;
  const linesPerSec = (lines.length / incrementalMs) * 1000;
  const report = [
    '# insights-projections benchmark',
    '',
    `Command: \`${url ? 'DATABASE_URL=… ' : ''}pnpm bench insights-projections ${EMPLOYEES} ${MONTHS}\` — ${url ? 'PostgreSQL' : 'PGlite (in-memory)'}, in-process bus, ${new Date().toISOString()}, ${process.platform} ${process.arch}, Node ${process.version}.`,
    '',
    `One tenant: ${DEPARTMENTS} departments, ${EMPLOYEES} employees, ${PROJECTS} projects, ${EMPLOYEES} compensations, ${lines.length} costed labour lines over ${MONTHS} months in ${labor.length} events of 500 lines; ${all.length + 1} events in all.`,
    '',
    '| step | result |',
    '| --- | --- |',
    `| incremental (publish → projections committed) | ${(incrementalMs / 1000).toFixed(1)} s: ${eventsPerSec.toFixed(0)} events/s, ${linesPerSec.toFixed(0)} labour lines/s; ${notices} notices |`,
    `| rebuild (replay ${replayed} logged events) | ${(rebuildMs / 1000).toFixed(1)} s |`,
    ...Object.entries(reads).map(
      ([k, v]) =>
        `| read: ${k} (${READS}×, HTTP to the subgraph) | p50 ${v.p50.toFixed(1)} ms, p95 ${v.p95.toFixed(1)} ms |`,
    ),
    '',
  ].join('\n');
  console.log(report);
  const here = dirname(fileURLToPath(import.meta.url));
  writeFileSync(join(here, 'results', 'insights-projections.md'), report);
} finally {
  await database.close();
  await drop();
}
process.exit(0);
