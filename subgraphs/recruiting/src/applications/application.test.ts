import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/recruiting';
import {
  codeOf,
  createTestDatabase,
  fieldsOf,
  identityFor,
  newId,
  startTestSubgraph,
} from '@wg/runtime/testing';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recruitingSubgraph } from '../index';

const { entityRefs, candidates, applications, applicationStageHistory, outbox, auditLog } = tables;

const ACME = newId();
const GLOBEX = newId();
const recruiter = identityFor(ACME, ['recruiter']);
const viewer = identityFor(ACME, ['viewer']);
const globexRecruiter = identityFor(GLOBEX, ['recruiter']);
const engineering = newId();
const platformTeam = newId(); // below engineering
const sales = newId();
const headId = newId(); // heads engineering
const referrerId = newId();
const head = identityFor(ACME, ['department_head'], { employeeId: headId });
const referrer = identityFor(ACME, ['employee'], { employeeId: referrerId });
const colleague = identityFor(ACME, ['employee'], { employeeId: newId() });

let db: Database & { drop(): Promise<void> };
let recruiting: Awaited<ReturnType<typeof startTestSubgraph>>;
let engPosting = '';
let platformPosting = '';
let salesPosting = '';
let draftPosting = '';
let reasonId = '';

type Res<T> = Awaited<ReturnType<typeof recruiting.call<T>>>;

async function counts(tenantId = ACME) {
  return withTenant(db, { tenantId }, async (tx) => {
    const n = async (
      t:
        | typeof candidates
        | typeof applications
        | typeof applicationStageHistory
        | typeof outbox
        | typeof auditLog,
    ) => (await tx.select({ n: count() }).from(t))[0]?.n ?? 0;
    return {
      candidates: await n(candidates),
      applications: await n(applications),
      history: await n(applicationStageHistory),
      events: await n(outbox),
      audits: await n(auditLog),
    };
  });
}

const CREATE_CANDIDATE = /* GraphQL */ `
  mutation ($input: CreateCandidateInput!) {
    createCandidate(input: $input) { id firstName lastName email phone source tags employee { id } }
  }
`;
const APPLY = /* GraphQL */ `
  mutation ($input: ApplyInput!) { apply(input: $input) { id stage candidate { id } posting { id } } }
`;
const MOVE = /* GraphQL */ `
  mutation ($id: ID!, $input: MoveApplicationInput!) {
    moveApplication(id: $id, input: $input) {
      id stage rejectReason { label }
      stageHistory { from to note rejectReason { label } actorId }
    }
  }
`;
const MOVE_MANY = /* GraphQL */ `
  mutation ($input: MoveApplicationsInput!) { moveApplications(input: $input) { id stage } }
`;

let seq = 0;
async function candidate(extra: Record<string, unknown> = {}, who = recruiter): Promise<string> {
  seq++;
  const res = await recruiting.call<{ createCandidate: { id: string } }>(
    CREATE_CANDIDATE,
    { input: { firstName: `Cand${seq}`, lastName: 'Test', email: `cand${seq}@example.com`, ...extra } },
    who,
  );
  if (!res.data?.createCandidate) throw new Error(JSON.stringify(res.errors));
  return res.data.createCandidate.id;
}

async function apply(candidateId: string, postingId: string, who = recruiter) {
  return recruiting.call<{ apply: { id: string; stage: string } }>(
    APPLY,
    { input: { candidateId, postingId } },
    who,
  );
}

async function appliedId(postingId = engPosting): Promise<string> {
  const res = await apply(await candidate(), postingId);
  if (!res.data?.apply) throw new Error(JSON.stringify(res.errors));
  return res.data.apply.id;
}

async function move(id: string, to: string, extra: Record<string, unknown> = {}, who = recruiter) {
  return recruiting.call<{
    moveApplication: { id: string; stage: string; stageHistory: Record<string, unknown>[] };
  }>(MOVE, { id, input: { to, ...extra } }, who);
}

