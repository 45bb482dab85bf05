import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/recruiting';
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
import type { ApprovalChangedData } from '@wg/runtime';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recruitingJobRunner, recruitingSubgraph } from '../index';
import { EXPIRY_QUEUE } from './offer.expiry';

const { entityRefs, offers, outbox, applications, jobPostings, jobs, auditLog } = tables;

const ACME = newId();
const GLOBEX = newId();
const dept = newId();
const otherDept = newId();
const headId = newId();
const recruiter = identityFor(ACME, ['recruiter']);
const hr = identityFor(ACME, ['hr_manager']);
const head = identityFor(ACME, ['department_head'], { employeeId: headId });
const employee = identityFor(ACME, ['employee'], { employeeId: newId() });
const globexHr = identityFor(GLOBEX, ['hr_manager']);

let db: Database & { drop(): Promise<void> };
let recruiting: Awaited<ReturnType<typeof startTestSubgraph>>;
let seq = 0;

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function gql<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
  who = recruiter,
) {
  return recruiting.call<T>(query, variables, who);
}

async function postingIn(departmentId: string, openings = 1): Promise<string> {
  const r = await gql<{ createJobPosting: { id: string } }>(
    /* GraphQL */ `mutation ($d: ID!, $o: Int!) { createJobPosting(input: { title: "Role", departmentId: $d, openings: $o, salaryMin: "50000", salaryMax: "70000", currency: "EUR" }) { id } }`,
    { d: departmentId, o: openings },
  );
  return r.data!.createJobPosting.id;
}

/** An application moved to OFFER. */
async function atOffer(postingId: string): Promise<string> {
  seq++;
  const c = await gql<{ createCandidate: { id: string } }>(
    /* GraphQL */ `mutation ($e: String!) { createCandidate(input: { firstName: "Omar", lastName: "Offer${seq}", email: $e }) { id } }`,
    { e: `omar${seq}@example.com` },
  );
  const a = await gql<{ apply: { id: string } }>(
    /* GraphQL */ `mutation ($c: ID!, $p: ID!) { apply(input: { candidateId: $c, postingId: $p }) { id } }`,
    { c: c.data!.createCandidate.id, p: postingId },
  );
  const id = a.data!.apply.id;
  for (const to of ['SCREENING', 'INTERVIEW', 'OFFER']) {
    await gql(
      /* GraphQL */ `mutation ($id: ID!, $to: ApplicationStage!) { moveApplication(id: $id, input: { to: $to }) { id } }`,
      { id, to },
    );
  }
  return id;
}

const CREATE = /* GraphQL */ `
  mutation ($i: CreateOfferInput!) { createOffer(input: $i) { id status baseSalary { amount currency } employmentType } }
`;
const offerInput = (applicationId: string, extra: Record<string, unknown> = {}) => ({
  i: {
    applicationId,
    baseSalary: '65000',
    currency: 'EUR',
    startDate: inDays(30),
    expiresOn: inDays(10),
    ...extra,
  },
});
const step = (name: string, id: string, who = recruiter) =>
  gql<Record<string, { status: string }>>(`mutation ($id: ID!) { ${name}(id: $id) { status } }`, { id }, who);

async function offerCount() {
  return withTenant(
    db,
    { tenantId: ACME },
    async (tx) => (await tx.select({ n: count() }).from(offers))[0]?.n ?? 0,
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  recruiting = await startTestSubgraph(recruitingSubgraph, db);
  await withTenant(db, { tenantId: ACME }, (tx) =>
    tx.insert(entityRefs).values([
      { tenantId: ACME, entityType: 'Department', id: dept, data: { id: dept, parentId: null } },
      { tenantId: ACME, entityType: 'Department', id: otherDept, data: { id: otherDept, parentId: null } },
      { tenantId: ACME, entityType: 'Employee', id: headId, data: { id: headId, departmentId: dept } },
    ]),
  );
});

afterAll(async () => {
  await recruiting?.stop();
  await db?.drop();
});

