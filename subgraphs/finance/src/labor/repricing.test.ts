import 'reflect-metadata';
import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/finance';
import { createContext, type DomainEvent, rootLogger } from '@wg/runtime';
import { createTestDatabase, eventually, identityFor, newId, startTestSubgraph } from '@wg/runtime/testing';
import type { TimesheetLine } from '@wg/work/events';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostedLine, LaborCostedData } from '../events';
import { compensationService, financeSubgraph, projectRateService, repriceAllTenants } from '../index';
import { seedEmployees, seedProjects, timesheetLogged } from '../testing';
import { subtractDecimal } from './labor.service';

/**
 * Issue #12, findings 2–4: what counts (rejected lines do not; lines outside employment do not)
 * and one re-pricing rule for compensations, rates, corrections and reviews — the rate effective
 * on the line's date, re-priced when it changes, announced as a signed delta.
 */
const T = newId();
let db: Database & { drop(): Promise<void> };
let finance: Awaited<ReturnType<typeof startTestSubgraph>>;
const { laborEntries, outbox } = tables;

const ctx = () =>
  createContext({
    identity: identityFor(T, ['admin']),
    requestId: 'test',
    log: rootLogger,
    database: db,
    createLoaders: financeSubgraph.createLoaders,
  });

const pay = (employeeId: string, baseSalary: string, effectiveFrom: string) =>
  compensationService.set(ctx(), {
    employeeId,
    baseSalary,
    currency: 'USD',
    payFrequency: 'ANNUAL',
    effectiveFrom,
  });
const bill = (projectId: string, hourlyRate: string, effectiveFrom?: string) =>
  projectRateService.set(ctx(), {
    projectId,
    hourlyRate,
    currency: 'USD',
    ...(effectiveFrom ? { effectiveFrom } : {}),
  });

const line = (employeeId: string, projectId: string, date: string, hours: string): TimesheetLine => ({
  entryId: newId(),
  employeeId,
  projectId,
  date,
  hours,
});

function workEvent(type: string, data: Record<string, unknown>, aggregateId = newId()): DomainEvent {
  return {
    id: newId(),
    type,
    tenantId: T,
    aggregate: { type: type.includes('resubmitted') ? 'TimesheetEntry' : 'TimesheetBatch', id: aggregateId },
    occurredAt: new Date().toISOString(),
    data,
  };
}

const row = async (entryId: string) =>
  (
    await withTenant(db, { tenantId: T }, (tx) =>
      tx
        .select({
          hours: laborEntries.hours,
          cost: laborEntries.cost,
          revenue: laborEntries.revenue,
          status: laborEntries.status,
          counted: laborEntries.counted,
        })
        .from(laborEntries)
        .where(eq(laborEntries.timesheetEntryId, entryId)),
    )
  )[0];

/** Every announced line for an entry, oldest first. */
async function announcedFor(entryId: string): Promise<CostedLine[]> {
  const events = await withTenant(db, { tenantId: T }, (tx) =>
    tx.select().from(outbox).where(eq(outbox.type, 'finance.labor.costed')).orderBy(asc(outbox.seq)),
  );
  return events.flatMap((e) => (e.data as LaborCostedData).entries.filter((l) => l.entryId === entryId));
}

/** Σ of every announced amount for an entry: what insights has summed for it. */
async function netFor(entryId: string) {
  const sum = (k: 'hours' | 'cost' | 'revenue') =>
    announcedFor(entryId).then((ls) =>
      ls.reduce((a, l) => subtractDecimal(a, subtractDecimal('0', l[k])), '0.00'),
    );
  return { hours: await sum('hours'), cost: await sum('cost'), revenue: await sum('revenue') };
}

/** Publishes `events` and a sentinel line; once the sentinel is priced the rest was applied. */
async function settle(events: DomainEvent[], employee: string, project: string) {
  const sentinel = line(employee, project, '2025-01-02', '0.25');
  await finance.bus.publish([...events, timesheetLogged(T, [sentinel])]);
  await eventually(async () => (await row(sentinel.entryId)) !== undefined);
}

beforeAll(async () => {
  db = await createTestDatabase();
  finance = await startTestSubgraph(financeSubgraph, db);
});

afterAll(async () => {
  await finance?.stop();
  await db?.drop();
});

