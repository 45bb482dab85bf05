import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/work';
import type { EmployeeSnapshot } from '@wg/people/events';
import { createTestDatabase, fieldsOf, identityFor, newId, startTestSubgraph } from '@wg/runtime/testing';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workSubgraph } from '../index';
import { addEmployees, addEntries, addProject, dayOffset, employeeSnapshot } from '../testing';

const ACME = newId();
const GLOBEX = newId();
const admin = identityFor(ACME, ['admin']);
const globexAdmin = identityFor(GLOBEX, ['admin']);

let db: Database & { drop(): Promise<void> };
let work: Awaited<ReturnType<typeof startTestSubgraph>>;
let ann: EmployeeSnapshot;
let ben: EmployeeSnapshot;
let left: EmployeeSnapshot;
let web: string;
let globexProject: string;

const IMPORT = /* GraphQL */ `
  mutation ($csv: String!, $dryRun: Boolean) {
    importTimesheets(csv: $csv, dryRun: $dryRun) { dryRun rowCount imported errors { line field message } }
  }
`;
interface Report {
  dryRun: boolean;
  rowCount: number;
  imported: number;
  errors: { line: number; field: string; message: string }[];
}
const importCsv = (csv: string, dryRun?: boolean, identity = admin) =>
  work.call<{ importTimesheets: Report }>(IMPORT, { csv, dryRun }, identity);

async function entriesOf(tenantId: string, employeeId: string) {
  return withTenant(db, { tenantId }, (tx) =>
    tx.select().from(tables.timesheetEntries).where(eq(tables.timesheetEntries.employeeId, employeeId)),
  );
}
async function outboxCount(tenantId: string) {
  const [r] = await withTenant(db, { tenantId }, (tx) => tx.select({ n: count() }).from(tables.outbox));
  return r?.n ?? 0;
}

const d1 = dayOffset(-3);
const d2 = dayOffset(-2);

beforeAll(async () => {
  db = await createTestDatabase();
  work = await startTestSubgraph(workSubgraph, db);
  ann = employeeSnapshot({ workEmail: `ann.${newId().slice(-6)}@acme.test`, hireDate: '2020-01-01' });
  ben = employeeSnapshot({ hireDate: '2020-01-01' });
  left = employeeSnapshot({ status: 'TERMINATED', hireDate: '2020-01-01', terminationDate: dayOffset(-10) });
  await addEmployees(db, ACME, [ann, ben, left]);
  web = await addProject(db, ACME, { code: 'WEB' });
  await addProject(db, ACME, { code: 'OLD', status: 'COMPLETED' });
  globexProject = await addProject(db, GLOBEX, { code: 'GLOBEX' });
});

afterAll(async () => {
  await work?.stop();
  await db?.drop();
});

