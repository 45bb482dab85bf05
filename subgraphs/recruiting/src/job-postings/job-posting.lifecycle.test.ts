import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/recruiting';
import {
  codeOf,
  createTestDatabase,
  dayOffset,
  fieldsOf,
  identityFor,
  newId,
  startTestSubgraph,
} from '@wg/runtime/testing';
import { asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recruitingSubgraph } from '../index';

const { entityRefs, jobPostings, outbox, auditLog } = tables;

const ACME = newId();
const GLOBEX = newId();
const admin = identityFor(ACME, ['admin']);
const recruiter = identityFor(ACME, ['recruiter']);
const hr = identityFor(ACME, ['hr_manager']);
const employee = identityFor(ACME, ['employee']);
const viewer = identityFor(ACME, ['viewer']);
const globexAdmin = identityFor(GLOBEX, ['admin']);

let db: Database & { drop(): Promise<void> };
let recruiting: Awaited<ReturnType<typeof startTestSubgraph>>;
const engineeringId = newId();
const salesId = newId();

const FIELDS = 'id title status openings closesOn closeReason closedAt updatedAt location department { id }';
const CREATE = `mutation ($input: CreateJobPostingInput!) { createJobPosting(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateJobPostingInput!) { updateJobPosting(id: $id, input: $input) { ${FIELDS} salaryRange { min { amount currency } max { amount currency } } } }`;
const OPEN = `mutation ($id: ID!, $input: OpenJobPostingInput) { openJobPosting(id: $id, input: $input) { ${FIELDS} } }`;
const HOLD = `mutation ($id: ID!) { holdJobPosting(id: $id) { ${FIELDS} } }`;
const CLOSE = `mutation ($id: ID!, $input: CloseJobPostingInput!) { closeJobPosting(id: $id, input: $input) { ${FIELDS} } }`;
const REOPEN = `mutation ($id: ID!, $input: OpenJobPostingInput) { reopenJobPosting(id: $id, input: $input) { ${FIELDS} } }`;
const OPENINGS = /* GraphQL */ `query ($r: [_Any!]!) {
  _entities(representations: $r) { ... on Department { id openings { id status } } }
}`;

type Posting = {
  id: string;
  title: string;
  status: string;
  openings: number;
  closesOn: string | null;
  closeReason: string | null;
  closedAt: string | null;
  updatedAt: string;
};
type Result = { data?: Record<string, Posting> | null; errors?: { extensions?: Record<string, unknown> }[] };

/** The stored row plus the tenant's outbox and audit totals: "nothing written" compares these. */
async function state(tenantId: string, id?: string) {
  return withTenant(db, { tenantId }, async (tx) => {
    const [events] = await tx.select({ n: count() }).from(outbox);
    const [audits] = await tx.select({ n: count() }).from(auditLog);
    const row = id ? (await tx.select().from(jobPostings).where(eq(jobPostings.id, id)))[0] : undefined;
    return { row, events: events?.n ?? 0, audits: audits?.n ?? 0 };
  });
}

async function eventsOf(id: string) {
  return withTenant(db, { tenantId: ACME }, (tx) =>
    tx.select().from(outbox).where(eq(outbox.aggregateId, id)).orderBy(asc(outbox.id)),
  );
}

async function auditsOf(id: string) {
  return withTenant(db, { tenantId: ACME }, (tx) =>
    tx.select().from(auditLog).where(eq(auditLog.entityId, id)).orderBy(asc(auditLog.id)),
  );
}