describe('what counts', () => {
  let e: string;
  let p: string;
  let a: TimesheetLine;

  beforeAll(async () => {
    [e] = (await seedEmployees(db, T, [{ hireDate: '2024-01-01' }])) as [string];
    [p] = (await seedProjects(db, T, 1)) as [string];
    await pay(e, '104000.00', '2024-01-01'); // 50.00 an hour
    await bill(p, '100.00');
    a = line(e, p, '2025-03-03', '8.00');
    await settle([timesheetLogged(T, [a])], e, p);
  });

  it('counts a submitted line, and an approval changes nothing', async () => {
    await settle([workEvent('work.timesheet.approved', { entries: [a], reviewedBy: null })], e, p);
    expect(await row(a.entryId)).toMatchObject({ status: 'APPROVED', counted: true, cost: '400.00' });
    expect(await announcedFor(a.entryId)).toHaveLength(1);
  });

  it('takes a rejected line back (signed negation) and counts it again once resubmitted', async () => {
    const b = line(e, p, '2025-03-04', '8.00');
    await settle([timesheetLogged(T, [b])], e, p);
    await settle(
      [workEvent('work.timesheet.rejected', { entries: [b], reviewedBy: null, reason: 'no' })],
      e,
      p,
    );
    expect(await row(b.entryId)).toMatchObject({ status: 'REJECTED', counted: false });
    expect(await netFor(b.entryId)).toEqual({ hours: '0.00', cost: '0.00', revenue: '0.00' });
    expect((await announcedFor(b.entryId)).at(-1)).toMatchObject({
      hours: '-8.00',
      cost: '-400.00',
      revenue: '-800.00',
    });

    await settle(
      [workEvent('work.timesheet.resubmitted', { entry: { ...b, hours: '6.00' }, before: b }, b.entryId)],
      e,
      p,
    );
    expect(await row(b.entryId)).toMatchObject({ status: 'SUBMITTED', counted: true, hours: '6.00' });
    expect(await netFor(b.entryId)).toEqual({ hours: '6.00', cost: '300.00', revenue: '600.00' });

    // Rejected again and deleted: the deletion announces nothing more (it already counts zero).
    await settle(
      [workEvent('work.timesheet.rejected', { entries: [b], reviewedBy: null, reason: 'no' })],
      e,
      p,
    );
    const before = (await announcedFor(b.entryId)).length;
    await settle([workEvent('work.timesheet.deleted', { entry: b }, b.entryId)], e, p);
    expect(await row(b.entryId)).toBeUndefined();
    expect(await announcedFor(b.entryId)).toHaveLength(before);
    expect(await netFor(b.entryId)).toEqual({ hours: '0.00', cost: '0.00', revenue: '0.00' });
  });

  it('does not count lines before the hire date or after the termination date', async () => {
    const [leaver] = (await seedEmployees(db, T, [
      { hireDate: '2025-02-01', terminationDate: '2025-02-28' },
    ])) as [string];
    await pay(leaver, '52000.00', '2025-02-01');
    const early = line(leaver, p, '2025-01-31', '4.00');
    const inside = line(leaver, p, '2025-02-28', '4.00');
    const late = line(leaver, p, '2025-03-01', '4.00');
    await settle([timesheetLogged(T, [early, inside, late])], e, p);
    expect((await row(early.entryId))?.counted).toBe(false);
    expect((await row(inside.entryId))?.counted).toBe(true);
    expect((await row(late.entryId))?.counted).toBe(false);
    expect(await netFor(early.entryId)).toEqual({ hours: '0.00', cost: '0.00', revenue: '0.00' });
    expect(await netFor(late.entryId)).toEqual({ hours: '0.00', cost: '0.00', revenue: '0.00' });
    expect(await netFor(inside.entryId)).toEqual({ hours: '4.00', cost: '100.00', revenue: '400.00' });
  });
});

