import { createDatabase, type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/recruiting';
import { getMailer, type MailMessage, type Mailer, MemoryMailer, setMailer } from '@wg/runtime/mail';
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
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recruitingJobRunner, recruitingSubgraph } from '../index';
import { REMINDER_QUEUE } from './interview.reminders';

/*
 * Interview reminders as durable jobs: planned, moved and dropped with the interview in the same
 * transaction, sent once to the candidate and each interviewer — with two runners racing (on
 * PostgreSQL the second has its own pool, as another process would), after a runner died, and
 * across a restart of the subgraph. The subgraph's own runner is stopped so each test decides
 * which runner runs when; the restart test starts a second subgraph with its runner.
 */

const { auditLog, candidates, applications, entityRefs, jobs, jobPostings, jobReceipts } = tables;

const ACME = newId();
const GLOBEX = newId();
const dept = newId();
const ana = newId();
const ben = newId();
const recruiter = identityFor(ACME, ['recruiter']);
const hr = identityFor(ACME, ['hr_manager']);
const globexHr = identityFor(GLOBEX, ['hr_manager']);
const employee = identityFor(ACME, ['employee'], { employeeId: ana });

let db: Database & { url?: string; drop(): Promise<void> };
let other: Database;
let recruiting: Awaited<ReturnType<typeof startTestSubgraph>>;
let postingId = '';
let seq = 0;

/** Mail as the tests see it; `failNext` makes the next send to that address throw once. */
class TestMailer extends MemoryMailer {
  readonly failNext = new Set<string>();
  override async send(message: MailMessage): Promise<void> {
    if (this.failNext.delete(message.to)) throw new Error(`SMTP refused ${message.to}`);
    await super.send(message);
  }
}
let mailer: TestMailer;
let previousMailer: Mailer;

// Monday 2027-06-07 06:00 UTC; interviews on the following days inside default working hours.
const NOW = '2027-06-07T06:00:00.000Z';
const HOUR = 3_600_000;
let unpin: () => void = () => {};
const at = (iso: string | Date) => {
  unpin();
  unpin = pinClock(typeof iso === 'string' ? iso : iso.toISOString());
};
afterEach(() => at(NOW));

async function gql<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
  who = recruiter,
) {
  return recruiting.call<T>(query, variables, who);
}

/** A candidate with an application in SCREENING, made directly in the tables. */
async function screened(): Promise<{ applicationId: string; email: string; lastName: string }> {
  seq++;
  const lastName = `Remind${seq}`;
  const email = `rita${seq}@example.com`;
  const applicationId = await withTenant(db, { tenantId: ACME }, async (tx) => {
    const [c] = await tx
      .insert(candidates)
      .values({ tenantId: ACME, firstName: 'Rita', lastName, email })
      .returning({ id: candidates.id });
    const [a] = await tx
      .insert(applications)
      .values({ tenantId: ACME, candidateId: c!.id, postingId, stage: 'SCREENING' })
      .returning({ id: applications.id });
    return a!.id;
  });
  return { applicationId, email, lastName };
}

async function book(startsAt: string, interviewerIds = [ana, ben]) {
  const who = await screened();
  const end = new Date(new Date(startsAt).getTime() + HOUR).toISOString();
  const res = await gql<{ scheduleInterview: { id: string } }>(
    /* GraphQL */ `mutation ($input: ScheduleInterviewInput!) { scheduleInterview(input: $input) { id } }`,
    {
      input: {
        applicationId: who.applicationId,
        kind: 'VIDEO',
        startsAt,
        endsAt: end,
        interviewerIds,
        candidateTimeZone: 'Europe/Berlin',
        meetingUrl: 'https://meet.example.com/x',
      },
    },
  );
  expect(res.errors).toBeUndefined();
  return { ...who, id: res.data!.scheduleInterview.id };
}

/** Every reminder job of an interview, oldest first. */
const remindersOf = (interviewId: string) =>
  db.system
    .select()
    .from(jobs)
    .where(and(eq(jobs.queue, REMINDER_QUEUE), eq(jobs.key, `interview:${interviewId}`)))
    .orderBy(jobs.createdAt, jobs.id);

/** The reminder mails about one booking: to the candidate, and to interviewers naming them. */
const mailsAbout = (b: { email: string; lastName: string }) =>
  mailer.sent.filter((m) => m.to === b.email || m.subject.includes(` ${b.lastName} `));
const recipients = (b: { email: string; lastName: string }) =>
  mailsAbout(b)
    .map((m) => m.to)
    .sort();
const EVERYONE = (b: { email: string }) => ['ana@acme.test', 'ben@acme.test', b.email].sort();

