/**
 * People benchmark (PostgreSQL): `DATABASE_URL=postgres://… pnpm bench people [employees]`.
 *
 * Creates its own database, seeds one tenant with 50,000 employees through `importEmployees` in
 * 10,000-row files (each import is timed: that is the bulk-import number), then sends typo'd
 * name searches through the people subgraph over HTTP (GraphQL, internal token, RLS transaction:
 * what a gateway request costs minus the gateway hop) and reports p50/p95 latency and how often
 * the intended person is the first / in the first five hits. Ends with EXPLAIN ANALYZE of the
 * search predicate, to show the GIN indexes are used. Results: scripts/bench/results/people.md.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { faker } from '@faker-js/faker';
import { createDatabase, migrate, schema, withTenant } from '@wg/db';
import { importEmployees, peopleSubgraph } from '@wg/people';
import { createContext, permissionsForRoles, rootLogger } from '@wg/runtime';
import { identityFor, startTestSubgraph, newId as uuidv7 } from '@wg/runtime/testing';
import { sql } from 'drizzle-orm';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL must point at PostgreSQL (the benchmark creates and drops its own database).');
  process.exit(2);
}
const TOTAL = Number(process.argv[2] ?? 50_000);
const BATCH = 10_000;
const QUERIES = 200;

const name = `wg_bench_people_${Date.now().toString(36)}`;
const admin = createDatabase({ url, max: 1 });
await admin.system.execute(sql.raw(`create database "${name}"`));
const dbUrl = new URL(url);
dbUrl.pathname = `/${name}`;
const database = createDatabase({ url: dbUrl.toString(), max: 10 });
const started = Date.now();
try {
  await migrate(database);
  const tenantId = uuidv7();
  const identity = { ...identityFor(tenantId, ['admin']), permissions: permissionsForRoles(['admin']) };
  const ctx = () =>
    createContext({
      identity,
      requestId: `bench-${uuidv7()}`,
      log: rootLogger,
      database,
      createLoaders: peopleSubgraph.createLoaders,
    });
  const departments = [
    'Engineering',
    'Sales',
    'Marketing',
    'Finance',
    'People',
    'Support',
    'Product',
    'Legal',
  ];
  await withTenant(database, { tenantId }, (tx) =>
    tx.insert(schema.people.departments).values(departments.map((name) => ({ tenantId, name }))),
  );

  // ---- seed + import timing ----------------------------------------------------------------
  faker.seed(42);
  const people: { first: string; last: string; email: string }[] = [];
  const importTimes: number[] = [];
  for (let offset = 0; offset < TOTAL; offset += BATCH) {
    const lines = ['firstName,lastName,workEmail,hireDate,department,managerEmail,jobTitle,phone'];
    const firstOfBatch = people.length;
    for (let i = 0; i < Math.min(BATCH, TOTAL - offset); i++) {
      const n = offset + i;
      const first = faker.person.firstName().replace(/[^A-Za-z]/g, '') || 'Alex';
      const last = faker.person.lastName().replace(/[^A-Za-z]/g, '') || 'Doe';
      const email = `${first}.${last}.${n}@bench.test`.toLowerCase();
      people.push({ first, last, email });
      // A management tree inside each file: every row reports to an earlier row of the file.
      const manager = i === 0 ? '' : people[firstOfBatch + Math.floor((i - 1) / 8)]!.email;
      const hire = faker.date.between({ from: '2010-01-01', to: '2025-12-31' }).toISOString().slice(0, 10);
      lines.push(
        `${first},${last},${email},${hire},${departments[n % departments.length]},${manager},"${faker.person.jobTitle()}",+1 555 ${String(n).padStart(7, '0')}`,
      );
    }
    const t0 = performance.now();
    const report = await importEmployees(ctx() as never, lines.join('\n'), false);
    const ms = performance.now() - t0;
    if (report.errors.length > 0)
      throw new Error(`import failed: ${JSON.stringify(report.errors.slice(0, 5))}`);
    importTimes.push(ms);
    console.log(`imported ${report.created} rows in ${ms.toFixed(0)} ms (total ${people.length})`);
  }
  await database.system.execute(sql`analyze people.employees`);

  // ---- search latency through the subgraph -------------------------------------------------
  const subgraph = await startTestSubgraph(peopleSubgraph, database);
  const QUERY = /* GraphQL */ `query ($q: String!) { employees(first: 10, filter: { search: $q }) { totalCount edges { node { id workEmail } } } }`;
  /** One adjacent transposition in each of the first and last name: "John Smith" → "Jhon Smtih". */
  const typo = (word: string, seed: number) => {
    if (word.length < 3) return word;
    const i = 1 + (seed % (word.length - 2));
    return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
  };
  const sample = Array.from({ length: QUERIES }, (_, k) => people[(k * 7919) % people.length]!);
  // Warm-up (JIT, plan cache, buffer cache).
  for (const p of sample.slice(0, 10)) await subgraph.call(QUERY, { q: `${p.first} ${p.last}` }, identity);
  const latencies: number[] = [];
  let top1 = 0;
  let top5 = 0;
  for (const [k, p] of sample.entries()) {
    const q = `${typo(p.first, k)} ${typo(p.last, k + 1)}`;
    const t0 = performance.now();
    const res = await subgraph.call<{ employees: { edges: { node: { workEmail: string } }[] } }>(
      QUERY,
      { q },
      identity,
    );
    latencies.push(performance.now() - t0);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    // Several people can share a name (faker draws from a few thousand): any holder of it counts.
    const hits = res.data.employees.edges.map((e) => e.node.workEmail.split('.').slice(0, 2).join('.'));
    const want = `${p.first}.${p.last}`.toLowerCase();
    if (hits[0] === want) top1++;
    if (hits.slice(0, 5).includes(want)) top5++;
  }
  await subgraph.stop();
  latencies.sort((a, b) => a - b);
  const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;

  // ---- index usage ---------------------------------------------------------------------------
  // The body of people.employee_search_candidates, as the function runs it (as the table owner,
  // restricted to the tenant in app.tenant_id): the GIN indexes should drive it.
  const plan = await database.system.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('pg_trgm.similarity_threshold', '0.3', true), set_config('app.tenant_id', ${tenantId}, true), set_config('cpu_operator_cost', '0.25', true), set_config('jit', 'off', true)`,
    );
    const q = 'jhon smtih';
    const result = (await tx.execute(sql`explain (analyze, costs off, timing off, summary off)
      select e.id from people.employees e
      where e.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
        and (e.search_vector @@ to_tsquery('simple', 'jhon:* & smtih:*')
         or e.search_name % ${q}
         or e.search_anagram % people.name_anagram(${q}))`)) as unknown as { 'QUERY PLAN': string }[];
    return result.map((r) => r['QUERY PLAN']).join('\n');
  });
  const usesIndexes =
    plan.includes('employees_search_vector_idx') &&
    plan.includes('employees_search_name_trgm_idx') &&
    plan.includes('employees_search_anagram_trgm_idx');

  const sortedImports = [...importTimes].sort((a, b) => a - b);
  const median = sortedImports[Math.floor(sortedImports.length / 2)]!;
  const [versionRow] = (await database.system.execute(sql`select version()`)) as unknown as {
    version: string;
  }[];
  const version = versionRow?.version ?? 'PostgreSQL';
  const md = `# people benchmark