describe('re-pricing when employment dates change', () => {
  it('a termination recorded after the lines it covers takes them back; a later date counts them again', async () => {
    const [e] = (await seedEmployees(db, T, [{ hireDate: '2025-01-01' }])) as [string];
    const [p] = (await seedProjects(db, T, 1)) as [string];
    await pay(e, '104000.00', '2025-01-01'); // 50.00 an hour
    await bill(p, '100.00');
    const before = line(e, p, '2025-03-04', '8.00');
    const after = line(e, p, '2025-03-10', '8.00');
    await settle([timesheetLogged(T, [before, after])], e, p);
    expect(await netFor(after.entryId)).toEqual({ hours: '8.00', cost: '400.00', revenue: '800.00' });

    const snapshot = (type: string, data: Record<string, unknown>): DomainEvent => ({
      id: newId(),
      type,
      tenantId: T,
      aggregate: { type: 'Employee', id: e },
      occurredAt: new Date().toISOString(),
      data: { id: e, departmentId: newId(), managerId: null, ...data },
    });
    // Terminated on 5 March, recorded after the 10 March line was priced.
    await finance.bus.publish([
      snapshot('people.employee.terminated', {
        status: 'TERMINATED',
        hireDate: '2025-01-01',
        terminationDate: '2025-03-05',
      }),
    ]);
    await eventually(async () => (await row(after.entryId))?.counted === false);
    expect(await netFor(after.entryId)).toEqual({ hours: '0.00', cost: '0.00', revenue: '0.00' });
    expect((await announcedFor(after.entryId)).at(-1)).toMatchObject({ hours: '-8.00', cost: '-400.00' });
    expect((await row(before.entryId))?.counted).toBe(true);
    expect(await announcedFor(before.entryId)).toHaveLength(1);

    // The termination date corrected to 31 March: the 10 March line counts again.
    await finance.bus.publish([
      snapshot('people.employee.updated', {
        status: 'TERMINATED',
        hireDate: '2025-01-01',
        terminationDate: '2025-03-31',
      }),
    ]);
    await eventually(async () => (await row(after.entryId))?.counted === true);
    expect(await netFor(after.entryId)).toEqual({ hours: '8.00', cost: '400.00', revenue: '800.00' });
    expect(await announcedFor(before.entryId)).toHaveLength(1);
  });
});

/** A people employee event for `employee` (the whole snapshot, as people publishes it). */
const personEvent = (employee: string, type: string, data: Record<string, unknown>): DomainEvent => ({
  id: newId(),
  type,
  tenantId: T,
  aggregate: { type: 'Employee', id: employee },
  occurredAt: new Date().toISOString(),
  data: { id: employee, departmentId: newId(), managerId: null, ...data },
});