async function posting(departmentId: string, status = 'OPEN', who = recruiter): Promise<string> {
  const res = await recruiting.call<{ createJobPosting: { id: string } }>(
    /* GraphQL */ `mutation ($input: CreateJobPostingInput!) { createJobPosting(input: $input) { id } }`,
    { input: { title: `Role in ${departmentId.slice(-4)}`, departmentId, status } },
    who,
  );
  if (!res.data?.createJobPosting) throw new Error(JSON.stringify(res.errors));
  return res.data.createJobPosting.id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  recruiting = await startTestSubgraph(recruitingSubgraph, db);
  // People's departments and employees, as recruiting learns them from events.
  await withTenant(db, { tenantId: ACME }, (tx) =>
    tx.insert(entityRefs).values([
      {
        tenantId: ACME,
        entityType: 'Department',
        id: engineering,
        data: { id: engineering, parentId: null },
      },
      {
        tenantId: ACME,
        entityType: 'Department',
        id: platformTeam,
        data: { id: platformTeam, parentId: engineering },
      },
      { tenantId: ACME, entityType: 'Department', id: sales, data: { id: sales, parentId: null } },
      { tenantId: ACME, entityType: 'Employee', id: headId, data: { id: headId, departmentId: engineering } },
      {
        tenantId: ACME,
        entityType: 'Employee',
        id: referrerId,
        data: { id: referrerId, departmentId: sales },
      },
    ]),
  );
  await withTenant(db, { tenantId: GLOBEX }, (tx) =>
    tx.insert(entityRefs).values([{ tenantId: GLOBEX, entityType: 'Department', id: newId(), data: {} }]),
  );
  engPosting = await posting(engineering);
  platformPosting = await posting(platformTeam);
  salesPosting = await posting(sales);
  draftPosting = await posting(engineering, 'DRAFT');
  const reason = await recruiting.call<{ createRejectReason: { id: string } }>(
    /* GraphQL */ `mutation { createRejectReason(input: { label: "Not enough experience" }) { id } }`,
    {},
    recruiter,
  );
  reasonId = reason.data!.createRejectReason.id;
});

afterAll(async () => {
  await recruiting?.stop();
  await db?.drop();
});