async function create(input: Record<string, unknown> = {}): Promise<string> {
  const res = await recruiting.call<{ createJobPosting: Posting }>(
    CREATE,
    { input: { title: 'Platform Engineer', departmentId: engineeringId, ...input } },
    admin,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.createJobPosting.id;
}

async function call(query: string, variables: Record<string, unknown>, who = recruiter): Promise<Result> {
  return (await recruiting.call(query, variables, who)) as Result;
}

async function openingsOf(departmentId: string): Promise<string[]> {
  const res = await recruiting.call<{ _entities: { openings: { id: string }[] }[] }>(
    OPENINGS,
    { r: [{ __typename: 'Department', id: departmentId }] },
    viewer,
  );
  expect(res.errors).toBeUndefined();
  return res.data!._entities[0]!.openings.map((p) => p.id);
}

beforeAll(async () => {
  db = await createTestDatabase();
  recruiting = await startTestSubgraph(recruitingSubgraph, db);
  await withTenant(db, { tenantId: ACME }, (tx) =>
    tx.insert(entityRefs).values(
      [engineeringId, salesId].map((id, i) => ({
        tenantId: ACME,
        entityType: 'Department',
        id,
        data: { id, name: `D${i}` },
      })),
    ),
  );
});

afterAll(async () => {
  await recruiting?.stop();
  await db?.drop();
});

describe('posting lifecycle', () => {
  it('walks DRAFT → OPEN → ON_HOLD → OPEN → CLOSED → OPEN, one event and one audit row per move', async () => {
    const departmentId = newId();
    await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.insert(entityRefs).values({ tenantId: ACME, entityType: 'Department', id: departmentId, data: {} }),
    );
    const id = await create({ status: 'DRAFT', departmentId, closesOn: dayOffset(20) });
    expect(await eventsOf(id)).toHaveLength(0);
    expect(await openingsOf(departmentId)).toEqual([]);

    const steps: [string, Record<string, unknown>, string, string, string, string | null][] = [
      // query, variables, expected status, event type, audit action, closeReason
      [OPEN, {}, 'OPEN', 'recruiting.job_posting.opened', 'job_posting.open', null],
      [HOLD, {}, 'ON_HOLD', 'recruiting.job_posting.on_hold', 'job_posting.hold', null],
      [OPEN, {}, 'OPEN', 'recruiting.job_posting.opened', 'job_posting.open', null],
      [
        CLOSE,
        { input: { reason: 'CANCELLED' } },
        'CLOSED',
        'recruiting.job_posting.closed',
        'job_posting.close',
        'CANCELLED',
      ],
      [REOPEN, {}, 'OPEN', 'recruiting.job_posting.opened', 'job_posting.reopen', null],
    ];
    let previous = 'DRAFT';
    for (const [query, variables, status, eventType, action, closeReason] of steps) {
      const before = await state(ACME);
      const res = await call(query, { id, ...variables }, previous === 'ON_HOLD' ? hr : recruiter);
      expect(res.errors).toBeUndefined();
      const posting = Object.values(res.data!)[0]!;
      expect(posting).toMatchObject({ id, status, closeReason, closesOn: dayOffset(20) });
      expect(posting.closedAt === null).toBe(status !== 'CLOSED');
      const after = await state(ACME, id);
      expect(after.row?.status).toBe(status);
      expect(after.events).toBe(before.events + 1);
      expect(after.audits).toBe(before.audits + 1);

      const event = (await eventsOf(id)).at(-1)!;
      expect(event).toMatchObject({
        type: eventType,
        aggregateType: 'JobPosting',
        aggregateId: id,
        data: { id, status, departmentId, previousStatus: previous, closeReason, title: 'Platform Engineer' },
      });
      const audit = (await auditsOf(id)).at(-1)!;
      expect(audit).toMatchObject({ action, entityType: 'JobPosting' });
      expect((audit.before as { status: string }).status).toBe(previous);
      expect((audit.after as { status: string }).status).toBe(status);

      // Department.openings lists OPEN postings only.
      expect(await openingsOf(departmentId)).toEqual(status === 'OPEN' ? [id] : []);
      previous = status;
    }
    expect((await eventsOf(id)).map((e) => e.type)).toEqual([
      'recruiting.job_posting.opened',
      'recruiting.job_posting.on_hold',
      'recruiting.job_posting.opened',
      'recruiting.job_posting.closed',
      'recruiting.job_posting.opened',
    ]);
  });

  it('closes a posting as FILLED for good', async () => {
    const id = await create();
    const closed = await call(CLOSE, { id, input: { reason: 'FILLED' } });
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeJobPosting).toMatchObject({ status: 'CLOSED', closeReason: 'FILLED' });
    expect(await openingsOf(engineeringId)).not.toContain(id);

    const before = await state(ACME, id);
    const res = await call(REOPEN, { id });
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.data).toBeNull();
    expect(await state(ACME, id)).toEqual(before);
  });

  it('cancels a draft without it ever being announced as opened', async () => {
    const id = await create({ status: 'DRAFT' });
    const res = await call(CLOSE, { id, input: { reason: 'CANCELLED' } });
    expect(res.errors).toBeUndefined();
    expect((await eventsOf(id)).map((e) => e.type)).toEqual(['recruiting.job_posting.closed']);
  });

  it.each([
    ['put a DRAFT on hold', { status: 'DRAFT' }, [], HOLD, {}],
    ['open an OPEN posting', {}, [], OPEN, {}],
    ['reopen an OPEN posting', {}, [], REOPEN, {}],
    ['reopen a DRAFT', { status: 'DRAFT' }, [], REOPEN, {}],
    ['put an ON_HOLD posting on hold', {}, [HOLD], HOLD, {}],
    ['reopen an ON_HOLD posting', {}, [HOLD], REOPEN, {}],
    ['open a CLOSED posting (reopen is the way)', {}, [CLOSE], OPEN, {}],
    ['hold a CLOSED posting', {}, [CLOSE], HOLD, {}],
    ['close a CLOSED posting', {}, [CLOSE], CLOSE, { input: { reason: 'FILLED' } }],
    ['edit a CLOSED posting', {}, [CLOSE], UPDATE, { input: { title: 'Too late' } }],
  ] as const)(
    'refuses to %s with CONFLICT, writing nothing',
    async (_name, createWith, setup, query, variables) => {
      const id = await create(createWith);
      for (const step of setup) {
        const r = await call(step, { id, input: step === CLOSE ? { reason: 'CANCELLED' } : undefined });
        expect(r.errors).toBeUndefined();
      }
      const before = await state(ACME, id);
      const res = await call(query, { id, ...variables });
      expect(codeOf(res)).toBe('CONFLICT');
      expect(res.data).toBeNull();
      expect(await state(ACME, id)).toEqual(before);
    },
  );

  it('serialises two concurrent moves on one posting: one wins, the other is a CONFLICT', async () => {
    const id = await create();
    const results = await Promise.all([call(HOLD, { id }), call(HOLD, { id })]);
    expect(results.map(codeOf).sort()).toEqual(['CONFLICT', undefined]);
    expect((await eventsOf(id)).map((e) => e.type)).toEqual([
      'recruiting.job_posting.opened',
      'recruiting.job_posting.on_hold',
    ]);
  });
});

