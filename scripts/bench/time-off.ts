/**
 * Time-off benchmark (PostgreSQL): `DATABASE_URL=postgres://… pnpm bench time-off`.
 *
 * Creates its own database and one tenant with 5,000 employees (work's replica of people), a
 * default holiday calendar, a MONTHLY vacation policy with a carry-over cap, five years of
 * requests (four a year each, 100,000 in all, approved or rejected) and one adjustment per
 * employee and year. Then through the work subgraph over HTTP (internal token, RLS transactions):
 * 1. `Employee.timeOffBalances(asOf)` for 300 employees, one call each (via `_entities`): p50 / p95
 *    / max per employee (target p95 ≤ 20 ms). The balance is computed from rules and dates on
 *    every call (nothing cached or stored).
 * 2. `teamCalendar(departmentId, from, to)` for a 300-person department over a month, 30 calls:
 *    p50 / p95 / max (target ≤ 200 ms).
 * Results: scripts/bench/results/time-off.md.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, migrate, schema, withTenant } from '@wg/db';
import { addDays, isoWeekday } from '@wg/runtime';
import { identityFor, newId, startTestSubgraph } from '@wg/runtime/testing';
import { workSubgraph } from '@wg/work';
import { sql } from 'drizzle-orm';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL must point at PostgreSQL (the benchmark creates and drops its own database).');
  process.exit(2);
}
const w = schema.work;
const EMPLOYEES = 5000;
const TEAM = 300;
const YEARS = [2021, 2022, 2023, 2024, 2025];
const BALANCE_CALLS = 300;
const CALENDAR_CALLS = 30;
const AS_OF = '2026-03-31';

const name = `wg_bench_timeoff_${Date.now().toString(36)}`;
const admin = createDatabase({ url, max: 1 });
await admin.system.execute(sql.raw(`create database "${name}"`));
const dbUrl = new URL(url);
dbUrl.pathname = `/${name}`;
const database = createDatabase({ url: dbUrl.toString(), max: 20 });
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const weekday = (d: string) => {
  let x = d;
  while (isoWeekday(x) > 5) x = addDays(x, 1);
  return x;
};
let report = '';
try {
  await migrate(database);
  const tenantId = newId();
  const hr = identityFor(tenantId, ['hr_manager']);
  const team = newId();
  const others = Array.from({ length: 20 }, () => newId());
  const ids = Array.from({ length: EMPLOYEES }, () => newId());
  const started = Date.now();
  let vacation = '';
  await withTenant(database, { tenantId }, async (tx) => {
    const refs = ids.map((id, i) => ({
      tenantId,
      entityType: 'Employee',
      id,
      data: {
        id,
        firstName: 'Bench',
        lastName: String(i),
        departmentId: i < TEAM ? team : others[i % others.length],
        managerId: null,
        status: 'ACTIVE',
        hireDate: `${2019 + (i % 3)}-${String(1 + (i % 12)).padStart(2, '0')}-15`,
        employmentType: 'FULL_TIME',
        workLocation: null,
      },
    }));
    for (let i = 0; i < refs.length; i += 1000) await tx.insert(w.entityRefs).values(refs.slice(i, i + 1000));
    const [type] = await tx
      .insert(w.leaveTypes)
      .values({ tenantId, name: 'Vacation', code: 'VACATION' })
      .returning();
    vacation = type!.id;
    await tx.insert(w.leaveTypes).values({ tenantId, name: 'Sick', code: 'SICK', balanceApplies: false });
    await tx.insert(w.timeOffPolicies).values({
      tenantId,
      leaveTypeId: vacation,
      employmentType: 'FULL_TIME',
      accrualPerYear: '25',
      accrualFrequency: 'MONTHLY',
      carryOverCap: '5',
    });
    const [cal] = await tx.insert(w.holidayCalendars).values({ tenantId, name: 'Default' }).returning();
    await tx.insert(w.holidays).values(
      [2021, 2022, 2023, 2024, 2025, 2026].flatMap((y) => [
        { tenantId, calendarId: cal!.id, date: `${y}-01-01`, name: 'New Year' },
        { tenantId, calendarId: cal!.id, date: `${y}-12-25`, name: 'Christmas' },
        { tenantId, calendarId: cal!.id, date: `${y}-03-16`, name: 'Spring Day' },
      ]),
    );
    // Four requests a year per employee (Feb, May, Aug, Nov), 1–5 working days, never overlapping.
    const requests: (typeof w.timeOffRequests.$inferInsert)[] = [];
    const adjustments: (typeof w.timeOffAdjustments.$inferInsert)[] = [];
    for (const [i, employeeId] of ids.entries()) {
      for (const year of YEARS) {
        for (const [k, month] of ['02', '05', '08', '11'].entries()) {
          const start = weekday(`${year}-${month}-${String(3 + ((i + k) % 20)).padStart(2, '0')}`);
          const days = 1 + ((i + k + year) % 5);
          const end = addDays(start, days - 1);
          requests.push({
            tenantId,
            employeeId,
            leaveTypeId: vacation,
            startDate: start,
            endDate: end,
            amount: `${days}.00`,
            amountByYear: { [String(year)]: `${days}.00` },
            status: (i + k) % 9 === 0 ? 'REJECTED' : 'APPROVED',
            reason: (i + k) % 9 === 0 ? 'Busy' : null,
          });
        }
        adjustments.push({
          tenantId,
          employeeId,
          leaveTypeId: vacation,
          amount: '1.00',
          reason: 'Bench',
          effectiveDate: `${year}-06-01`,
        });
      }
      // The team's March 2026 leave for the calendar.
      if (i < TEAM) {
        const start = weekday(`2026-03-${String(2 + (i % 20)).padStart(2, '0')}`);
        requests.push({
          tenantId,
          employeeId,
          leaveTypeId: vacation,
          startDate: start,
          endDate: addDays(start, 1),
          amount: '2.00',
          amountByYear: { 2026: '2.00' },
          status: i % 3 === 0 ? 'PENDING' : 'APPROVED',
        });
      }
    }
    for (let i = 0; i < requests.length; i += 2000)
      await tx.insert(w.timeOffRequests).values(requests.slice(i, i + 2000));
    for (let i = 0; i < adjustments.length; i += 2000)
      await tx.insert(w.timeOffAdjustments).values(adjustments.slice(i, i + 2000));
    report += `Data: ${EMPLOYEES} employees, ${requests.length} requests, ${adjustments.length} adjustments (built in ${((Date.now() - started) / 1000).toFixed(1)} s).\n\n`;
  });
  await database.system.execute(sql`analyze`);

  const work = await startTestSubgraph(workSubgraph, database);
  try {
    const BAL = `query ($id: ID!, $asOf: Date) { _entities(representations: [{ __typename: "Employee", id: $id }]) {
      ... on Employee { timeOffBalances(asOf: $asOf) { leaveType { code } carriedOver accrued adjustments taken pending available } } } }`;
    const CAL = `query ($d: ID!) { teamCalendar(departmentId: $d, from: "2026-03-01", to: "2026-03-31") {
      entries { colour request { id startDate endDate halfDayStart status employee { id } } leaveType { code } } holidays { holiday { date } } } }`;
    for (let i = 0; i < 10; i++) await work.call(BAL, { id: ids[i], asOf: AS_OF }, hr);
    const balanceMs: number[] = [];
    let sample: unknown = null;
    for (let i = 0; i < BALANCE_CALLS; i++) {
      const id = ids[Math.floor((i * EMPLOYEES) / BALANCE_CALLS)]!;
      const t0 = performance.now();
      const res = await work.call<{ _entities: unknown[] }>(BAL, { id, asOf: AS_OF }, hr);
      balanceMs.push(performance.now() - t0);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      sample ??= res.data;
    }
    for (let i = 0; i < 3; i++) await work.call(CAL, { d: team }, hr);
    const calendarMs: number[] = [];
    let entries = 0;
    for (let i = 0; i < CALENDAR_CALLS; i++) {
      const t0 = performance.now();
      const res = await work.call<{ teamCalendar: { entries: unknown[] } }>(CAL, { d: team }, hr);
      calendarMs.push(performance.now() - t0);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      entries = res.data!.teamCalendar.entries.length;
    }
    const f = (x: number) => `${x.toFixed(1)} ms`;
    report =
      `# Time-off benchmark\n\n` +
      `\`DATABASE_URL=… pnpm bench time-off\` on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)} at the end. PostgreSQL; the work subgraph over HTTP with the internal token (RLS transaction per request).\n\n` +
      report +
      `| measurement | calls | p50 | p95 | max | target |\n| --- | --- | --- | --- | --- | --- |\n` +
      `| \`Employee.timeOffBalances(asOf: ${AS_OF})\` per employee (2 leave types, 5 years of history each) | ${BALANCE_CALLS} | ${f(pct(balanceMs, 50))} | ${f(pct(balanceMs, 95))} | ${f(Math.max(...balanceMs))} | p95 ≤ 20 ms |\n` +
      `| \`teamCalendar\` for a ${TEAM}-person department over March 2026 (${entries} entries) | ${CALENDAR_CALLS} | ${f(pct(calendarMs, 50))} | ${f(pct(calendarMs, 95))} | ${f(Math.max(...calendarMs))} | ≤ 200 ms |\n\n` +
      `Sample balance answer: \`${JSON.stringify(sample).slice(0, 400)}\`\n`;
    console.log(report);
    writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'results', 'time-off.md'), report);
  } finally {
    await work.stop();
  }
} finally {
  await database.close();
  await admin.system.execute(sql.raw(`drop database if exists "${name}" with (force)`));
  await admin.close();
}
