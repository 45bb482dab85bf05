import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/finance';
import { createContext, rootLogger } from '@wg/runtime';
import { createTestDatabase, identityFor, newId, pinClock, startTestSubgraph } from '@wg/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compensationService, financeSubgraph } from '../index';
import { daysAgo, entitiesQuery, seedEmployees, statementsDuring } from '../testing';

const ACME = newId();
const GLOBEX = newId();

let db: Database & { drop(): Promise<void> };
let finance: Awaited<ReturnType<typeof startTestSubgraph>>;
// ceo -> head -> lead -> member; outsider reports to the ceo directly.
let ceo: string;
let head: string;
let lead: string;
let member: string;
let outsider: string;
let unpaid: string;

const COMPENSATION = entitiesQuery('... on Employee { id compensation { baseSalary { amount } } }');
const ROI = entitiesQuery('... on Employee { id roi }');

type Entities<T> = { _entities: ({ id: string } & T)[] };
const reps = (ids: string[]) => ids.map((id) => ({ __typename: 'Employee', id }));

async function visibleSalaries(roles: string[], employeeId: string | null) {
  const res = await finance.call<Entities<{ compensation: { baseSalary: { amount: string } } | null }>>(
    COMPENSATION,
    { r: reps([ceo, head, lead, member, outsider]) },
    identityFor(ACME, roles, { employeeId }),
  );
  expect(res.errors).toBeUndefined();
  return res.data!._entities.map((e) => e.compensation?.baseSalary.amount ?? null);
}

beforeAll(async () => {
  db = await createTestDatabase();
  finance = await startTestSubgraph(financeSubgraph, db);
  ceo = newId();
  head = newId();
  lead = newId();
  member = newId();
  outsider = newId();
  unpaid = newId();
  await seedEmployees(db, ACME, [
    { id: ceo },
    { id: head, managerId: ceo },
    { id: lead, managerId: head },
    { id: member, managerId: lead },
    { id: outsider, managerId: ceo },
    { id: unpaid, managerId: ceo },
  ]);
  const ctx = createContext({
    identity: identityFor(ACME, ['admin']),
    requestId: 'seed',
    log: rootLogger,
    database: db,
    createLoaders: financeSubgraph.createLoaders,
  });
  const pay = (employeeId: string, baseSalary: string, payFrequency: string) =>
    compensationService.set(ctx, {
      employeeId,
      baseSalary,
      currency: 'USD',
      payFrequency: payFrequency as 'ANNUAL',
      effectiveFrom: '2020-01-01',
    });
  await pay(ceo, '250000.00', 'ANNUAL');
  await pay(head, '104000.00', 'ANNUAL');
  await pay(lead, '5000.00', 'MONTHLY');
  await pay(member, '50.00', 'HOURLY');
  await pay(outsider, '2000.00', 'BIWEEKLY');
});

afterAll(async () => {
  await finance?.stop();
  await db?.drop();
});

