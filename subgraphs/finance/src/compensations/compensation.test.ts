import type { Database } from '@wg/db';
import * as tables from '@wg/db/finance';
import { createContext, rootLogger } from '@wg/runtime';
import {
  codeOf,
  createTestDatabase,
  fieldErrorsOf,
  fieldsOf,
  identityFor,
  newId,
  pinClock,
  startTestSubgraph,
} from '@wg/runtime/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compensationService, financeSubgraph } from '../index';
import { countRows, entitiesQuery, seedEmployees } from '../testing';

const ACME = newId();
const GLOBEX = newId();
const admin = identityFor(ACME, ['admin']);
const hr = identityFor(ACME, ['hr_manager']);
const globexAdmin = identityFor(GLOBEX, ['admin']);

let db: Database & { drop(): Promise<void> };
let finance: Awaited<ReturnType<typeof startTestSubgraph>>;
let ada: string;
let grace: string;

const SET = /* GraphQL */ `
  mutation ($input: SetCompensationInput!) {
    setCompensation(input: $input) {
      id
      employee { id }
      baseSalary { amount currency }
      payFrequency
      effectiveFrom
      createdAt
    }
  }
`;
const CURRENT = entitiesQuery(
  '... on Employee { id compensation { id baseSalary { amount currency } payFrequency effectiveFrom } }',
);

const compensationsOf = (tenantId: string) => countRows(db, tenantId, tables.compensations);
const outboxOf = (tenantId: string) => countRows(db, tenantId, tables.outbox);

beforeAll(async () => {
  db = await createTestDatabase();
  finance = await startTestSubgraph(financeSubgraph, db);
  [ada, grace] = (await seedEmployees(db, ACME, [{}, {}])) as [string, string];
  await seedEmployees(db, GLOBEX, [{}]);
});

afterAll(async () => {
  await finance?.stop();
  await db?.drop();
});

const validInput = (over: Record<string, unknown> = {}) => ({
  employeeId: ada,
  baseSalary: '104000.00',
  currency: 'USD',
  payFrequency: 'ANNUAL',
  effectiveFrom: '2024-01-01',
  ...over,
});