describe('transition input', () => {
  it('rejects a malformed id naming `id`', async () => {
    for (const [query, variables] of [
      [OPEN, {}],
      [HOLD, {}],
      [CLOSE, { input: { reason: 'CANCELLED' } }],
      [REOPEN, {}],
      [UPDATE, { input: { title: 'x' } }],
    ] as const) {
      const before = await state(ACME);
      const res = await call(query, { id: 'not-an-id', ...variables });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(res)).toEqual(['id']);
      expect(await state(ACME)).toEqual(before);
    }
  });

  it('needs a closing date that has not passed to open, naming input.closesOn', async () => {
    const id = await create({ status: 'DRAFT' });
    const before = await state(ACME, id);
    for (const closesOn of ['2020-01-01', '2031-02-30', 'soon']) {
      const res = await call(OPEN, { id, input: { closesOn } });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(res)).toEqual(['input.closesOn']);
    }
    expect(await state(ACME, id)).toEqual(before);

    // A stored date that has since passed must be replaced (or cleared) on opening.
    await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.update(jobPostings).set({ closesOn: '2021-06-30' }).where(eq(jobPostings.id, id)),
    );
    const stale = await call(OPEN, { id });
    expect(fieldsOf(stale)).toEqual(['input.closesOn']);
    expect((await state(ACME, id)).row?.status).toBe('DRAFT');
    const ok = await call(OPEN, { id, input: { closesOn: dayOffset(10) } });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.openJobPosting).toMatchObject({ status: 'OPEN', closesOn: dayOffset(10) });
    const [, event] = [null, (await eventsOf(id)).at(-1)];
    expect(event?.data).toMatchObject({ closesOn: dayOffset(10), status: 'OPEN' });
  });

  it('reopens with a new closing date when the old one passed', async () => {
    const id = await create();
    expect((await call(CLOSE, { id, input: { reason: 'CANCELLED' } })).errors).toBeUndefined();
    await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.update(jobPostings).set({ closesOn: '2021-06-30' }).where(eq(jobPostings.id, id)),
    );
    const before = await state(ACME, id);
    const stale = await call(REOPEN, { id });
    expect(fieldsOf(stale)).toEqual(['input.closesOn']);
    expect(await state(ACME, id)).toEqual(before);
    const ok = await call(REOPEN, { id, input: { closesOn: null } });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.reopenJobPosting).toMatchObject({ status: 'OPEN', closesOn: null, closeReason: null });
  });

  it('refuses to close a draft as FILLED, naming input.reason', async () => {
    const id = await create({ status: 'DRAFT' });
    const before = await state(ACME, id);
    const res = await call(CLOSE, { id, input: { reason: 'FILLED' } });
    expect(fieldsOf(res)).toEqual(['input.reason']);
    expect(await state(ACME, id)).toEqual(before);
    const bogus = await call(CLOSE, { id, input: { reason: 'BORED' } });
    expect(codeOf(bogus)).toBe('BAD_USER_INPUT');
    expect(await state(ACME, id)).toEqual(before);
  });
});