beforeAll(async () => {
  at(NOW);
  db = await createTestDatabase();
  other = db.url ? createDatabase({ url: db.url, max: 5 }) : db;
  mailer = new TestMailer();
  previousMailer = getMailer();
  setMailer(mailer);
  recruiting = await startTestSubgraph(recruitingSubgraph, db);
  await recruiting.stopBackground();
  await withTenant(db, { tenantId: ACME }, async (tx) => {
    await tx.insert(entityRefs).values([
      { tenantId: ACME, entityType: 'Department', id: dept, data: { id: dept, parentId: null } },
      ...[
        [ana, 'Ana'],
        [ben, 'Ben'],
      ].map(([id, firstName]) => ({
        tenantId: ACME,
        entityType: 'Employee',
        id: id!,
        data: {
          id,
          departmentId: dept,
          firstName,
          lastName: 'Panel',
          workEmail: `${firstName!.toLowerCase()}@acme.test`,
        },
      })),
    ]);
    const [p] = await tx
      .insert(jobPostings)
      .values({ tenantId: ACME, title: 'Platform Engineer', departmentId: dept })
      .returning({ id: jobPostings.id });
    postingId = p!.id;
  });
});

afterAll(async () => {
  unpin();
  setMailer(previousMailer);
  await recruiting?.stop();
  if (other && other !== db) await other.close();
  await db?.drop();
});