describe('createOffer', () => {
  it('writes a DRAFT with an exact salary', async () => {
    const app = await atOffer(await postingIn(dept));
    const res = await gql<{ createOffer: Record<string, unknown> }>(CREATE, offerInput(app));
    expect(res.errors).toBeUndefined();
    expect(res.data!.createOffer).toMatchObject({
      status: 'DRAFT',
      baseSalary: { amount: '65000.00', currency: 'EUR' },
      employmentType: 'FULL_TIME',
    });
    expect(codeOf(await gql(CREATE, offerInput(app)))).toBe('CONFLICT');
  });

  it('names every bad field and writes nothing; above the range needs an override reason', async () => {
    const app = await atOffer(await postingIn(dept));
    const before = await offerCount();
    const bad = await gql(CREATE, {
      i: {
        applicationId: app,
        baseSalary: '-5',
        currency: 'eur',
        startDate: '2020-01-01',
        expiresOn: '2026-02-30',
      },
    });
    expect(fieldsOf(bad)).toEqual([
      'input.baseSalary',
      'input.currency',
      'input.expiresOn',
      'input.startDate',
    ]);
    expect(fieldsOf(await gql(CREATE, offerInput(app, { baseSalary: '70000.01' })))).toEqual([
      'input.overrideReason',
    ]);
    expect(fieldsOf(await gql(CREATE, offerInput(app, { currency: 'USD' })))).toEqual(['input.currency']);
    expect(fieldsOf(await gql(CREATE, offerInput(app, { baseSalary: '1.5e3' })))).toEqual([
      'input.baseSalary',
    ]);
    expect(await offerCount()).toBe(before);
    const over = await gql(
      CREATE,
      offerInput(app, { baseSalary: '80000', overrideReason: 'Competing offer' }),
    );
    expect(over.errors).toBeUndefined();
  });

  it('is CONFLICT before the OFFER stage, NOT_FOUND across tenants, FORBIDDEN without permission', async () => {
    const posting = await postingIn(dept);
    const c = await gql<{ createCandidate: { id: string } }>(
      /* GraphQL */ `mutation { createCandidate(input: { firstName: "Early", lastName: "Bird", email: "early.bird@example.com" }) { id } }`,
      {},
    );
    const a = await gql<{ apply: { id: string } }>(
      /* GraphQL */ `mutation ($c: ID!, $p: ID!) { apply(input: { candidateId: $c, postingId: $p }) { id } }`,
      { c: c.data!.createCandidate.id, p: posting },
    );
    expect(codeOf(await gql(CREATE, offerInput(a.data!.apply.id)))).toBe('CONFLICT');
    const app = await atOffer(posting);
    expect(codeOf(await gql(CREATE, offerInput(app), globexHr))).toBe('NOT_FOUND');
    expect(codeOf(await gql(CREATE, offerInput(app), head))).toBe('FORBIDDEN');
    expect(codeOf(await gql(CREATE, offerInput(app), employee))).toBe('FORBIDDEN');
  });
});