describe('setCompensation', () => {
  it('records a compensation, its event and its audit entry', async () => {
    const res = await finance.call<{ setCompensation: Record<string, unknown> & { id: string } }>(
      SET,
      { input: validInput() },
      hr,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.setCompensation).toMatchObject({
      employee: { id: ada },
      baseSalary: { amount: '104000.00', currency: 'USD' },
      payFrequency: 'ANNUAL',
      effectiveFrom: '2024-01-01',
    });
    const id = res.data!.setCompensation.id;
    // This compensation's event: other tests in the file set compensations too, in any order.
    const ofThis = and(eq(tables.outbox.type, 'finance.compensation.set'), eq(tables.outbox.aggregateId, id));
    expect(await countRows(db, ACME, tables.outbox, ofThis)).toBe(1);
    expect(await countRows(db, ACME, tables.auditLog, eq(tables.auditLog.entityId, id))).toBe(1);

    const current = await finance.call<{ _entities: { compensation: Record<string, unknown> }[] }>(
      CURRENT,
      { r: [{ __typename: 'Employee', id: ada }] },
      admin,
    );
    expect(current.data!._entities[0]!.compensation).toMatchObject({
      id,
      baseSalary: { amount: '104000.00', currency: 'USD' },
    });
  });

  it('keeps history: the current one is the latest effective on or before today', async () => {
    // "Today" is the runtime clock's, pinned so the answer does not depend on when the suite runs.
    const unpin = pinClock('2025-03-15T12:00:00Z');
    try {
      const set = (baseSalary: string, effectiveFrom: string) =>
        finance.call(SET, { input: validInput({ employeeId: grace, baseSalary, effectiveFrom }) }, admin);
      await set('7000.50', '2023-01-01');
      await set('7500', '2024-06-01');
      await set('8100', '2025-03-16');
      const res = await finance.call<{ _entities: { compensation: Record<string, unknown> }[] }>(
        CURRENT,
        { r: [{ __typename: 'Employee', id: grace }] },
        admin,
      );
      expect(res.data!._entities[0]!.compensation).toMatchObject({
        baseSalary: { amount: '7500.00', currency: 'USD' },
        effectiveFrom: '2024-06-01',
      });
    } finally {
      unpin();
    }
  });

  it.each([
    ['baseSalary', { baseSalary: '0' }, 'Must be greater than 0'],
    ['baseSalary', { baseSalary: '-5.00' }, 'Must be greater than 0'],
    ['baseSalary', { baseSalary: '100.005' }, 'Must have at most 2 decimal places'],
    ['baseSalary', { baseSalary: '1000000000000' }, 'Must be less than 1000000000000'],
    ['currency', { currency: 'usd' }, 'Must be an ISO-4217 currency code such as EUR'],
    [
      'currency',
      { currency: 'EUR' },
      "Must be the tenant's reporting currency USD: multi-currency is not supported yet",
    ],
    ['employeeId', { employeeId: newId() }, 'Unknown employee'],
    ['employeeId', { employeeId: 'not-an-id' }, 'Must be a valid id'],
  ])('rejects a bad %s (%o) and writes nothing', async (field, over, message) => {
    const [comps, events] = [await compensationsOf(ACME), await outboxOf(ACME)];
    const res = await finance.call(SET, { input: validInput(over) }, admin);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(fieldErrorsOf(res)).toEqual([{ field: `input.${field}`, message }]);
    expect(await compensationsOf(ACME)).toBe(comps);
    expect(await outboxOf(ACME)).toBe(events);
  });

  it('names every bad field at once', async () => {
    const before = await compensationsOf(ACME);
    const res = await finance.call(
      SET,
      { input: validInput({ employeeId: newId(), baseSalary: '0.001', currency: 'GBP' }) },
      admin,
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual(['input.baseSalary', 'input.currency', 'input.employeeId']);
    expect(await compensationsOf(ACME)).toBe(before);
  });

  it('rejects malformed scalars (Date, Decimal, enum) before anything runs', async () => {
    const before = await compensationsOf(ACME);
    for (const [field, over] of [
      ['effectiveFrom', { effectiveFrom: '2024-02-30' }],
      ['baseSalary', { baseSalary: 104000.5 }],
      ['payFrequency', { payFrequency: 'DAILY' }],
    ] as const) {
      const res = await finance.call(SET, { input: validInput(over) }, admin);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toContain(`input.${field}`);
    }
    expect(await compensationsOf(ACME)).toBe(before);
  });

  it('validates the date for in-process callers too (the seed calls the service directly)', async () => {
    const ctx = createContext({
      identity: admin,
      requestId: 'test',
      log: rootLogger,
      database: db,
      createLoaders: financeSubgraph.createLoaders,
    });
    await expect(
      compensationService.set(ctx, { ...validInput(), effectiveFrom: '2024-13-01' } as never),
    ).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.effectiveFrom' }],
    });
  });

  it.each([['viewer'], ['employee'], ['manager'], ['analyst']])('is FORBIDDEN for %s', async (role) => {
    const before = await compensationsOf(ACME);
    const res = await finance.call(
      SET,
      { input: validInput() },
      identityFor(ACME, [role], { employeeId: ada }),
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await compensationsOf(ACME)).toBe(before);
  });

  it("treats another tenant's employee as unknown and writes nothing anywhere", async () => {
    const [acme, globex] = [await compensationsOf(ACME), await compensationsOf(GLOBEX)];
    const res = await finance.call(SET, { input: validInput() }, globexAdmin);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(fieldErrorsOf(res)).toEqual([{ field: 'input.employeeId', message: 'Unknown employee' }]);
    expect(await compensationsOf(ACME)).toBe(acme);
    expect(await compensationsOf(GLOBEX)).toBe(globex);
  });

  it("never shows another tenant's compensation through _entities", async () => {
    // Its own compensation, so the test does not rely on an earlier one having set it.
    const set = await finance.call(SET, { input: validInput({ baseSalary: '98000.00' }) }, admin);
    expect(set.errors).toBeUndefined();
    const asked = { r: [{ __typename: 'Employee', id: ada }] };
    type Entities = { _entities: { id: string; compensation: { baseSalary: { amount: string } } | null }[] };
    // Positive control: the owning tenant sees it through the very same query…
    const own = await finance.call<Entities>(CURRENT, asked, admin);
    expect(own.data!._entities[0]!.compensation).toMatchObject({ baseSalary: { amount: '98000.00' } });
    // …another tenant asking for the same id gets nothing.
    const res = await finance.call<Entities>(CURRENT, asked, globexAdmin);
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([{ id: ada, compensation: null }]);
  });

  it('is UNAUTHENTICATED without the internal token', async () => {
    const res = await finance.call(SET, { input: validInput() });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