describe('interview reminders: planned with the interview', () => {
  it('are due the lead time before the start, move on reschedule and are dropped on cancel or no-show', async () => {
    const b = await book('2027-06-08T10:00:00.000Z');
    let [first, ...none] = await remindersOf(b.id);
    expect(none).toEqual([]);
    expect(first).toMatchObject({ tenantId: ACME, status: 'pending', attempts: 0 });
    expect(first!.runAt.toISOString()).toBe('2027-06-07T10:00:00.000Z');
    expect(first!.payload).toEqual({ interviewId: b.id, startsAt: '2027-06-08T10:00:00.000Z' });

    const moved = await gql(
      /* GraphQL */ `mutation ($id: ID!) { rescheduleInterview(id: $id, input: { startsAt: "2027-06-09T13:00:00Z", endsAt: "2027-06-09T14:00:00Z", reason: "Panel moved" }) { id } }`,
      { id: b.id },
    );
    expect(moved.errors).toBeUndefined();
    const afterMove = await remindersOf(b.id);
    expect(afterMove.map((j) => j.status)).toEqual(['cancelled', 'pending']);
    expect(afterMove[1]!.runAt.toISOString()).toBe('2027-06-08T13:00:00.000Z');

    await gql(
      /* GraphQL */ `mutation ($id: ID!) { cancelInterview(id: $id, reason: "Role paused") { id } }`,
      {
        id: b.id,
      },
    );
    expect((await remindersOf(b.id)).map((j) => j.status)).toEqual(['cancelled', 'cancelled']);

    // A failed move writes nothing: the pending reminder of another interview stays as it was.
    const c = await book('2027-06-10T10:00:00.000Z');
    const bad = await gql(
      /* GraphQL */ `mutation ($id: ID!) { rescheduleInterview(id: $id, input: { startsAt: "2027-06-10T12:00:00Z", endsAt: "2027-06-10T11:00:00Z", reason: "x" }) { id } }`,
      { id: c.id },
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    [first, ...none] = await remindersOf(c.id);
    expect(none).toEqual([]);
    expect(first!.runAt.toISOString()).toBe('2027-06-09T10:00:00.000Z');

    // No-show once it started: the reminder (never sent here) is dropped too.
    at('2027-06-10T10:30:00.000Z');
    const noShow = await gql(/* GraphQL */ `mutation ($id: ID!) { markNoShow(id: $id) { id } }`, {
      id: c.id,
    });
    expect(noShow.errors).toBeUndefined();
    expect((await remindersOf(c.id)).map((j) => j.status)).toEqual(['cancelled']);
    expect(await recruitingJobRunner(db).runDue()).toBe(0);
    expect(mailsAbout(b)).toEqual([]);
    expect(mailsAbout(c)).toEqual([]);
  });
});

describe('interview reminders: sent exactly once', () => {
  it('two runners racing over the same due reminders send each mail once', async () => {
    const booked = [
      await book('2027-06-14T09:00:00.000Z'),
      await book('2027-06-14T11:00:00.000Z'),
      await book('2027-06-14T13:00:00.000Z'),
    ];
    const runners = [recruitingJobRunner(db), recruitingJobRunner(other)];
    at('2027-06-13T08:59:00.000Z');
    expect(await runners[0]!.runDue()).toBe(0); // not due yet
    at('2027-06-13T14:00:00.000Z');
    const ran = await Promise.all(runners.map((r) => r.runDue()));
    expect(ran[0]! + ran[1]!).toBe(3);
    for (const b of booked) {
      expect(recipients(b)).toEqual(EVERYONE(b));
      const [job] = await remindersOf(b.id);
      expect(job).toMatchObject({ status: 'done', attempts: 1 });
    }
    const candidateMail = mailer.sent.find((m) => m.to === booked[0]!.email)!;
    expect(candidateMail.subject).toBe('Reminder: your interview for Platform Engineer');
    expect(candidateMail.text).toContain('14 Jun 2027, 11:00 (Europe/Berlin)'); // 09:00 UTC in summer time
    expect(candidateMail.text).toContain('https://meet.example.com/x');
    expect(await Promise.all(runners.map((r) => r.runDue()))).toEqual([0, 0]);
    expect(booked.flatMap(recipients)).toHaveLength(9);
  });

  it('a runner killed after claiming: another runner sends it once the lease ran out', async () => {
    const b = await book('2027-06-15T10:00:00.000Z');
    at('2027-06-14T10:00:00.000Z');
    const dead = recruitingJobRunner(db, { leaseMs: 60_000 });
    const claimed = await dead.claim(); // ... and the process is killed here
    expect(claimed?.key).toBe(`interview:${b.id}`);
    const alive = recruitingJobRunner(other);
    expect(await alive.runDue()).toBe(0); // still leased to the dead runner
    at('2027-06-14T10:01:00.000Z');
    expect(await alive.runDue()).toBe(1);
    expect(recipients(b)).toEqual(EVERYONE(b));
    expect((await remindersOf(b.id))[0]).toMatchObject({
      status: 'done',
      attempts: 2,
      lockedBy: alive.workerId,
    });
  });

  it('a run that fails after sending some mails: the retry sends only the rest', async () => {
    const b = await book('2027-06-16T10:00:00.000Z');
    at('2027-06-15T10:00:00.000Z');
    const runner = recruitingJobRunner(db);
    // The candidate's mail goes out, then the mail server refuses the first interviewer.
    mailer.failNext.add([ana, ben].sort()[0] === ana ? 'ana@acme.test' : 'ben@acme.test');
    expect(await runner.runDue()).toBe(1);
    const [failed] = await remindersOf(b.id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed!.lastError).toMatch(/SMTP refused/);
    expect(recipients(b)).toEqual([b.email]);
    at(new Date(failed!.runAt.getTime()));
    expect(await runner.runDue()).toBe(1);
    expect(recipients(b)).toEqual(EVERYONE(b));
    expect((await remindersOf(b.id))[0]).toMatchObject({ status: 'done', attempts: 2, lastError: null });
    const receipts = await db.system.select().from(jobReceipts).where(eq(jobReceipts.jobId, failed!.id));
    expect(receipts).toHaveLength(3);
  });

  it('a restart of the subgraph sends what is due and resends nothing', async () => {
    const sent = await book('2027-06-17T10:00:00.000Z');
    const later = await book('2027-06-17T14:00:00.000Z');
    at('2027-06-16T10:00:00.000Z');
    expect(await recruitingJobRunner(db).runDue()).toBe(1);
    expect(recipients(sent)).toEqual(EVERYONE(sent));
    // The process stops; a new one starts with its own runner and polls the table.
    at('2027-06-16T14:00:00.000Z');
    const restarted = await startTestSubgraph(recruitingSubgraph, db);
    try {
      await eventually(async () => recipients(later).length === 3);
      expect(recipients(later)).toEqual(EVERYONE(later));
      expect((await remindersOf(later.id))[0]).toMatchObject({ status: 'done', attempts: 1 });
    } finally {
      await restarted.stop();
    }
    expect(recipients(sent)).toEqual(EVERYONE(sent));
  });

  it('a reminder whose interview was moved or cancelled after it was due but before it ran sends nothing', async () => {
    const b = await book('2027-06-18T10:00:00.000Z');
    at('2027-06-17T11:00:00.000Z');
    // The reminder is due; the interview is cancelled before a runner gets to it.
    await gql(/* GraphQL */ `mutation ($id: ID!) { cancelInterview(id: $id, reason: "Filled") { id } }`, {
      id: b.id,
    });
    expect(await recruitingJobRunner(db).runDue()).toBe(0);
    expect(mailsAbout(b)).toEqual([]);
  });
});

describe('recruiting settings: the reminder lead time', () => {
  const SET = /* GraphQL */ `mutation ($input: UpdateRecruitingSettingsInput!) { updateRecruitingSettings(input: $input) { id reminderLeadHours updatedAt } }`;
  const GET = /* GraphQL */ `{ recruitingSettings { id reminderLeadHours updatedAt } }`;
  const settingsAudits = () =>
    withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'recruiting_settings.update')),
    );

  it('names a bad lead time and writes nothing; FORBIDDEN without the permission', async () => {
    const before = (await settingsAudits()).length;
    for (const hours of [0, 169, -3]) {
      const res = await gql(SET, { input: { reminderLeadHours: hours } }, hr);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(res)).toEqual(['input.reminderLeadHours']);
    }
    expect(codeOf(await gql(SET, { input: { reminderLeadHours: 12 } }, recruiter))).toBe('FORBIDDEN');
    expect(codeOf(await gql(SET, { input: { reminderLeadHours: 12 } }, employee))).toBe('FORBIDDEN');
    expect(codeOf(await gql(GET, {}, employee))).toBe('FORBIDDEN');
    expect((await settingsAudits()).length).toBe(before);
    const read = await gql<{ recruitingSettings: { reminderLeadHours: number } }>(GET, {}, recruiter);
    expect(read.data!.recruitingSettings.reminderLeadHours).toBe(24);
  });

  it('a new lead time re-times the pending reminders of its tenant only, audited', async () => {
    const b = await book('2027-06-22T15:00:00.000Z');
    expect((await remindersOf(b.id))[0]!.runAt.toISOString()).toBe('2027-06-21T15:00:00.000Z');
    // Another tenant's change touches nothing here.
    const globex = await gql<{ updateRecruitingSettings: { id: string } }>(
      SET,
      { input: { reminderLeadHours: 2 } },
      globexHr,
    );
    expect(globex.data!.updateRecruitingSettings.id).toBe(GLOBEX);
    expect((await remindersOf(b.id))[0]!.runAt.toISOString()).toBe('2027-06-21T15:00:00.000Z');
    expect(
      (await gql<{ recruitingSettings: { reminderLeadHours: number } }>(GET, {}, hr)).data!.recruitingSettings
        .reminderLeadHours,
    ).toBe(24);

    const res = await gql<{ updateRecruitingSettings: { id: string; reminderLeadHours: number } }>(
      SET,
      { input: { reminderLeadHours: 3 } },
      hr,
    );
    expect(res.data!.updateRecruitingSettings).toMatchObject({ id: ACME, reminderLeadHours: 3 });
    expect((await remindersOf(b.id))[0]!.runAt.toISOString()).toBe('2027-06-22T12:00:00.000Z');
    const next = await book('2027-06-23T15:00:00.000Z');
    expect((await remindersOf(next.id))[0]!.runAt.toISOString()).toBe('2027-06-23T12:00:00.000Z');
    const [audit] = await settingsAudits();
    expect(audit).toMatchObject({ entityType: 'RecruitingSettings', entityId: ACME, actorId: hr.userId });
    // Back to the default for the other tests of this file.
    await gql(SET, { input: { reminderLeadHours: 24 } }, hr);
  });
});

