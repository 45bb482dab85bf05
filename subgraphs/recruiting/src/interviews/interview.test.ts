import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/recruiting';
import type { Identity } from '@wg/runtime';
import {
  codeOf,
  createTestDatabase,
  fieldsOf,
  identityFor,
  newId,
  pinClock,
  startTestSubgraph,
} from '@wg/runtime/testing';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recruitingSubgraph } from '../index';

const { entityRefs, interviews, interviewInterviewers, outbox, busyBlocks } = tables;

const ACME = newId();
const GLOBEX = newId();
const dept = newId();
const ana = newId(); // interviewer, UTC default hours
const ben = newId(); // interviewer, Berlin hours
const cleo = newId(); // interviewer, New York hours
const recruiter = identityFor(ACME, ['recruiter']);
const globexRecruiter = identityFor(GLOBEX, ['recruiter']);
const anaLogin = identityFor(ACME, ['employee'], { employeeId: ana });
const benLogin = identityFor(ACME, ['employee'], { employeeId: ben });
const outsider = identityFor(ACME, ['employee'], { employeeId: newId() });

let db: Database & { drop(): Promise<void> };
let recruiting: Awaited<ReturnType<typeof startTestSubgraph>>;
let unpin: () => void;
let postingId = '';
let seq = 0;

// Monday 2027-03-01 06:00 UTC: "now" for the whole file.
const NOW = '2027-03-01T06:00:00Z';
const at = (day: number, hhmm: string) => `2027-03-${String(day).padStart(2, '0')}T${hhmm}:00Z`;

async function gql<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
  who = recruiter,
) {
  return recruiting.call<T>(query, variables, who);
}

/**
 * A candidate with an application moved to SCREENING (interviews need SCREENING or INTERVIEW), on
 * the file's ACME posting or on another tenant's (`tenantWithPosting`).
 */
async function screenedApplication(on: { who: Identity; postingId: string } = { who: recruiter, postingId }) {
  seq++;
  const c = await gql<{ createCandidate: { id: string } }>(
    /* GraphQL */ `mutation ($e: String!) { createCandidate(input: { firstName: "Ivy", lastName: "Case${seq}", email: $e }) { id } }`,
    { e: `ivy${seq}@example.com` },
    on.who,
  );
  const a = await gql<{ apply: { id: string } }>(
    /* GraphQL */ `mutation ($c: ID!, $p: ID!) { apply(input: { candidateId: $c, postingId: $p }) { id } }`,
    { c: c.data!.createCandidate.id, p: on.postingId },
    on.who,
  );
  const id = a.data!.apply.id;
  await gql(
    /* GraphQL */ `mutation ($id: ID!) { moveApplication(id: $id, input: { to: SCREENING }) { id } }`,
    { id },
    on.who,
  );
  return id;
}

const HOURS = /* GraphQL */ `mutation ($e: ID!, $i: WorkingHoursInput!) { setWorkingHours(employeeId: $e, input: $i) }`;
const BUSY = /* GraphQL */ `mutation ($i: AddBusyBlockInput!) { addBusyBlock(input: $i) { start end } }`;
const RESCHEDULE = /* GraphQL */ `
  mutation ($id: ID!, $i: RescheduleInterviewInput!) {
    rescheduleInterview(id: $id, input: $i) { startsAt rescheduleCount rescheduleHistory { fromStartsAt toStartsAt reason } }
  }
`;

/**
 * Interviewers of the tenant's department (people's employees, learnt from events: written
 * directly here), each with 09:00–17:00 weekday hours in the given time zone.
 */
async function addInterviewers(tenantId: string, who: Identity, timeZones: string[]): Promise<string[]> {
  const ids = timeZones.map(() => newId());
  await withTenant(db, { tenantId }, (tx) =>
    tx
      .insert(entityRefs)
      .values(ids.map((id) => ({ tenantId, entityType: 'Employee', id, data: { id, departmentId: dept } }))),
  );
  for (const [i, timeZone] of timeZones.entries()) {
    const res = await gql(
      HOURS,
      { e: ids[i], i: { timeZone, weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } },
      who,
    );
    expect(res.errors).toBeUndefined();
  }
  return ids;
}

