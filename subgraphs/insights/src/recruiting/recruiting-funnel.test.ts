import { type Database, withTenant } from '@wg/db';
import { outboxTable } from '@wg/db/common';
import * as tables from '@wg/db/insights';
import type { ApplicationStage, CandidateSource, OfferStatus } from '@wg/recruiting/events';
import { type Bus, type DomainEvent, emitEvents, InProcessBus, type NewEventOf, RedisBus } from '@wg/runtime';
import {
  codeOf,
  createTestDatabase,
  eventually,
  fieldsOf,
  identityFor,
  newId,
  pinClock,
  startTestSubgraph,
} from '@wg/runtime/testing';
import { pgSchema } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insightsSubgraph } from '../index';
import { ANALYTICS_CHANGED_CHANNEL, type AnalyticsChanged } from '../projections/notify';
import { rebuildProjections, rebuildTenant } from '../projections/projector';

/*
 * The recruiting funnel inside the insights subgraph: recruiting's events in (as its outbox
 * publishes them), `recruitingAnalytics` out, compared with figures counted by hand. PGlite and the
 * in-process bus by default; PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set.
 */

let db: Database & { drop(): Promise<void> };
let bus: Bus;
let insights: Awaited<ReturnType<typeof startTestSubgraph>>;

// Strictly increasing occurredAt, so "newest snapshot wins" is decided by the data, not by a tie.
let tick = Date.parse('2024-06-15T00:00:00Z');
function event(tenantId: string, type: string, aggregate: string, id: string, data: object): DomainEvent {
  tick += 1;
  return {
    id: newId(),
    type,
    tenantId,
    aggregate: { type: aggregate, id },
    occurredAt: new Date(tick).toISOString(),
    data: data as Record<string, unknown>,
  };
}

const TODAY = '2024-06-15T12:00:00Z';
const STAGES: ApplicationStage[] = ['APPLIED', 'SCREENING', 'INTERVIEW', 'OFFER', 'HIRED'];