describe('createCandidate', () => {
  it('creates a candidate with a lower-cased email and tags', async () => {
    const before = await counts();
    const res = await recruiting.call<{ createCandidate: Record<string, unknown> }>(
      CREATE_CANDIDATE,
      {
        input: {
          firstName: ' Ada ',
          lastName: 'Lovelace',
          email: 'Ada.Lovelace.First@Example.COM',
          phone: '+44 20 7946 0001',
          source: 'AGENCY',
          tags: ['TypeScript', 'typescript', 'Rust'],
        },
      },
      recruiter,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.createCandidate).toMatchObject({
      firstName: 'Ada',
      email: 'ada.lovelace.first@example.com',
      source: 'AGENCY',
      tags: ['typescript', 'rust'],
      employee: null,
    });
    const after = await counts();
    expect(after.candidates).toBe(before.candidates + 1);
    expect(after.audits).toBe(before.audits + 1);
  });

  it('names every bad field and writes nothing', async () => {
    const before = await counts();
    const res = await recruiting.call(
      CREATE_CANDIDATE,
      {
        input: {
          firstName: '',
          lastName: 'X',
          email: 'not-an-email',
          phone: 'call me',
          resumeUrl: 'javascript:alert(1)',
          retainUntil: '2020-01-01',
          employeeId: 'nope',
        },
      },
      recruiter,
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual([
      'input.email',
      'input.employeeId',
      'input.firstName',
      'input.phone',
      'input.resumeUrl',
      'input.retainUntil',
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a taken email (any case) naming the existing candidate, even with allowDuplicate', async () => {
    const id = await candidate({ email: 'grace@example.com' });
    const res = await recruiting.call(
      CREATE_CANDIDATE,
      { input: { firstName: 'G', lastName: 'H', email: 'GRACE@example.com', allowDuplicate: true } },
      recruiter,
    );
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors![0]!.extensions).toMatchObject({ existingId: id, matchedOn: 'email' });
  });

  it('refuses a name + phone match unless allowDuplicate', async () => {
    const id = await candidate({ firstName: 'Linus', lastName: 'Berg', phone: '+46 (8) 123-4567' });
    const again = {
      firstName: 'linus',
      lastName: 'BERG',
      phone: '+46 8 1234567',
      email: 'linus.other@example.com',
    };
    const res = await recruiting.call(CREATE_CANDIDATE, { input: again }, recruiter);
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors![0]!.extensions).toMatchObject({ existingId: id, matchedOn: 'name_and_phone' });
    const allowed = await recruiting.call(
      CREATE_CANDIDATE,
      { input: { ...again, allowDuplicate: true } },
      recruiter,
    );
    expect(allowed.errors).toBeUndefined();
  });

  it('is FORBIDDEN for viewers, employees and hiring managers, and writes nothing', async () => {
    const before = await counts();
    for (const who of [viewer, referrer, head]) {
      const res = await recruiting.call(
        CREATE_CANDIDATE,
        { input: { firstName: 'No', lastName: 'Way', email: `no-${newId()}@example.com` } },
        who,
      );
      expect(codeOf(res)).toBe('FORBIDDEN');
    }
    expect(await counts()).toEqual(before);
  });

  it('keeps tenants apart: same email in another tenant is fine, and neither sees the other', async () => {
    const id = await candidate({ email: 'shared@example.com' });
    const other = await recruiting.call<{ createCandidate: { id: string } }>(
      CREATE_CANDIDATE,
      { input: { firstName: 'Shared', lastName: 'Mail', email: 'shared@example.com' } },
      globexRecruiter,
    );
    expect(other.errors).toBeUndefined();
    const seen = await recruiting.call<{ candidate: unknown }>(
      /* GraphQL */ `query ($id: ID!) { candidate(id: $id) { id } }`,
      { id },
      globexRecruiter,
    );
    expect(seen.data!.candidate).toBeNull();
    // Globex's list holds its own candidate and never Acme's (other tests add Globex candidates too).
    const list = await recruiting.call<{ candidates: { edges: { node: { id: string } }[] } }>(
      /* GraphQL */ `{ candidates(first: 100) { edges { node { id } } } }`,
      {},
      globexRecruiter,
    );
    const ids = list.data!.candidates.edges.map((e) => e.node.id);
    expect(ids).toContain((other.data as { createCandidate: { id: string } }).createCandidate.id);
    expect(ids).not.toContain(id);
  });
});

describe('candidates search', () => {
  it('finds a name despite transposed letters, a typo or a fragment', async () => {
    const id = await candidate({ firstName: 'Favian', lastName: 'Anderson', email: 'favian@example.com' });
    for (const search of ['Favain Andresno', 'Favian Andersen', 'anders', 'favian@example.com']) {
      const res = await recruiting.call<{ candidates: { edges: { node: { id: string } }[] } }>(
        /* GraphQL */ `query ($s: String!) { candidates(filter: { search: $s }) { edges { node { id } } } }`,
        { s: search },
        recruiter,
      );
      expect(res.errors).toBeUndefined();
      expect(
        res.data!.candidates.edges.map((e) => e.node.id),
        search,
      ).toContain(id);
    }
    const miss = await recruiting.call<{ candidates: { totalCount: number } }>(
      /* GraphQL */ `{ candidates(filter: { search: "Zebulon Quartz" }) { totalCount } }`,
      {},
      recruiter,
    );
    expect(miss.data!.candidates.totalCount).toBe(0);
  });

  it('filters by source, tag, posting and stage', async () => {
    const tagged = await candidate({ source: 'SOURCED', tags: ['kotlin'] });
    await apply(tagged, salesPosting);
    const res = await recruiting.call<{ candidates: { edges: { node: { id: string } }[] } }>(
      /* GraphQL */ `query ($p: ID!) {
        candidates(filter: { source: SOURCED, tag: "Kotlin", postingId: $p, stage: APPLIED }) { edges { node { id } } }
      }`,
      { p: salesPosting },
      recruiter,
    );
    expect(res.data!.candidates.edges.map((e) => e.node.id)).toEqual([tagged]);
  });
});

describe('apply', () => {
  it('creates an APPLIED application with its first history row and a created event', async () => {
    const c = await candidate();
    const before = await counts();
    const res = await apply(c, engPosting);
    expect(res.errors).toBeUndefined();
    expect(res.data!.apply).toMatchObject({
      stage: 'APPLIED',
      candidate: { id: c },
      posting: { id: engPosting },
    });
    const after = await counts();
    expect(after).toMatchObject({
      applications: before.applications + 1,
      history: before.history + 1,
      events: before.events + 1,
      audits: before.audits + 1,
    });
    const [event] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(outbox).where(eq(outbox.aggregateId, res.data!.apply.id)),
    );
    expect(event).toMatchObject({
      type: 'recruiting.application.created',
      data: {
        candidateId: c,
        postingId: engPosting,
        departmentId: engineering,
        stage: 'APPLIED',
        source: 'CAREER_SITE',
      },
    });
  });

  it('refuses a second application to the same posting and a posting that is not OPEN', async () => {
    const c = await candidate();
    const first = await apply(c, engPosting);
    const again = await apply(c, engPosting);
    expect(codeOf(again)).toBe('CONFLICT');
    expect(again.errors![0]!.message).toContain(first.data!.apply.id);
    const before = await counts();
    expect(codeOf(await apply(c, draftPosting))).toBe('CONFLICT');
    expect(await counts()).toEqual(before);
  });

  it('answers BAD_USER_INPUT for malformed ids, NOT_FOUND for unknown or foreign ones, writing nothing', async () => {
    const before = await counts();
    const bad = await recruiting.call(
      APPLY,
      { input: { candidateId: 'x', postingId: 'y', note: 'n'.repeat(10_001) } },
      recruiter,
    );
    expect(fieldsOf(bad)).toEqual(['input.candidateId', 'input.note', 'input.postingId']);
    const foreign = await recruiting.call<{ createCandidate: { id: string } }>(
      CREATE_CANDIDATE,
      { input: { firstName: 'Other', lastName: 'Tenant', email: `o-${newId()}@example.com` } },
      globexRecruiter,
    );
    expect(codeOf(await apply(foreign.data!.createCandidate.id, engPosting))).toBe('NOT_FOUND');
    expect(codeOf(await apply(await candidate(), newId()))).toBe('NOT_FOUND');
    // The globex recruiter cannot apply anyone to acme's posting.
    expect(codeOf(await apply(foreign.data!.createCandidate.id, engPosting, globexRecruiter))).toBe(
      'NOT_FOUND',
    );
    const after = await counts();
    expect(after.applications).toBe(before.applications);
  });

  it('is FORBIDDEN without application:create', async () => {
    const c = await candidate();
    for (const who of [viewer, head, referrer])
      expect(codeOf(await apply(c, engPosting, who))).toBe('FORBIDDEN');
  });
});

