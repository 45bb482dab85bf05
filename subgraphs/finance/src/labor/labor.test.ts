import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/finance';
import { createContext, type DomainEvent, rootLogger } from '@wg/runtime';
import { createTestDatabase, eventually, identityFor, newId, startTestSubgraph } from '@wg/runtime/testing';
import type { TimesheetLine } from '@wg/work/events';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaborCostedData } from '../events';
import { compensationService, financeSubgraph, projectRateService } from '../index';
import {
  countRows,
  daysAgo,
  entitiesQuery,
  seedEmployees,
  seedProjects,
  statementsDuring,
  timesheetLogged,
} from '../testing';
import { subtractDecimal } from './labor.service';

const ACME = newId();
const admin = identityFor(ACME, ['admin']);
const analyst = identityFor(ACME, ['analyst']);

let db: Database & { drop(): Promise<void> };
let finance: Awaited<ReturnType<typeof startTestSubgraph>>;

const { laborEntries, outbox } = tables;
const FINANCIALS = entitiesQuery(
  '... on Project { id financials { revenue { amount currency } cost { amount currency } profit { amount currency } roi hours hourlyRate { amount currency } } }',
);
type Financials = {
  revenue: { amount: string; currency: string };
  cost: { amount: string; currency: string };
  profit: { amount: string; currency: string };
  roi: string | null;
  hours: string;
  hourlyRate: { amount: string; currency: string } | null;
};

function financeContext(tenantId: string) {
  return createContext({
    identity: identityFor(tenantId, ['admin']),
    requestId: 'test',
    log: rootLogger,
    database: db,
    createLoaders: financeSubgraph.createLoaders,
  });
}

async function pay(
  tenantId: string,
  employeeId: string,
  baseSalary: string,
  payFrequency: string,
  from = '2020-01-01',
) {
  await compensationService.set(financeContext(tenantId), {
    employeeId,
    baseSalary,
    currency: 'USD',
    payFrequency: payFrequency as 'ANNUAL',
    effectiveFrom: from,
  });
}

const bill = (tenantId: string, projectId: string, hourlyRate: string) =>
  projectRateService.set(financeContext(tenantId), { projectId, hourlyRate, currency: 'USD' });

const line = (employeeId: string, projectId: string, date: string, hours: string): TimesheetLine => ({
  entryId: newId(),
  employeeId,
  projectId,
  date,
  hours,
});

async function linesOf(tenantId: string, projectId: string) {
  return withTenant(db, { tenantId }, (tx) =>
    tx
      .select({
        date: laborEntries.date,
        hours: laborEntries.hours,
        cost: laborEntries.cost,
        revenue: laborEntries.revenue,
        currency: laborEntries.currency,
      })
      .from(laborEntries)
      .where(eq(laborEntries.projectId, projectId))
      .orderBy(asc(laborEntries.date)),
  );
}

async function costedEvents(tenantId: string, sourceEventId: string) {
  return withTenant(db, { tenantId }, (tx) =>
    tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.type, 'finance.labor.costed'), eq(outbox.aggregateId, sourceEventId))),
  );
}

async function financials(projectIds: string[], identity = analyst) {
  const res = await finance.call<{ _entities: { id: string; financials: Financials }[] }>(
    FINANCIALS,
    { r: projectIds.map((id) => ({ __typename: 'Project', id })) },
    identity,
  );
  expect(res.errors).toBeUndefined();
  return res.data!._entities.map((e) => e.financials);
}

beforeAll(async () => {
  db = await createTestDatabase();
  finance = await startTestSubgraph(financeSubgraph, db);
});

afterAll(async () => {
  await finance?.stop();
  await db?.drop();
});

