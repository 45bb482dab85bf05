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
import { count, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peopleSubgraph } from '../index';
import { employmentStints } from './employee.records';

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

async function counts(tenantId = ACME) {
  return withTenant(db, { tenantId }, async (tx) => [
    (await tx.select({ n: count() }).from(tables.employeeHistory))[0]!.n,
    (await tx.select({ n: count() }).from(tables.outbox))[0]!.n,
    (await tx.select({ n: count() }).from(tables.auditLog))[0]!.n,
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
      .from(tables.outbox)
      .where(eq(tables.outbox.aggregateId, id))
      .orderBy(desc(tables.outbox.seq))
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
      .insert(tables.positions)
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

describe('employment stints in the snapshot', () => {
  it('lists every stint, keeps the earlier ones through a rehire and carries type and location', async () => {
    const a = await hire({ hireDate: '2022-01-10', employmentType: 'PART_TIME', workLocation: 'Lisbon' });
    expect((await lastEvent(a)).data).toMatchObject({
      stints: [{ start: '2022-01-10', end: null }],
      employmentType: 'PART_TIME',
      workLocation: 'Lisbon',
    });
    await call('terminateEmployee', a, { terminationDate: '2022-06-30', reason: 'Left' });
    expect((await lastEvent(a)).data).toMatchObject({ stints: [{ start: '2022-01-10', end: '2022-06-30' }] });
    await call('rehireEmployee', a, { hireDate: '2023-03-01', employmentType: 'CONTRACTOR' });
    expect((await lastEvent(a)).data).toMatchObject({
      hireDate: '2023-03-01',
      terminationDate: null,
      stints: [
        { start: '2022-01-10', end: '2022-06-30' },
        { start: '2023-03-01', end: null },
      ],
      employmentType: 'CONTRACTOR',
      workLocation: 'Lisbon',
    });
    await call('terminateEmployee', a, { terminationDate: '2023-12-31', reason: 'Left again' });
    await call('rehireEmployee', a, { hireDate: '2024-05-01' });
    await call('transferEmployee', a, { departmentId: sales, effectiveDate: '2024-06-01' });
    const last = await lastEvent(a);
    expect(last.type).toBe('people.employee.transferred');
    expect((last.data as { stints: unknown }).stints).toEqual([
      { start: '2022-01-10', end: '2022-06-30' },
      { start: '2023-03-01', end: '2023-12-31' },
      { start: '2024-05-01', end: null },
    ]);
  });

  it('keeps the stints on an updateEmployee snapshot (the last one is the current row)', async () => {
    const a = await hire({ hireDate: '2022-01-10' });
    await call('terminateEmployee', a, { terminationDate: '2022-03-31', reason: 'Left' });
    await call('rehireEmployee', a, { hireDate: '2022-09-01' });
    const res = await people.call(
      /* GraphQL */ `mutation ($id: ID!) { updateEmployee(id: $id, input: { workLocation: "Remote" }) { id } }`,
      { id: a },
      hr,
    );
    expect(res.errors).toBeUndefined();
    const e = await lastEvent(a);
    expect(e.type).toBe('people.employee.updated');
    expect(e.data).toMatchObject({
      workLocation: 'Remote',
      employmentType: 'FULL_TIME',
      stints: [
        { start: '2022-01-10', end: '2022-03-31' },
        { start: '2022-09-01', end: null },
      ],
    });
  });
});

describe('correcting the hire date (updateEmployee)', () => {
  const update = (id: string, input: Record<string, unknown>, who = hr) =>
    people.call<{ updateEmployee: { id: string; hireDate: string; startDate: string | null } }>(
      /* GraphQL */ `mutation ($id: ID!, $input: UpdateEmployeeInput!) {
        updateEmployee(id: $id, input: $input) { id hireDate startDate }
      }`,
      { id, input },
      who,
    );

  it('moves the current stint’s start (and a start date equal to it), recorded in the history', async () => {
    const a = await hire({ hireDate: '2022-01-10' });
    const res = await update(a, { hireDate: '2022-02-01' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateEmployee).toMatchObject({ hireDate: '2022-02-01', startDate: '2022-02-01' });
    const e = await lastEvent(a);
    expect(e.type).toBe('people.employee.updated');
    expect(e.data).toMatchObject({ hireDate: '2022-02-01', stints: [{ start: '2022-02-01', end: null }] });
    const history = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.employeeHistory).where(eq(tables.employeeHistory.employeeId, a)),
    );
    expect(history.find((h) => h.kind === 'UPDATE')).toMatchObject({
      effectiveDate: '2022-02-01',
      before: { hireDate: '2022-01-10' },
      after: { hireDate: '2022-02-01' },
    });
    // A later termination and rehire keep the corrected first stint.
    await call('terminateEmployee', a, { terminationDate: '2022-06-30', reason: 'Left' });
    await call('rehireEmployee', a, { hireDate: '2023-01-01' });
    expect((await lastEvent(a)).data).toMatchObject({
      stints: [
        { start: '2022-02-01', end: '2022-06-30' },
        { start: '2023-01-01', end: null },
      ],
    });
    // Corrected after the rehire: only the current stint moves.
    expect((await update(a, { hireDate: '2023-01-16' })).errors).toBeUndefined();
    expect((await lastEvent(a)).data).toMatchObject({
      stints: [
        { start: '2022-02-01', end: '2022-06-30' },
        { start: '2023-01-16', end: null },
      ],
    });
  });

  it('names input.hireDate for a bad correction and writes nothing', async () => {
    const a = await hire({ hireDate: '2022-01-10' });
    await call('terminateEmployee', a, { terminationDate: '2022-06-30', reason: 'Left' });
    const before = await counts();
    for (const hireDate of ['2022-07-01', 'not-a-date', null]) {
      const res = await update(a, { hireDate });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(res)).toEqual(['input.hireDate']);
    }
    await call('rehireEmployee', a, { hireDate: '2023-01-01' });
    const mid = await counts();
    const overlap = await update(a, { hireDate: '2022-06-30' });
    expect(fieldsOf(overlap)).toEqual(['input.hireDate']);
    const b = await hire({ hireDate: '2022-01-10', startDate: '2022-01-20' });
    const afterStart = await counts();
    expect(fieldsOf(await update(b, { hireDate: '2022-01-21' }))).toEqual(['input.hireDate']);
    expect(await counts()).toEqual(afterStart);
    expect(mid[0]).toBe(before[0]! + 1);
  });

  it('is FORBIDDEN for the employee themself, NOT_FOUND across tenants', async () => {
    const a = await hire({ hireDate: '2022-01-10' });
    const before = await counts();
    const self = identityFor(ACME, ['employee'], { employeeId: a });
    expect(codeOf(await update(a, { hireDate: '2022-02-01' }, self))).toBe('FORBIDDEN');
    expect(codeOf(await update(a, { hireDate: '2022-02-01' }, globexAdmin))).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
  });
});

describe('employmentStints', () => {
  it('folds hires, rehires and terminations; the current period comes from the row', () => {
    const marks = [
      { kind: 'HIRE', effectiveDate: '2020-01-01' },
      { kind: 'TRANSFER', effectiveDate: '2020-02-01' },
      { kind: 'TERMINATION', effectiveDate: '2020-12-31' },
      { kind: 'REHIRE', effectiveDate: '2021-06-01' },
    ];
    expect(employmentStints({ hireDate: '2021-06-01', terminationDate: null }, marks)).toEqual([
      { start: '2020-01-01', end: '2020-12-31' },
      { start: '2021-06-01', end: null },
    ]);
    // A correction recorded after the termination moves that stint's start (then a rehire).
    expect(
      employmentStints({ hireDate: '2021-06-01', terminationDate: null }, [
        { kind: 'HIRE', effectiveDate: '2020-01-01' },
        { kind: 'TERMINATION', effectiveDate: '2020-12-31' },
        { kind: 'UPDATE', effectiveDate: '2020-03-01', after: { hireDate: '2020-03-01' } },
        { kind: 'UPDATE', effectiveDate: '2020-01-01', after: { workLocation: 'x' } },
        { kind: 'REHIRE', effectiveDate: '2021-06-01' },
      ]),
    ).toEqual([
      { start: '2020-03-01', end: '2020-12-31' },
      { start: '2021-06-01', end: null },
    ]);
    // No history (an old import): the row is the one stint.
    expect(employmentStints({ hireDate: '2021-06-01', terminationDate: '2021-07-01' })).toEqual([
      { start: '2021-06-01', end: '2021-07-01' },
    ]);
    // A closed period that is not before the current hire date is the current one, from the row.
    expect(
      employmentStints({ hireDate: '2020-01-15', terminationDate: '2020-12-31' }, marks.slice(0, 3)),
    ).toEqual([{ start: '2020-01-15', end: '2020-12-31' }]);
  });
});

describe('approved seats', () => {
  async function position(approvedSeats: number, tenantId = ACME, departmentId = eng) {
    const [pos] = await withTenant(db, { tenantId }, (tx) =>
      tx
        .insert(tables.positions)
        .values({ tenantId, title: `Seat test ${newId().slice(-6)}`, departmentId, approvedSeats })
        .returning(),
    );
    return pos!;
  }
  const positionOf = async (id: string) =>
    (
      await withTenant(db, { tenantId: ACME }, (tx) =>
        tx.select().from(tables.employees).where(eq(tables.employees.id, id)),
      )
    )[0]!.positionId;
  const employeeCount = () =>
    withTenant(
      db,
      { tenantId: ACME },
      async (tx) => (await tx.select({ n: count() }).from(tables.employees))[0]!.n,
    );

  it('fills seats up to approvedSeats (on-leave holders count), then refuses with CONFLICT, writing nothing', async () => {
    const pos = await position(2);
    const a = await hire({ positionId: pos.id });
    await call('startLeave', a, { effectiveDate: '2023-01-01' });
    const b = await hire();
    expect(
      (await call('promoteEmployee', b, { positionId: pos.id, effectiveDate: '2023-02-01' })).errors,
    ).toBe(undefined);
    const c = await hire();
    const before = await counts();
    const full = await call('promoteEmployee', c, { positionId: pos.id, effectiveDate: '2023-02-01' });
    expect(codeOf(full)).toBe('CONFLICT');
    expect(full.errors?.[0]?.message).toContain(pos.title);
    expect(full.errors?.[0]?.message).toContain('2 of 2');
    expect(await positionOf(c)).toBeNull();
    expect(await counts()).toEqual(before);
    // Hiring or rehiring into the full position is refused the same way.
    const staff = await employeeCount();
    expect(
      codeOf(
        await people.call(
          /* GraphQL */ `mutation ($input: CreateEmployeeInput!) { hireEmployee(input: $input) { id } }`,
          {
            input: {
              firstName: 'No',
              lastName: 'Seat',
              workEmail: `noseat.${newId().slice(-8)}@acme.test`,
              hireDate: '2023-01-01',
              departmentId: eng,
              positionId: pos.id,
            },
          },
          hr,
        ),
      ),
    ).toBe('CONFLICT');
    expect(await employeeCount()).toBe(staff);
    await call('terminateEmployee', c, { terminationDate: '2023-03-31', reason: 'Left' });
    const beforeRehire = await counts();
    expect(codeOf(await call('rehireEmployee', c, { hireDate: '2024-01-01', positionId: pos.id }))).toBe(
      'CONFLICT',
    );
    expect(await counts()).toEqual(beforeRehire);
    // A leaver frees the seat.
    await call('terminateEmployee', b, { terminationDate: '2024-01-31', reason: 'Left' });
    const rehired = await call('rehireEmployee', c, { hireDate: '2024-02-01', positionId: pos.id });
    expect(rehired.errors).toBeUndefined();
    expect(await positionOf(c)).toBe(pos.id);
  });

  it('lets the holder be promoted again within the same position (no second seat)', async () => {
    const pos = await position(1);
    const a = await hire({ positionId: pos.id });
    const res = await call('promoteEmployee', a, {
      positionId: pos.id,
      jobTitle: 'Senior',
      effectiveDate: '2023-01-01',
    });
    expect(res.errors).toBeUndefined();
  });

  it('gives the last seat to exactly one of several concurrent promotions', async () => {
    const pos = await position(1);
    const contenders: string[] = [];
    for (let i = 0; i < 6; i++) contenders.push(await hire());
    const results = await Promise.all(
      contenders.map((id) =>
        call('promoteEmployee', id, { positionId: pos.id, effectiveDate: '2023-04-01' }),
      ),
    );
    const codes = results.map((r) => codeOf(r) ?? 'OK');
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(5);
    const held = await Promise.all(contenders.map(positionOf));
    expect(held.filter((p) => p === pos.id)).toHaveLength(1);
  });

  it("treats another tenant's position as unknown, naming the field", async () => {
    const globexPos = await position(5, GLOBEX, globexDept);
    const a = await hire();
    const before = await counts();
    const res = await call('promoteEmployee', a, { positionId: globexPos.id, effectiveDate: '2023-01-01' });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.positionId', message: 'Unknown position' }],
    });
    expect(JSON.stringify(res)).not.toContain(globexPos.title);
    expect(await counts()).toEqual(before);
  });
});