describe('re-pricing by employment stints', () => {
  it('a rehire keeps the first stint: its lines keep their cost through a compensation change and a reprice', async () => {
    const [e] = (await seedEmployees(db, T, [{ hireDate: '2024-01-01' }])) as [string];
    const [p] = (await seedProjects(db, T, 1)) as [string];
    await pay(e, '104000.00', '2024-01-01'); // 50.00 an hour
    await bill(p, '100.00');
    const first = line(e, p, '2024-03-04', '8.00');
    const gap = line(e, p, '2024-09-02', '1.00');
    const second = line(e, p, '2025-02-03', '2.00');
    await settle([timesheetLogged(T, [first, gap, second])], e, p);
    const stint1 = { start: '2024-01-01', end: '2024-06-30' };
    await finance.bus.publish([
      personEvent(e, 'people.employee.terminated', {
        status: 'TERMINATED',
        hireDate: '2024-01-01',
        terminationDate: '2024-06-30',
        stints: [stint1],
      }),
      personEvent(e, 'people.employee.rehired', {
        status: 'ACTIVE',
        hireDate: '2025-01-01',
        terminationDate: null,
        stints: [stint1, { start: '2025-01-01', end: null }],
      }),
    ]);
    await eventually(async () => (await row(gap.entryId))?.counted === false);
    expect(await row(first.entryId)).toMatchObject({ cost: '400.00', counted: true });
    expect(await row(second.entryId)).toMatchObject({ cost: '100.00', counted: true });
    expect(await netFor(gap.entryId)).toEqual({ hours: '0.00', cost: '0.00', revenue: '0.00' });

    // A later compensation change covering both stints re-prices both, at the new salary.
    await pay(e, '208000.00', '2024-01-01'); // 100.00 an hour
    expect(await row(first.entryId)).toMatchObject({ cost: '800.00', counted: true });
    expect(await row(second.entryId)).toMatchObject({ cost: '200.00', counted: true });
    expect(await netFor(first.entryId)).toEqual({ hours: '8.00', cost: '800.00', revenue: '800.00' });
    expect(await netFor(gap.entryId)).toEqual({ hours: '0.00', cost: '0.00', revenue: '0.00' });

    // pnpm finance:reprice changes nothing about them.
    await repriceAllTenants(db, { tenants: [T] });
    expect(await row(first.entryId)).toMatchObject({ cost: '800.00', counted: true });
    expect(await netFor(first.entryId)).toEqual({ hours: '8.00', cost: '800.00', revenue: '800.00' });
    expect(await netFor(second.entryId)).toEqual({ hours: '2.00', cost: '200.00', revenue: '200.00' });
  });

  it('derives the stints from events recorded before people published them (termination, then rehire)', async () => {
    const [e] = (await seedEmployees(db, T, [{ hireDate: '2024-01-01' }])) as [string];
    const [p] = (await seedProjects(db, T, 1)) as [string];
    await pay(e, '104000.00', '2024-01-01');
    await bill(p, '100.00');
    const first = line(e, p, '2024-03-04', '8.00');
    await settle([timesheetLogged(T, [first])], e, p);
    const terminated = personEvent(e, 'people.employee.terminated', {
      status: 'TERMINATED',
      hireDate: '2024-01-01',
      terminationDate: '2024-06-30',
    });
    await finance.bus.publish([terminated]);
    await eventually(async () => {
      const [r] = await withTenant(db, { tenantId: T }, (tx) =>
        tx.select().from(tables.processedEvents).where(eq(tables.processedEvents.eventId, terminated.id)),
      );
      return r !== undefined;
    });
    await finance.bus.publish([
      personEvent(e, 'people.employee.rehired', {
        status: 'ACTIVE',
        hireDate: '2025-01-01',
        terminationDate: null,
      }),
    ]);
    await eventually(async () => {
      const [r] = await withTenant(db, { tenantId: T }, (tx) =>
        tx
          .select({ data: tables.entityRefs.data })
          .from(tables.entityRefs)
          .where(eq(tables.entityRefs.id, e)),
      );
      return (r?.data as { hireDate?: string } | undefined)?.hireDate === '2025-01-01';
    });
    await pay(e, '208000.00', '2024-01-01');
    expect(await row(first.entryId)).toMatchObject({ cost: '800.00', counted: true });
  });

  it('a hire date corrected to a later day takes back the lines before it; corrected back, they count again', async () => {
    const [e] = (await seedEmployees(db, T, [{ hireDate: '2025-01-01' }])) as [string];
    const [p] = (await seedProjects(db, T, 1)) as [string];
    await pay(e, '104000.00', '2025-01-01');
    await bill(p, '100.00');
    const early = line(e, p, '2025-01-15', '8.00');
    const later = line(e, p, '2025-03-10', '8.00');
    await settle([timesheetLogged(T, [early, later])], e, p);
    await finance.bus.publish([
      personEvent(e, 'people.employee.updated', {
        status: 'ACTIVE',
        hireDate: '2025-02-01',
        terminationDate: null,
        stints: [{ start: '2025-02-01', end: null }],
      }),
    ]);
    await eventually(async () => (await row(early.entryId))?.counted === false);
    expect(await netFor(early.entryId)).toEqual({ hours: '0.00', cost: '0.00', revenue: '0.00' });
    expect((await announcedFor(early.entryId)).at(-1)).toMatchObject({ hours: '-8.00', cost: '-400.00' });
    expect(await announcedFor(later.entryId)).toHaveLength(1);
    // Also when the snapshot carries no stints (an older people): the hire date alone moves.
    await finance.bus.publish([
      personEvent(e, 'people.employee.updated', {
        status: 'ACTIVE',
        hireDate: '2025-01-10',
        terminationDate: null,
      }),
    ]);
    await eventually(async () => (await row(early.entryId))?.counted === true);
    expect(await netFor(early.entryId)).toEqual({ hours: '8.00', cost: '400.00', revenue: '800.00' });
    expect(await announcedFor(later.entryId)).toHaveLength(1);
  });
});