/** A tenant of its own with a department, a posting and one UTC interviewer: for tenant-wide figures. */
async function tenantWithPosting() {
  const tenantId = newId();
  const who = identityFor(tenantId, ['recruiter']);
  await withTenant(db, { tenantId }, (tx) =>
    tx
      .insert(entityRefs)
      .values({ tenantId, entityType: 'Department', id: dept, data: { id: dept, parentId: null } }),
  );
  const [interviewer] = (await addInterviewers(tenantId, who, ['UTC'])) as [string];
  const p = await gql<{ createJobPosting: { id: string } }>(
    /* GraphQL */ `mutation ($d: ID!) { createJobPosting(input: { title: "Engineer", departmentId: $d }) { id } }`,
    { d: dept },
    who,
  );
  return { who, interviewer, postingId: p.data!.createJobPosting.id };
}

const SCHEDULE = /* GraphQL */ `
  mutation ($input: ScheduleInterviewInput!) {
    scheduleInterview(input: $input) { id status startsAt endsAt candidateName interviewers { id } }
  }
`;

async function schedule(
  applicationId: string,
  start: string,
  end: string,
  interviewerIds = [ana],
  who = recruiter,
) {
  return gql<{ scheduleInterview: { id: string; status: string; candidateName: string } }>(
    SCHEDULE,
    {
      input: {
        applicationId,
        kind: 'VIDEO',
        startsAt: start,
        endsAt: end,
        interviewerIds,
        candidateTimeZone: 'America/New_York',
      },
    },
    who,
  );
}

async function interviewCount() {
  return withTenant(
    db,
    { tenantId: ACME },
    async (tx) => (await tx.select({ n: count() }).from(interviews))[0]?.n ?? 0,
  );
}

