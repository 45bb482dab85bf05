import { type Database, schema, withTenant } from '@wg/db';
import { createTestDatabase, identityFor, newId, startTestSubgraph } from '@wg/runtime/testing';
import { count, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peopleSubgraph } from '../index';

const ACME = newId();
const GLOBEX = newId();
const hr = identityFor(ACME, ['hr_manager']);
const globexAdmin = identityFor(GLOBEX, ['admin']);

let db: Database & { drop(): Promise<void> };
let people: Awaited<ReturnType<typeof startTestSubgraph>>;
let eng: string;
let sales: string;
let globexDept: string;
let positionId: string;

type Res = Awaited<ReturnType<typeof people.call>>;
const codeOf = (r: Res) => r.errors?.[0]?.extensions?.code;
const fieldsOf = (r: Res) =>
  ((r.errors?.[0]?.extensions?.fields ?? []) as { field: string }[]).map((f) => f.field).sort();

async function counts(tenantId = ACME) {
  return withTenant(db, { tenantId }, async (tx) => [
    (await tx.select({ n: count() }).from(schema.people.employeeHistory))[0]!.n,
    (await tx.select({ n: count() }).from(schema.people.outbox))[0]!.n,
    (await tx.select({ n: count() }).from(schema.people.auditLog))[0]!.n,
  ]);
}

async function hire(input: Record<string, unknown> = {}, who = hr) {
  const res = await people.call<{ hireEmployee: { id: string } }>(
    /* GraphQL */ `mutation ($input: CreateEmployeeInput!) { hireEmployee(input: $input) { id } }`,
    {
      input: {
        firstName: 'Kim',
        lastName: 'Lee',
        workEmail: `kim.${newId().slice(-8)}@acme.test`,
        hireDate: '2022-01-10',
        departmentId: eng,
        ...input,
      },
    },
    who,
  );
  if (!res.data?.hireEmployee) throw new Error(JSON.stringify(res.errors));
  return res.data.hireEmployee.id;
}

const SELECTION =
  'id status hireDate terminationDate terminationReason jobTitle department { id } manager { id } history { kind effectiveDate before after reason }';
const call = (name: string, id: string, input: Record<string, unknown>, who = hr) =>
  people.call<Record<string, Record<string, unknown>>>(
    `mutation ($id: ID!, $input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(id: $id, input: $input) { ${SELECTION} } }`,
    { id, input },
    who,
  );

async function lastEvent(id: string) {
  const [e] = await withTenant(db, { tenantId: ACME }, (tx) =>
    tx
      .select()
      .from(schema.people.outbox)
      .where(eq(schema.people.outbox.aggregateId, id))
      .orderBy(desc(schema.people.outbox.seq))
      .limit(1),
  );
  return e!;
}

beforeAll(async () => {
  db = await createTestDatabase();
  people = await startTestSubgraph(peopleSubgraph, db);
  const dept = async (name: string, who = hr) =>
    (
      await people.call<{ createDepartment: { id: string } }>(
        /* GraphQL */ `mutation ($n: String!) { createDepartment(input: { name: $n }) { id } }`,
        { n: name },
        who,
      )
    ).data!.createDepartment.id;
  eng = await dept('Engineering');
  sales = await dept('Sales');
  globexDept = await dept('Globex', globexAdmin);
  const [pos] = await withTenant(db, { tenantId: ACME }, (tx) =>
    tx
      .insert(schema.people.positions)
      .values({ tenantId: ACME, title: 'Staff Engineer', departmentId: eng })
      .returning(),
  );
  positionId = pos!.id;
});

afterAll(async () => {
  await people?.stop();
  await db?.drop();
});

/**
 * Each lifecycle mutation: how to get an employee into the right state, a valid input, the
 * expected result, a bad input with the fields it must name, and the permission it needs.
 */
