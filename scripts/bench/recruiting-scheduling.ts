/**
 * Interview scheduling benchmark (PostgreSQL): `DATABASE_URL=postgres://… pnpm bench recruiting-scheduling`.
 *
 * Creates its own database and one tenant, then through the recruiting subgraph over HTTP
 * (internal token, RLS transactions):
 * 1. `suggestInterviewTimes` for 5 interviewers with 2,000 busy blocks each over 4 weeks
 *    (working hours in five time zones), 50 timed calls: p50 / p95 / max.
 * 2. 50 concurrent `scheduleInterview` calls for the same interviewer and slot (50 different
 *    applications), repeated over 20 runs: how many succeed per run (goal: exactly one, always).
 * Results: scripts/bench/results/recruiting-scheduling.md.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, migrate, schema, withTenant } from '@wg/db';
import { recruitingSubgraph } from '@wg/recruiting';
import { identityFor, newId, startTestSubgraph } from '@wg/runtime/testing';
import { sql } from 'drizzle-orm';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL must point at PostgreSQL (the benchmark creates and drops its own database).');
  process.exit(2);
}
const r = schema.recruiting;
const INTERVIEWERS = 5;
const BLOCKS = 2000;
const CALLS = 50;
const RACERS = 50;
const RUNS = 20;
const WEEK = 7 * 86_400_000;

const name = `wg_bench_sched_${Date.now().toString(36)}`;
const admin = createDatabase({ url, max: 1 });
await admin.system.execute(sql.raw(`create database "${name}"`));
const dbUrl = new URL(url);
dbUrl.pathname = `/${name}`;
const database = createDatabase({ url: dbUrl.toString(), max: 20 });
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
let report = '';
try {
  await migrate(database);
  const tenantId = newId();
  const recruiter = identityFor(tenantId, ['recruiter']);
  const dept = newId();
  const interviewers = Array.from({ length: INTERVIEWERS }, () => newId());
  // Time zones whose 08:00–18:00 overlap (13:00–17:00 UTC), so there is something to find.
  const zones = ['Europe/Berlin', 'America/New_York', 'UTC', 'Africa/Lagos', 'Europe/London'];
  // Monday two weeks ahead, 00:00 UTC.
  const now = Date.now();
  const monday = new Date(now + 14 * 86_400_000);
  monday.setUTCHours(0, 0, 0, 0);
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  const from = monday.getTime();
  const to = from + 4 * WEEK;

  await withTenant(database, { tenantId }, async (tx) => {
    await tx.insert(r.entityRefs).values([
      { tenantId, entityType: 'Department', id: dept, data: { id: dept, parentId: null } },
      ...interviewers.map((id) => ({
        tenantId,
        entityType: 'Employee',
        id,
        data: { id, departmentId: dept },
      })),
    ]);
    await tx.insert(r.workingHours).values(
      interviewers.map((employeeId, i) => ({
        tenantId,
        employeeId,
        timeZone: zones[i]!,
        weekdays: [1, 2, 3, 4, 5],
        startMinute: 8 * 60,
        endMinute: 18 * 60,
      })),
    );
    // 2,000 busy blocks each over the 4 weeks: 15–45 minutes at pseudo-random starts (deterministic).
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const employeeId of interviewers) {
      const rows = Array.from({ length: BLOCKS }, () => {
        const start = from + Math.floor((rnd() * (to - from)) / 900_000) * 900_000;
        return {
          tenantId,
          employeeId,
          startsAt: new Date(start),
          endsAt: new Date(start + (1 + Math.floor(rnd() * 3)) * 900_000),
        };
      });
      await tx.insert(r.busyBlocks).values(rows);
    }
  });
  const recruiting = await startTestSubgraph(recruitingSubgraph, database);
  const call = <T>(q: string, v: Record<string, unknown>) => recruiting.call<T>(q, v, recruiter);
  const posting = await call<{ createJobPosting: { id: string } }>(
    /* GraphQL */ `mutation ($d: ID!) { createJobPosting(input: { title: "Bench", departmentId: $d }) { id } }`,
    { d: dept },
  );
  const postingId = posting.data!.createJobPosting.id;
  let n = 0;
  const screened = async () => {
    n++;
    const c = await call<{ createCandidate: { id: string } }>(
      /* GraphQL */ `mutation ($e: String!) { createCandidate(input: { firstName: "Bench", lastName: "C${n}", email: $e }) { id } }`,
      { e: `bench${n}@example.com` },
    );
    const a = await call<{ apply: { id: string } }>(
      /* GraphQL */ `mutation ($c: ID!, $p: ID!) { apply(input: { candidateId: $c, postingId: $p }) { id } }`,
      { c: c.data!.createCandidate.id, p: postingId },
    );
    const id = a.data!.apply.id;
    await call(
      /* GraphQL */ `mutation ($id: ID!) { moveApplication(id: $id, input: { to: SCREENING }) { id } }`,
      { id },
    );
    return id;
  };

  // ---- 1. suggestInterviewTimes ------------------------------------------------------------------
  const app = await screened();
  const SUGGEST = /* GraphQL */ `query ($a: ID!, $ids: [ID!]!, $f: String!, $t: String!) {
    suggestInterviewTimes(applicationId: $a, interviewerIds: $ids, durationMinutes: 60, from: $f, to: $t, count: 5) { startsAt fragments }
  }`;
  const vars = { a: app, ids: interviewers, f: new Date(from).toISOString(), t: new Date(to).toISOString() };
  let slots = 0;
  for (let i = 0; i < 5; i++) await call(SUGGEST, vars); // warm-up
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    const res = await call<{ suggestInterviewTimes: unknown[] }>(SUGGEST, vars);
    times.push(performance.now() - t0);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    slots = res.data!.suggestInterviewTimes.length;
  }

  // ---- 2. racing bookings ------------------------------------------------------------------------
  const winners: number[] = [];
  const others: string[] = [];
  const SCHEDULE = /* GraphQL */ `mutation ($i: ScheduleInterviewInput!) { scheduleInterview(input: $i) { id } }`;
  for (let run = 0; run < RUNS; run++) {
    const apps = [];
    for (let i = 0; i < RACERS; i++) apps.push(await screened());
    // A weekday 13:00 UTC slot after the busy-block window (so only the race decides), Mon–Fri.
    const start = to + ((run % 5) + 7 * Math.floor(run / 5)) * 86_400_000 + 13 * 3_600_000;
    const results = await Promise.all(
      apps.map((a) =>
        call<{ scheduleInterview: { id: string } }>(SCHEDULE, {
          i: {
            applicationId: a,
            kind: 'VIDEO',
            startsAt: new Date(start).toISOString(),
            endsAt: new Date(start + 3_600_000).toISOString(),
            interviewerIds: [interviewers[2]!],
          },
        }),
      ),
    );
    winners.push(results.filter((x) => !x.errors).length);
    for (const x of results) {
      const code = x.errors?.[0]?.extensions?.code;
      if (x.errors && code !== 'CONFLICT') others.push(String(code));
    }
  }
  await recruiting.stop();

  const lines = [
    '# Recruiting scheduling benchmark',
    '',
    `Run ${new Date().toISOString()} on ${cpus().length} cores (load average ${loadavg()[0]!.toFixed(1)}), PostgreSQL, over HTTP to the recruiting subgraph.`,
    '',
    '## suggestInterviewTimes',
    '',
    `${INTERVIEWERS} interviewers in 5 time zones, ${BLOCKS} busy blocks each (15–45 min) over 4 weeks, 60-minute slots, count 5; ${CALLS} calls after 5 warm-ups.`,
    '',
    '| p50 | p95 | max | slots returned |',
    '| --- | --- | --- | --- |',
    `| ${pct(times, 50).toFixed(1)} ms | ${pct(times, 95).toFixed(1)} ms | ${Math.max(...times).toFixed(1)} ms | ${slots} |`,
    '',
    '## 50 concurrent bookings of one interviewer slot',
    '',
    `${RUNS} runs of ${RACERS} concurrent \`scheduleInterview\` calls (different applications, same interviewer and hour).`,
    '',
    `Successes per run: ${winners.join(', ')} — ${winners.every((w) => w === 1) ? 'exactly one every run' : 'NOT exactly one every run'}; other errors than CONFLICT: ${others.length}.`,
    '',
  ];
  report = lines.join('\n');
  writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'results', 'recruiting-scheduling.md'), report);
  console.log(report);
} finally {
  await database.close();
  await admin.system.execute(sql.raw(`drop database if exists "${name}" with (force)`));
  await admin.close();
}