beforeAll(async () => {
  unpin = pinClock(NOW);
  db = await createTestDatabase();
  recruiting = await startTestSubgraph(recruitingSubgraph, db);
  await withTenant(db, { tenantId: ACME }, (tx) =>
    tx.insert(entityRefs).values([
      { tenantId: ACME, entityType: 'Department', id: dept, data: { id: dept, parentId: null } },
      ...[ana, ben, cleo].map((id) => ({
        tenantId: ACME,
        entityType: 'Employee',
        id,
        data: { id, departmentId: dept },
      })),
    ]),
  );
  const p = await gql<{ createJobPosting: { id: string } }>(
    /* GraphQL */ `mutation ($d: ID!) { createJobPosting(input: { title: "Engineer", departmentId: $d }) { id } }`,
    { d: dept },
  );
  postingId = p.data!.createJobPosting.id;
  await gql(HOURS, {
    e: ben,
    i: { timeZone: 'Europe/Berlin', weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  });
  await gql(HOURS, {
    e: cleo,
    i: { timeZone: 'America/New_York', weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  });
});

afterAll(async () => {
  unpin?.();
  await recruiting?.stop();
  await db?.drop();
});

describe('scheduleInterview', () => {
  it('books an interview, announces it and names the candidate for the interviewers', async () => {
    const app = await screenedApplication();
    const res = await schedule(app, at(2, '10:00'), at(2, '11:00'), [ana, ben]);
    expect(res.errors).toBeUndefined();
    expect(res.data!.scheduleInterview).toMatchObject({
      status: 'SCHEDULED',
      candidateName: `Ivy Case${seq}`,
    });
    const [event] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(outbox).where(eq(outbox.aggregateId, res.data!.scheduleInterview.id)),
    );
    expect(event).toMatchObject({
      type: 'recruiting.interview.scheduled',
      data: { applicationId: app, postingId, departmentId: dept, interviewerIds: [ana, ben].sort() },
    });
  });

  it('names every bad field (end before start, over 8 hours, past, time zone, interviewer, link) and writes nothing', async () => {
    const app = await screenedApplication();
    const before = await interviewCount();
    const res = await gql(SCHEDULE, {
      input: {
        applicationId: app,
        kind: 'ONSITE',
        startsAt: '2027-02-01T10:00:00Z',
        endsAt: '2027-02-01T09:00:00Z',
        interviewerIds: [ana, newId()],
        candidateTimeZone: 'Moon/Base',
        meetingUrl: 'ftp://x',
      },
    });
    expect(fieldsOf(res)).toEqual([
      'input.candidateTimeZone',
      'input.endsAt',
      'input.interviewerIds.1',
      'input.meetingUrl',
      'input.startsAt',
    ]);
    const long = await schedule(app, at(3, '08:00'), at(3, '16:30'));
    expect(fieldsOf(long)).toEqual(['input.endsAt']);
    const malformed = await schedule(app, '2027-03-03 10:00', 'tomorrow');
    expect(fieldsOf(malformed)).toEqual(['input.endsAt', 'input.startsAt']);
    expect(await interviewCount()).toBe(before);
  });

  it('refuses an overlapping booking of the same interviewer or candidate, naming the clash; back-to-back is fine', async () => {
    const app1 = await screenedApplication();
    const app2 = await screenedApplication();
    const first = await schedule(app1, at(4, '10:00'), at(4, '11:00'), [ana]);
    const clash = await schedule(app2, at(4, '10:30'), at(4, '11:30'), [ana]);
    expect(codeOf(clash)).toBe('CONFLICT');
    expect(clash.errors![0]!.message).toContain(first.data!.scheduleInterview.id);
    const candidateClash = await schedule(app1, at(4, '10:45'), at(4, '11:15'), [ben]);
    expect(codeOf(candidateClash)).toBe('CONFLICT');
    expect(candidateClash.errors![0]!.message).toContain('candidate');
    const backToBack = await schedule(app2, at(4, '11:00'), at(4, '12:00'), [ana]);
    expect(backToBack.errors).toBeUndefined();
  });

  it('gives exactly one winner among racing bookings of one interviewer slot', async () => {
    const apps = await Promise.all(Array.from({ length: 8 }, () => screenedApplication()));
    // 15:00 UTC is 10:00 in New York (EST until 2027-03-14): inside Cleo's hours.
    const results = await Promise.all(apps.map((a) => schedule(a, at(5, '15:00'), at(5, '16:00'), [cleo])));
    const codes = results.map((r) => codeOf(r) ?? 'OK').sort();
    expect(codes).toEqual([
      'CONFLICT',
      'CONFLICT',
      'CONFLICT',
      'CONFLICT',
      'CONFLICT',
      'CONFLICT',
      'CONFLICT',
      'OK',
    ]);
  });

  it('is enforced by the database itself, not only by the service', async () => {
    const app = await screenedApplication();
    const booked = await schedule(app, at(8, '10:00'), at(8, '11:00'), [ana]);
    const other = await screenedApplication();
    const otherInterview = newId();
    const attempt = withTenant(db, { tenantId: ACME }, async (tx) => {
      const [a] = await tx.select().from(tables.applications).where(eq(tables.applications.id, other));
      await tx.insert(interviews).values({
        id: otherInterview,
        tenantId: ACME,
        applicationId: other,
        candidateId: a!.candidateId,
        kind: 'PHONE',
        startsAt: new Date(at(8, '10:30')),
        endsAt: new Date(at(8, '11:30')),
      });
      await tx.insert(interviewInterviewers).values({
        tenantId: ACME,
        interviewId: otherInterview,
        employeeId: ana,
        startsAt: new Date(at(8, '10:30')),
        endsAt: new Date(at(8, '11:30')),
      });
    });
    await expect(attempt).rejects.toMatchObject({ cause: expect.objectContaining({ code: '23P01' }) });
    expect(booked.errors).toBeUndefined();
  });

  it('respects busy blocks and working hours (in the interviewer’s time zone)', async () => {
    const app = await screenedApplication();
    const block = await gql(
      /* GraphQL */ `mutation ($i: AddBusyBlockInput!) { addBusyBlock(input: $i) { start end } }`,
      { i: { employeeId: ben, startsAt: at(9, '12:00'), endsAt: at(9, '13:00'), kind: 'OUT_OF_OFFICE' } },
      benLogin,
    );
    expect(block.errors).toBeUndefined();
    expect(codeOf(await schedule(app, at(9, '12:30'), at(9, '13:30'), [ben]))).toBe('CONFLICT');
    // Berlin is UTC+1 in early March: 16:30 UTC is 17:30 local, after Ben's day.
    const late = await schedule(app, at(9, '15:30'), at(9, '16:30'), [ben]);
    expect(codeOf(late)).toBe('CONFLICT');
    expect(late.errors![0]!.message).toContain('working hours');
    expect((await schedule(app, at(9, '14:30'), at(9, '15:30'), [ben])).errors).toBeUndefined();
  });

  it('refuses applications outside SCREENING/INTERVIEW, foreign or unknown ones, and callers without permission', async () => {
    const c = await gql<{ createCandidate: { id: string } }>(
      /* GraphQL */ `mutation { createCandidate(input: { firstName: "New", lastName: "One", email: "new.one@example.com" }) { id } }`,
      {},
    );
    const applied = await gql<{ apply: { id: string } }>(
      /* GraphQL */ `mutation ($c: ID!, $p: ID!) { apply(input: { candidateId: $c, postingId: $p }) { id } }`,
      { c: c.data!.createCandidate.id, p: postingId },
    );
    const before = await interviewCount();
    expect(codeOf(await schedule(applied.data!.apply.id, at(10, '10:00'), at(10, '11:00')))).toBe('CONFLICT');
    const app = await screenedApplication();
    expect(codeOf(await schedule(app, at(10, '10:00'), at(10, '11:00'), [ana], globexRecruiter))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await schedule(newId(), at(10, '10:00'), at(10, '11:00')))).toBe('NOT_FOUND');
    expect(codeOf(await schedule(app, at(10, '10:00'), at(10, '11:00'), [ana], anaLogin))).toBe('FORBIDDEN');
    expect(await interviewCount()).toBe(before);
  });
});