describe('labour costing', () => {
  let engineer: string;
  let apollo: string;
  let sourceEvent: ReturnType<typeof timesheetLogged>;

  beforeAll(async () => {
    [engineer] = (await seedEmployees(db, ACME, [{}])) as [string];
    [apollo] = (await seedProjects(db, ACME, 1)) as [string];
    await pay(ACME, engineer, '104000.00', 'ANNUAL');
    await bill(ACME, apollo, '120.00');
    sourceEvent = timesheetLogged(ACME, [line(engineer, apollo, daysAgo(5), '7.50')]);
    await finance.bus.publish([sourceEvent]);
    await eventually(async () => (await linesOf(ACME, apollo)).length === 1);
  });

  it('prices hours at the hourly cost of the salary and the project rate, exactly', async () => {
    // 104000 / 2080 = 50.00 an hour: 7.5 h cost 375.00 and bill 7.5 × 120.00 = 900.00.
    expect(await linesOf(ACME, apollo)).toEqual([
      { date: daysAgo(5), hours: '7.50', cost: '375.00', revenue: '900.00', currency: 'USD' },
    ]);
  });

  it('rolls the labour up into Project.financials as exact decimal strings', async () => {
    expect(await financials([apollo])).toEqual([
      {
        revenue: { amount: '900.00', currency: 'USD' },
        cost: { amount: '375.00', currency: 'USD' },
        profit: { amount: '525.00', currency: 'USD' },
        roi: '1.4000',
        hours: '7.50',
        hourlyRate: { amount: '120.00', currency: 'USD' },
      },
    ]);
  });

  it('announces the priced lines in one finance.labor.costed event', async () => {
    const events = await costedEvents(ACME, sourceEvent.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ aggregateType: 'LaborBatch', aggregateId: sourceEvent.id });
    const data = events[0]!.data as LaborCostedData;
    const sent = (sourceEvent.data as unknown as { entries: TimesheetLine[] }).entries[0]!;
    expect(data.entries).toEqual([
      {
        ...sent,
        hours: '7.50',
        cost: '375.00',
        revenue: '900.00',
        currency: 'USD',
        unpricedHours: '0.00',
        unbilledHours: '0.00',
      },
    ]);
  });

  it('is idempotent: a redelivered event, or its lines under a new event id, change nothing', async () => {
    const [sentinelProject] = (await seedProjects(db, ACME, 1)) as [string];
    const sent = (sourceEvent.data as unknown as { entries: TimesheetLine[] }).entries;
    const replayed = timesheetLogged(ACME, sent);
    const sentinel = timesheetLogged(ACME, [line(engineer, sentinelProject, daysAgo(3), '1.00')]);
    await finance.bus.publish([sourceEvent, replayed, sentinel]);
    // The bus delivers a group's events in order: once the sentinel is priced, the others were seen.
    await eventually(async () => (await linesOf(ACME, sentinelProject)).length === 1);
    expect(await linesOf(ACME, apollo)).toHaveLength(1);
    expect(await costedEvents(ACME, sourceEvent.id)).toHaveLength(1);
    expect(await costedEvents(ACME, replayed.id)).toHaveLength(0);
    expect((await financials([apollo]))[0]!.cost.amount).toBe('375.00');
  });

  it('uses the compensation effective on each date, HOURLY pay, and zero without pay or rate', async () => {
    const [changed, hourly, unpaid, corrected] = (await seedEmployees(db, ACME, [{}, {}, {}, {}])) as [
      string,
      string,
      string,
      string,
    ];
    const [internal] = (await seedProjects(db, ACME, 1)) as [string];
    await pay(ACME, changed, '52000.00', 'ANNUAL', '2024-01-01');
    await pay(ACME, changed, '8666.67', 'MONTHLY', '2025-01-01');
    await pay(ACME, hourly, '45.50', 'HOURLY');
    // Corrected on the same day: the later-recorded compensation wins.
    await pay(ACME, corrected, '52000.00', 'ANNUAL', '2024-01-01');
    await pay(ACME, corrected, '62400.00', 'ANNUAL', '2024-01-01');
    const event = timesheetLogged(ACME, [
      line(changed, internal, '2023-12-29', '8.00'), // before any compensation: cost 0
      line(changed, internal, '2024-06-03', '8.00'), // 52000 / 2080 = 25.00/h -> 200.00
      line(changed, internal, '2025-06-02', '8.00'), // 8666.67 × 12 / 2080 × 8 = 400.0001… -> 400.00
      line(hourly, internal, '2025-06-03', '7.25'), // 45.50 × 7.25 = 329.875 -> 329.88
      line(unpaid, internal, '2025-06-04', '1.00'),
      line(corrected, internal, '2025-06-05', '8.00'), // 62400 / 2080 = 30.00/h -> 240.00
    ]);
    await finance.bus.publish([event]);
    await eventually(async () => (await linesOf(ACME, internal)).length === 6);
    expect((await linesOf(ACME, internal)).map((l) => [l.cost, l.revenue])).toEqual([
      ['0.00', '0.00'],
      ['200.00', '0.00'],
      ['400.00', '0.00'],
      ['329.88', '0.00'],
      ['0.00', '0.00'],
      ['240.00', '0.00'],
    ]);
    expect(await financials([internal])).toEqual([
      {
        revenue: { amount: '0.00', currency: 'USD' },
        cost: { amount: '1169.88', currency: 'USD' },
        profit: { amount: '-1169.88', currency: 'USD' },
        // No billing rate and 9 h without a compensation: the ROI is undefined, and says why.
        roi: null,
        hours: '40.25',
        hourlyRate: null,
      },
    ]);
    const res = await finance.call<{
      _entities: { financials: { unpricedHours: string; unbilledHours: string } }[];
    }>(
      entitiesQuery('... on Project { financials { unpricedHours unbilledHours } }'),
      { r: [{ __typename: 'Project', id: internal }] },
      analyst,
    );
    expect(res.data!._entities[0]!.financials).toEqual({ unpricedHours: '9.00', unbilledHours: '40.25' });
  });

  it('skips a malformed line and prices the rest of its event', async () => {
    const [project] = (await seedProjects(db, ACME, 1)) as [string];
    const good = line(engineer, project, daysAgo(2), '2.00');
    const event = timesheetLogged(ACME, [{ ...good, entryId: newId(), hours: 'lots' }, good]);
    await finance.bus.publish([event]);
    await eventually(async () => (await linesOf(ACME, project)).length === 1);
    expect((await costedEvents(ACME, event.id))[0]?.data).toMatchObject({
      entries: [{ entryId: good.entryId }],
    });
  });

  it('prices 10,000 lines in 20 events of 500, one costed event each', async () => {
    const tenant = newId();
    const people = await seedEmployees(
      db,
      tenant,
      Array.from({ length: 50 }, () => ({})),
    );
    const projects = await seedProjects(db, tenant, 10);
    for (const e of people) await pay(tenant, e, '104000.00', 'ANNUAL');
    for (const p of projects) await bill(tenant, p, '100.00');
    const events = Array.from({ length: 20 }, (_, i) =>
      timesheetLogged(
        tenant,
        Array.from({ length: 500 }, (_, j) =>
          line(people[j % 50]!, projects[(i + j) % 10]!, daysAgo(1 + (j % 300)), '8.00'),
        ),
      ),
    );
    await finance.bus.publish(events);
    await eventually(async () => (await countRows(db, tenant, laborEntries)) === 10_000, 60_000);
    const [totals] = await withTenant(db, { tenantId: tenant }, (tx) =>
      tx
        .select({
          cost: sql<string>`sum(${laborEntries.cost})::text`,
          revenue: sql<string>`sum(${laborEntries.revenue})::text`,
        })
        .from(laborEntries),
    );
    // 8 h × 50.00 = 400.00 cost and 8 h × 100.00 = 800.00 revenue per line.
    expect(totals).toEqual({ cost: '4000000.00', revenue: '8000000.00' });
    expect(await countRows(db, tenant, outbox, eq(outbox.type, 'finance.labor.costed'))).toBe(20);
  });
});

