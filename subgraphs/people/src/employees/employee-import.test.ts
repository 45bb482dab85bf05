import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/people';
import { codeOf, createTestDatabase, identityFor, newId, startTestSubgraph } from '@wg/runtime/testing';
import { count, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peopleSubgraph } from '../index';

const ACME = newId();
const GLOBEX = newId();
const admin = identityFor(ACME, ['admin']);
const hr = identityFor(ACME, ['hr_manager']);
const globexAdmin = identityFor(GLOBEX, ['admin']);

let db: Database & { drop(): Promise<void> };
let people: Awaited<ReturnType<typeof startTestSubgraph>>;

const IMPORT = /* GraphQL */ `
  mutation ($csv: String!, $dryRun: Boolean) {
    importEmployees(csv: $csv, dryRun: $dryRun) { dryRun rowCount created errors { line field message } }
  }
`;
interface Report {
  dryRun: boolean;
  rowCount: number;
  created: number;
  errors: { line: number; field: string; message: string }[];
}
const importCsv = (csv: string, dryRun = false, who = hr) =>
  people.call<{ importEmployees: Report }>(IMPORT, { csv, dryRun }, who);

async function tableCounts(tenantId = ACME) {
  return withTenant(db, { tenantId }, async (tx) =>
    Promise.all(
      [tables.employees, tables.employeeHistory, tables.outbox, tables.auditLog].map(
        async (t) => (await tx.select({ n: count() }).from(t))[0]!.n,
      ),
    ),
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  people = await startTestSubgraph(peopleSubgraph, db);
  for (const name of ['Engineering', 'Sales']) {
    await people.call(
      /* GraphQL */ `mutation ($n: String!) { createDepartment(input: { name: $n }) { id } }`,
      { n: name },
      admin,
    );
  }
  await people.call(
    /* GraphQL */ `mutation { createDepartment(input: { name: "Globex" }) { id } }`,
    {},
    globexAdmin,
  );
});

afterAll(async () => {
  await people?.stop();
  await db?.drop();
});

const HEADER = 'firstName,lastName,workEmail,hireDate,department,managerEmail,nationalId,custom.badge';

