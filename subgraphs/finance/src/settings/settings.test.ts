import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/finance';
import { createTestDatabase, identityFor, newId, startTestSubgraph } from '@wg/runtime/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { financeSubgraph } from '../index';
import { countRows, seedEmployees } from '../testing';

let db: Database & { drop(): Promise<void> };
let finance: Awaited<ReturnType<typeof startTestSubgraph>>;

const SETTINGS = /* GraphQL */ `{ financeSettings { currency updatedAt } }`;
const SET_CURRENCY = /* GraphQL */ `
  mutation ($currency: String!) { setReportingCurrency(currency: $currency) { currency updatedAt } }
`;
const SET_COMPENSATION = /* GraphQL */ `
  mutation ($input: SetCompensationInput!) { setCompensation(input: $input) { baseSalary { amount currency } } }
`;

beforeAll(async () => {
  db = await createTestDatabase();
  finance = await startTestSubgraph(financeSubgraph, db);
});

afterAll(async () => {
  await finance?.stop();
  await db?.drop();
});

describe('reporting currency', () => {
  it('defaults to USD until set', async () => {
    const res = await finance.call(SETTINGS, {}, identityFor(newId(), ['analyst']));
    expect(res.data).toEqual({ financeSettings: { currency: 'USD', updatedAt: null } });
  });

  it('is set by an admin and then governs every amount', async () => {
    const tenant = newId();
    const admin = identityFor(tenant, ['admin']);
    const set = await finance.call<{ setReportingCurrency: { currency: string } }>(
      SET_CURRENCY,
      { currency: 'EUR' },
      admin,
    );
    expect(set.errors).toBeUndefined();
    expect(set.data!.setReportingCurrency.currency).toBe('EUR');
    // The event that tells insights the currency commits with the change, in finance's outbox.
    const events = await withTenant(db, { tenantId: tenant }, (tx) =>
      tx
        .select({ type: tables.outbox.type, data: tables.outbox.data })
        .from(tables.outbox)
        .where(eq(tables.outbox.type, 'finance.settings.currency_set')),
    );
    expect(events).toEqual([{ type: 'finance.settings.currency_set', data: { currency: 'EUR' } }]);
    const [employeeId] = await seedEmployees(db, tenant, [{}]);
    const input = { employeeId, baseSalary: '5000.00', payFrequency: 'MONTHLY', effectiveFrom: '2025-01-01' };
    const usd = await finance.call(SET_COMPENSATION, { input: { ...input, currency: 'USD' } }, admin);
    expect(usd.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        {
          field: 'input.currency',
          message: "Must be the tenant's reporting currency EUR: multi-currency is not supported yet",
        },
      ],
    });
    const eur = await finance.call(SET_COMPENSATION, { input: { ...input, currency: 'EUR' } }, admin);
    expect(eur.data).toEqual({ setCompensation: { baseSalary: { amount: '5000.00', currency: 'EUR' } } });

    // Setting the same currency again is fine; switching once amounts exist is a CONFLICT.
    expect((await finance.call(SET_CURRENCY, { currency: 'EUR' }, admin)).errors).toBeUndefined();
    const change = await finance.call(SET_CURRENCY, { currency: 'USD' }, admin);
    expect(change.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(change.errors?.[0]?.message).toContain('multi-currency is not supported yet');
    const after = await finance.call<{ financeSettings: { currency: string } }>(SETTINGS, {}, admin);
    expect(after.data!.financeSettings.currency).toBe('EUR');
  });

  it('rejects a malformed code naming the argument', async () => {
    const tenant = newId();
    const res = await finance.call(SET_CURRENCY, { currency: 'euro' }, identityFor(tenant, ['admin']));
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'currency', message: 'Must be an ISO-4217 currency code such as EUR' }],
    });
    expect(await countRows(db, tenant, tables.tenantSettings)).toBe(0);
  });

  it('is admin-only', async () => {
    const tenant = newId();
    for (const role of ['hr_manager', 'department_head', 'analyst', 'employee']) {
      const res = await finance.call(SET_CURRENCY, { currency: 'GBP' }, identityFor(tenant, [role]));
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await countRows(db, tenant, tables.tenantSettings)).toBe(0);
    const read = await finance.call(SETTINGS, {}, identityFor(tenant, ['viewer']));
    expect(read.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