/** A work.timesheet.resubmitted / .deleted event as the work subgraph emits it. */
function entryChanged(
  type: 'work.timesheet.resubmitted' | 'work.timesheet.deleted',
  tenantId: string,
  entry: TimesheetLine,
  before?: TimesheetLine,
): DomainEvent {
  return {
    id: newId(),
    type,
    tenantId,
    aggregate: { type: 'TimesheetEntry', id: entry.entryId },
    occurredAt: new Date().toISOString(),
    data: (before ? { entry, before } : { entry }) as unknown as Record<string, unknown>,
  };
}

describe('corrections and deletions of timesheet entries', () => {
  let engineer: string;
  let project: string;
  let sentinelProject: string;
  let kept: TimesheetLine;
  let corrected: TimesheetLine;
  let deleted: TimesheetLine;

  const entryRow = (tenantId: string, entryId: string) =>
    withTenant(db, { tenantId }, (tx) =>
      tx
        .select({ hours: laborEntries.hours, cost: laborEntries.cost, revenue: laborEntries.revenue })
        .from(laborEntries)
        .where(eq(laborEntries.timesheetEntryId, entryId)),
    );
  const allCosted = (tenantId: string) =>
    withTenant(db, { tenantId }, (tx) =>
      tx.select().from(outbox).where(eq(outbox.type, 'finance.labor.costed')),
    );
  /** Publishes `events` then a sentinel logged line; once it is priced, the bus has delivered the rest. */
  async function publishAndSettle(tenantId: string, events: DomainEvent[]) {
    const sentinel = line(engineer, sentinelProject, daysAgo(1), '0.25');
    await finance.bus.publish([...events, timesheetLogged(tenantId, [sentinel])]);
    await eventually(async () => (await entryRow(tenantId, sentinel.entryId)).length === 1);
  }

  beforeAll(async () => {
    [engineer] = (await seedEmployees(db, ACME, [{}])) as [string];
    [project, sentinelProject] = (await seedProjects(db, ACME, 2)) as [string, string];
    await pay(ACME, engineer, '104000.00', 'ANNUAL'); // 50.00 an hour
    await bill(ACME, project, '120.00');
    kept = line(engineer, project, daysAgo(6), '2.00');
    corrected = line(engineer, project, daysAgo(5), '8.00');
    deleted = line(engineer, project, daysAgo(4), '3.00');
    await finance.bus.publish([timesheetLogged(ACME, [kept, corrected, deleted])]);
    await eventually(async () => (await linesOf(ACME, project)).length === 3);
  });

  it('subtracts decimals exactly, with a sign', () => {
    expect(subtractDecimal('6.50', '8.00')).toBe('-1.50');
    expect(subtractDecimal('0.00', '375.05')).toBe('-375.05');
    expect(subtractDecimal('329.88', '-0.12')).toBe('330.00');
    expect(subtractDecimal('7.5', '7.50')).toBe('0.00');
  });

  it('re-prices a corrected entry and announces the delta; a redelivery changes nothing', async () => {
    const event = entryChanged(
      'work.timesheet.resubmitted',
      ACME,
      { ...corrected, hours: '6.50' },
      corrected,
    );
    await publishAndSettle(ACME, [event]);
    // 6.5 h × 50.00 = 325.00 cost, 6.5 h × 120.00 = 780.00 revenue (was 400.00 / 960.00).
    expect(await entryRow(ACME, corrected.entryId)).toEqual([
      { hours: '6.50', cost: '325.00', revenue: '780.00' },
    ]);
    const events = await costedEvents(ACME, event.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ aggregateType: 'LaborBatch', aggregateId: event.id });
    expect((events[0]!.data as LaborCostedData).entries).toEqual([
      {
        ...corrected,
        hours: '-1.50',
        cost: '-75.00',
        revenue: '-180.00',
        currency: 'USD',
        unpricedHours: '0.00',
        unbilledHours: '0.00',
      },
    ]);

    const before = (await allCosted(ACME)).length;
    await publishAndSettle(ACME, [event]);
    expect(await entryRow(ACME, corrected.entryId)).toEqual([
      { hours: '6.50', cost: '325.00', revenue: '780.00' },
    ]);
    expect(await costedEvents(ACME, event.id)).toHaveLength(1);
    expect((await allCosted(ACME)).length).toBe(before + 1); // only the sentinel's
  });

  it('removes a deleted entry and announces its negation; a redelivery changes nothing', async () => {
    // What the other lines hold now (the correction test may or may not have run yet).
    const remaining = (await linesOf(ACME, project)).filter((l) => l.date !== deleted.date);
    const [totalsBefore] = await financials([project]);
    const event = entryChanged('work.timesheet.deleted', ACME, deleted);
    await publishAndSettle(ACME, [event]);
    expect(await entryRow(ACME, deleted.entryId)).toEqual([]);
    const events = await costedEvents(ACME, event.id);
    expect(events).toHaveLength(1);
    // 3 h cost 150.00 and billed 360.00.
    expect((events[0]!.data as LaborCostedData).entries).toEqual([
      {
        ...deleted,
        hours: '-3.00',
        cost: '-150.00',
        revenue: '-360.00',
        currency: 'USD',
        unpricedHours: '0.00',
        unbilledHours: '0.00',
      },
    ]);

    const before = (await allCosted(ACME)).length;
    await publishAndSettle(ACME, [event]);
    expect(await costedEvents(ACME, event.id)).toHaveLength(1);
    expect((await allCosted(ACME)).length).toBe(before + 1);
    // What remains: the other lines unchanged, the project's totals down by exactly the 3 h.
    expect(await linesOf(ACME, project)).toEqual(remaining);
    expect(remaining.map((l) => l.date)).toEqual([kept.date, corrected.date]);
    const [totals] = await financials([project]);
    expect(totals).toMatchObject({
      hours: subtractDecimal(totalsBefore!.hours, '3.00'),
      cost: { amount: subtractDecimal(totalsBefore!.cost.amount, '150.00') },
      revenue: { amount: subtractDecimal(totalsBefore!.revenue.amount, '360.00') },
    });
  });

  it('skips a change to an entry it never priced, and a malformed one, without an event', async () => {
    const unknown = line(engineer, project, daysAgo(3), '1.00');
    const events = [
      entryChanged('work.timesheet.resubmitted', ACME, { ...unknown, hours: '2.00' }, unknown),
      entryChanged('work.timesheet.deleted', ACME, unknown),
      entryChanged('work.timesheet.resubmitted', ACME, { ...kept, hours: 'lots' }, kept),
    ];
    await publishAndSettle(ACME, events);
    for (const e of events) expect(await costedEvents(ACME, e.id)).toHaveLength(0);
    expect(await entryRow(ACME, unknown.entryId)).toEqual([]);
    expect(await entryRow(ACME, kept.entryId)).toEqual([
      { hours: '2.00', cost: '100.00', revenue: '240.00' },
    ]);
  });

  it("never lets another tenant's event touch this tenant's rows", async () => {
    const other = newId();
    const events = [
      entryChanged('work.timesheet.resubmitted', other, { ...kept, hours: '9.00' }, kept),
      entryChanged('work.timesheet.deleted', other, kept),
    ];
    await publishAndSettle(other, events);
    expect(await entryRow(ACME, kept.entryId)).toEqual([
      { hours: '2.00', cost: '100.00', revenue: '240.00' },
    ]);
    for (const e of events) {
      expect(await costedEvents(other, e.id)).toHaveLength(0);
      expect(await costedEvents(ACME, e.id)).toHaveLength(0);
    }
  });
});