describe('importEmployees', () => {
  it('imports every row, resolving departments by name and managers that appear later in the file', async () => {
    await people.call(
      /* GraphQL */ `mutation { defineEmployeeCustomField(input: { key: "badge", label: "Badge", type: NUMBER }) { key } }`,
      {},
      admin,
    );
    const hiredEvents = async () =>
      (
        await withTenant(db, { tenantId: ACME }, (tx) =>
          tx
            .select({ n: count() })
            .from(tables.outbox)
            .where(eq(tables.outbox.type, 'people.employee.hired')),
        )
      )[0]!.n;
    // Deltas and these three rows only: other tests in the file import employees too.
    const [eventsBefore, historyBefore] = [await hiredEvents(), (await tableCounts())[1]!];
    const csv = [
      HEADER,
      'Ann,Report,ann@acme.test,2024-01-02,engineering,bob@acme.test,123-45-0001,7',
      '"Bob, Jr.",Boss,bob@acme.test,2023-01-02,Engineering,,,',
      'Cid,Deep,cid@acme.test,2024-02-02,Sales,ann@acme.test,,',
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.errors).toBeUndefined();
    expect(res.data!.importEmployees).toEqual({ dryRun: false, rowCount: 3, created: 3, errors: [] });
    const rows = (
      await withTenant(db, { tenantId: ACME }, (tx) => tx.select().from(tables.employees))
    ).filter((r) => ['ann@acme.test', 'bob@acme.test', 'cid@acme.test'].includes(r.workEmail));
    const by = Object.fromEntries(rows.map((r) => [r.workEmail, r]));
    expect(by['ann@acme.test']!.managerId).toBe(by['bob@acme.test']!.id);
    expect(by['cid@acme.test']!.managerId).toBe(by['ann@acme.test']!.id);
    expect(by['bob@acme.test']!.firstName).toBe('Bob, Jr.');
    expect(by['ann@acme.test']!.customFields).toEqual({ badge: 7 });
    expect(by['ann@acme.test']!.nationalIdEnc).toMatch(/^v1\./);
    expect(new Set(rows.map((r) => r.employeeNumber)).size).toBe(3);
    expect(await hiredEvents()).toBe(eventsBefore + 3);
    expect((await tableCounts())[1]).toBe(historyBefore + 3);
  });

  it('reports every bad row with line, field and message, and writes nothing', async () => {
    // The employee the duplicate row collides with, made here so the test stands alone.
    const existing = await importCsv([HEADER, 'Exi,Sting,existing@acme.test,2024-01-02,Sales,,,'].join('\n'));
    expect(existing.data!.importEmployees.created).toBe(1);
    const before = await tableCounts();
    const csv = [
      HEADER,
      'Good,Row,good@acme.test,2024-01-02,Sales,,,',
      ',Nameless,not-an-email,2024-02-30,Sales,,,',
      'Dup,Licate,existing@acme.test,2024-01-02,Marketing,,,',
      'Lost,Manager,lost@acme.test,2024-01-02,Sales,nobody@acme.test,,x',
      'Twice,Listed,good@acme.test,2024-01-02,Sales,,,',
    ].join('\n');
    const res = await importCsv(csv);
    const errors = res.data!.importEmployees.errors;
    expect(errors.map((e) => `${e.line}:${e.field}`)).toEqual([
      '3:firstName',
      '3:hireDate',
      '3:workEmail',
      '4:department',
      '4:workEmail',
      '5:custom.badge',
      '5:managerEmail',
      '6:workEmail',
    ]);
    expect(errors.find((e) => e.line === 6)!.message).toBe('Duplicate of line 2');
    expect(res.data!.importEmployees.created).toBe(0);
    expect(await tableCounts()).toEqual(before);
  });

  it('detects manager cycles inside the file', async () => {
    const before = await tableCounts();
    const csv = [
      HEADER,
      'X,One,x1@acme.test,2024-01-02,Sales,x3@acme.test,,',
      'X,Two,x2@acme.test,2024-01-02,Sales,x1@acme.test,,',
      'X,Three,x3@acme.test,2024-01-02,Sales,x2@acme.test,,',
      'X,Four,x4@acme.test,2024-01-02,Sales,x1@acme.test,,',
    ].join('\n');
    const errors = (await importCsv(csv)).data!.importEmployees.errors;
    expect(errors.map((e) => `${e.line}:${e.field}`)).toEqual([
      '2:managerEmail',
      '3:managerEmail',
      '4:managerEmail',
    ]);
    expect(await tableCounts()).toEqual(before);
  });

  it('validates only on a dry run', async () => {
    const before = await tableCounts();
    const res = await importCsv([HEADER, 'Dry,Run,dry@acme.test,2024-01-02,Sales,,,'].join('\n'), true);
    expect(res.data!.importEmployees).toEqual({ dryRun: true, rowCount: 1, created: 0, errors: [] });
    expect(await tableCounts()).toEqual(before);
  });

  it('rejects a malformed file or header as BAD_USER_INPUT on `csv`', async () => {
    for (const csv of [
      '',
      'firstName,lastName\nA,B',
      'firstName,lastName,workEmail,hireDate,department,shoeSize\nA,B,c@d.e,2024-01-01,Sales,9',
      'firstName,lastName,workEmail,hireDate,department\n"A,B,c@d.e,2024-01-01,Sales',
    ]) {
      const res = await importCsv(csv);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      const fields = (res.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field);
      expect(fields.length).toBeGreaterThan(0);
      expect(new Set(fields)).toEqual(new Set(['csv']));
    }
  });

  it('is FORBIDDEN without employee:import and keeps tenants apart', async () => {
    const before = await tableCounts();
    for (const role of ['manager', 'employee', 'viewer']) {
      expect(
        codeOf(
          await importCsv(
            [HEADER, 'A,B,ab@acme.test,2024-01-02,Sales,,,'].join('\n'),
            false,
            identityFor(ACME, [role]),
          ),
        ),
      ).toBe('FORBIDDEN');
    }
    // Globex cannot reference Acme's departments or managers: they are simply unknown there.
    const res = await importCsv(
      'firstName,lastName,workEmail,hireDate,department,managerEmail\nA,B,ab@globex.test,2024-01-02,Sales,bob@acme.test',
      false,
      globexAdmin,
    );
    expect(res.data!.importEmployees.errors.map((e) => e.field)).toEqual(['department', 'managerEmail']);
    expect(await tableCounts()).toEqual(before);
  });
});