describe('approval and acceptance', () => {
  it('needs an approver other than the author, within their departments', async () => {
    const app = await atOffer(await postingIn(dept));
    const author = identityFor(ACME, ['hr_manager']);
    const created = await gql<{ createOffer: { id: string } }>(CREATE, offerInput(app), author);
    const id = created.data!.createOffer.id;
    expect(codeOf(await step('approveOffer', id, hr))).toBe('CONFLICT'); // still DRAFT
    await step('submitOffer', id, author);
    const own = await step('approveOffer', id, author);
    expect(codeOf(own)).toBe('FORBIDDEN');
    expect(codeOf(await step('approveOffer', id, recruiter))).toBe('FORBIDDEN');
    const pending = await gql<{ pendingOfferApprovals: { id: string }[] }>(
      /* GraphQL */ `{ pendingOfferApprovals { id } }`,
      {},
      head,
    );
    expect(pending.data!.pendingOfferApprovals.map((o) => o.id)).toContain(id);
    expect((await step('approveOffer', id, head)).data!.approveOffer!.status).toBe('APPROVED');

    const elsewhere = await atOffer(await postingIn(otherDept));
    const other = await gql<{ createOffer: { id: string } }>(CREATE, offerInput(elsewhere));
    await step('submitOffer', other.data!.createOffer.id);
    expect(codeOf(await step('approveOffer', other.data!.createOffer.id, head))).toBe('FORBIDDEN');
    expect(codeOf(await step('approveOffer', other.data!.createOffer.id, globexHr))).toBe('NOT_FOUND');

    // The approvals inbox (security) learns each step from `recruiting.approval.changed`, written
    // in the step's transaction: PENDING with the author and the posting's department, then decided.
    const changes = async (offerId: string) =>
      (
        await withTenant(db, { tenantId: ACME }, (tx) =>
          tx.select().from(outbox).where(eq(outbox.type, 'recruiting.approval.changed')).orderBy(outbox.seq),
        )
      )
        .flatMap((e) => (e.data as ApprovalChangedData).changes)
        .filter((c) => c.subjectId === offerId);
    expect(await changes(id)).toMatchObject([
      { kind: 'offer', status: 'PENDING', requestedBy: author.userId, departmentId: dept, decidedBy: null },
      { kind: 'offer', status: 'APPROVED', decidedBy: head.userId },
    ]);
    const otherId = other.data!.createOffer.id;
    expect(await changes(otherId)).toMatchObject([{ status: 'PENDING', departmentId: otherDept }]);
    // A refused approval wrote nothing; a rejection sends it back (REJECTED), a withdrawal of a
    // pending offer removes it (WITHDRAWN).
    await gql(
      `mutation ($id: ID!) { rejectOfferApproval(id: $id, reason: "Too high") { status } }`,
      { id: otherId },
      hr,
    );
    await step('submitOffer', otherId);
    await step('withdrawOffer', otherId);
    expect((await changes(otherId)).map((c) => c.status)).toEqual([
      'PENDING',
      'REJECTED',
      'PENDING',
      'WITHDRAWN',
    ]);
  });

  it('accepting hires the application, fills the posting and announces the hire once', async () => {
    const posting = await postingIn(dept, 1);
    const app = await atOffer(posting);
    const created = await gql<{ createOffer: { id: string } }>(
      CREATE,
      offerInput(app, { startDate: today() }),
    );
    const id = created.data!.createOffer.id;
    expect(codeOf(await step('acceptOffer', id))).toBe('CONFLICT'); // DRAFT
    await step('submitOffer', id);
    await step('approveOffer', id, hr);
    await step('sendOffer', id);
    const res = await gql<{ acceptOffer: { status: string; employee: { id: string } } }>(
      /* GraphQL */ `mutation ($id: ID!) { acceptOffer(id: $id) { status employee { id } } }`,
      { id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.acceptOffer.status).toBe('ACCEPTED');
    expect(codeOf(await step('acceptOffer', id))).toBe('CONFLICT');
    const [a] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select({ stage: applications.stage }).from(applications).where(eq(applications.id, app)),
    );
    expect(a!.stage).toBe('HIRED');
    const [p] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx
        .select({ status: jobPostings.status, reason: jobPostings.closeReason })
        .from(jobPostings)
        .where(eq(jobPostings.id, posting)),
    );
    expect(p).toEqual({ status: 'CLOSED', reason: 'FILLED' });
    const events = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(outbox).where(eq(outbox.type, 'recruiting.offer.accepted')),
    );
    const mine = events.filter((e) => e.aggregateId === id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.data).toMatchObject({
      employeeId: res.data!.acceptOffer.employee.id,
      internal: false,
      baseSalary: '65000.00',
      currency: 'EUR',
      payFrequency: 'ANNUAL',
      departmentId: dept,
      jobTitle: 'Role',
    });
  });

  it('an expired offer reads EXPIRED and cannot be accepted; withdraw and decline are final', async () => {
    const app = await atOffer(await postingIn(dept, 3));
    const created = await gql<{ createOffer: { id: string } }>(CREATE, offerInput(app));
    const id = created.data!.createOffer.id;
    await step('submitOffer', id);
    await step('approveOffer', id, hr);
    await step('sendOffer', id);
    await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.update(offers).set({ expiresOn: '2020-01-01' }).where(eq(offers.id, id)),
    );
    const read = await gql<{ offer: { status: string } }>(
      /* GraphQL */ `query ($id: ID!) { offer(id: $id) { status } }`,
      { id },
    );
    expect(read.data!.offer.status).toBe('EXPIRED');
    expect(codeOf(await step('acceptOffer', id))).toBe('CONFLICT');
    const next = await gql<{ createOffer: { id: string } }>(CREATE, offerInput(app));
    expect(codeOf(next)).toBe('CONFLICT'); // the expired one still counts as open until withdrawn
    expect((await step('withdrawOffer', id)).data).toBeTruthy();
    expect(codeOf(await step('sendOffer', id))).toBe('CONFLICT');
    expect(fieldsOf(await step('withdrawOffer', 'nope'))).toEqual(['id']);
    expect(codeOf(await step('withdrawOffer', id, employee))).toBe('FORBIDDEN');
  });
});