describe('Project.financials', () => {
  it('is zero for a project with nothing logged', async () => {
    expect(await financials([newId()])).toEqual([
      {
        revenue: { amount: '0.00', currency: 'USD' },
        cost: { amount: '0.00', currency: 'USD' },
        profit: { amount: '0.00', currency: 'USD' },
        roi: null,
        hours: '0.00',
        hourlyRate: null,
      },
    ]);
  });

  it('never shows another tenant anything', async () => {
    const [project] = (await seedProjects(db, ACME, 1)) as [string];
    const [e] = (await seedEmployees(db, ACME, [{}])) as [string];
    await pay(ACME, e, '104000.00', 'ANNUAL');
    await bill(ACME, project, '200.00');
    await finance.bus.publish([timesheetLogged(ACME, [line(e, project, daysAgo(1), '1.00')])]);
    await eventually(async () => (await linesOf(ACME, project)).length === 1);
    const [other] = await financials([project], identityFor(newId(), ['admin']));
    expect(other).toMatchObject({ revenue: { amount: '0.00' }, cost: { amount: '0.00' }, hourlyRate: null });
  });

  it('is null without an error for callers without financials:read for the whole tenant', async () => {
    for (const role of ['hr_manager', 'department_head', 'manager', 'employee', 'viewer']) {
      const res = await finance.call(
        FINANCIALS,
        { r: [{ __typename: 'Project', id: newId() }] },
        identityFor(ACME, [role]),
      );
      // README rule: a field of an object the caller may see, whose value is not theirs, is null
      // without an error (the root-level financeSettings still answers FORBIDDEN).
      expect(res.errors).toBeUndefined();
      expect((res.data as { _entities: unknown[] })._entities).toEqual([
        { id: expect.any(String), financials: null },
      ]);
    }
  });

  it('loads many projects in a constant number of statements', async () => {
    const projects = await seedProjects(db, ACME, 30);
    const measure = (n: number) =>
      statementsDuring(db, async () => {
        expect(await financials(projects.slice(0, n), admin)).toHaveLength(n);
      }).then((s) => s.length);
    // set_config + one aggregate select, for 3 projects as for 30.
    expect(await measure(3)).toBe(2);
    expect(await measure(30)).toBe(2);
  });
});