/** A small recruiting history whose every figure is counted by hand in the tests below. */
function scenario(t: string) {
  const eng = newId();
  const platform = newId();
  const sales = newId();
  const manager = newId();
  const [p1, p2, p3] = [newId(), newId(), newId()];
  const events: DomainEvent[] = [
    event(t, 'people.department.created', 'Department', eng, {
      id: eng,
      name: 'Engineering',
      parentId: null,
    }),
    event(t, 'people.department.created', 'Department', platform, {
      id: platform,
      name: 'Platform',
      parentId: eng,
    }),
    event(t, 'people.department.created', 'Department', sales, { id: sales, name: 'Sales', parentId: null }),
    event(t, 'people.employee.hired', 'Employee', manager, {
      id: manager,
      firstName: 'M',
      lastName: 'G',
      workEmail: `${manager}@x.test`,
      departmentId: eng,
      managerId: null,
      status: 'ACTIVE',
      hireDate: '2020-01-01',
    }),
  ];
  const posting = (
    type: string,
    id: string,
    departmentId: string,
    status: string,
    openings: number,
    closeReason: string | null = null,
  ) =>
    events.push(
      event(t, `recruiting.job_posting.${type}`, 'JobPosting', id, {
        id,
        title: 'Engineer',
        departmentId,
        employmentType: 'FULL_TIME',
        status,
        openings,
        location: null,
        closesOn: null,
        closeReason,
      }),
    );
  posting('opened', p1, eng, 'OPEN', 2);
  posting('opened', p2, platform, 'OPEN', 1);
  posting('on_hold', p2, platform, 'ON_HOLD', 1);
  posting('opened', p3, sales, 'OPEN', 1);
  posting('closed', p3, sales, 'CLOSED', 1, 'FILLED');

  /** An application's life: created, then each move (the last one may be REJECTED / WITHDRAWN). */
  const application = (
    postingId: string,
    departmentId: string,
    source: CandidateSource,
    appliedAt: string,
    moves: { to: ApplicationStage; at: string }[],
  ) => {
    const id = newId();
    const base = { id, candidateId: newId(), postingId, departmentId, source, appliedAt };
    events.push(
      event(t, 'recruiting.application.created', 'Application', id, {
        ...base,
        stage: 'APPLIED',
        stageChangedAt: appliedAt,
      }),
    );
    let stage: ApplicationStage = 'APPLIED';
    for (const m of moves) {
      events.push(
        event(t, 'recruiting.application.stage_changed', 'Application', id, {
          ...base,
          stage: m.to,
          previousStage: stage,
          stageChangedAt: m.at,
        }),
      );
      stage = m.to;
    }
    return id;
  };
  const forward = (to: number, at: string) => STAGES.slice(1, to + 1).map((s) => ({ to: s, at }));
  const offer = (applicationId: string, departmentId: string, statuses: [OfferStatus, string | null][]) => {
    const id = newId();
    let previous: OfferStatus | null = null;
    for (const [status, decidedAt] of statuses) {
      events.push(
        event(t, `recruiting.offer.${status.toLowerCase()}`, 'Offer', id, {
          id,
          applicationId,
          postingId: p1,
          departmentId,
          status,
          baseSalary: '90000.00',
          currency: 'USD',
          startDate: '2024-07-01',
          employmentType: 'FULL_TIME',
          previousStatus: previous,
          decidedAt,
        }),
      );
      previous = status;
    }
    return id;
  };
  // a1: hired after exactly 10 days.
  const a1 = application(p1, eng, 'CAREER_SITE', '2024-05-01T00:00:00.000Z', [
    ...forward(3, '2024-05-05T00:00:00.000Z'),
    { to: 'HIRED', at: '2024-05-11T00:00:00.000Z' },
  ]);
  // a2: rejected after screening.
  application(p1, eng, 'REFERRAL', '2024-05-02T00:00:00.000Z', [
    ...forward(1, '2024-05-03T00:00:00.000Z'),
    { to: 'REJECTED', at: '2024-05-04T00:00:00.000Z' },
  ]);
  // a3: not looked at yet.
  application(p1, eng, 'AGENCY', '2024-05-03T00:00:00.000Z', []);
  // a4: hired after 20.5 days, in April (sales).
  const a4 = application(p3, sales, 'REFERRAL', '2024-04-01T00:00:00.000Z', [
    ...forward(3, '2024-04-10T00:00:00.000Z'),
    { to: 'HIRED', at: '2024-04-21T12:00:00.000Z' },
  ]);
  // a5: withdrew during interviews (platform).
  application(p2, platform, 'SOURCED', '2024-06-01T00:00:00.000Z', [
    ...forward(2, '2024-06-02T00:00:00.000Z'),
    { to: 'WITHDRAWN', at: '2024-06-03T00:00:00.000Z' },
  ]);
  // a6: long before the default period (the 365 days ending 15 June 2024).
  application(p1, eng, 'CAREER_SITE', '2022-01-01T00:00:00.000Z', []);
  // a7: declined the offer, then rejected.
  const a7 = application(p1, eng, 'CAREER_SITE', '2024-05-05T00:00:00.000Z', [
    ...forward(3, '2024-05-06T00:00:00.000Z'),
    { to: 'REJECTED', at: '2024-05-21T00:00:00.000Z' },
  ]);
  // a8: at OFFER; its offer expired and was then withdrawn (the expiry still counts).
  const a8 = application(
    p1,
    eng,
    'AGENCY',
    '2024-05-06T00:00:00.000Z',
    forward(3, '2024-05-07T00:00:00.000Z'),
  );
  offer(a1, eng, [
    ['SENT', null],
    ['ACCEPTED', '2024-05-10T09:00:00.000Z'],
  ]);
  offer(a4, sales, [['ACCEPTED', '2024-04-20T09:00:00.000Z']]);
  offer(a7, eng, [
    ['SENT', null],
    ['DECLINED', '2024-05-20T09:00:00.000Z'],
  ]);
  offer(a8, eng, [
    ['SENT', null],
    ['EXPIRED', '2024-06-01T00:00:00.000Z'],
    ['WITHDRAWN', null],
  ]);
  // A withdrawn offer never counts.
  offer(a8, eng, [
    ['SENT', null],
    ['WITHDRAWN', null],
  ]);
  return { events, eng, platform, sales, manager };
}