describe('the stage machine', () => {
  it('moves forward one stage at a time and records who, when, from and to', async () => {
    const id = await appliedId();
    await move(id, 'SCREENING', { note: 'Strong CV' });
    const res = await move(id, 'INTERVIEW');
    expect(res.errors).toBeUndefined();
    expect(res.data!.moveApplication.stage).toBe('INTERVIEW');
    expect(res.data!.moveApplication.stageHistory).toEqual([
      { from: null, to: 'APPLIED', note: null, rejectReason: null, actorId: recruiter.userId },
      { from: 'APPLIED', to: 'SCREENING', note: 'Strong CV', rejectReason: null, actorId: recruiter.userId },
      { from: 'SCREENING', to: 'INTERVIEW', note: null, rejectReason: null, actorId: recruiter.userId },
    ]);
    const events = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(outbox).where(eq(outbox.aggregateId, id)).orderBy(outbox.seq),
    );
    expect(events.map((e) => [e.type, (e.data as { previousStage?: string }).previousStage ?? null])).toEqual(
      [
        ['recruiting.application.created', null],
        ['recruiting.application.stage_changed', 'APPLIED'],
        ['recruiting.application.stage_changed', 'SCREENING'],
      ],
    );
  });

  it('refuses skipping, going back, hiring without an offer and leaving a final stage (CONFLICT, nothing written)', async () => {
    const id = await appliedId();
    const before = await counts();
    expect(codeOf(await move(id, 'INTERVIEW'))).toBe('CONFLICT');
    expect(codeOf(await move(id, 'APPLIED'))).toBe('CONFLICT');
    await move(id, 'SCREENING');
    await move(id, 'INTERVIEW');
    await move(id, 'OFFER');
    const hire = await move(id, 'HIRED');
    expect(codeOf(hire)).toBe('CONFLICT');
    expect(hire.errors![0]!.message).toContain('offer is accepted');
    await move(id, 'WITHDRAWN');
    expect(codeOf(await move(id, 'SCREENING'))).toBe('CONFLICT');
    expect(codeOf(await move(id, 'REJECTED', { rejectReasonId: reasonId }))).toBe('CONFLICT');
    expect((await counts()).history).toBe(before.history + 4);
  });

  it('rejects with a reason from the tenant list only', async () => {
    const id = await appliedId();
    const before = await counts();
    const missing = await move(id, 'REJECTED');
    expect(fieldsOf(missing)).toEqual(['input.rejectReasonId']);
    const unknown = await move(id, 'REJECTED', { rejectReasonId: newId() });
    expect(fieldsOf(unknown)).toEqual(['input.rejectReasonId']);
    const stray = await move(id, 'SCREENING', { rejectReasonId: reasonId });
    expect(fieldsOf(stray)).toEqual(['input.rejectReasonId']);
    expect(await counts()).toEqual(before);
    const ok = await move(id, 'REJECTED', { rejectReasonId: reasonId, note: 'Maybe next year' });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.moveApplication).toMatchObject({
      stage: 'REJECTED',
      rejectReason: { label: 'Not enough experience' },
    });
    expect(ok.data!.moveApplication.stageHistory.at(-1)).toMatchObject({
      from: 'APPLIED',
      to: 'REJECTED',
      rejectReason: { label: 'Not enough experience' },
    });
  });

  it('answers BAD_USER_INPUT for a malformed id or note, NOT_FOUND for another tenant’s, FORBIDDEN without permission', async () => {
    const id = await appliedId();
    const before = await counts();
    expect(fieldsOf(await move('x', 'SCREENING', { note: 'n'.repeat(2001) }))).toEqual(['id', 'input.note']);
    expect(codeOf(await move(id, 'SCREENING', {}, globexRecruiter))).toBe('NOT_FOUND');
    expect(codeOf(await move(id, 'SCREENING', {}, head))).toBe('FORBIDDEN');
    expect(codeOf(await move(id, 'SCREENING', {}, viewer))).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  it('moveApplications is all or nothing', async () => {
    const a = await appliedId();
    const b = await appliedId();
    const c = await appliedId();
    await move(c, 'SCREENING');
    const before = await counts();
    const res = await recruiting.call(MOVE_MANY, { input: { ids: [a, b, c], to: 'SCREENING' } }, recruiter);
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors![0]!.message).toContain(c);
    const unknown = await recruiting.call(
      MOVE_MANY,
      { input: { ids: [a, newId()], to: 'SCREENING' } },
      recruiter,
    );
    expect(codeOf(unknown)).toBe('NOT_FOUND');
    const dup = await recruiting.call(MOVE_MANY, { input: { ids: [a, a], to: 'SCREENING' } }, recruiter);
    expect(fieldsOf(dup)).toEqual(['input.ids']);
    expect(await counts()).toEqual(before);
    const ok = await recruiting.call<{ moveApplications: { id: string; stage: string }[] }>(
      MOVE_MANY,
      { input: { ids: [b, a], to: 'REJECTED', rejectReasonId: reasonId } },
      recruiter,
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.moveApplications).toEqual([
      { id: b, stage: 'REJECTED' },
      { id: a, stage: 'REJECTED' },
    ]);
    const after = await counts();
    expect(after.history).toBe(before.history + 2);
    expect(after.events).toBe(before.events + 2);
  });
});

