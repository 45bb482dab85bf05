import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/people';
import {
  codeOf,
  createTestDatabase,
  fieldsOf,
  identityFor,
  newId,
  startTestSubgraph,
} from '@wg/runtime/testing';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peopleSubgraph } from '../index';

const ACME = newId();
const GLOBEX = newId();
const admin = identityFor(ACME, ['admin']);
const hr = identityFor(ACME, ['hr_manager']);
const globexAdmin = identityFor(GLOBEX, ['admin']);
const viewer = identityFor(ACME, ['viewer']);

let db: Database & { drop(): Promise<void> };
let people: Awaited<ReturnType<typeof startTestSubgraph>>;
let engineeringId: string;
let globexDeptId: string;

const HIRE = /* GraphQL */ `
  mutation ($input: CreateEmployeeInput!) {
    hireEmployee(input: $input) {
      id employeeNumber firstName displayName workEmail hireDate startDate status employmentType
      department { id name } manager { id } customFields
    }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation ($id: ID!, $input: UpdateEmployeeInput!) {
    updateEmployee(id: $id, input: $input) { id firstName phone personalEmail jobTitle }
  }
`;

async function rows(tenantId: string, table: 'employees' | 'audit' | 'outbox' | 'history') {
  const t = {
    employees: tables.employees,
    audit: tables.auditLog,
    outbox: tables.outbox,
    history: tables.employeeHistory,
  }[table];
  const [r] = await withTenant(db, { tenantId }, (tx) => tx.select({ n: count() }).from(t));
  return r?.n ?? 0;
}

/** Row counts of every table a mutation writes: "nothing written" means none of them moved. */
const snapshot = async (tenantId = ACME) =>
  Promise.all((['employees', 'audit', 'outbox', 'history'] as const).map((t) => rows(tenantId, t)));

async function hire(input: Record<string, unknown> = {}, who = admin) {
  const res = await people.call<{ hireEmployee: { id: string; employeeNumber: string } }>(
    HIRE,
    { input: { ...validInput(), ...input } },
    who,
  );
  if (!res.data?.hireEmployee) throw new Error(JSON.stringify(res.errors));
  return res.data.hireEmployee;
}

const validInput = () => ({
  firstName: 'Ada',
  lastName: 'Lovelace',
  workEmail: `ada.${newId().slice(-8)}@acme.test`,
  hireDate: '2024-03-01',
  departmentId: engineeringId,
});

beforeAll(async () => {
  db = await createTestDatabase();
  people = await startTestSubgraph(peopleSubgraph, db);
  const mk = async (name: string, who = admin) =>
    (
      await people.call<{ createDepartment: { id: string } }>(
        /* GraphQL */ `mutation ($n: String!) { createDepartment(input: { name: $n }) { id } }`,
        { n: name },
        who,
      )
    ).data!.createDepartment.id;
  engineeringId = await mk('Engineering');
  globexDeptId = await mk('Globex Ops', globexAdmin);
});

afterAll(async () => {
  await people?.stop();
  await db?.drop();
});