const ACME = newId();
const GLOBEX = newId();
const REBUILT = newId();
const LIVE = newId();
const acme = scenario(ACME);
const rebuilt = scenario(REBUILT);
const live = scenario(LIVE);
const admin = identityFor(ACME, ['admin']);

const FUNNEL = /* GraphQL */ `
  fragment F on RecruitingAnalytics {
    department { id } period { from to } openPostings openPositions applications
    applicationsByStage { stage count }
    conversionByStage { stage nextStage reached advanced rate }
    hires timeToHireDays offersAccepted offersDeclined offersExpired offerAcceptanceRate
    sourceEffectiveness { source applications interviewed hired interviewRate hireRate }
  }`;
const ROOT = /* GraphQL */ `query ($d: ID, $p: RecruitingPeriodInput) { recruitingAnalytics(departmentId: $d, period: $p) { ...F } } ${FUNNEL}`;

type Funnel = {
  department: { id: string } | null;
  period: { from: string; to: string };
  openPostings: number;
  openPositions: number;
  applications: number;
  applicationsByStage: { stage: string; count: number }[];
  conversionByStage: {
    stage: string;
    nextStage: string;
    reached: number;
    advanced: number;
    rate: string | null;
  }[];
  hires: number;
  timeToHireDays: string | null;
  offersAccepted: number;
  offersDeclined: number;
  offersExpired: number;
  offerAcceptanceRate: string | null;
  sourceEffectiveness: {
    source: string;
    applications: number;
    interviewed: number;
    hired: number;
    interviewRate: string | null;
    hireRate: string | null;
  }[];
};

async function funnel(
  identity = admin,
  variables: { d?: string | null; p?: { from?: string; to?: string } } = {},
): Promise<Funnel> {
  const res = await insights.call<{ recruitingAnalytics: Funnel }>(ROOT, variables, identity);
  expect(res.errors).toBeUndefined();
  return res.data!.recruitingAnalytics;
}

const byStage = (f: Funnel) => Object.fromEntries(f.applicationsByStage.map((s) => [s.stage, s.count]));
const conversion = (f: Funnel) => f.conversionByStage.map((c) => [c.stage, c.reached, c.advanced, c.rate]);
const sources = (f: Funnel) =>
  Object.fromEntries(
    f.sourceEffectiveness.map((s) => [
      s.source,
      [s.applications, s.interviewed, s.hired, s.interviewRate, s.hireRate],
    ]),
  );

const notices: AnalyticsChanged[] = [];
let unpin: () => void;

beforeAll(async () => {
  unpin = pinClock(TODAY);
  db = await createTestDatabase();
  bus = process.env.REDIS_URL
    ? new RedisBus(process.env.REDIS_URL, `wg-test-funnel-${process.pid}-${newId()}:`)
    : new InProcessBus();
  insights = await startTestSubgraph(insightsSubgraph, db, bus);
  await bus.subscribeTransient(ANALYTICS_CHANGED_CHANNEL, (m) => notices.push(m as AnalyticsChanged));
  await bus.publish([...acme.events, ...rebuilt.events, ...live.events]);
  for (const tenantId of [ACME, REBUILT, LIVE])
    await eventually(async () => {
      const r = await insights.call<{ recruitingAnalytics: Funnel }>(
        ROOT,
        {},
        identityFor(tenantId, ['admin']),
      );
      return r.data?.recruitingAnalytics.offersExpired === 1 && r.data.recruitingAnalytics.applications === 7;
    }, 20_000);
}, 60_000);

afterAll(async () => {
  await insights?.stop();
  await bus?.close();
  await db?.drop();
  unpin?.();
});