describe('pipeline and scope', () => {
  const PIPELINE = /* GraphQL */ `
    query ($id: ID!) {
      jobPosting(id: $id) {
        pipeline { total active stages { stage count } }
        applications(first: 50, stage: SCREENING) { totalCount edges { node { id stage } } }
      }
    }
  `;

  it('counts every stage of a posting', async () => {
    const p = await posting(sales);
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await appliedId(p));
    await move(ids[0]!, 'SCREENING');
    await move(ids[1]!, 'SCREENING');
    await move(ids[2]!, 'WITHDRAWN');
    const res = await recruiting.call<{
      jobPosting: {
        pipeline: { total: number; active: number; stages: { stage: string; count: number }[] };
        applications: { totalCount: number };
      };
    }>(PIPELINE, { id: p }, recruiter);
    expect(res.errors).toBeUndefined();
    expect(res.data!.jobPosting.pipeline).toEqual({
      total: 4,
      active: 3,
      stages: [
        { stage: 'APPLIED', count: 1 },
        { stage: 'SCREENING', count: 2 },
        { stage: 'INTERVIEW', count: 0 },
        { stage: 'OFFER', count: 0 },
        { stage: 'HIRED', count: 0 },
        { stage: 'REJECTED', count: 0 },
        { stage: 'WITHDRAWN', count: 1 },
      ],
    });
    expect(res.data!.jobPosting.applications.totalCount).toBe(2);
  });

  it('shows a hiring manager the pipeline of their department and below, nothing else', async () => {
    await appliedId(engPosting);
    const platformApp = await appliedId(platformPosting);
    const salesApp = await appliedId(salesPosting);
    const mine = await recruiting.call<{ jobPosting: { pipeline: { total: number } | null } }>(
      PIPELINE,
      { id: platformPosting },
      head,
    );
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.jobPosting.pipeline!.total).toBeGreaterThan(0);
    const theirs = await recruiting.call<{ jobPosting: { pipeline: unknown; applications: unknown } }>(
      PIPELINE,
      { id: salesPosting },
      head,
    );
    expect(theirs.data!.jobPosting).toEqual({ pipeline: null, applications: null });
    const one = /* GraphQL */ `query ($id: ID!) { application(id: $id) { id } }`;
    expect(
      (await recruiting.call<{ application: unknown }>(one, { id: platformApp }, head)).data!.application,
    ).toEqual({ id: platformApp });
    expect(
      (await recruiting.call<{ application: unknown }>(one, { id: salesApp }, head)).data!.application,
    ).toBeNull();
    const list = await recruiting.call<{ candidates: { edges: { node: { id: string } }[] } }>(
      /* GraphQL */ `query ($p: ID!) { candidates(filter: { postingId: $p }) { edges { node { id } } } }`,
      { p: salesPosting },
      head,
    );
    expect(list.data!.candidates.edges).toEqual([]);
  });

  it('answers FORBIDDEN to pipeline queries for roles without access', async () => {
    for (const who of [viewer, referrer]) {
      const res = await recruiting.call(/* GraphQL */ `{ candidates { totalCount } }`, {}, who);
      expect(codeOf(res)).toBe('FORBIDDEN');
    }
    const posted = await recruiting.call<{ jobPosting: { pipeline: unknown } }>(
      /* GraphQL */ `query ($id: ID!) { jobPosting(id: $id) { pipeline { total } } }`,
      { id: engPosting },
      viewer,
    );
    expect(posted.errors).toBeUndefined();
    expect(posted.data!.jobPosting.pipeline).toBeNull();
  });
});