const cases: {
  name: string;
  prepare: () => Promise<string>;
  valid: () => Record<string, unknown>;
  expectResult: (r: Record<string, unknown>) => void;
  event: string;
  kind: string;
  bad: Record<string, unknown>;
  badFields: string[];
}[] = [
  {
    name: 'transferEmployee',
    prepare: () => hire(),
    valid: () => ({ departmentId: sales, effectiveDate: '2023-01-01', reason: 'Reorg' }),
    expectResult: (r) => expect(r.department).toEqual({ id: sales }),
    event: 'people.employee.transferred',
    kind: 'TRANSFER',
    bad: { departmentId: 'nope', managerId: newId(), effectiveDate: '2021-01-01' },
    badFields: ['input.departmentId', 'input.effectiveDate', 'input.managerId'],
  },
  {
    name: 'promoteEmployee',
    prepare: () => hire(),
    valid: () => ({ positionId, effectiveDate: '2023-06-01' }),
    expectResult: (r) => expect(r.jobTitle).toBe('Staff Engineer'),
    event: 'people.employee.promoted',
    kind: 'PROMOTION',
    bad: { positionId: newId(), effectiveDate: '2023-02-30' },
    badFields: ['input.effectiveDate', 'input.positionId'],
  },
  {
    name: 'startLeave',
    prepare: () => hire(),
    valid: () => ({ effectiveDate: '2023-03-01', reason: 'Parental leave' }),
    expectResult: (r) => expect(r.status).toBe('ON_LEAVE'),
    event: 'people.employee.leave_started',
    kind: 'LEAVE',
    bad: { effectiveDate: '2020-01-01', reason: 'x'.repeat(1001) },
    badFields: ['input.effectiveDate', 'input.reason'],
  },
  {
    name: 'returnFromLeave',
    prepare: async () => {
      const id = await hire();
      await call('startLeave', id, { effectiveDate: '2023-03-01' });
      return id;
    },
    valid: () => ({ effectiveDate: '2023-09-01' }),
    expectResult: (r) => expect(r.status).toBe('ACTIVE'),
    event: 'people.employee.returned',
    kind: 'RETURN',
    bad: { effectiveDate: 'soon' },
    badFields: ['input.effectiveDate'],
  },
  {
    name: 'terminateEmployee',
    prepare: () => hire(),
    valid: () => ({ terminationDate: '2024-05-31', reason: 'Resigned' }),
    expectResult: (r) =>
      expect(r).toMatchObject({
        status: 'TERMINATED',
        terminationDate: '2024-05-31',
        terminationReason: 'Resigned',
      }),
    event: 'people.employee.terminated',
    kind: 'TERMINATION',
    // A termination date before the hire date is rejected.
    bad: { terminationDate: '2021-12-31', reason: ' ' },
    badFields: ['input.reason', 'input.terminationDate'],
  },
  {
    name: 'rehireEmployee',
    prepare: async () => {
      const id = await hire();
      await call('terminateEmployee', id, { terminationDate: '2023-01-31', reason: 'Contract ended' });
      return id;
    },
    valid: () => ({ hireDate: '2024-02-01', departmentId: sales }),
    expectResult: (r) =>
      expect(r).toMatchObject({
        status: 'ACTIVE',
        hireDate: '2024-02-01',
        terminationDate: null,
        department: { id: sales },
      }),
    event: 'people.employee.rehired',
    kind: 'REHIRE',
    // A getter: the department ids exist only once beforeAll ran.
    get bad() {
      return { hireDate: '2023-01-15', departmentId: globexDept };
    },
    badFields: ['input.departmentId', 'input.hireDate'],
  },
];

describe.each(cases)('$name', (c) => {
  it('applies the change, records history and emits the full snapshot + change', async () => {
    const id = await c.prepare();
    const res = await call(c.name, id, c.valid());
    expect(res.errors).toBeUndefined();
    const r = res.data![c.name]!;
    c.expectResult(r);
    const history = r.history as { kind: string; effectiveDate: string; before: unknown; after: unknown }[];
    expect(history.at(-1)).toMatchObject({ kind: c.kind });
    const event = await lastEvent(id);
    expect(event.type).toBe(c.event);
    expect(event.data).toMatchObject({
      id,
      firstName: 'Kim',
      workEmail: expect.stringContaining('@acme.test'),
      status: r.status,
      departmentId: (r.department as { id: string }).id,
      change: { kind: c.kind, effectiveDate: history.at(-1)!.effectiveDate },
    });
  });

  it('names every bad field and writes nothing', async () => {
    const id = await c.prepare();
    const before = await counts();
    const res = await call(c.name, id, c.bad);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual(c.badFields);
    expect(await counts()).toEqual(before);
  });

  it('is FORBIDDEN for managers and employees', async () => {
    const id = await c.prepare();
    const before = await counts();
    for (const role of ['manager', 'employee', 'viewer']) {
      expect(codeOf(await call(c.name, id, c.valid(), identityFor(ACME, [role], { employeeId: id })))).toBe(
        'FORBIDDEN',
      );
    }
    expect(await counts()).toEqual(before);
  });

  it("is NOT_FOUND for another tenant's employee", async () => {
    const id = await c.prepare();
    const before = await counts();
    expect(codeOf(await call(c.name, id, c.valid(), globexAdmin))).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
  });
});