describe('the funnel matches a hand count', () => {
  it('company, default period (the 365 days ending today)', async () => {
    const f = await funnel();
    expect(f.department).toBeNull();
    expect(f.period).toEqual({ from: '2023-06-17', to: '2024-06-15' });
    expect([f.openPostings, f.openPositions]).toEqual([1, 2]);
    expect(f.applications).toBe(7);
    expect(byStage(f)).toEqual({
      APPLIED: 1,
      SCREENING: 0,
      INTERVIEW: 0,
      OFFER: 1,
      HIRED: 2,
      REJECTED: 2,
      WITHDRAWN: 1,
    });
    expect(conversion(f)).toEqual([
      ['APPLIED', 7, 6, '0.8571'],
      ['SCREENING', 6, 5, '0.8333'],
      ['INTERVIEW', 5, 4, '0.8000'],
      ['OFFER', 4, 2, '0.5000'],
    ]);
    // Median of 10 and 20.5 days.
    expect([f.hires, f.timeToHireDays]).toEqual([2, '15.25']);
    expect([f.offersAccepted, f.offersDeclined, f.offersExpired, f.offerAcceptanceRate]).toEqual([
      2,
      1,
      1,
      '0.5000',
    ]);
    expect(sources(f)).toEqual({
      CAREER_SITE: [2, 2, 1, '1.0000', '0.5000'],
      REFERRAL: [2, 1, 1, '0.5000', '0.5000'],
      AGENCY: [2, 1, 0, '0.5000', '0.0000'],
      SOURCED: [1, 1, 0, '1.0000', '0.0000'],
      INTERNAL: [0, 0, 0, null, null],
    });
  });

  it('one department, through the root field and Department.recruitingAnalytics alike', async () => {
    const f = await funnel(admin, { d: acme.eng });
    expect(f.department).toEqual({ id: acme.eng });
    expect([f.openPostings, f.openPositions, f.applications]).toEqual([1, 2, 5]);
    expect(conversion(f)).toEqual([
      ['APPLIED', 5, 4, '0.8000'],
      ['SCREENING', 4, 3, '0.7500'],
      ['INTERVIEW', 3, 3, '1.0000'],
      ['OFFER', 3, 1, '0.3333'],
    ]);
    expect([f.hires, f.timeToHireDays]).toEqual([1, '10.00']);
    expect([f.offersAccepted, f.offersDeclined, f.offersExpired, f.offerAcceptanceRate]).toEqual([
      1,
      1,
      1,
      '0.3333',
    ]);
    const entities = await insights.call<{ _entities: { recruitingAnalytics: Funnel | null }[] }>(
      /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Department { recruitingAnalytics { ...F } } } } ${FUNNEL}`,
      {
        r: [acme.eng, acme.sales, acme.platform].map((id) => ({ __typename: 'Department', id })),
      },
      admin,
    );
    expect(entities.errors).toBeUndefined();
    const [eng, sales, platform] = entities.data!._entities.map((e) => e.recruitingAnalytics!);
    expect(eng).toEqual(f);
    expect([sales!.openPostings, sales!.applications, sales!.hires, sales!.timeToHireDays]).toEqual([
      0,
      1,
      1,
      '20.50',
    ]);
    // ON_HOLD is not open; a withdrawal during interviews reached INTERVIEW.
    expect([platform!.openPostings, platform!.applications]).toEqual([0, 1]);
    expect(conversion(platform!)[2]).toEqual(['INTERVIEW', 1, 0, '0.0000']);
  });

  it('a period bounds each figure by its own date', async () => {
    const april = await funnel(admin, { p: { from: '2024-04-01', to: '2024-04-30' } });
    expect(april.period).toEqual({ from: '2024-04-01', to: '2024-04-30' });
    expect([april.applications, april.hires, april.timeToHireDays, april.offerAcceptanceRate]).toEqual([
      1,
      1,
      '20.50',
      '1.0000',
    ]);
    // Open postings are "now", whatever the period.
    expect(april.openPostings).toBe(1);
    // A day with nothing: every ratio is null rather than zero.
    const quiet = await funnel(admin, { p: { from: '2023-01-01', to: '2023-01-01' } });
    expect(quiet.applications).toBe(0);
    expect(quiet.conversionByStage.every((c) => c.rate === null)).toBe(true);
    expect([quiet.timeToHireDays, quiet.offerAcceptanceRate]).toEqual([null, null]);
    // Only `from`: through today. All of 2022 onwards includes the old application a6.
    const since = await funnel(admin, { p: { from: '2022-01-01' } });
    expect([since.period.to, since.applications]).toEqual(['2024-06-15', 8]);
  });
});

describe('permissions', () => {
  const code = async (identity: ReturnType<typeof identityFor>, d?: string) =>
    codeOf(await insights.call(ROOT, { d }, identity));

  it('the company funnel needs analytics:read at scope all', async () => {
    expect(await code(identityFor(ACME, ['analyst']))).toBeUndefined();
    expect(await code(identityFor(ACME, ['department_head']))).toBeUndefined();
    expect(await code(identityFor(ACME, ['manager'], { employeeId: acme.manager }))).toBe('FORBIDDEN');
    expect(await code(identityFor(ACME, ['employee'], { employeeId: acme.manager }))).toBe('FORBIDDEN');
    expect(await code(identityFor(ACME, ['recruiter']))).toBe('FORBIDDEN');
    expect(await code(identityFor(ACME, ['viewer']))).toBe('FORBIDDEN');
  });

  it('a hiring manager (team) sees their department and those below it, nothing else', async () => {
    const manager = identityFor(ACME, ['manager'], { employeeId: acme.manager });
    expect((await funnel(manager, { d: acme.eng })).applications).toBe(5);
    expect((await funnel(manager, { d: acme.platform })).applications).toBe(1);
    expect(await code(manager, acme.sales)).toBe('FORBIDDEN');
    // A manager without an employee record has no department.
    expect(await code(identityFor(ACME, ['manager']), acme.eng)).toBe('FORBIDDEN');
    expect(await code(identityFor(ACME, ['employee'], { employeeId: acme.manager }), acme.eng)).toBe(
      'FORBIDDEN',
    );
    // Below the root: null, never FORBIDDEN.
    const res = await insights.call<{
      _entities: { recruitingAnalytics: { applications: number } | null }[];
    }>(
      /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Department { recruitingAnalytics { applications } } } }`,
      { r: [acme.eng, acme.sales].map((id) => ({ __typename: 'Department', id })) },
      manager,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities.map((e) => e.recruitingAnalytics?.applications ?? null)).toEqual([5, null]);
  });
});