describe('re-pricing: the rate effective on the line’s date', () => {
  let e: string;
  let p: string;

  beforeAll(async () => {
    [e] = (await seedEmployees(db, T, [{}])) as [string];
    [p] = (await seedProjects(db, T, 1)) as [string];
  });

  it('prices a line logged before any compensation once one covering its date is recorded', async () => {
    const early = line(e, p, '2025-05-05', '8.00');
    await settle([timesheetLogged(T, [early])], e, p);
    expect(await row(early.entryId)).toMatchObject({ cost: '0.00' });
    const comp = await pay(e, '104000.00', '2025-01-01');
    expect(await row(early.entryId)).toMatchObject({ cost: '400.00' });
    const last = (await announcedFor(early.entryId)).at(-1)!;
    expect(last).toMatchObject({ cost: '400.00', hours: '0.00', unpricedHours: '-8.00' });
    const [event] = await withTenant(db, { tenantId: T }, (tx) =>
      tx
        .select()
        .from(outbox)
        .where(and(eq(outbox.type, 'finance.labor.costed'), eq(outbox.aggregateId, comp.id))),
    );
    expect(event).toBeDefined();
  });

  it('re-prices exactly the lines a retroactive raise covers, as a signed delta', async () => {
    // An employee of its own, paid 50.00 an hour from January (the tests run in any order).
    const [e2] = (await seedEmployees(db, T, [{}])) as [string];
    await pay(e2, '104000.00', '2025-01-01');
    const before = line(e2, p, '2025-05-30', '8.00');
    const covered = line(e2, p, '2025-06-02', '8.00');
    await settle([timesheetLogged(T, [before, covered])], e2, p);
    expect(await row(covered.entryId)).toMatchObject({ cost: '400.00' });
    // A raise to 124800 (60.00 an hour) from 1 June, recorded after the line.
    await pay(e2, '124800.00', '2025-06-01');
    expect(await row(before.entryId)).toMatchObject({ cost: '400.00' });
    expect(await row(covered.entryId)).toMatchObject({ cost: '480.00' });
    expect((await announcedFor(covered.entryId)).at(-1)).toMatchObject({ hours: '0.00', cost: '80.00' });
    expect(await netFor(covered.entryId)).toMatchObject({ cost: '480.00' });
    // Same day, same employee: one hourly cost, whichever path priced the line.
    const corrected = line(e2, p, '2025-06-02', '2.00');
    await settle([timesheetLogged(T, [corrected])], e2, p);
    await settle(
      [
        workEvent('work.timesheet.rejected', { entries: [corrected], reviewedBy: null, reason: 'x' }),
        workEvent(
          'work.timesheet.resubmitted',
          { entry: { ...corrected, hours: '4.00' }, before: corrected },
          corrected.entryId,
        ),
      ],
      e2,
      p,
    );
    expect(await row(corrected.entryId)).toMatchObject({ hours: '4.00', cost: '240.00' });
  });

  it('applies a first rate from the beginning and a dated rate from its date on', async () => {
    const old = line(e, p, '2025-04-01', '1.00');
    const recent = line(e, p, '2025-07-01', '1.00');
    await settle([timesheetLogged(T, [old, recent])], e, p);
    expect(await row(old.entryId)).toMatchObject({ revenue: '0.00' });
    await bill(p, '100.00');
    expect(await row(old.entryId)).toMatchObject({ revenue: '100.00' });
    expect(await row(recent.entryId)).toMatchObject({ revenue: '100.00' });
    await bill(p, '150.00', '2025-07-01');
    expect(await row(old.entryId)).toMatchObject({ revenue: '100.00' });
    expect(await row(recent.entryId)).toMatchObject({ revenue: '150.00' });
    expect(await netFor(recent.entryId)).toMatchObject({ revenue: '150.00' });
    // Back-dated again: a rate from 1 May covers the May and June lines, not July's.
    await bill(p, '120.00', '2025-05-01');
    expect(await row(old.entryId)).toMatchObject({ revenue: '100.00' });
    expect(await row(recent.entryId)).toMatchObject({ revenue: '150.00' });
  });
});