describe('leavers and the org chart', () => {
  const headOf = async (departmentId: string) =>
    (
      await withTenant(db, { tenantId: ACME }, (tx) =>
        tx.select().from(tables.departments).where(eq(tables.departments.id, departmentId)),
      )
    )[0]!.headEmployeeId;

  it('clears the head of every department a terminated employee headed, with event and audit', async () => {
    const boss = await hire();
    const made = await people.call<{ createDepartment: { id: string } }>(
      /* GraphQL */ `mutation ($n: String!, $h: ID) { createDepartment(input: { name: $n, headEmployeeId: $h }) { id } }`,
      { n: `Research ${newId().slice(-6)}`, h: boss },
      hr,
    );
    const research = made.data!.createDepartment.id;
    expect(await headOf(research)).toBe(boss);
    // A rejected termination leaves the head in place.
    const bad = await call('terminateEmployee', boss, { terminationDate: '2021-01-01', reason: 'x' });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(await headOf(research)).toBe(boss);
    const res = await call('terminateEmployee', boss, { terminationDate: '2024-05-31', reason: 'Retired' });
    expect(res.errors).toBeUndefined();
    expect(await headOf(research)).toBeNull();
    const [event] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx
        .select()
        .from(tables.outbox)
        .where(eq(tables.outbox.aggregateId, research))
        .orderBy(desc(tables.outbox.seq))
        .limit(1),
    );
    expect(event).toMatchObject({ type: 'people.department.updated', data: { id: research } });
    const [audit] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx
        .select()
        .from(tables.auditLog)
        .where(eq(tables.auditLog.entityId, research))
        .orderBy(desc(tables.auditLog.at))
        .limit(1),
    );
    expect(audit).toMatchObject({
      action: 'department.head_released',
      before: { headEmployeeId: boss },
      after: { headEmployeeId: null },
    });
  });

  it('lists only current staff as direct reports unless includeTerminated is true', async () => {
    const boss = await hire();
    const [stays, onLeave, leaves] = [
      await hire({ managerId: boss }),
      await hire({ managerId: boss }),
      await hire({ managerId: boss }),
    ];
    await call('startLeave', onLeave, { effectiveDate: '2023-01-01' });
    await call('terminateEmployee', leaves, { terminationDate: '2023-06-30', reason: 'Left' });
    const res = await people.call<{
      employee: {
        current: { edges: { node: { id: string } }[] };
        all: { edges: { node: { id: string } }[] };
      };
    }>(
      /* GraphQL */ `query ($id: ID!) { employee(id: $id) { current: directReports { edges { node { id } } } all: directReports(includeTerminated: true) { edges { node { id } } } } }`,
      { id: boss },
      hr,
    );
    expect(res.errors).toBeUndefined();
    const ids = (xs: { edges: { node: { id: string } }[] }) => xs.edges.map((x) => x.node.id).sort();
    expect(ids(res.data!.employee.current)).toEqual([stays, onLeave].sort());
    expect(ids(res.data!.employee.all)).toEqual([stays, onLeave, leaves].sort());
  });
});