describe('Employee.compensation', () => {
  it('shows everyone to scope all (admin, hr_manager)', async () => {
    const all = ['250000.00', '104000.00', '5000.00', '50.00', '2000.00'];
    expect(await visibleSalaries(['admin'], null)).toEqual(all);
    expect(await visibleSalaries(['hr_manager'], null)).toEqual(all);
  });

  it('shows only the caller to scope own (employee)', async () => {
    expect(await visibleSalaries(['employee'], member)).toEqual([null, null, null, '50.00', null]);
    expect(await visibleSalaries(['employee'], null)).toEqual([null, null, null, null, null]);
  });

  it('shows the caller and their whole reporting line to scope team (manager, department_head)', async () => {
    expect(await visibleSalaries(['manager'], lead)).toEqual([null, null, '5000.00', '50.00', null]);
    expect(await visibleSalaries(['department_head'], head)).toEqual([
      null,
      '104000.00',
      '5000.00',
      '50.00',
      null,
    ]);
  });

  it('is null without an error without compensation:read (a masked field, as outside the scope)', async () => {
    const res = await finance.call<Entities<{ compensation: unknown }>>(
      COMPENSATION,
      { r: reps([member]) },
      identityFor(ACME, ['viewer']),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([{ id: member, compensation: null }]);
    // Positive control: the same entity with the permission shows the figure.
    const admin = await finance.call<Entities<{ compensation: unknown }>>(
      COMPENSATION,
      { r: reps([member]) },
      identityFor(ACME, ['admin']),
    );
    expect(admin.data?._entities[0]?.compensation).not.toBeNull();
  });

  it('is null without a compensation and for another tenant', async () => {
    const own = await finance.call<Entities<{ compensation: unknown }>>(
      COMPENSATION,
      { r: reps([unpaid]) },
      identityFor(ACME, ['admin']),
    );
    expect(own.data?._entities).toEqual([{ id: unpaid, compensation: null }]);
    const other = await finance.call<Entities<{ compensation: unknown }>>(
      COMPENSATION,
      { r: reps([ceo, head]) },
      identityFor(GLOBEX, ['admin']),
    );
    expect(other.errors).toBeUndefined();
    expect(other.data?._entities.map((e) => e.compensation)).toEqual([null, null]);
  });

  it('loads N employees in a constant number of statements, whatever the scope', async () => {
    const tenant = newId();
    const boss = newId();
    const ids = await seedEmployees(db, tenant, [
      { id: boss },
      ...Array.from({ length: 40 }, () => ({ managerId: boss })),
    ]);
    await withTenant(db, { tenantId: tenant }, (tx) =>
      tx.insert(tables.compensations).values(
        ids.map((employeeId) => ({
          tenantId: tenant,
          employeeId,
          baseSalary: '1000.00',
          currency: 'USD',
          payFrequency: 'MONTHLY' as const,
          effectiveFrom: '2020-01-01',
        })),
      ),
    );
    const measure = (n: number, roles: string[]) =>
      statementsDuring(db, async () => {
        const res = await finance.call<Entities<{ compensation: unknown }>>(
          COMPENSATION,
          { r: reps(ids.slice(0, n)) },
          identityFor(tenant, roles, { employeeId: boss }),
        );
        expect(res.errors).toBeUndefined();
        expect(res.data!._entities.every((e) => e.compensation !== null)).toBe(true);
      }).then((s) => s.length);
    // set_config + one distinct-on select.
    expect(await measure(3, ['admin'])).toBe(2);
    expect(await measure(30, ['admin'])).toBe(2);
    // set_config + reporting line, set_config + distinct-on select.
    expect(await measure(30, ['manager'])).toBe(await measure(3, ['manager']));
  });
});

describe('Employee.roi', () => {
  const roiOf = async (ids: string[], roles = ['analyst']) => {
    const res = await finance.call<Entities<{ roi: string | null }>>(
      ROI,
      { r: reps(ids) },
      identityFor(ACME, roles),
    );
    expect(res.errors).toBeUndefined();
    return res.data!._entities.map((e) => e.roi);
  };

  beforeAll(async () => {
    // Revenue inside the trailing 12 months, and some just outside it that must not count.
    const line = (employeeId: string, date: string, revenue: string) => ({
      tenantId: ACME,
      timesheetEntryId: newId(),
      employeeId,
      projectId: newId(),
      date,
      hours: '7.50',
      cost: '0.00',
      revenue,
      currency: 'USD',
    });
    await withTenant(db, { tenantId: ACME }, (tx) =>
      tx
        .insert(tables.laborEntries)
        .values([
          line(head, daysAgo(30), '900.00'),
          line(lead, daysAgo(40), '33000.00'),
          line(lead, daysAgo(200), '33000.00'),
          line(lead, daysAgo(400), '99999.00'),
          line(member, daysAgo(10), '208000.00'),
        ]),
    );
  });

  it('is (revenue − annual salary) / annual salary over 12 months, exact to 4 places', async () => {
    // head: (900 − 104000) / 104000; lead: (66000 − 60000) / 60000; member: 50 × 2080 = 104000;
    // outsider: no revenue, 2000 × 26; ceo: nothing logged.
    expect(await roiOf([head, lead, member, outsider, ceo])).toEqual([
      '-0.9913',
      '0.1000',
      '1.0000',
      '-1.0000',
      '-1.0000',
    ]);
  });

  it('is null without a compensation', async () => {
    expect(await roiOf([unpaid, newId()], ['admin'])).toEqual([null, null]);
  });

  it('counts a line on the window’s first day and none the day before, nor a rejected one', async () => {
    const unpin = pinClock('2025-06-15T12:00:00Z');
    try {
      const [who] = (await seedEmployees(db, ACME, [{}])) as [string];
      await compensationService.set(
        createContext({
          identity: identityFor(ACME, ['admin']),
          requestId: 'test',
          log: rootLogger,
          database: db,
          createLoaders: financeSubgraph.createLoaders,
        }),
        {
          employeeId: who,
          baseSalary: '10000.00',
          currency: 'USD',
          payFrequency: 'ANNUAL',
          effectiveFrom: '2020-01-01',
        },
      );
      const at = (date: string, revenue: string, counted = true) => ({
        tenantId: ACME,
        timesheetEntryId: newId(),
        employeeId: who,
        projectId: newId(),
        date,
        hours: '1.00',
        cost: '0.00',
        revenue,
        currency: 'USD',
        counted,
      });
      await withTenant(db, { tenantId: ACME }, (tx) =>
        tx
          .insert(tables.laborEntries)
          .values([
            at('2024-06-15', '5000.00'),
            at('2024-06-14', '70000.00'),
            at('2025-06-15', '1000.00'),
            at('2025-06-01', '90000.00', false),
          ]),
      );
      // (5000 + 1000 − 10000) / 10000
      expect(await roiOf([who])).toEqual(['-0.4000']);
    } finally {
      unpin();
    }
  });

  it('is null without an error without financials:read (a masked field)', async () => {
    for (const role of ['hr_manager', 'viewer', 'employee']) {
      const res = await finance.call<Entities<{ roi: unknown }>>(
        ROI,
        { r: reps([head]) },
        identityFor(ACME, [role], { employeeId: head }),
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?._entities.map((e) => e.roi)).toEqual([null]);
    }
  });
});