describe('reschedule, cancel, no-show', () => {
  it('keeps the full reschedule history and refuses a move onto a clash', async () => {
    const app = await screenedApplication();
    const booked = await schedule(app, at(11, '10:00'), at(11, '11:00'), [ana]);
    const id = booked.data!.scheduleInterview.id;
    await gql(RESCHEDULE, {
      id,
      i: { startsAt: at(11, '13:00'), endsAt: at(11, '14:00'), reason: 'Candidate asked' },
    });
    const res = await gql<{ rescheduleInterview: Record<string, unknown> }>(RESCHEDULE, {
      id,
      i: { startsAt: at(12, '09:00'), endsAt: at(12, '10:00'), reason: 'Interviewer ill' },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.rescheduleInterview).toMatchObject({
      startsAt: '2027-03-12T09:00:00.000Z',
      rescheduleCount: 2,
      rescheduleHistory: [
        {
          fromStartsAt: '2027-03-11T10:00:00.000Z',
          toStartsAt: '2027-03-11T13:00:00.000Z',
          reason: 'Candidate asked',
        },
        {
          fromStartsAt: '2027-03-11T13:00:00.000Z',
          toStartsAt: '2027-03-12T09:00:00.000Z',
          reason: 'Interviewer ill',
        },
      ],
    });
    const other = await schedule(await screenedApplication(), at(12, '11:00'), at(12, '12:00'), [ana]);
    const onto = await gql(RESCHEDULE, {
      id,
      i: { startsAt: at(12, '11:30'), endsAt: at(12, '12:30'), reason: 'x' },
    });
    expect(codeOf(onto)).toBe('CONFLICT');
    expect(onto.errors![0]!.message).toContain(other.data!.scheduleInterview.id);
    expect(
      fieldsOf(
        await gql(RESCHEDULE, { id, i: { startsAt: at(12, '11:30'), endsAt: at(12, '11:00'), reason: '' } }),
      ),
    ).toEqual(['input.endsAt', 'input.reason']);
    expect(
      codeOf(
        await gql(
          RESCHEDULE,
          { id, i: { startsAt: at(15, '10:00'), endsAt: at(15, '11:00'), reason: 'x' } },
          globexRecruiter,
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(
      codeOf(
        await gql(
          RESCHEDULE,
          { id, i: { startsAt: at(15, '10:00'), endsAt: at(15, '11:00'), reason: 'x' } },
          anaLogin,
        ),
      ),
    ).toBe('FORBIDDEN');
  });

  it('cancelling frees the slot; a cancelled interview cannot move', async () => {
    const app = await screenedApplication();
    const booked = await schedule(app, at(16, '10:00'), at(16, '11:00'), [ana]);
    const id = booked.data!.scheduleInterview.id;
    const cancel = /* GraphQL */ `mutation ($id: ID!, $r: String!) { cancelInterview(id: $id, reason: $r) { status cancelReason } }`;
    expect(fieldsOf(await gql(cancel, { id, r: ' ' }))).toEqual(['reason']);
    const res = await gql<{ cancelInterview: unknown }>(cancel, { id, r: 'Role paused' });
    expect(res.data!.cancelInterview).toEqual({ status: 'CANCELLED', cancelReason: 'Role paused' });
    expect(
      (await schedule(await screenedApplication(), at(16, '10:00'), at(16, '11:00'), [ana])).errors,
    ).toBeUndefined();
    expect(codeOf(await gql(cancel, { id, r: 'again' }))).toBe('CONFLICT');
  });

  it('marks a started interview as no-show, not one in the future', async () => {
    const app = await screenedApplication();
    const booked = await schedule(app, at(17, '10:00'), at(17, '11:00'), [ana]);
    const id = booked.data!.scheduleInterview.id;
    const noShow = /* GraphQL */ `mutation ($id: ID!) { markNoShow(id: $id) { status } }`;
    expect(codeOf(await gql(noShow, { id }))).toBe('CONFLICT');
    const restore = pinClock(at(17, '10:20'));
    try {
      expect((await gql<{ markNoShow: unknown }>(noShow, { id })).data!.markNoShow).toEqual({
        status: 'NO_SHOW',
      });
    } finally {
      restore();
    }
  });
});

describe('availability and suggestions', () => {
  it('lists free time per interviewer in their working hours, minus busy blocks', async () => {
    await gql(/* GraphQL */ `mutation ($i: AddBusyBlockInput!) { addBusyBlock(input: $i) { start } }`, {
      i: { employeeId: cleo, startsAt: at(22, '15:00'), endsAt: at(22, '16:00') },
    });
    const res = await gql<{
      interviewerAvailability: { timeZone: string; free: { start: string; end: string }[] }[];
    }>(
      /* GraphQL */ `query ($ids: [ID!]!, $f: String!, $t: String!) {
        interviewerAvailability(employeeIds: $ids, from: $f, to: $t) { employee { id } timeZone free { start end } }
      }`,
      { ids: [ben, cleo], f: at(22, '00:00'), t: at(23, '00:00') },
    );
    expect(res.errors).toBeUndefined();
    // 2027-03-22: Berlin CET (UTC+1), New York EDT since 2027-03-14 (UTC-4).
    expect(res.data!.interviewerAvailability).toEqual([
      {
        employee: { id: ben },
        timeZone: 'Europe/Berlin',
        free: [{ start: at(22, '08:00').replace('Z', '.000Z'), end: at(22, '16:00').replace('Z', '.000Z') }],
      },
      {
        employee: { id: cleo },
        timeZone: 'America/New_York',
        free: [
          { start: at(22, '13:00').replace('Z', '.000Z'), end: at(22, '15:00').replace('Z', '.000Z') },
          { start: at(22, '16:00').replace('Z', '.000Z'), end: at(22, '21:00').replace('Z', '.000Z') },
        ],
      },
    ]);
  });

  it('suggests the slots where every interviewer is free, and booking one succeeds', async () => {
    // Interviewers of its own, like Ben and Cleo: the test above gives Cleo a busy block, and this
    // one books both of its interviewers, so sharing them would make each depend on the other's order.
    const [dan, eve] = (await addInterviewers(ACME, recruiter, ['Europe/Berlin', 'America/New_York'])) as [
      string,
      string,
    ];
    expect(
      (await gql(BUSY, { i: { employeeId: eve, startsAt: at(22, '15:00'), endsAt: at(22, '16:00') } }))
        .errors,
    ).toBeUndefined();
    const app = await screenedApplication();
    const q = /* GraphQL */ `query ($a: ID!, $ids: [ID!]!, $f: String!, $t: String!) {
      suggestInterviewTimes(applicationId: $a, interviewerIds: $ids, durationMinutes: 45, from: $f, to: $t, count: 3) { startsAt endsAt fragments }
    }`;
    const res = await gql<{ suggestInterviewTimes: { startsAt: string; endsAt: string }[] }>(q, {
      a: app,
      ids: [dan, eve],
      f: at(22, '00:00'),
      t: at(24, '00:00'),
    });
    expect(res.errors).toBeUndefined();
    // Overlap Dan 08:00–16:00 UTC and Eve 13:00–21:00 minus 15:00–16:00: 13:00–15:00 on the 22nd.
    expect(res.data!.suggestInterviewTimes.map((s) => s.startsAt)).toEqual([
      '2027-03-22T13:00:00.000Z',
      '2027-03-22T14:15:00.000Z',
      '2027-03-23T13:00:00.000Z',
    ]);
    const slot = res.data!.suggestInterviewTimes[0]!;
    expect((await schedule(app, slot.startsAt, slot.endsAt, [dan, eve])).errors).toBeUndefined();
    const again = await gql<{ suggestInterviewTimes: { startsAt: string }[] }>(q, {
      a: app,
      ids: [dan, eve],
      f: at(22, '00:00'),
      t: at(23, '00:00'),
    });
    expect(again.data!.suggestInterviewTimes[0]!.startsAt).toBe('2027-03-22T13:45:00.000Z');
    const bad = await gql(q, { a: app, ids: [dan], f: at(22, '00:00'), t: '2027-06-01T00:00:00Z' });
    expect(fieldsOf(bad)).toEqual(['to']);
  });
});

describe('scorecards', () => {
  const SUBMIT = /* GraphQL */ `
    mutation ($id: ID!, $i: SubmitScorecardInput!) { submitScorecard(interviewId: $id, input: $i) { id recommendation ratings { attribute rating } } }
  `;
  const CARDS = /* GraphQL */ `query ($id: ID!) { interview(id: $id) { scorecards { recommendation } } }`;

  it('hides other interviewers’ scorecards until you submit yours; one each; rubric attributes only', async () => {
    await gql(
      /* GraphQL */ `mutation ($p: ID!) { setPostingRubric(postingId: $p, attributes: ["Coding", "Communication"]) }`,
      {
        p: postingId,
      },
    );
    const app = await screenedApplication();
    const booked = await schedule(app, at(25, '10:00'), at(25, '11:00'), [ana, ben]);
    const id = booked.data!.scheduleInterview.id;
    const early = await gql(SUBMIT, { id, i: { recommendation: 'YES' } }, anaLogin);
    expect(codeOf(early)).toBe('CONFLICT');
    const restore = pinClock(at(25, '11:30'));
    try {
      const bad = await gql(
        SUBMIT,
        {
          id,
          i: {
            recommendation: 'YES',
            ratings: [
              { attribute: 'Juggling', rating: 3 },
              { attribute: 'Coding', rating: 6 },
            ],
          },
        },
        anaLogin,
      );
      expect(fieldsOf(bad)).toEqual(['input.ratings.0.attribute', 'input.ratings.1.rating']);
      const anaCard = await gql(
        SUBMIT,
        {
          id,
          i: { recommendation: 'STRONG_YES', ratings: [{ attribute: 'coding', rating: 5 }], notes: 'Great' },
        },
        anaLogin,
      );
      expect(anaCard.errors).toBeUndefined();
      expect(codeOf(await gql(SUBMIT, { id, i: { recommendation: 'NO' } }, anaLogin))).toBe('CONFLICT');
      expect(codeOf(await gql(SUBMIT, { id, i: { recommendation: 'NO' } }, outsider))).toBe('FORBIDDEN');
      // Ben has not submitted: he sees nothing of Ana's.
      const benBefore = await gql<{ interview: { scorecards: unknown[] } }>(CARDS, { id }, benLogin);
      expect(benBefore.data!.interview.scorecards).toEqual([]);
      await gql(SUBMIT, { id, i: { recommendation: 'MIXED' } }, benLogin);
      const benAfter = await gql<{ interview: { scorecards: { recommendation: string }[] } }>(
        CARDS,
        { id },
        benLogin,
      );
      expect(benAfter.data!.interview.scorecards.map((s) => s.recommendation)).toEqual([
        'STRONG_YES',
        'MIXED',
      ]);
      const all = await gql<{ application: { scorecards: unknown[]; interviews: { id: string }[] } }>(
        /* GraphQL */ `query ($id: ID!) { application(id: $id) { interviews { id } scorecards { recommendation } } }`,
        { id: app },
      );
      expect(all.data!.application.scorecards).toHaveLength(2);
      expect(all.data!.application.interviews).toEqual([{ id }]);
    } finally {
      restore();
    }
  });
});

describe('who sees interviews', () => {
  it('an interviewer sees the interviews they sit on, not others; upcomingInterviews lists theirs', async () => {
    const app = await screenedApplication();
    const mine = await schedule(app, at(26, '09:00'), at(26, '10:00'), [ana]);
    const theirs = await schedule(await screenedApplication(), at(26, '11:00'), at(26, '12:00'), [ben]);
    const one = /* GraphQL */ `query ($id: ID!) { interview(id: $id) { id application { id } } }`;
    const seen = await gql<{ interview: { id: string; application: unknown } }>(
      one,
      { id: mine.data!.scheduleInterview.id },
      anaLogin,
    );
    expect(seen.data!.interview).toEqual({ id: mine.data!.scheduleInterview.id, application: null });
    expect(
      (await gql<{ interview: unknown }>(one, { id: theirs.data!.scheduleInterview.id }, anaLogin)).data!
        .interview,
    ).toBeNull();
    expect(
      (await gql<{ interview: unknown }>(one, { id: mine.data!.scheduleInterview.id }, globexRecruiter)).data!
        .interview,
    ).toBeNull();
    const upcoming = await gql<{ upcomingInterviews: { id: string }[] }>(
      /* GraphQL */ `query ($f: String!, $t: String!) { upcomingInterviews(from: $f, to: $t) { id } }`,
      { f: at(26, '00:00'), t: at(27, '00:00') },
      anaLogin,
    );
    expect(upcoming.data!.upcomingInterviews).toEqual([{ id: mine.data!.scheduleInterview.id }]);
    const others = await gql(
      /* GraphQL */ `query ($e: ID!, $f: String!, $t: String!) { upcomingInterviews(forEmployee: $e, from: $f, to: $t) { id } }`,
      { e: ben, f: at(26, '00:00'), t: at(27, '00:00') },
      anaLogin,
    );
    expect((others.data as { upcomingInterviews: unknown[] }).upcomingInterviews).toEqual([]);
    const emp = await gql<{ _entities: { interviews: { totalCount: number } | null }[] }>(
      /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { interviews { totalCount } } } }`,
      {
        r: [
          { __typename: 'Employee', id: ana },
          { __typename: 'Employee', id: ben },
        ],
      },
      anaLogin,
    );
    expect(emp.data!._entities[0]!.interviews!.totalCount).toBeGreaterThan(0);
    expect(emp.data!._entities[1]!.interviews).toBeNull();
  });

  it('a busy block for someone else needs recruiter rights', async () => {
    const before = await withTenant(
      db,
      { tenantId: ACME },
      async (tx) => (await tx.select({ n: count() }).from(busyBlocks))[0]?.n,
    );
    const res = await gql(
      /* GraphQL */ `mutation ($i: AddBusyBlockInput!) { addBusyBlock(input: $i) { start } }`,
      { i: { employeeId: ben, startsAt: at(29, '09:00'), endsAt: at(29, '10:00') } },
      anaLogin,
    );
    expect(codeOf(res)).toBe('FORBIDDEN');
    const after = await withTenant(
      db,
      { tenantId: ACME },
      async (tx) => (await tx.select({ n: count() }).from(busyBlocks))[0]?.n,
    );
    expect(after).toBe(before);
  });
});

describe('schedulingAnalytics', () => {
  it('reports no-shows, reschedules and the busiest hours and weekdays', async () => {
    // A tenant of its own: the figures are tenant-wide, and the other tests book ACME interviews
    // into the same week in any order. Its week: one interview rescheduled twice (now on the 12th),
    // one on the 12th, a cancelled one and its replacement on the 16th, a no-show on the 17th.
    const t = await tenantWithPosting();
    const book = async (start: string, end: string) => {
      const res = await schedule(await screenedApplication(t), start, end, [t.interviewer], t.who);
      expect(res.errors).toBeUndefined();
      return res.data!.scheduleInterview.id;
    };
    const moved = await book(at(11, '10:00'), at(11, '11:00'));
    for (const [start, end] of [
      [at(11, '13:00'), at(11, '14:00')],
      [at(12, '09:00'), at(12, '10:00')],
    ] as const) {
      const res = await gql(
        RESCHEDULE,
        { id: moved, i: { startsAt: start, endsAt: end, reason: 'x' } },
        t.who,
      );
      expect(res.errors).toBeUndefined();
    }
    await book(at(12, '11:00'), at(12, '12:00'));
    const cancelled = await book(at(16, '10:00'), at(16, '11:00'));
    const cancel = await gql(
      /* GraphQL */ `mutation ($id: ID!) { cancelInterview(id: $id, reason: "Role paused") { status } }`,
      { id: cancelled },
      t.who,
    );
    expect(cancel.errors).toBeUndefined();
    await book(at(16, '10:00'), at(16, '11:00'));
    const noShow = await book(at(17, '10:00'), at(17, '11:00'));
    const restore = pinClock(at(17, '10:20'));
    try {
      const res = await gql(
        /* GraphQL */ `mutation ($id: ID!) { markNoShow(id: $id) { status } }`,
        { id: noShow },
        t.who,
      );
      expect(res.errors).toBeUndefined();
    } finally {
      restore();
    }

    const res = await gql<{ schedulingAnalytics: Record<string, unknown> }>(
      /* GraphQL */ `query ($f: String!, $t: String!) {
        schedulingAnalytics(from: $f, to: $t) { interviews noShowRate rescheduleCount rescheduleRate averageHoursToSchedule busiestHours { hour count } busiestWeekdays { weekday count } }
      }`,
      { f: at(11, '00:00'), t: at(18, '00:00') },
      t.who,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.schedulingAnalytics).toMatchObject({
      interviews: 5,
      noShowRate: 1,
      rescheduleCount: 2,
      rescheduleRate: 0.2,
    });
    expect((res.data!.schedulingAnalytics.busiestHours as { hour: number; count: number }[])[0]).toEqual({
      hour: 10,
      count: 3,
    });
    expect(
      codeOf(
        await gql(
          /* GraphQL */ `{ schedulingAnalytics(from: "2027-03-01T00:00:00Z", to: "2027-04-01T00:00:00Z") { interviews } }`,
          {},
          anaLogin,
        ),
      ),
    ).toBe('FORBIDDEN');
  });
});