describe('recruitingJobs: what an admin sees', () => {
  it('lists the tenant’s jobs with status, attempts and last error; others get FORBIDDEN', async () => {
    const admin = identityFor(ACME, ['admin']);
    const Q = /* GraphQL */ `query ($f: BackgroundJobFilter) { recruitingJobs(filter: $f, first: 100) { totalCount edges { node { id queue key status attempts maxAttempts runAt lastError } } } }`;
    const all = await gql<{
      recruitingJobs: { totalCount: number; edges: { node: { queue: string; status: string } }[] };
    }>(Q, { f: { queue: REMINDER_QUEUE } }, admin);
    expect(all.errors).toBeUndefined();
    const own = await db.system
      .select()
      .from(jobs)
      .where(and(eq(jobs.tenantId, ACME), eq(jobs.queue, REMINDER_QUEUE)));
    expect(all.data!.recruitingJobs.totalCount).toBe(own.length);
    expect(new Set(all.data!.recruitingJobs.edges.map((e) => e.node.status))).toContain('DONE');
    const cancelled = await gql<{ recruitingJobs: { totalCount: number } }>(
      Q,
      { f: { status: 'CANCELLED' } },
      admin,
    );
    expect(cancelled.data!.recruitingJobs.totalCount).toBe(
      own.filter((j) => j.status === 'cancelled').length,
    );
    const globexAdmin = identityFor(GLOBEX, ['admin']);
    expect(
      (await gql<{ recruitingJobs: { totalCount: number } }>(Q, {}, globexAdmin)).data!.recruitingJobs
        .totalCount,
    ).toBe(0);
    expect(codeOf(await gql(Q, {}, hr))).toBe('FORBIDDEN');
    expect(codeOf(await gql(Q, {}, recruiter))).toBe('FORBIDDEN');
  });
});