describe('pnpm finance:reprice (reconciling data priced before the rule)', () => {
  it('re-prices stale lines, takes review statuses from work, announces once, then nothing', async () => {
    const [e] = (await seedEmployees(db, T, [{ hireDate: '2024-01-01' }])) as [string];
    const [p] = (await seedProjects(db, T, 1)) as [string];
    await pay(e, '104000.00', '2024-01-01');
    await bill(p, '100.00');
    // As an older finance stored them: priced at 0 (compensation recorded later), and a line
    // work rejected that finance never heard about.
    const stale = newId();
    const rejected = newId();
    await withTenant(db, { tenantId: T }, (tx) =>
      tx.insert(laborEntries).values(
        [stale, rejected].map((id) => ({
          tenantId: T,
          timesheetEntryId: id,
          employeeId: e,
          projectId: p,
          date: '2025-02-03',
          hours: '2.00',
          cost: '0.00',
          revenue: '200.00',
          currency: 'USD',
        })),
      ),
    );
    await db.system.execute(
      sql`insert into work.outbox (id, tenant_id, type, aggregate_type, aggregate_id, data)
        values (${newId()}, ${T}, 'work.timesheet.rejected', 'TimesheetBatch', ${newId()},
          ${JSON.stringify({ entries: [{ entryId: rejected }], reviewedBy: null, reason: 'x' })}::jsonb)`,
    );
    const [first] = await repriceAllTenants(db, { tenants: [T], statusesFromWorkOutbox: true });
    expect(first).toMatchObject({ statuses: 1, lines: 2 });
    expect(await row(stale)).toMatchObject({ cost: '100.00', counted: true });
    expect(await row(rejected)).toMatchObject({ status: 'REJECTED', counted: false });
    expect((await announcedFor(stale)).at(-1)).toMatchObject({ cost: '100.00', hours: '0.00' });
    expect((await announcedFor(rejected)).at(-1)).toMatchObject({
      hours: '-2.00',
      cost: '0.00',
      revenue: '-200.00',
    });
    const [second] = await repriceAllTenants(db, { tenants: [T], statusesFromWorkOutbox: true });
    expect(second).toMatchObject({ lines: 0 });
  });

  it('rebuilds the stints of an employee rehired before people published them, from people’s outbox', async () => {
    const T2 = newId();
    const [e] = (await seedEmployees(db, T2, [{ hireDate: '2025-01-01' }])) as [string];
    const [p] = (await seedProjects(db, T2, 1)) as [string];
    // As an older finance left it: the replica knows the current stint only, so the first stint's
    // line counted zero.
    await withTenant(db, { tenantId: T2 }, async (tx) => {
      await tx.insert(tables.compensations).values({
        tenantId: T2,
        employeeId: e,
        baseSalary: '104000.00',
        currency: 'USD',
        payFrequency: 'ANNUAL',
        effectiveFrom: '2024-01-01',
      });
      await tx.insert(laborEntries).values({
        tenantId: T2,
        timesheetEntryId: newId(),
        employeeId: e,
        projectId: p,
        date: '2024-03-04',
        hours: '2.00',
        cost: '100.00',
        revenue: '0.00',
        currency: 'USD',
        counted: false,
      });
    });
    const snapshot = (status: string, hireDate: string, terminationDate: string | null) =>
      JSON.stringify({ id: e, status, hireDate, terminationDate, departmentId: newId(), managerId: null });
    for (const [type, data] of [
      ['people.employee.hired', snapshot('ACTIVE', '2024-01-01', null)],
      ['people.employee.terminated', snapshot('TERMINATED', '2024-01-01', '2024-06-30')],
      ['people.employee.rehired', snapshot('ACTIVE', '2025-01-01', null)],
    ] as const) {
      await db.system.execute(
        sql`insert into people.outbox (id, tenant_id, type, aggregate_type, aggregate_id, data)
          values (${newId()}, ${T2}, ${type}, 'Employee', ${e}, ${data}::jsonb)`,
      );
    }
    const [plain] = await repriceAllTenants(db, { tenants: [T2] });
    expect(plain).toMatchObject({ employees: 0, lines: 0 });
    const [first] = await repriceAllTenants(db, { tenants: [T2], employmentFromPeopleOutbox: true });
    expect(first).toMatchObject({ employees: 1, lines: 1 });
    const [r] = await withTenant(db, { tenantId: T2 }, (tx) =>
      tx.select().from(laborEntries).where(eq(laborEntries.employeeId, e)),
    );
    expect(r).toMatchObject({ counted: true, cost: '100.00' });
    const [second] = await repriceAllTenants(db, { tenants: [T2], employmentFromPeopleOutbox: true });
    expect(second).toMatchObject({ lines: 0 });
  });
});