describe('tenants', () => {
  it('another tenant sees none of it, and its department ids are NOT_FOUND', async () => {
    const globex = identityFor(GLOBEX, ['admin']);
    const f = await funnel(globex);
    expect([f.openPostings, f.applications, f.hires, f.offerAcceptanceRate]).toEqual([0, 0, 0, null]);
    expect(codeOf(await insights.call(ROOT, { d: acme.eng }, globex))).toBe('NOT_FOUND');
    const res = await insights.call<{ _entities: { recruitingAnalytics: unknown }[] }>(
      /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Department { recruitingAnalytics { applications } } } }`,
      { r: [{ __typename: 'Department', id: acme.eng }] },
      globex,
    );
    expect(res.data!._entities[0]!.recruitingAnalytics).toBeNull();
    // And RLS holds the rows themselves apart.
    const rows = await withTenant(db, { tenantId: GLOBEX }, (tx) =>
      tx.select().from(tables.recruitingApplications),
    );
    expect(rows).toEqual([]);
  });
});

describe('bad input', () => {
  const fields = async (variables: Record<string, unknown>) => {
    const res = await insights.call(ROOT, variables, admin);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    return fieldsOf(res);
  };
  it('names the argument at fault', async () => {
    expect(await fields({ p: { from: '2024-05-01', to: '2024-04-01' } })).toEqual(['period.from']);
    expect(await fields({ p: { from: '2000-01-01', to: '2024-04-01' } })).toEqual(['period.from']);
    expect(await fields({ d: 'not-an-id' })).toEqual(['departmentId']);
  });
  it('refuses a date that is not a day', async () => {
    const res = await insights.call(ROOT, { p: { from: '2024-02-30' } }, admin);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
  });
});

describe('live and rebuild', () => {
  it('a recruiting event announces the company and its department, and the numbers move', async () => {
    const before = await funnel(identityFor(LIVE, ['admin']), { d: live.sales });
    notices.length = 0;
    const id = newId();
    await bus.publish([
      event(LIVE, 'recruiting.application.created', 'Application', id, {
        id,
        candidateId: newId(),
        postingId: newId(),
        departmentId: live.sales,
        source: 'INTERNAL',
        stage: 'APPLIED',
        appliedAt: '2024-06-14T10:00:00.000Z',
        stageChangedAt: '2024-06-14T10:00:00.000Z',
      }),
    ]);
    const notice = await eventually(async () => notices.find((n) => n.tenantId === LIVE));
    expect(notice.scopes).toEqual([{ kind: 'company' }, { kind: 'department', id: live.sales }]);
    const after = await funnel(identityFor(LIVE, ['admin']), { d: live.sales });
    expect(after.applications).toBe(before.applications + 1);
    // The same figures ride on analyticsSnapshot / analyticsUpdated.
    const snap = await insights.call<{ analyticsSnapshot: { recruitingAnalytics: Funnel } }>(
      /* GraphQL */ `query ($d: ID!) { analyticsSnapshot(scope: { departmentId: $d }) { recruitingAnalytics { ...F } } } ${FUNNEL}`,
      { d: live.sales },
      identityFor(LIVE, ['admin']),
    );
    expect(snap.errors).toBeUndefined();
    expect(snap.data!.analyticsSnapshot.recruitingAnalytics).toEqual(after);
  });

  it('replaying the event log gives the same rows and the same figures', async () => {
    const identity = identityFor(REBUILT, ['admin']);
    // A redelivered event on top: the inbox drops it, the rows stay.
    await bus.publish([rebuilt.events.at(-12)!]);
    const dump = () =>
      withTenant(db, { tenantId: REBUILT }, async (tx) =>
        Promise.all(
          [tables.recruitingPostings, tables.recruitingApplications, tables.recruitingOffers].map(async (t) =>
            ((await tx.select().from(t)) as Record<string, unknown>[])
              .map((r) => JSON.stringify(r, Object.keys(r).sort()))
              .sort(),
          ),
        ),
      );
    const figures = async () => [
      await funnel(identity),
      await funnel(identity, { d: rebuilt.eng }),
      await funnel(identity, { p: { from: '2024-04-01', to: '2024-04-30' } }),
    ];
    const incremental = await figures();
    const rows = await dump();
    expect(rows.map((r) => r.length)).toEqual([3, 8, 5]);
    await rebuildTenant(db, REBUILT);
    expect(await dump()).toEqual(rows);
    expect(await figures()).toEqual(incremental);
  });
});

describe('rebuild --from-outboxes', () => {
  it('imports recruiting’s outbox into the log and projects it', async () => {
    // A tenant whose recruiting history predates insights' log: the events are only in
    // recruiting's outbox (no relay runs in this test). The test plays the producer, writing that
    // outbox as recruiting does; `--from-outboxes` is the one insights path that reads it.
    const recruitingOutbox = outboxTable(pgSchema('recruiting'));
    const tenantId = newId();
    const history = scenario(tenantId).events.filter((e) => e.type.startsWith('recruiting.'));
    await withTenant(db, { tenantId }, (tx) =>
      emitEvents(
        tx,
        recruitingOutbox,
        history.map((e) => ({
          tenantId,
          type: e.type,
          aggregateType: e.aggregate.type,
          aggregateId: e.aggregate.id,
          data: e.data,
        })) as unknown as NewEventOf[],
      ),
    );
    const result = await rebuildProjections(db, { fromOutboxes: true, tenants: [tenantId] });
    expect(result.imported).toBeGreaterThanOrEqual(history.length);
    expect(result.tenants).toEqual([{ tenantId, events: history.length }]);
    const f = await funnel(identityFor(tenantId, ['admin']));
    expect([f.openPostings, f.applications, f.hires, f.offerAcceptanceRate]).toEqual([1, 7, 2, '0.5000']);
  });
});