describe('the expiry job', () => {
  /** A SENT offer expiring in `days` days. */
  async function sentOffer(days: number): Promise<string> {
    const app = await atOffer(await postingIn(dept, 3));
    const created = await gql<{ createOffer: { id: string } }>(
      CREATE,
      offerInput(app, { expiresOn: inDays(days) }),
    );
    const id = created.data!.createOffer.id;
    await step('submitOffer', id);
    await step('approveOffer', id, hr);
    expect((await step('sendOffer', id)).data!.sendOffer!.status).toBe('SENT');
    return id;
  }
  const expiryOf = async (id: string) =>
    (
      await db.system
        .select()
        .from(jobs)
        .where(and(eq(jobs.queue, EXPIRY_QUEUE), eq(jobs.key, `offer:${id}`)))
    )[0];
  const storedStatus = async (id: string) =>
    (await db.system.select({ s: offers.status }).from(offers).where(eq(offers.id, id)))[0]?.s;
  const readStatus = async (id: string) =>
    (
      await gql<{ offer: { status: string } }>(
        /* GraphQL */ `query ($id: ID!) { offer(id: $id) { status } }`,
        { id },
      )
    ).data!.offer.status;

  it('stores EXPIRED once the last day is over, with one audit row and one recruiting.offer.expired', async () => {
    const id = await sentOffer(2);
    const job = await expiryOf(id);
    expect(job).toMatchObject({ status: 'pending', tenantId: ACME });
    expect(job!.runAt.toISOString()).toBe(`${inDays(3)}T00:00:00.000Z`);
    const runner = recruitingJobRunner(db);
    let unpin = pinClock(`${inDays(2)}T23:59:59Z`);
    try {
      expect(await runner.runDue()).toBe(0); // its last day: still open
      expect(await readStatus(id)).toBe('SENT');
    } finally {
      unpin();
    }
    unpin = pinClock(`${inDays(3)}T00:00:00Z`);
    try {
      // Whether or not a runner got to it yet, a read says EXPIRED.
      expect(await readStatus(id)).toBe('EXPIRED');
      await runner.runDue();
      await eventually(async () => (await storedStatus(id)) === 'EXPIRED');
      expect(await readStatus(id)).toBe('EXPIRED');
      expect((await expiryOf(id))!.status).toBe('done');
      expect(await runner.runDue()).toBe(0);
      const events = await db.system
        .select()
        .from(outbox)
        .where(and(eq(outbox.aggregateId, id), eq(outbox.type, 'recruiting.offer.expired')));
      expect(events).toHaveLength(1);
      expect(events[0]!.data).toMatchObject({
        id,
        status: 'EXPIRED',
        previousStatus: 'SENT',
        departmentId: dept,
      });
      const audits = await db.system
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'offer.expire')));
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ actorId: null, requestId: `job:${job!.id}`, tenantId: ACME });
      // Stored EXPIRED behaves as the computed one did: not acceptable, holds the application until withdrawn.
      expect(codeOf(await step('acceptOffer', id))).toBe('CONFLICT');
      const [offer] = await db.system.select().from(offers).where(eq(offers.id, id));
      expect(codeOf(await gql(CREATE, offerInput(offer!.applicationId)))).toBe('CONFLICT');
      expect((await step('withdrawOffer', id)).data!.withdrawOffer!.status).toBe('WITHDRAWN');
    } finally {
      unpin();
    }
  });

  it('an offer answered before it expired is left alone: its expiry is dropped', async () => {
    const id = await sentOffer(1);
    expect((await step('declineOffer', id)).data!.declineOffer!.status).toBe('DECLINED');
    expect((await expiryOf(id))!.status).toBe('cancelled');
    const unpin = pinClock(`${inDays(5)}T00:00:00Z`);
    try {
      expect(await recruitingJobRunner(db).runDue()).toBe(0);
      expect(await storedStatus(id)).toBe('DECLINED');
    } finally {
      unpin();
    }
  });
});