describe('exportEmployeeData and eraseEmployee', () => {
  const EXPORT = /* GraphQL */ `query ($id: ID!) { exportEmployeeData(id: $id) }`;
  const ERASE = /* GraphQL */ `mutation ($id: ID!) { eraseEmployee(id: $id) { id firstName lastName workEmail phone erasedAt employeeNumber status history { kind reason } } }`;
  // ann is exported, ed erased: neither test changes what the other reads.
  let ann: { id: string; employeeNumber: string };
  let ed: { id: string; employeeNumber: string };

  // Their own employees (not the import tests'), so these tests pass alone and in any order.
  beforeAll(async () => {
    const imported = await importCsv(
      [
        HEADER,
        'Eve,Export,eve@acme.test,2024-01-02,Engineering,carl@acme.test,123-45-0001,',
        'Carl,Colleague,carl@acme.test,2023-01-02,Engineering,,,',
        'Ed,Erase,ed@acme.test,2024-01-02,Engineering,carl@acme.test,123-45-0003,',
      ].join('\n'),
    );
    expect(imported.data!.importEmployees.created).toBe(3);
    const [row] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.employees).where(eq(tables.employees.workEmail, 'eve@acme.test')),
    );
    ann = { id: row!.id, employeeNumber: row!.employeeNumber };
    const [erasable] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.employees).where(eq(tables.employees.workEmail, 'ed@acme.test')),
    );
    ed = { id: erasable!.id, employeeNumber: erasable!.employeeNumber };
  });

  it('exports everything held about the person, decrypted, and audits it', async () => {
    const res = await people.call<{
      exportEmployeeData: { employee: Record<string, unknown>; history: unknown[]; skills: unknown };
    }>(EXPORT, { id: ann.id }, hr);
    expect(res.errors).toBeUndefined();
    const data = res.data!.exportEmployeeData;
    expect(data.employee).toMatchObject({
      id: ann.id,
      workEmail: 'eve@acme.test',
      nationalId: '123-45-0001',
    });
    expect(data.employee.nationalIdEnc).toBeUndefined();
    expect(data.history).toHaveLength(1);
    expect(Array.isArray(data.skills)).toBe(true);
    const [audit] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.auditLog).orderBy(desc(tables.auditLog.at)).limit(1),
    );
    expect(audit).toMatchObject({ action: 'employee.export', entityId: ann.id });
    // An employee may export their own data, not a colleague's.
    const self = identityFor(ACME, ['employee'], { employeeId: ann.id });
    expect((await people.call(EXPORT, { id: ann.id }, self)).errors).toBeUndefined();
    const other = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.employees).where(eq(tables.employees.workEmail, 'carl@acme.test')),
    );
    expect(codeOf(await people.call(EXPORT, { id: other[0]!.id }, self))).toBe('FORBIDDEN');
    expect(codeOf(await people.call(EXPORT, { id: ann.id }, identityFor(ACME, ['viewer'])))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await people.call(EXPORT, { id: ann.id }, globexAdmin))).toBe('NOT_FOUND');
    expect(codeOf(await people.call(EXPORT, { id: 'nope' }, hr))).toBe('BAD_USER_INPUT');
  });

  it('refuses to erase an active employee (CONFLICT), a bad id, a forbidden caller or another tenant', async () => {
    const before = await tableCounts();
    expect(codeOf(await people.call(ERASE, { id: ed.id }, hr))).toBe('CONFLICT');
    expect(codeOf(await people.call(ERASE, { id: 'nope' }, hr))).toBe('BAD_USER_INPUT');
    expect(codeOf(await people.call(ERASE, { id: ed.id }, identityFor(ACME, ['manager'])))).toBe('FORBIDDEN');
    expect(codeOf(await people.call(ERASE, { id: ed.id }, globexAdmin))).toBe('NOT_FOUND');
    expect(await tableCounts()).toEqual(before);
  });

  it('pseudonymises a terminated employee, keeps the structure, and emits employee.erased', async () => {
    const term = await people.call(
      /* GraphQL */ `mutation ($id: ID!) { terminateEmployee(id: $id, input: { terminationDate: "2024-06-30", reason: "Personal reasons: moving to Lisbon" }) { id } }`,
      { id: ed.id },
      hr,
    );
    expect(term.errors).toBeUndefined();
    const res = await people.call<{
      eraseEmployee: Record<string, unknown>;
    }>(ERASE, { id: ed.id }, hr);
    expect(res.errors).toBeUndefined();
    expect(res.data!.eraseEmployee).toMatchObject({
      firstName: 'Erased',
      lastName: ed.employeeNumber,
      workEmail: `erased+${ed.id}@erased.invalid`,
      phone: null,
      employeeNumber: ed.employeeNumber,
      status: 'TERMINATED',
      history: [
        { kind: 'HIRE', reason: null },
        { kind: 'TERMINATION', reason: null },
      ],
    });
    const [row] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.employees).where(eq(tables.employees.id, ed.id)),
    );
    expect(row!.nationalIdEnc).toBeNull();
    expect(row!.customFields).toEqual({});
    // Nothing personal survives anywhere in the people schema.
    const dump = await withTenant(db, { tenantId: ACME }, async (tx) =>
      JSON.stringify([
        await tx.select().from(tables.auditLog).where(eq(tables.auditLog.entityId, ed.id)),
        await tx.select().from(tables.employeeHistory).where(eq(tables.employeeHistory.employeeId, ed.id)),
      ]),
    );
    expect(dump).not.toContain('ed@acme.test');
    expect(dump).not.toContain('Lisbon');
    const [event] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.outbox).orderBy(desc(tables.outbox.seq)).limit(1),
    );
    expect(event).toMatchObject({
      type: 'people.employee.erased',
      data: { id: ed.id, firstName: 'Erased' },
    });
    expect(codeOf(await people.call(ERASE, { id: ed.id }, hr))).toBe('CONFLICT');
  });
});

