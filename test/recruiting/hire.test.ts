import { withTenant } from '@wg/db';
import { employees } from '@wg/db/people';
import { outbox } from '@wg/db/recruiting';
import { clock } from '@wg/runtime';
import { eventually, pinClock } from '@wg/runtime/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../harness';
import { connect, subscribe } from '../live/ws-client';
import { createTenant, loginAs, type TestPlatform } from '../security/helpers';

/**
 * One candidate from application to employee, through the gateway: applies, is screened,
 * interviewed by two interviewers in a suggested slot, both submit scorecards, the offer is
 * approved by someone other than its author, sent and accepted — and then people has the
 * employee (once, even when the event is delivered again) and finance their compensation — and
 * insights' recruiting funnel moves with it, queried and pushed live through the gateway.
 */
let platform: TestPlatform;
let tenantId = '';
let admin = '';
let recruiter = '';
const interviewers: { id: string; token: string }[] = [];
let departmentId = '';

type Q<T> = Promise<{
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}>;
const q = <T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
  token: string,
): Q<T> => platform.query<T>(query, variables, token);

async function ok<T>(res: Q<T>): Promise<T> {
  const r = await res;
  if (r.errors || !r.data) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

type Funnel = {
  openPostings: number;
  applications: number;
  applicationsByStage: { stage: string; count: number }[];
  conversionByStage: { stage: string; reached: number; advanced: number; rate: string | null }[];
  hires: number;
  timeToHireDays: string | null;
  offersAccepted: number;
  offerAcceptanceRate: string | null;
  sourceEffectiveness: { source: string; applications: number; hired: number; hireRate: string | null }[];
};
const FUNNEL_FIELDS = /* GraphQL */ `openPostings applications applicationsByStage { stage count }
  conversionByStage { stage reached advanced rate } hires timeToHireDays offersAccepted offerAcceptanceRate
  sourceEffectiveness { source applications hired hireRate }`;
const funnelOf = async (token: string, department: string | null) =>
  (
    await ok(
      q<{ recruitingAnalytics: Funnel }>(
        `query ($d: ID) { recruitingAnalytics(departmentId: $d) { ${FUNNEL_FIELDS} } }`,
        { d: department },
        token,
      ),
    )
  ).recruitingAnalytics;
const stageCount = (f: Funnel, stage: string) => f.applicationsByStage.find((s) => s.stage === stage)?.count;

beforeAll(async () => {
  platform = await startTestPlatform();
  tenantId = await createTenant(platform, 'hiring');
  admin = await loginAs(platform, tenantId, 'hiring', ['admin']);
  recruiter = await loginAs(platform, tenantId, 'hiring', ['recruiter']);
  const dept = await ok(
    q<{ createDepartment: { id: string } }>(
      /* GraphQL */ `mutation { createDepartment(input: { name: "Platform" }) { id } }`,
      {},
      admin,
    ),
  );
  departmentId = dept.createDepartment.id;
  for (const name of ['Ines', 'Olu']) {
    const hired = await ok(
      q<{ hireEmployee: { id: string } }>(
        /* GraphQL */ `mutation ($i: CreateEmployeeInput!) { hireEmployee(input: $i) { id } }`,
        {
          i: {
            firstName: name,
            lastName: 'Interviewer',
            workEmail: `${name.toLowerCase()}@hiring.test`,
            hireDate: '2024-01-08',
            departmentId,
          },
        },
        admin,
      ),
    );
    interviewers.push({ id: hired.hireEmployee.id, token: '' });
  }
  // Security and recruiting learn employees from people's events.
  for (const i of interviewers) {
    i.token = await eventually(async () => {
      try {
        return await loginAs(platform, tenantId, 'hiring', ['employee'], { employeeId: i.id });
      } catch {
        return null;
      }
    });
  }
  await eventually(async () => {
    const r = await q(
      /* GraphQL */ `mutation ($e: ID!) { setWorkingHours(employeeId: $e, input: { timeZone: "UTC", weekdays: [1,2,3,4,5,6,7], start: "00:00", end: "24:00" }) }`,
      { e: interviewers[1]!.id },
      recruiter,
    );
    return !r.errors;
  });
  await ok(
    q(
      /* GraphQL */ `mutation ($e: ID!) { setWorkingHours(employeeId: $e, input: { timeZone: "Europe/Berlin", weekdays: [1,2,3,4,5,6,7], start: "00:00", end: "24:00" }) }`,
      { e: interviewers[0]!.id },
      recruiter,
    ),
  );
}, 120_000);

afterAll(async () => platform?.stop());

describe('from application to employee, through the gateway', () => {
  it('hires one candidate with compensation, exactly once', async () => {
    const posting = await eventually(async () => {
      const r = await q<{ createJobPosting: { id: string } }>(
        /* GraphQL */ `mutation ($d: ID!) {
          createJobPosting(input: { title: "Platform Engineer", departmentId: $d, salaryMin: "80000", salaryMax: "100000", currency: "EUR" }) { id }
        }`,
        { d: departmentId },
        recruiter,
      );
      return r.data?.createJobPosting.id;
    });
    const candidate = await ok(
      q<{ createCandidate: { id: string } }>(
        /* GraphQL */ `mutation { createCandidate(input: { firstName: "Noor", lastName: "Haddad", email: "noor.haddad@example.com", source: REFERRAL }) { id } }`,
        {},
        recruiter,
      ),
    );
    const app = await ok(
      q<{ apply: { id: string } }>(
        /* GraphQL */ `mutation ($c: ID!, $p: ID!) { apply(input: { candidateId: $c, postingId: $p }) { id } }`,
        { c: candidate.createCandidate.id, p: posting },
        recruiter,
      ),
    );
    const applicationId = app.apply.id;

    // The funnel before: one open posting, one application at APPLIED, nobody hired.
    const before = await eventually(async () => {
      const f = await funnelOf(admin, departmentId);
      return f.openPostings === 1 && f.applications === 1 ? f : null;
    }, 20_000);
    expect([
      stageCount(before, 'APPLIED'),
      before.hires,
      before.timeToHireDays,
      before.offerAcceptanceRate,
    ]).toEqual([1, 0, null, null]);
    // A dashboard watching the department over graphql-ws.
    const socket = connect(platform.gateway.url, { authorization: `Bearer ${admin}` });
    const watch = subscribe<{ analyticsUpdated: { recruitingAnalytics: Funnel } }>(
      socket,
      `subscription ($d: ID!) { analyticsUpdated(scope: { departmentId: $d }) { recruitingAnalytics { ${FUNNEL_FIELDS} } } }`,
      { d: departmentId },
    );
    await watch.waitFor((r) => !!r.data, 20_000);
    const move = (to: string) =>
      ok(
        q(
          /* GraphQL */ `mutation ($id: ID!, $to: ApplicationStage!) { moveApplication(id: $id, input: { to: $to }) { stage } }`,
          { id: applicationId, to },
          recruiter,
        ),
      );
    await move('SCREENING');
    await move('INTERVIEW');

    const now = clock.now().getTime();
    const slots = await ok(
      q<{ suggestInterviewTimes: { startsAt: string; endsAt: string }[] }>(
        /* GraphQL */ `query ($a: ID!, $ids: [ID!]!, $f: String!, $t: String!) {
          suggestInterviewTimes(applicationId: $a, interviewerIds: $ids, durationMinutes: 60, from: $f, to: $t, count: 1) { startsAt endsAt }
        }`,
        {
          a: applicationId,
          ids: interviewers.map((i) => i.id),
          f: new Date(now + 3_600_000).toISOString(),
          t: new Date(now + 3 * 86_400_000).toISOString(),
        },
        recruiter,
      ),
    );
    const slot = slots.suggestInterviewTimes[0]!;
    const booked = await ok(
      q<{ scheduleInterview: { id: string } }>(
        /* GraphQL */ `mutation ($a: ID!, $s: String!, $e: String!, $ids: [ID!]!) {
          scheduleInterview(input: { applicationId: $a, kind: VIDEO, startsAt: $s, endsAt: $e, interviewerIds: $ids, meetingUrl: "https://meet.example/abc" }) { id }
        }`,
        { a: applicationId, s: slot.startsAt, e: slot.endsAt, ids: interviewers.map((i) => i.id) },
        recruiter,
      ),
    );

    // Scorecards open when the interview starts: move the clock into it.
    const restore = pinClock(new Date(Date.parse(slot.startsAt) + 30 * 60_000));
    try {
      for (const [n, i] of interviewers.entries()) {
        await ok(
          q(
            /* GraphQL */ `mutation ($id: ID!, $r: Recommendation!) { submitScorecard(interviewId: $id, input: { recommendation: $r, notes: "Solid" }) { id } }`,
            { id: booked.scheduleInterview.id, r: n === 0 ? 'YES' : 'STRONG_YES' },
            i.token,
          ),
        );
      }
    } finally {
      restore();
    }
    const cards = await ok(
      q<{ application: { scorecards: { recommendation: string }[] } }>(
        /* GraphQL */ `query ($id: ID!) { application(id: $id) { scorecards { recommendation } } }`,
        { id: applicationId },
        recruiter,
      ),
    );
    expect(cards.application.scorecards.map((s) => s.recommendation).sort()).toEqual(['STRONG_YES', 'YES']);

    await move('OFFER');
    const today = clock.today();
    const offer = await ok(
      q<{ createOffer: { id: string } }>(
        /* GraphQL */ `mutation ($a: ID!, $d: String!, $x: String!) {
          createOffer(input: { applicationId: $a, baseSalary: "92000.00", currency: "EUR", startDate: $d, expiresOn: $x }) { id }
        }`,
        { a: applicationId, d: today, x: today },
        recruiter,
      ),
    );
    const offerId = offer.createOffer.id;
    const step = (mutation: string, token: string) =>
      q<Record<string, { status: string }>>(
        `mutation ($id: ID!) { ${mutation}(id: $id) { status } }`,
        { id: offerId },
        token,
      );
    await ok(step('submitOffer', recruiter));
    // The author may not approve (a recruiter has no offer:approve anyway); the admin may.
    expect((await step('approveOffer', recruiter)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await ok(step('approveOffer', admin))).approveOffer!.status).toBe('APPROVED');
    await ok(step('sendOffer', recruiter));
    const accepted = await ok(
      q<{ acceptOffer: { status: string; employee: { id: string } } }>(
        /* GraphQL */ `mutation ($id: ID!) { acceptOffer(id: $id) { status employee { id } } }`,
        { id: offerId },
        recruiter,
      ),
    );
    expect(accepted.acceptOffer.status).toBe('ACCEPTED');
    const employeeId = accepted.acceptOffer.employee.id;

    const hired = await eventually(async () => {
      const r = await q<{
        employee: {
          displayName: string;
          department: { id: string };
          compensation: { baseSalary: { amount: string; currency: string } } | null;
        } | null;
      }>(
        /* GraphQL */ `query ($id: ID!) { employee(id: $id) { displayName department { id } compensation { baseSalary { amount currency } } } }`,
        { id: employeeId },
        admin,
      );
      return r.data?.employee?.compensation ? r.data.employee : null;
    }, 20_000);
    expect(hired).toEqual({
      displayName: 'Noor Haddad',
      department: { id: departmentId },
      compensation: { baseSalary: { amount: '92000.00', currency: 'EUR' } },
    });
    const after = await ok(
      q<{ application: { stage: string; posting: { status: string; closeReason: string } } }>(
        /* GraphQL */ `query ($id: ID!) { application(id: $id) { stage posting { status closeReason } } }`,
        { id: applicationId },
        recruiter,
      ),
    );
    expect(after.application).toEqual({
      stage: 'HIRED',
      posting: { status: 'CLOSED', closeReason: 'FILLED' },
    });

    // The funnel moved: the hire, its time, the accepted offer, the filled posting — pushed live
    // and equal to a fresh query.
    const pushed = await watch.waitFor(
      (r) => r.data?.analyticsUpdated.recruitingAnalytics.hires === 1,
      30_000,
    );
    expect(pushed.errors).toBeUndefined();
    const moved = await eventually(async () => {
      const f = await funnelOf(admin, departmentId);
      return f.hires === 1 && f.openPostings === 0 ? f : null;
    }, 20_000);
    expect(pushed.data!.analyticsUpdated.recruitingAnalytics).toEqual(moved);
    watch.stop();
    await socket.dispose();
    expect(moved.applications).toBe(1);
    expect(stageCount(moved, 'HIRED')).toBe(1);
    expect(stageCount(moved, 'APPLIED')).toBe(0);
    expect(moved.conversionByStage.map((c) => c.rate)).toEqual(['1.0000', '1.0000', '1.0000', '1.0000']);
    expect([moved.offersAccepted, moved.offerAcceptanceRate]).toEqual([1, '1.0000']);
    // Applied and hired within this test: well under a day, never negative.
    expect(Number(moved.timeToHireDays)).toBeGreaterThanOrEqual(0);
    expect(Number(moved.timeToHireDays)).toBeLessThan(1);
    expect(moved.timeToHireDays).toMatch(/^\d+\.\d{2}$/);
    expect(moved.sourceEffectiveness.find((s) => s.source === 'REFERRAL')).toEqual({
      source: 'REFERRAL',
      applications: 1,
      hired: 1,
      hireRate: '1.0000',
    });
    // The company figures include the department's; a recruiter holds no analytics:read.
    expect((await funnelOf(admin, null)).hires).toBe(1);
    const denied = await q(`{ recruitingAnalytics { hires } }`, {}, recruiter);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Redelivery: the same accepted event again hires nobody new.
    const [row] = await withTenant(platform.database, { tenantId }, (tx) =>
      tx.select().from(outbox).where(eq(outbox.type, 'recruiting.offer.accepted')),
    );
    await platform.bus.publish([
      {
        id: row!.id,
        type: row!.type,
        tenantId,
        aggregate: { type: row!.aggregateType, id: row!.aggregateId },
        occurredAt: row!.occurredAt.toISOString(),
        data: row!.data as Record<string, unknown>,
      },
    ]);
    await new Promise((r) => setTimeout(r, 1500));
    const people = await withTenant(platform.database, { tenantId }, (tx) =>
      tx
        .select({ id: employees.id })
        .from(employees)
        .where(eq(employees.personalEmail, 'noor.haddad@example.com')),
    );
    expect(people).toEqual([{ id: employeeId }]);
  }, 120_000);
});