describe('access', () => {
  const moves = [
    ['openJobPosting', OPEN, {}],
    ['holdJobPosting', HOLD, {}],
    ['closeJobPosting', CLOSE, { input: { reason: 'CANCELLED' } }],
    ['reopenJobPosting', REOPEN, {}],
    ['updateJobPosting', UPDATE, { input: { title: 'Renamed' } }],
  ] as const;

  it.each(moves)(
    '%s is FORBIDDEN for employees and viewers, changing nothing',
    async (_name, query, variables) => {
      const id = await create();
      const before = await state(ACME, id);
      for (const who of [employee, viewer]) {
        const res = await call(query, { id, ...variables }, who);
        expect(codeOf(res)).toBe('FORBIDDEN');
        expect(res.data).toBeNull();
      }
      expect(await state(ACME, id)).toEqual(before);
    },
  );

  it.each(moves)(
    "%s answers NOT_FOUND for another tenant's posting, changing nothing",
    async (_n, query, variables) => {
      const id = await create({ status: 'DRAFT' });
      const before = await state(ACME, id);
      const globexBefore = await state(GLOBEX);
      for (const target of [id, newId()]) {
        const res = await call(query, { id: target, ...variables }, globexAdmin);
        expect(codeOf(res)).toBe('NOT_FOUND');
        expect(res.data).toBeNull();
        expect(JSON.stringify(res)).not.toContain('Platform Engineer');
      }
      expect(await state(ACME, id)).toEqual(before);
      expect(await state(GLOBEX)).toEqual(globexBefore);
    },
  );
});