describe('referrals', () => {
  const REFER = /* GraphQL */ `
    mutation ($input: ReferCandidateInput!) { referCandidate(input: $input) { id stage referredBy { id } } }
  `;
  const REFERRALS = /* GraphQL */ `
    query ($r: [_Any!]!) {
      _entities(representations: $r) { ... on Employee { referrals { candidateName status posting { id } } } }
    }
  `;

  it('lets an employee refer someone and see a coarse status; colleagues see null', async () => {
    const res = await recruiting.call<{ referCandidate: { id: string; stage: string } }>(
      REFER,
      { input: { firstName: 'Rita', lastName: 'Ref', email: 'rita.ref@example.com', postingId: engPosting } },
      referrer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.referCandidate).toMatchObject({ stage: 'APPLIED', referredBy: { id: referrerId } });
    await move(res.data!.referCandidate.id, 'REJECTED', { rejectReasonId: reasonId });
    const reps = { r: [{ __typename: 'Employee', id: referrerId }] };
    const own = await recruiting.call<{ _entities: { referrals: unknown }[] }>(REFERRALS, reps, referrer);
    expect(own.data!._entities[0]!.referrals).toEqual([
      { candidateName: 'Rita Ref', status: 'NOT_SELECTED', posting: { id: engPosting } },
    ]);
    const other = await recruiting.call<{ _entities: { referrals: unknown }[] }>(REFERRALS, reps, colleague);
    expect(other.errors).toBeUndefined();
    expect(other.data!._entities[0]!.referrals).toBeNull();
    const source = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx
        .select({ source: candidates.source })
        .from(candidates)
        .where(eq(candidates.email, 'rita.ref@example.com')),
    );
    expect(source).toEqual([{ source: 'REFERRAL' }]);
  });

  it('refuses bad input, an existing candidate (without naming them) and callers without an employee', async () => {
    // An existing candidate of this test's own (each test passes alone and in any order).
    await candidate({ email: 'referred.twice@example.com' });
    const before = await counts();
    const bad = await recruiting.call(
      REFER,
      { input: { firstName: 'A', lastName: 'B', email: 'nope', postingId: 'x' } },
      referrer,
    );
    expect(fieldsOf(bad)).toEqual(['input.email', 'input.postingId']);
    const dup = await recruiting.call(
      REFER,
      {
        input: {
          firstName: 'Ada',
          lastName: 'L',
          email: 'Referred.Twice@example.com',
          postingId: engPosting,
        },
      },
      referrer,
    );
    expect(codeOf(dup)).toBe('CONFLICT');
    expect(dup.errors![0]!.extensions!.existingId).toBeUndefined();
    const noEmployee = await recruiting.call(
      REFER,
      { input: { firstName: 'A', lastName: 'B', email: `x-${newId()}@example.com`, postingId: engPosting } },
      viewer,
    );
    expect(codeOf(noEmployee)).toBe('FORBIDDEN');
    const foreign = await recruiting.call(
      REFER,
      { input: { firstName: 'A', lastName: 'B', email: `y-${newId()}@example.com`, postingId: engPosting } },
      identityFor(GLOBEX, ['employee'], { employeeId: newId() }),
    );
    expect(codeOf(foreign)).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
  });
});