describe('hireEmployee', () => {
  it('creates a full record with a per-tenant employee number, history, event and audit', async () => {
    const boss = await hire({ firstName: 'Grace', lastName: 'Hopper' });
    expect(boss.employeeNumber).toMatch(/^EMP-\d{6}$/);
    const res = await people.call<{ hireEmployee: Record<string, unknown> & { id: string } }>(
      HIRE,
      {
        input: {
          ...validInput(),
          workEmail: 'Linus@ACME.test',
          preferredName: 'Lin',
          startDate: '2024-03-04',
          employmentType: 'PART_TIME',
          managerId: boss.id,
          personalEmail: 'linus@home.test',
          phone: '+44 20 7946 0000',
          dateOfBirth: '1990-05-01',
          workLocation: 'London',
          avatarUrl: 'https://cdn.example/l.png',
        },
      },
      admin,
    );
    expect(res.errors).toBeUndefined();
    const e = res.data!.hireEmployee;
    expect(e).toMatchObject({
      displayName: 'Lin Lovelace',
      workEmail: 'linus@acme.test',
      startDate: '2024-03-04',
      status: 'ACTIVE',
      employmentType: 'PART_TIME',
      department: { id: engineeringId, name: 'Engineering' },
      manager: { id: boss.id },
      customFields: {},
    });
    // Numbers are consecutive within the tenant and never reused.
    const n = (s: unknown) => Number(String(s).slice(4));
    expect(n(e.employeeNumber)).toBe(n(boss.employeeNumber) + 1);
    // A tenant of its own: other tests here hire into Globex too, in any order.
    const freshAdmin = identityFor(newId(), ['admin']);
    const freshDept = await people.call<{ createDepartment: { id: string } }>(
      /* GraphQL */ `mutation { createDepartment(input: { name: "Ops" }) { id } }`,
      {},
      freshAdmin,
    );
    const freshFirst = await people.call<{ hireEmployee: { employeeNumber: string } }>(
      HIRE,
      { input: { ...validInput(), departmentId: freshDept.data!.createDepartment.id } },
      freshAdmin,
    );
    expect(freshFirst.data!.hireEmployee.employeeNumber).toBe('EMP-000001');

    const [event] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.outbox).where(eq(tables.outbox.aggregateId, e.id)),
    );
    expect(event).toMatchObject({
      type: 'people.employee.hired',
      data: { id: e.id, workEmail: 'linus@acme.test', status: 'ACTIVE', change: { kind: 'HIRE' } },
    });
    const [audit] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.auditLog).where(eq(tables.auditLog.entityId, e.id)),
    );
    // Audit rows carry no personal values, only which personal fields changed.
    expect(JSON.stringify(audit!.after)).not.toContain('linus@');
    expect((audit!.after as { personalFieldsChanged: string[] }).personalFieldsChanged).toContain(
      'workEmail',
    );
  });

  it('names every bad field and writes nothing', async () => {
    const before = await snapshot();
    const res = await people.call(
      HIRE,
      {
        input: {
          firstName: '  ',
          lastName: 'X',
          workEmail: 'not-an-email',
          hireDate: '2024-02-30',
          departmentId: newId(),
          managerId: newId(),
          positionId: newId(),
          phone: 'call me',
          avatarUrl: 'javascript:alert(1)',
          nationalId: '1',
        },
      },
      admin,
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual([
      'input.avatarUrl',
      'input.departmentId',
      'input.firstName',
      'input.hireDate',
      'input.managerId',
      'input.nationalId',
      'input.phone',
      'input.positionId',
      'input.workEmail',
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('rejects a start date before the hire date and a duplicate work email', async () => {
    const taken = await hire();
    const before = await snapshot();
    const email = (
      await people.call<{ employee: { workEmail: string } }>(
        /* GraphQL */ `query ($id: ID!) { employee(id: $id) { workEmail } }`,
        { id: taken.id },
        admin,
      )
    ).data!.employee.workEmail;
    const res = await people.call(
      HIRE,
      { input: { ...validInput(), workEmail: email.toUpperCase(), startDate: '2024-01-01' } },
      admin,
    );
    expect(fieldsOf(res)).toEqual(['input.startDate', 'input.workEmail']);
    expect(await snapshot()).toEqual(before);
  });

  it('rejects an inactive manager and another tenant’s department or manager', async () => {
    const globexPerson = await people.call<{ hireEmployee: { id: string } }>(
      HIRE,
      { input: { ...validInput(), departmentId: globexDeptId } },
      globexAdmin,
    );
    const before = await snapshot();
    const res = await people.call(
      HIRE,
      {
        input: { ...validInput(), departmentId: globexDeptId, managerId: globexPerson.data!.hireEmployee.id },
      },
      admin,
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: expect.arrayContaining([
        { field: 'input.departmentId', message: 'Unknown department' },
        { field: 'input.managerId', message: 'Unknown employee' },
      ]),
    });
    expect(await snapshot()).toEqual(before);
  });

  it('is FORBIDDEN without employee:create (viewer, employee, manager) and UNAUTHENTICATED anonymously', async () => {
    const before = await snapshot();
    for (const role of ['viewer', 'employee', 'manager']) {
      const res = await people.call(HIRE, { input: validInput() }, identityFor(ACME, [role]));
      expect(codeOf(res)).toBe('FORBIDDEN');
    }
    expect(codeOf(await people.call(HIRE, { input: validInput() }))).toBe('UNAUTHENTICATED');
    expect(await snapshot()).toEqual(before);
  });

  it('keeps createEmployee as a deprecated alias', async () => {
    const res = await people.call<{ createEmployee: { id: string } }>(
      /* GraphQL */ `mutation ($input: CreateEmployeeInput!) { createEmployee(input: $input) { id } }`,
      { input: validInput() },
      hr,
    );
    expect(res.errors).toBeUndefined();
  });
});

describe('custom fields', () => {
  const DEFINE = /* GraphQL */ `
    mutation ($input: DefineEmployeeCustomFieldInput!) { defineEmployeeCustomField(input: $input) { key type options } }
  `;
  it('defines fields and validates values against them', async () => {
    const T = newId();
    const t = identityFor(T, ['admin']);
    const dept = (
      await people.call<{ createDepartment: { id: string } }>(
        /* GraphQL */ `mutation { createDepartment(input: { name: "D" }) { id } }`,
        {},
        t,
      )
    ).data!.createDepartment.id;
    const ok = await people.call(
      DEFINE,
      { input: { key: 'shirtSize', label: 'Shirt size', type: 'SELECT', options: ['S', 'M', 'L'] } },
      t,
    );
    expect(ok.errors).toBeUndefined();
    await people.call(
      DEFINE,
      { input: { key: 'badge', label: 'Badge no.', type: 'NUMBER', required: true } },
      t,
    );
    const bad = await people.call(
      HIRE,
      { input: { ...validInput(), departmentId: dept, customFields: { shirtSize: 'XXL', unknown: 1 } } },
      t,
    );
    expect(fieldsOf(bad)).toEqual([
      'input.customFields.badge',
      'input.customFields.shirtSize',
      'input.customFields.unknown',
    ]);
    const good = await people.call<{ hireEmployee: { customFields: unknown } }>(
      HIRE,
      { input: { ...validInput(), departmentId: dept, customFields: { shirtSize: 'M', badge: 42 } } },
      t,
    );
    expect(good.data!.hireEmployee.customFields).toEqual({ shirtSize: 'M', badge: 42 });
    // bad definition, duplicate key, forbidden
    const invalid = await people.call(DEFINE, { input: { key: '9x', label: '', type: 'SELECT' } }, t);
    expect(fieldsOf(invalid)).toEqual(['input.key', 'input.label', 'input.options']);
    const dup = await people.call(DEFINE, { input: { key: 'badge', label: 'Again', type: 'STRING' } }, t);
    expect(fieldsOf(dup)).toEqual(['input.key']);
    const denied = await people.call(
      DEFINE,
      { input: { key: 'x', label: 'X', type: 'STRING' } },
      identityFor(T, ['manager']),
    );
    expect(codeOf(denied)).toBe('FORBIDDEN');
  });
});

describe('sensitive fields', () => {
  const READ = /* GraphQL */ `query ($id: ID!) { employee(id: $id) { nationalId bankAccount emergencyContact { name relationship phone } } }`;
  let id: string;
  beforeAll(async () => {
    const res = await people.call<{ hireEmployee: { id: string } }>(
      /* GraphQL */ `mutation ($input: CreateEmployeeInput!) { hireEmployee(input: $input) { id } }`,
      {
        input: {
          ...validInput(),
          nationalId: '123-45-6789',
          bankAccount: 'GB29 NWBK 6016 1331 9268 19',
          emergencyContact: { name: 'Mary Shelley', relationship: 'Friend', phone: '+44 7700 900123' },
        },
      },
      admin,
    );
    id = res.data!.hireEmployee.id;
  });

  it('stores ciphertext, never the plaintext', async () => {
    const [row] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.employees).where(eq(tables.employees.id, id)),
    );
    expect(row!.nationalIdEnc).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain('6789');
    expect(JSON.stringify(row)).not.toContain('Mary');
  });

  it('shows plaintext to employee_sensitive:read holders and audits each read', async () => {
    const auditReads = async () => {
      const [r] = await withTenant(db, { tenantId: ACME }, (tx) =>
        tx
          .select({ n: count() })
          .from(tables.auditLog)
          .where(
            and(eq(tables.auditLog.entityId, id), eq(tables.auditLog.action, 'employee.sensitive_read')),
          ),
      );
      return r!.n;
    };
    const before = await auditReads();
    const res = await people.call<{ employee: Record<string, unknown> }>(READ, { id }, hr);
    expect(res.data!.employee).toEqual({
      nationalId: '123-45-6789',
      bankAccount: 'GB29 NWBK 6016 1331 9268 19',
      emergencyContact: { name: 'Mary Shelley', relationship: 'Friend', phone: '+44 7700 900123' },
    });
    expect(await auditReads()).toBe(before + 3);
  });

  it('masks them for everyone else, without an audit record', async () => {
    const before = await rows(ACME, 'audit');
    const res = await people.call<{ employee: Record<string, unknown> }>(READ, { id }, viewer);
    expect(res.data!.employee).toEqual({
      nationalId: '***-**-6789',
      bankAccount: '****6819',
      emergencyContact: { name: '***', relationship: null, phone: '***23' },
    });
    expect(await rows(ACME, 'audit')).toBe(before);
  });

  it('says in the schema who may see them', async () => {
    const res = await people.call<{ __type: { fields: { name: string; description: string }[] } }>(
      /* GraphQL */ `{ __type(name: "Employee") { fields { name description } } }`,
      {},
      admin,
    );
    const field = res.data!.__type.fields.find((f) => f.name === 'nationalId')!;
    expect(field.description).toContain('Requires `employee_sensitive:read` (others see a masked value)');
  });
});