describe('updateJobPosting', () => {
  it('edits an OPEN posting, audits before/after and announces the new snapshot', async () => {
    const id = await create({ salaryMin: '50000', salaryMax: '60000', currency: 'EUR' });
    const before = await state(ACME, id);
    const res = await call(UPDATE, {
      id,
      input: {
        title: '  Senior Platform Engineer ',
        openings: 3,
        departmentId: salesId,
        location: 'Remote',
        salaryMax: '75000.50',
        closesOn: dayOffset(45),
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateJobPosting).toMatchObject({
      title: 'Senior Platform Engineer',
      openings: 3,
      location: 'Remote',
      status: 'OPEN',
      closesOn: dayOffset(45),
      department: { id: salesId },
      salaryRange: {
        min: { amount: '50000.00', currency: 'EUR' },
        max: { amount: '75000.50', currency: 'EUR' },
      },
    });
    const after = await state(ACME, id);
    expect(after.events).toBe(before.events + 1);
    expect(after.audits).toBe(before.audits + 1);
    const event = (await eventsOf(id)).at(-1)!;
    expect(event).toMatchObject({
      type: 'recruiting.job_posting.updated',
      data: { id, title: 'Senior Platform Engineer', openings: 3, departmentId: salesId, status: 'OPEN' },
    });
    const audit = (await auditsOf(id)).at(-1)!;
    expect(audit.action).toBe('job_posting.update');
    expect((audit.before as { title: string }).title).toBe('Platform Engineer');
    expect((audit.after as { title: string }).title).toBe('Senior Platform Engineer');
    expect(await openingsOf(salesId)).toContain(id);
    expect(await openingsOf(engineeringId)).not.toContain(id);
  });

  it('edits a DRAFT with an audit row but no event (drafts were never announced)', async () => {
    const id = await create({ status: 'DRAFT' });
    const before = await state(ACME, id);
    const res = await call(UPDATE, { id, input: { description: 'Own the build.', location: null } });
    expect(res.errors).toBeUndefined();
    const after = await state(ACME, id);
    expect(after.row?.description).toBe('Own the build.');
    expect(after.events).toBe(before.events);
    expect(after.audits).toBe(before.audits + 1);
  });

  it('clears the salary band only as a whole, and a change that changes nothing writes nothing', async () => {
    const id = await create({ salaryMin: '50000', salaryMax: '60000', currency: 'EUR' });
    const before = await state(ACME, id);
    const same = await call(UPDATE, { id, input: { salaryMin: '50000.00', title: 'Platform Engineer' } });
    expect(same.errors).toBeUndefined();
    expect(await state(ACME, id)).toEqual(before);
    const cleared = await call(UPDATE, { id, input: { salaryMin: null, salaryMax: null, currency: null } });
    expect(cleared.errors).toBeUndefined();
    expect((cleared.data!.updateJobPosting as unknown as { salaryRange: unknown }).salaryRange).toBeNull();
  });

  it.each([
    ['an empty title', { title: '' }, ['input.title']],
    ['a cleared title', { title: null }, ['input.title']],
    ['cleared openings', { openings: null }, ['input.openings']],
    ['no openings', { openings: 0 }, ['input.openings']],
    ['an unknown department', { departmentId: newId() }, ['input.departmentId']],
    ['a malformed department', { departmentId: 'x' }, ['input.departmentId']],
    ['a max below the stored min', { salaryMax: '40000' }, ['input.salaryMin']],
    ['half a band cleared', { salaryMin: null }, ['input.salaryMin']],
    ['a band without currency', { currency: null }, ['input.currency']],
    ['a past closing date', { closesOn: '2020-01-01' }, ['input.closesOn']],
    ['nothing to change', {}, ['input']],
    [
      'several problems',
      { title: '', openings: 5000, closesOn: '2031-13-01' },
      ['input.closesOn', 'input.openings', 'input.title'],
    ],
  ])('rejects %s, naming the field and writing nothing', async (_name, input, expected) => {
    const id = await create({ salaryMin: '50000', salaryMax: '60000', currency: 'EUR' });
    const before = await state(ACME, id);
    const res = await call(UPDATE, { id, input });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual(expected);
    expect(res.data).toBeNull();
    expect(await state(ACME, id)).toEqual(before);
  });
});