describe('eraseCandidate', () => {
  it('pseudonymises personal data and keeps the applications counted', async () => {
    const c = await candidate({ phone: '+1 555 0100', resumeText: 'Secret CV', tags: ['go'] });
    await apply(c, salesPosting);
    const before = await counts();
    const res = await recruiting.call<{ eraseCandidate: Record<string, unknown> }>(
      /* GraphQL */ `mutation ($id: ID!) { eraseCandidate(id: $id) { firstName lastName email phone resumeText tags erasedAt applications { id } } }`,
      { id: c },
      recruiter,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.eraseCandidate).toMatchObject({
      firstName: 'Erased',
      lastName: 'Candidate',
      email: `erased-${c}@erased.invalid`,
      phone: null,
      resumeText: null,
      tags: [],
    });
    expect(res.data!.eraseCandidate.erasedAt).not.toBeNull();
    expect(res.data!.eraseCandidate.applications).toHaveLength(1);
    const after = await counts();
    expect(after.candidates).toBe(before.candidates);
    expect(after.applications).toBe(before.applications);
    expect(codeOf(await apply(c, engPosting))).toBe('CONFLICT');
  });

  it('is FORBIDDEN for hiring managers and NOT_FOUND across tenants', async () => {
    const c = await candidate();
    const q = /* GraphQL */ `mutation ($id: ID!) { eraseCandidate(id: $id) { id } }`;
    expect(codeOf(await recruiting.call(q, { id: c }, head))).toBe('FORBIDDEN');
    expect(codeOf(await recruiting.call(q, { id: c }, globexRecruiter))).toBe('NOT_FOUND');
    expect(fieldsOf(await recruiting.call(q, { id: 'x' }, recruiter))).toEqual(['id']);
  });
});

describe('batching', () => {
  it('resolves candidates and pipelines of many postings with one statement each', async () => {
    const before = db.statements.application;
    const res: Res<{ jobPostings: { edges: { node: { pipeline: unknown } }[] } }> = await recruiting.call(
      /* GraphQL */ `{ jobPostings(first: 50) { edges { node { pipeline { total } } } } }`,
      {},
      recruiter,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.jobPostings.edges.length).toBeGreaterThan(3);
    // page + count + one grouped stage count (plus each transaction's tenant setup and the access lookup)
    expect(db.statements.application - before).toBeLessThanOrEqual(8);
  });
});
