import type { Database } from '@wg/db';
import * as tables from '@wg/db/finance';
import { createTestDatabase, identityFor, newId, startTestSubgraph } from '@wg/runtime/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { financeSubgraph } from '../index';
import { countRows, seedProjects } from '../testing';

const ACME = newId();
const GLOBEX = newId();
const admin = identityFor(ACME, ['admin']);
const globexAdmin = identityFor(GLOBEX, ['admin']);

let db: Database & { drop(): Promise<void> };
let finance: Awaited<ReturnType<typeof startTestSubgraph>>;
let apollo: string;
let gemini: string;

const SET = /* GraphQL */ `
  mutation ($input: SetProjectBillingRateInput!) {
    setProjectBillingRate(input: $input) { project { id } hourlyRate { amount currency } updatedAt }
  }
`;

const ratesOf = (tenantId: string) => countRows(db, tenantId, tables.projectRatePeriods);
const rateEvents = (tenantId: string) =>
  countRows(db, tenantId, tables.outbox, eq(tables.outbox.type, 'finance.project_rate.set'));

beforeAll(async () => {
  db = await createTestDatabase();
  finance = await startTestSubgraph(financeSubgraph, db);
  [apollo, gemini] = (await seedProjects(db, ACME, 2)) as [string, string];
  await seedProjects(db, GLOBEX, 1);
});

afterAll(async () => {
  await finance?.stop();
  await db?.drop();
});

const validInput = (over: Record<string, unknown> = {}) => ({
  projectId: apollo,
  hourlyRate: '120.00',
  currency: 'USD',
  ...over,
});

describe('setProjectBillingRate', () => {
  it('sets and then replaces a rate, one row, one event and audit entry per change', async () => {
    const auditsOf = () =>
      countRows(db, ACME, tables.auditLog, eq(tables.auditLog.action, 'project_rate.set'));
    // Deltas: other tests in this file may have set apollo's rate already.
    const [eventsBefore, auditsBefore] = [await rateEvents(ACME), await auditsOf()];
    const first = await finance.call<{ setProjectBillingRate: unknown }>(SET, { input: validInput() }, admin);
    expect(first.errors).toBeUndefined();
    expect(first.data!.setProjectBillingRate).toMatchObject({
      project: { id: apollo },
      hourlyRate: { amount: '120.00', currency: 'USD' },
    });
    const head = identityFor(ACME, ['department_head']);
    const second = await finance.call<{ setProjectBillingRate: unknown }>(
      SET,
      { input: validInput({ hourlyRate: '135.5' }) },
      head,
    );
    expect(second.data!.setProjectBillingRate).toMatchObject({ hourlyRate: { amount: '135.50' } });
    // Both rates are kept in the history (the second from today).
    expect(
      await countRows(db, ACME, tables.projectRatePeriods, eq(tables.projectRatePeriods.projectId, apollo)),
    ).toBe(2);
    expect(await rateEvents(ACME)).toBe(eventsBefore + 2);
    expect(await auditsOf()).toBe(auditsBefore + 2);
  });

  it('accepts 0 (not billable)', async () => {
    const res = await finance.call<{ setProjectBillingRate: unknown }>(
      SET,
      { input: validInput({ projectId: gemini, hourlyRate: '0' }) },
      admin,
    );
    expect(res.data!.setProjectBillingRate).toMatchObject({ hourlyRate: { amount: '0.00' } });
  });

  it.each([
    ['hourlyRate', { hourlyRate: '-1.00' }, 'Must not be negative'],
    ['hourlyRate', { hourlyRate: '99.999' }, 'Must have at most 2 decimal places'],
    [
      'currency',
      { currency: 'EUR' },
      "Must be the tenant's reporting currency USD: multi-currency is not supported yet",
    ],
    ['currency', { currency: 'dollars' }, 'Must be an ISO-4217 currency code such as EUR'],
    ['projectId', { projectId: newId() }, 'Unknown project'],
    ['projectId', { projectId: '42' }, 'Must be a valid id'],
  ])('rejects a bad %s (%o) and writes nothing', async (field, over, message) => {
    const [rates, events] = [await ratesOf(ACME), await rateEvents(ACME)];
    const res = await finance.call(SET, { input: validInput(over) }, admin);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: `input.${field}`, message }],
    });
    expect(await ratesOf(ACME)).toBe(rates);
    expect(await rateEvents(ACME)).toBe(events);
  });

  it.each([['hr_manager'], ['manager'], ['analyst'], ['employee'], ['viewer']])(
    'is FORBIDDEN for %s',
    async (role) => {
      const events = await rateEvents(ACME);
      const res = await finance.call(
        SET,
        { input: validInput({ hourlyRate: '1.00' }) },
        identityFor(ACME, [role]),
      );
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await rateEvents(ACME)).toBe(events);
    },
  );

  it("treats another tenant's project as unknown and writes nothing anywhere", async () => {
    const [acme, globex] = [await ratesOf(ACME), await ratesOf(GLOBEX)];
    const res = await finance.call(SET, { input: validInput() }, globexAdmin);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.projectId', message: 'Unknown project' }],
    });
    expect(await ratesOf(ACME)).toBe(acme);
    expect(await ratesOf(GLOBEX)).toBe(globex);
  });
});
