/**
 * Org benchmark (PostgreSQL): `DATABASE_URL=postgres://… pnpm bench org-chart [employees]`.
 *
 * Creates its own database, seeds one tenant with a department tree and N employees (default
 * 20,000) in a management tree of fan-out 8, each with a position and three skills, then sends
 * GraphQL requests to the people subgraph over HTTP (internal token, RLS transaction) and reports
 * latency (p50/p95) and the SQL statements each request issued:
 * the whole org chart, a two-level chart, `Employee.reports` / `managementChain`, department
 * headcount over the subtree, and `employeesBySkills`. Results: scripts/bench/results/org-chart.md.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, migrate, schema, withTenant } from '@wg/db';
import { peopleSubgraph } from '@wg/people';
import { identityFor, newId, startTestSubgraph, statementsDuring } from '@wg/runtime/testing';
import { sql } from 'drizzle-orm';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL must point at PostgreSQL (the benchmark creates and drops its own database).');
  process.exit(2);
}
const TOTAL = Number(process.argv[2] ?? 20_000);
const RUNS = 20;
const p = schema.people;

const name = `wg_bench_org_${Date.now().toString(36)}`;
const admin = createDatabase({ url, max: 1 });
await admin.system.execute(sql.raw(`create database "${name}"`));
const dbUrl = new URL(url);
dbUrl.pathname = `/${name}`;
const database = createDatabase({ url: dbUrl.toString(), max: 10 });
const started = Date.now();
try {
  await migrate(database);
  const tenantId = newId();
  const identity = identityFor(tenantId, ['hr_manager']);

  // ---- seed ------------------------------------------------------------------------------------
  const t0 = performance.now();
  const { root, deptRoot, skillIds, ids } = await withTenant(database, { tenantId }, async (tx) => {
    const [top] = await tx.insert(p.departments).values({ tenantId, name: 'Company' }).returning();
    const subs = await tx
      .insert(p.departments)
      .values(Array.from({ length: 8 }, (_, i) => ({ tenantId, name: `Division ${i}`, parentId: top!.id })))
      .returning();
    const leaves = await tx
      .insert(p.departments)
      .values(
        subs.flatMap((s, i) =>
          Array.from({ length: 4 }, (_, j) => ({ tenantId, name: `Team ${i}.${j}`, parentId: s.id })),
        ),
      )
      .returning();
    const positions = await tx
      .insert(p.positions)
      .values(
        leaves.map((d, i) => ({ tenantId, title: `Role ${i}`, departmentId: d.id, approvedSeats: 1000 })),
      )
      .returning();
    const skills = await tx
      .insert(p.skills)
      .values(Array.from({ length: 50 }, (_, i) => ({ tenantId, name: `Skill ${i}` })))
      .returning();
    const ids = Array.from({ length: TOTAL }, () => newId());
    for (let off = 0; off < TOTAL; off += 2000) {
      const chunk = ids.slice(off, off + 2000).map((id, k) => {
        const i = off + k;
        return {
          id,
          tenantId,
          employeeNumber: `EMP-${String(i + 1).padStart(6, '0')}`,
          firstName: `First${i}`,
          lastName: `Last${i}`,
          workEmail: `e${i}@bench.test`,
          hireDate: '2020-01-01',
          departmentId: leaves[i % leaves.length]!.id,
          positionId: positions[i % positions.length]!.id,
          managerId: i === 0 ? null : ids[Math.floor((i - 1) / 8)]!,
          status: i % 50 === 49 ? ('TERMINATED' as const) : ('ACTIVE' as const),
        };
      });
      await tx.insert(p.employees).values(chunk);
      await tx.insert(p.employeeSkills).values(
        chunk.flatMap((e, k) =>
          [0, 1, 2].map((s) => ({
            tenantId,
            employeeId: e.id,
            skillId: skills[(off + k + s * 7) % skills.length]!.id,
            proficiency: ((off + k + s) % 5) + 1,
          })),
        ),
      );
    }
    return { root: ids[0]!, deptRoot: top!.id, skillIds: skills.map((s) => s.id), ids };
  });
  await database.system.execute(sql`analyze`);
  const seedMs = performance.now() - t0;
  console.log(`seeded ${TOTAL} employees in ${(seedMs / 1000).toFixed(1)} s`);

  // ---- measure ---------------------------------------------------------------------------------
  const subgraph = await startTestSubgraph(peopleSubgraph, database);
  const leaf = ids[ids.length - 1]!;
  const middle = ids[9]!;
  const cases: { name: string; query: string; variables: Record<string, unknown> }[] = [
    {
      name: `orgChart (whole tree, ${TOTAL.toLocaleString('en')} people) with name + position`,
      query: `query ($r: ID) { orgChart(rootId: $r) { nodes { id parentId depth directReportCount employee { firstName lastName position { title } } } } }`,
      variables: { r: root },
    },
    {
      name: 'orgChart (depth 2 from the top) with position + skills',
      query: `query ($r: ID) { orgChart(rootId: $r, depth: 2) { nodes { id parentId hasMoreReports employee { lastName position { title filledSeats } skills { proficiency skill { name } } } } } }`,
      variables: { r: root },
    },
    {
      name: 'Employee.reports (whole subtree of a level-2 manager) + managementChain of the last hire',
      query: `query ($m: ID!, $l: ID!) { m: employee(id: $m) { reports(first: 100) { edges { node { id } } } } l: employee(id: $l) { managementChain { id lastName } } }`,
      variables: { m: middle, l: leaf },
    },
    {
      name: 'Department headcount including sub-departments (root + 8 divisions)',
      query: `query ($d: ID!) { department(id: $d) { headcount(includeSubDepartments: true) children { name headcount(includeSubDepartments: true) } } }`,
      variables: { d: deptRoot },
    },
    {
      name: 'employeesBySkills (2 skills, min proficiency 2), first 50',
      query: `query ($s: [SkillRequirementInput!]!) { employeesBySkills(skills: $s, first: 50) { totalCount edges { node { id lastName } } } }`,
      variables: {
        s: [
          { skillId: skillIds[0], minProficiency: 2 },
          { skillId: skillIds[7], minProficiency: 2 },
        ],
      },
    },
  ];
  const rows: string[] = [];
  for (const c of cases) {
    // Warm-up, and the statement count of one request.
    let size = 0;
    const statements = await statementsDuring(database, async () => {
      const res = await subgraph.call(c.query, c.variables, identity);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      size = JSON.stringify(res.data).length;
    });
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      const res = await subgraph.call(c.query, c.variables, identity);
      times.push(performance.now() - s);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    }
    times.sort((a, b) => a - b);
    const pct = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    rows.push(
      `| ${c.name} | ${pct(0.5).toFixed(1)} ms | ${pct(0.95).toFixed(1)} ms | ${statements.length} | ${(size / 1024).toFixed(0)} KiB |`,
    );
    console.log(rows.at(-1));
  }
  await subgraph.stop();

  const [v] = (await database.system.execute(sql`select version()`)) as unknown as {
    version: string;
  }[];
  const version = v?.version ?? 'PostgreSQL';
  const md = `# org-chart benchmark

Run: \`DATABASE_URL=${url.replace(/\/\/[^@]*@/, '//…@')} pnpm bench org-chart ${TOTAL}\` on ${new Date().toISOString().slice(0, 10)}
(${version.split(',')[0]}; ${process.platform}/${process.arch}, Node ${process.version}; ${cpus().length} cores,
load average ${loadavg()[0]!.toFixed(1)} at the end of the run: other work on the machine slows every number).

One tenant, ${TOTAL.toLocaleString('en')} employees in a management tree of fan-out 8 (every 50th terminated),
41 departments in three levels, 32 positions, 3 skills per employee. Requests go to the people
subgraph over HTTP (GraphQL, internal token, RLS transaction), ${RUNS} runs each after one warm-up;
"statements" counts every SQL statement the request sent (including each transaction's
\`set_config\`), the same for any tree size. The whole-tree row is an extreme (4 MB of JSON): about a sixth of it is
SQL (one recursive CTE plus one batched load), the rest GraphQL execution and serialisation of
~19,000 nodes; a UI should ask for a few levels and expand with \`hasMoreReports\`.

| request | p50 | p95 | statements | response |
| --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'org-chart.md');
  writeFileSync(out, md);
  console.log(md);
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; wrote ${out}`);
} finally {
  await database.close();
  // BENCH_KEEP_DB=1 keeps the seeded database for EXPLAIN ANALYZE by hand.
  if (process.env.BENCH_KEEP_DB) console.log(`kept database ${name}`);
  else await admin.system.execute(sql.raw(`drop database if exists "${name}" with (force)`));
  await admin.close();
}