describe('importTimesheets (CSV)', () => {
  it('imports lines by work email and project code, or by ids, as SUBMITTED entries with events', async () => {
    const events = await outboxCount(ACME);
    const csv = [
      'employeeEmail,projectCode,date,hours,note',
      `${ann.workEmail.toUpperCase()},web,${d1},7.5,"Design, review"`,
      `${ann.workEmail},WEB,${d2},0.25,`,
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.errors).toBeUndefined();
    expect(res.data!.importTimesheets).toEqual({ dryRun: false, rowCount: 2, imported: 2, errors: [] });
    const rows = await entriesOf(ACME, ann.id);
    expect(rows.map((r) => [r.date, r.hours, r.note, r.status, r.projectId]).sort()).toEqual(
      [
        [d1, '7.50', 'Design, review', 'SUBMITTED', web],
        [d2, '0.25', null, 'SUBMITTED', web],
      ].sort(),
    );
    expect(await outboxCount(ACME)).toBeGreaterThan(events);

    const byId = await importCsv(`employeeId,projectId,date,hours\n${ben.id},${web},${d1},1`);
    expect(byId.data!.importTimesheets.imported).toBe(1);
  });

  it('reports every problem by line and column, and writes nothing', async () => {
    const before = (await entriesOf(ACME, ben.id)).length;
    const events = await outboxCount(ACME);
    const csv = [
      'employeeEmail,employeeId,projectCode,date,hours,note',
      `nobody@acme.test,,WEB,${d1},2,`,
      `,${ben.id},OLD,${d1},2,`,
      `,${ben.id},NOPE,2025-02-30,2.555,`,
      `,${ben.id},WEB,${dayOffset(5)},0,`,
      `,${left.id},WEB,${dayOffset(-1)},1,`,
      `,${ben.id},WEB,${d2},1,${'n'.repeat(2001)}`,
      `,${ben.id},GLOBEX,${d2},1,`,
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.errors).toBeUndefined();
    const report = res.data!.importTimesheets;
    expect(report.imported).toBe(0);
    expect(report.errors.map((e) => `${e.line} ${e.field}: ${e.message}`)).toEqual([
      '2 employeeEmail: Unknown employee',
      '3 projectCode: Project is completed; time can no longer be logged on it',
      '4 projectCode: Unknown project',
      '4 date: Must be a real calendar date in YYYY-MM-DD form',
      '4 hours: Hours must be a decimal string with at most 2 decimal places, e.g. "7.50"',
      '5 date: Date must not be in the future',
      '5 hours: Hours must be greater than 0',
      `6 date: Date is after the employee's termination date (${dayOffset(-10)})`,
      '7 note: Note must be at most 2000 characters',
      // Another tenant's project is unknown here, like any other.
      '8 projectCode: Unknown project',
    ]);
    expect((await entriesOf(ACME, ben.id)).length).toBe(before);
    expect(await outboxCount(ACME)).toBe(events);
  });

  it('counts the day’s limit over what is logged and the whole file', async () => {
    const day = dayOffset(-20);
    await addEntries(db, ACME, [{ employeeId: ben.id, projectId: web, date: day, hours: '20.00' }]);
    const csv = [
      'employeeId,projectId,date,hours',
      `${ben.id},${web},${day},3`,
      `${ben.id},${web},${day},1.5`,
    ].join('\n');
    const report = (await importCsv(csv)).data!.importTimesheets;
    expect(report.errors).toEqual([
      {
        line: 3,
        field: 'hours',
        message: `Total hours on ${day} would exceed 24 (already logged 20.00, this file up to here 4.50)`,
      },
    ]);
    expect((await entriesOf(ACME, ben.id)).filter((e) => e.date === day)).toHaveLength(1);
  });

  it('accepts days of any employment stint of a rehired employee, not the gap between them', async () => {
    const back = employeeSnapshot({
      hireDate: '2026-01-05',
      stints: [
        { start: '2024-01-01', end: '2025-06-30' },
        { start: '2026-01-05', end: null },
      ],
    });
    await addEmployees(db, ACME, [back]);
    const csv = [
      'employeeId,projectId,date,hours',
      `${back.id},${web},2025-06-30,1`,
      `${back.id},${web},2025-09-01,1`,
      `${back.id},${web},2023-12-31,1`,
    ].join('\n');
    const report = (await importCsv(csv, true)).data!.importTimesheets;
    expect(report.errors.map((e) => `${e.line} ${e.field}: ${e.message}`)).toEqual([
      '3 date: Date falls between two employment periods of the employee (not employed then)',
      "4 date: Date is before the employee's hire date (2024-01-01)",
    ]);
  });

  it('validates on a dry run without writing', async () => {
    const day = dayOffset(-21);
    const report = (await importCsv(`employeeId,projectId,date,hours\n${ben.id},${web},${day},2`, true)).data!
      .importTimesheets;
    expect(report).toEqual({ dryRun: true, rowCount: 1, imported: 0, errors: [] });
    expect((await entriesOf(ACME, ben.id)).filter((e) => e.date === day)).toHaveLength(0);
  });

  it('refuses a file with missing or unknown columns as BAD_USER_INPUT on csv', async () => {
    const res = await importCsv('person,date,hours\nx,2026-01-01,1');
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'csv', message: 'Missing column: one of employeeId, employeeEmail' },
        { field: 'csv', message: 'Missing column: one of projectId, projectCode' },
        { field: 'csv', message: 'Unknown column person' },
      ],
    });
  });

  it('is FORBIDDEN without timesheet:create at scope all', async () => {
    const csv = `employeeId,projectId,date,hours\n${ann.id},${web},${d1},1`;
    const asAnn = identityFor(ACME, ['employee'], { employeeId: ann.id });
    expect((await importCsv(csv, false, asAnn)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const manager = identityFor(ACME, ['manager'], { employeeId: ann.id });
    expect((await importCsv(csv, false, manager)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('never reaches another tenant: its employees and projects are unknown', async () => {
    const csv = `employeeEmail,projectId,date,hours\n${ann.workEmail},${web},${d1},1`;
    const report = (await importCsv(csv, false, globexAdmin)).data!.importTimesheets;
    expect(report.errors.map((e) => `${e.field}: ${e.message}`)).toEqual([
      'employeeEmail: Unknown employee',
      'projectId: Unknown project',
    ]);
    expect(globexProject).toBeTruthy();
  });
});

describe('timesheetEntries / timesheetEntry', () => {
  const LIST = /* GraphQL */ `
    query ($filter: TimesheetEntryFilter, $first: Int, $after: String) {
      timesheetEntries(filter: $filter, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id date status employee { id } } }
      }
    }
  `;
  interface Page {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { id: string; date: string; status: string; employee: { id: string } } }[];
  }
  const list = (vars: Record<string, unknown>, identity = admin) =>
    work.call<{ timesheetEntries: Page }>(LIST, vars, identity);

  const tenant = newId();
  const boss = employeeSnapshot({ hireDate: '2020-01-01' });
  const report = employeeSnapshot({ managerId: boss.id, hireDate: '2020-01-01' });
  const outsider = employeeSnapshot({ hireDate: '2020-01-01', departmentId: newId() });
  let project: string;
  let other: string;

  beforeAll(async () => {
    await addEmployees(db, tenant, [boss, report, outsider]);
    project = await addProject(db, tenant);
    other = await addProject(db, tenant);
    await addEntries(db, tenant, [
      { employeeId: report.id, projectId: project, date: '2026-03-02', hours: '1', status: 'SUBMITTED' },
      { employeeId: report.id, projectId: project, date: '2026-03-03', hours: '1', status: 'APPROVED' },
      { employeeId: report.id, projectId: other, date: '2026-03-04', hours: '1', status: 'SUBMITTED' },
      { employeeId: outsider.id, projectId: project, date: '2026-03-05', hours: '1', status: 'SUBMITTED' },
      { employeeId: boss.id, projectId: project, date: '2026-03-06', hours: '1', status: 'SUBMITTED' },
    ]);
  });
  const tenantAdmin = () => identityFor(tenant, ['admin']);

  it('lists newest day first with filters, a total and cursors', async () => {
    const all = (await list({}, tenantAdmin())).data!.timesheetEntries;
    expect(all.totalCount).toBe(5);
    expect(all.edges.map((e) => e.node.date)).toEqual([
      '2026-03-06',
      '2026-03-05',
      '2026-03-04',
      '2026-03-03',
      '2026-03-02',
    ]);
    const queue = (await list({ filter: { status: 'SUBMITTED', projectId: project } }, tenantAdmin())).data!
      .timesheetEntries;
    expect(queue.edges.map((e) => e.node.date)).toEqual(['2026-03-06', '2026-03-05', '2026-03-02']);
    const byDepartment = (await list({ filter: { departmentId: outsider.departmentId } }, tenantAdmin()))
      .data!.timesheetEntries;
    expect(byDepartment.edges.map((e) => e.node.employee.id)).toEqual([outsider.id]);
    const window = (
      await list({ filter: { employeeId: report.id, from: '2026-03-03', to: '2026-03-04' } }, tenantAdmin())
    ).data!.timesheetEntries;
    expect(window.edges.map((e) => e.node.date)).toEqual(['2026-03-04', '2026-03-03']);

    const first = (await list({ first: 2 }, tenantAdmin())).data!.timesheetEntries;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await list({ first: 2, after: first.pageInfo.endCursor }, tenantAdmin())).data!
      .timesheetEntries;
    expect(second.edges.map((e) => e.node.date)).toEqual(['2026-03-04', '2026-03-03']);
    expect(second.totalCount).toBe(5);
  });

  it('shows only what the caller may read: own, reporting line, all', async () => {
    const own = identityFor(tenant, ['employee'], { employeeId: report.id });
    expect((await list({}, own)).data!.timesheetEntries.totalCount).toBe(3);
    const manager = identityFor(tenant, ['manager'], { employeeId: boss.id });
    const team = (await list({}, manager)).data!.timesheetEntries;
    expect(new Set(team.edges.map((e) => e.node.employee.id))).toEqual(new Set([boss.id, report.id]));
    expect((await list({}, identityFor(tenant, ['viewer']))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('names bad filter and page arguments', async () => {
    const res = await list(
      { filter: { employeeId: 'x', from: '2026-03-05', to: '2026-03-01' } },
      tenantAdmin(),
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(fieldsOf(res)).toEqual(['filter.employeeId']);
    const range = await list({ filter: { from: '2026-03-05', to: '2026-03-01' } }, tenantAdmin());
    expect(range.errors?.[0]?.extensions).toMatchObject({ fields: [{ field: 'filter.to' }] });
    const cursor = await list({ after: 'garbage' }, tenantAdmin());
    expect(cursor.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'after' }],
    });
  });

  it('never shows another tenant’s entries; timesheetEntry(id) is null outside the scope or tenant', async () => {
    expect((await list({}, admin)).data!.timesheetEntries.edges.map((e) => e.node.employee.id)).not.toContain(
      report.id,
    );
    const [entry] = (await list({ filter: { employeeId: outsider.id } }, tenantAdmin())).data!
      .timesheetEntries.edges;
    const ONE = /* GraphQL */ `query ($id: ID!) { timesheetEntry(id: $id) { id date } }`;
    const one = (identity = tenantAdmin()) =>
      work.call<{ timesheetEntry: { id: string } | null }>(ONE, { id: entry!.node.id }, identity);
    expect((await one()).data!.timesheetEntry).toEqual({ id: entry!.node.id, date: '2026-03-05' });
    expect((await one(admin)).data!.timesheetEntry).toBeNull();
    const manager = identityFor(tenant, ['manager'], { employeeId: boss.id });
    expect((await one(manager)).data!.timesheetEntry).toBeNull();
    const malformed = await work.call<{ timesheetEntry: null }>(ONE, { id: 'nope' }, tenantAdmin());
    expect(malformed.data!.timesheetEntry).toBeNull();
  });
});