Run: \`DATABASE_URL=${url.replace(/\/\/[^@]*@/, '//…@')} pnpm bench people\` on ${new Date().toISOString().slice(0, 10)}
(${version.split(',')[0]}; ${process.platform}/${process.arch}, Node ${process.version}).

## Bulk import (\`importEmployees\`, service call, one transaction per file)

| rows per file | files | median | fastest | slowest |
| --- | --- | --- | --- | --- |
| ${BATCH.toLocaleString('en')} | ${importTimes.length} | ${(median / 1000).toFixed(2)} s | ${(sortedImports[0]! / 1000).toFixed(2)} s | ${(sortedImports.at(-1)! / 1000).toFixed(2)} s |

Each file: parse + validate every row, resolve departments by name and managers by email (within the
file), employees + history + outbox events + audit rows as one \`INSERT … SELECT FROM
jsonb_populate_recordset($1)\` per table and 2,000-row chunk, all or nothing.
The tenant grows from 0 to ${TOTAL.toLocaleString('en')} employees across the files.

## Typo-tolerant search over ${TOTAL.toLocaleString('en')} employees (through the subgraph, HTTP + GraphQL)

${QUERIES} queries, each the name of a real employee with two adjacent letters swapped in both the
first and the last name (e.g. "John Smith" → "Jhon Smtih"), \`employees(first: 10, filter: { search })\`
(rows + totalCount):

| p50 | p95 | max | intended person first | in top 5 |
| --- | --- | --- | --- | --- |
| ${pct(0.5).toFixed(1)} ms | ${pct(0.95).toFixed(1)} ms | ${latencies.at(-1)!.toFixed(1)} ms | ${((100 * top1) / QUERIES).toFixed(0)} % | ${((100 * top5) / QUERIES).toFixed(0)} % |

## Plan of the candidate search (body of \`people.employee_search_candidates\`, \`jhon smtih\`): GIN indexes used = ${usesIndexes ? 'yes' : 'NO'}

Under row-level security PostgreSQL will not use \`@@\` / \`%\` (not LEAKPROOF) as index conditions, so the
subgraph takes candidates from this SECURITY DEFINER function, which filters the tenant itself.

\`\`\`
${plan}
\`\`\`
`;
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'people.md');
  writeFileSync(out, md);
  console.log(md);
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; wrote ${out}`);
} finally {
  await database.close();
  await admin.system.execute(sql.raw(`drop database if exists "${name}" with (force)`));
  await admin.close();
}