describe('eraseEmployee: dependants and department heads', () => {
  const ERASE = /* GraphQL */ `mutation ($id: ID!) { eraseEmployee(id: $id) { id erasedAt } }`;
  const dependants = [
    { name: 'Maria Dias', relationship: 'SPOUSE', dateOfBirth: '1988-04-02' },
    { name: 'Tomás Dias', relationship: 'CHILD', dateOfBirth: '2016-09-12' },
  ];

  /** A hired employee with one enrollment (two dependants), heading a department (legacy data). */
  async function setUp(email: string) {
    const hired = await people.call<{ hireEmployee: { id: string; department: { id: string } } }>(
      /* GraphQL */ `mutation ($e: String!) { hireEmployee(input: { firstName: "Rui", lastName: "Dias", workEmail: $e, hireDate: "2020-01-06", departmentId: "${await deptId('Engineering')}" }) { id department { id } } }`,
      { e: email },
      hr,
    );
    const id = hired.data!.hireEmployee.id;
    return withTenant(db, { tenantId: ACME }, async (tx) => {
      const [plan] = await tx
        .insert(tables.benefitPlans)
        .values({
          tenantId: ACME,
          name: `Health ${newId()}`,
          type: 'HEALTH',
          provider: 'Medis',
          currency: 'EUR',
          employeeCost: '40.00',
          employerCost: '120.50',
          eligibleEmploymentTypes: ['FULL_TIME'],
        })
        .returning();
      const [enrollment] = await tx
        .insert(tables.benefitEnrollments)
        .values({
          tenantId: ACME,
          employeeId: id,
          planId: plan!.id,
          planType: 'HEALTH',
          coverageStart: '2020-02-01',
          coverageEnd: '2024-06-30',
          dependants,
        })
        .returning();
      return { id, enrollmentId: enrollment!.id };
    });
  }

  async function deptId(name: string) {
    const [d] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.departments).where(eq(tables.departments.name, name)),
    );
    return d!.id;
  }

  const enrollment = (id: string) =>
    withTenant(db, { tenantId: ACME }, async (tx) => {
      const [row] = await tx
        .select()
        .from(tables.benefitEnrollments)
        .where(eq(tables.benefitEnrollments.id, id));
      return row!;
    });

  it('keeps dependants untouched when the erasure is refused', async () => {
    const { id, enrollmentId } = await setUp('rui.active@acme.test');
    const before = await tableCounts();
    expect(codeOf(await people.call(ERASE, { id }, hr))).toBe('CONFLICT'); // still active
    expect(codeOf(await people.call(ERASE, { id }, identityFor(ACME, ['manager'])))).toBe('FORBIDDEN');
    expect(codeOf(await people.call(ERASE, { id }, globexAdmin))).toBe('NOT_FOUND');
    expect((await enrollment(enrollmentId)).dependants).toEqual(dependants);
    expect(await tableCounts()).toEqual(before);
  });

  it('pseudonymises dependants but keeps the enrollment, its dates and costs', async () => {
    const { id, enrollmentId } = await setUp('rui.leaver@acme.test');
    const before = await enrollment(enrollmentId);
    const term = await people.call(
      /* GraphQL */ `mutation ($id: ID!) { terminateEmployee(id: $id, input: { terminationDate: "2024-06-30", reason: "Resigned" }) { id } }`,
      { id },
      hr,
    );
    expect(term.errors).toBeUndefined();
    // Legacy data: a department still headed by the leaver (the API no longer allows this).
    const sales = await deptId('Sales');
    await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.update(tables.departments).set({ headEmployeeId: id }).where(eq(tables.departments.id, sales)),
    );
    const res = await people.call(ERASE, { id }, hr);
    expect(res.errors).toBeUndefined();
    const after = await enrollment(enrollmentId);
    expect(after).toMatchObject({
      employeeId: id,
      planId: before.planId,
      planType: 'HEALTH',
      coverageStart: '2020-02-01',
      coverageEnd: '2024-06-30',
    });
    expect(after.dependants).toEqual([
      { name: 'Erased dependant', relationship: 'SPOUSE', dateOfBirth: null },
      { name: 'Erased dependant', relationship: 'CHILD', dateOfBirth: null },
    ]);
    expect(JSON.stringify(after)).not.toMatch(/Maria|Tomás|1988-04-02|2016-09-12/);
    const [plan] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.benefitPlans).where(eq(tables.benefitPlans.id, before.planId)),
    );
    expect(plan).toMatchObject({ employeeCost: '40.00', employerCost: '120.50' });
    // The erased leaver no longer heads a department; the change is an event and an audit record.
    const [dept] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.departments).where(eq(tables.departments.id, sales)),
    );
    expect(dept!.headEmployeeId).toBeNull();
    const events = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.outbox).where(eq(tables.outbox.aggregateId, sales)).orderBy(tables.outbox.seq),
    );
    expect(events.at(-1)).toMatchObject({
      type: 'people.department.updated',
      data: { id: sales, name: 'Sales' },
    });
  });
});