describe('lifecycle rules', () => {
  it('rejects a manager cycle', async () => {
    const a = await hire();
    const b = await hire({ managerId: a });
    const c = await hire({ managerId: b });
    const before = await counts();
    const res = await call('transferEmployee', a, { managerId: c, effectiveDate: '2023-01-01' });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.managerId', message: 'This manager would create a reporting cycle' }],
    });
    const self = await call('transferEmployee', a, { managerId: a, effectiveDate: '2023-01-01' });
    expect(fieldsOf(self)).toEqual(['input.managerId']);
    expect(await counts()).toEqual(before);
  });

  it("rejects a transfer into another tenant's department, naming the field", async () => {
    const a = await hire();
    const res = await call('transferEmployee', a, { departmentId: globexDept, effectiveDate: '2023-01-01' });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.departmentId', message: 'Unknown department' }],
    });
  });

  it('rejects a termination date before the hire date', async () => {
    const a = await hire({ hireDate: '2023-05-01' });
    const res = await call('terminateEmployee', a, { terminationDate: '2023-04-30', reason: 'x' });
    expect(fieldsOf(res)).toEqual(['input.terminationDate']);
  });

  it('refuses a manager who is not active', async () => {
    const boss = await hire();
    await call('startLeave', boss, { effectiveDate: '2023-01-01' });
    const a = await hire();
    const res = await call('transferEmployee', a, { managerId: boss, effectiveDate: '2023-01-01' });
    expect(res.errors?.[0]?.extensions?.fields).toEqual([
      { field: 'input.managerId', message: 'A manager must be an active employee' },
    ]);
  });

  it('rejects illegal status transitions with CONFLICT', async () => {
    const a = await hire();
    expect(codeOf(await call('returnFromLeave', a, { effectiveDate: '2023-01-01' }))).toBe('CONFLICT');
    expect(codeOf(await call('rehireEmployee', a, { hireDate: '2024-01-01' }))).toBe('CONFLICT');
    await call('terminateEmployee', a, { terminationDate: '2023-01-01', reason: 'x' });
    expect(codeOf(await call('startLeave', a, { effectiveDate: '2023-02-01' }))).toBe('CONFLICT');
    expect(codeOf(await call('terminateEmployee', a, { terminationDate: '2023-02-01', reason: 'x' }))).toBe(
      'CONFLICT',
    );
    expect(
      codeOf(await call('transferEmployee', a, { departmentId: sales, effectiveDate: '2023-02-01' })),
    ).toBe('CONFLICT');
  });

  it('keeps the whole history in effective-date order', async () => {
    const a = await hire();
    await call('transferEmployee', a, { departmentId: sales, effectiveDate: '2022-06-01' });
    await call('promoteEmployee', a, { jobTitle: 'Lead', effectiveDate: '2022-09-01' });
    await call('terminateEmployee', a, { terminationDate: '2023-01-31', reason: 'Moved abroad' });
    const res = await call('rehireEmployee', a, { hireDate: '2024-01-01' });
    const history = res.data!.rehireEmployee!.history as {
      kind: string;
      before: Record<string, unknown>;
      after: Record<string, unknown>;
    }[];
    expect(history.map((h) => h.kind)).toEqual(['HIRE', 'TRANSFER', 'PROMOTION', 'TERMINATION', 'REHIRE']);
    expect(history[1]).toMatchObject({ before: { departmentId: eng }, after: { departmentId: sales } });
  });
});