describe('updateEmployee', () => {
  it('lets HR change record fields and writes an audit record', async () => {
    const e = await hire();
    const res = await people.call<{ updateEmployee: Record<string, unknown> }>(
      UPDATE,
      { id: e.id, input: { firstName: 'Augusta', phone: '+1 555 0100', jobTitle: 'Analyst' } },
      hr,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateEmployee).toMatchObject({
      firstName: 'Augusta',
      phone: '+1 555 0100',
      jobTitle: 'Analyst',
    });
  });

  it('lets an employee update their own contact details only', async () => {
    const e = await hire();
    const self = identityFor(ACME, ['employee'], { employeeId: e.id });
    const ok = await people.call<{ updateEmployee: Record<string, unknown> }>(
      UPDATE,
      { id: e.id, input: { phone: '+1 555 0199', personalEmail: 'me@home.test' } },
      self,
    );
    expect(ok.data!.updateEmployee).toMatchObject({ phone: '+1 555 0199', personalEmail: 'me@home.test' });
    const other = await hire();
    const before = await snapshot();
    expect(codeOf(await people.call(UPDATE, { id: e.id, input: { jobTitle: 'CEO' } }, self))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await people.call(UPDATE, { id: other.id, input: { phone: '+1 555 0000' } }, self))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await people.call(UPDATE, { id: e.id, input: { phone: '+1 555 0000' } }, viewer))).toBe(
      'FORBIDDEN',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('names bad fields, writes nothing, and hides other tenants (NOT_FOUND)', async () => {
    const e = await hire();
    const before = await snapshot();
    const bad = await people.call(
      UPDATE,
      { id: e.id, input: { firstName: '', workEmail: 'nope', dateOfBirth: '2030-01-01' } },
      hr,
    );
    expect(fieldsOf(bad)).toEqual(['input.dateOfBirth', 'input.firstName', 'input.workEmail']);
    expect(
      codeOf(await people.call(UPDATE, { id: e.id, input: { phone: '+1 555 0100' } }, globexAdmin)),
    ).toBe('NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });
});

describe('reads and field visibility', () => {
  const READ = /* GraphQL */ `query ($id: ID!) { employee(id: $id) {
    id firstName lastName displayName workEmail jobTitle department { name } manager { id }
    employeeNumber hireDate status phone personalEmail dateOfBirth employmentType history { kind } auditTrail(first: 5) { totalCount edges { node { action } } }
  } }`;

  it('shows colleagues only directory fields to an employee, and their own record in full', async () => {
    const boss = await hire({ phone: '+1 555 0101' });
    const me = await hire({ managerId: boss.id, phone: '+1 555 0102' });
    const self = identityFor(ACME, ['employee'], { employeeId: me.id });
    const colleague = await people.call<{ employee: Record<string, unknown> }>(READ, { id: boss.id }, self);
    expect(colleague.errors).toBeUndefined();
    expect(colleague.data!.employee).toMatchObject({
      id: boss.id,
      firstName: 'Ada',
      department: { name: 'Engineering' },
      employeeNumber: null,
      hireDate: null,
      status: null,
      phone: null,
      history: null,
      auditTrail: null,
    });
    const own = await people.call<{ employee: Record<string, unknown> }>(READ, { id: me.id }, self);
    expect(own.data!.employee).toMatchObject({
      phone: '+1 555 0102',
      status: 'ACTIVE',
      history: [{ kind: 'HIRE' }],
    });
    // auditTrail needs employee:read at scope all.
    expect(own.data!.employee.auditTrail).toBeNull();
    // A manager reads their whole reporting line in full.
    const mgr = identityFor(ACME, ['manager'], { employeeId: boss.id });
    const report = await people.call<{ employee: Record<string, unknown> }>(READ, { id: me.id }, mgr);
    expect(report.data!.employee).toMatchObject({ phone: '+1 555 0102', status: 'ACTIVE' });
    const full = await people.call<{ employee: Record<string, unknown> }>(READ, { id: me.id }, admin);
    const trail = full.data!.employee.auditTrail as { totalCount: number; edges: unknown[] };
    expect(trail.totalCount).toBeGreaterThan(0);
    expect(trail.edges.length).toBe(Math.min(trail.totalCount, 5));
  });

  it('never shows another tenant an employee', async () => {
    const e = await hire();
    const one = await people.call<{ employee: unknown }>(
      /* GraphQL */ `query ($id: ID!) { employee(id: $id) { id } }`,
      { id: e.id },
      globexAdmin,
    );
    expect(one.data?.employee).toBeNull();
    const entities = await people.call<{ _entities: unknown[] }>(
      /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { id firstName } } }`,
      { r: [{ __typename: 'Employee', id: e.id }] },
      globexAdmin,
    );
    expect(entities.data?._entities).toEqual([null]);
  });
});
