import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/recruiting';
import {
  createTestDatabase,
  dayOffset,
  eventually,
  fieldsOf,
  identityFor,
  newId,
  startTestSubgraph,
} from '@wg/runtime/testing';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recruitingSubgraph } from '../index';

const { entityRefs, jobPostings, outbox, auditLog } = tables;

const ACME = newId();
const GLOBEX = newId();
const admin = identityFor(ACME, ['admin']);
const recruiter = identityFor(ACME, ['recruiter']);
const viewer = identityFor(ACME, ['viewer']);
const globexAdmin = identityFor(GLOBEX, ['admin']);

let db: Database & { drop(): Promise<void> };
let recruiting: Awaited<ReturnType<typeof startTestSubgraph>>;
const engineeringId = newId();
const salesId = newId();

const CREATE = /* GraphQL */ `
  mutation ($input: CreateJobPostingInput!) {
    createJobPosting(input: $input) {
      id title description location employmentType status openings closesOn createdAt
      salaryRange { min { amount currency } max { amount currency } }
      department { id }
    }
  }
`;

/** Departments are people's: recruiting learns of them from events, here written directly. */
async function addDepartments(tenantId: string, ids: string[]) {
  await withTenant(db, { tenantId }, (tx) =>
    tx
      .insert(entityRefs)
      .values(ids.map((id, i) => ({ tenantId, entityType: 'Department', id, data: { id, name: `D${i}` } }))),
  );
}

async function counts(tenantId: string) {
  return withTenant(db, { tenantId }, async (tx) => {
    const [postings] = await tx.select({ n: count() }).from(jobPostings);
    const [events] = await tx.select({ n: count() }).from(outbox);
    const [audits] = await tx.select({ n: count() }).from(auditLog);
    return { postings: postings?.n ?? 0, events: events?.n ?? 0, audits: audits?.n ?? 0 };
  });
}

/**
 * Statements issued since `before`, minus the outbox relay's, the refs consumer's and the job
 * runner's polls: they share the database handle and run in the background, so only the request's
 * own statements count.
 */
function requestStatements(before: number): string[] {
  const n = db.statements.count - before;
  return (n > 0 ? db.statements.recent.slice(-n) : [])
    .filter((q) => !q.includes('"outbox"') && !q.includes('"processed_events"') && !q.includes('"jobs"'))
    .map((q) => q.slice(0, 40));
}

const validInput = () => ({
  title: 'Staff Engineer',
  departmentId: engineeringId,
  location: 'Berlin',
  employmentType: 'FULL_TIME',
  openings: 2,
  salaryMin: '85000.00',
  salaryMax: '110000',
  currency: 'EUR',
  closesOn: dayOffset(30),
});

beforeAll(async () => {
  db = await createTestDatabase();
  recruiting = await startTestSubgraph(recruitingSubgraph, db);
  await addDepartments(ACME, [engineeringId, salesId]);
});

afterAll(async () => {
  await recruiting?.stop();
  await db?.drop();
});

describe('createJobPosting', () => {
  it('creates an OPEN posting with an exact salary range and announces it', async () => {
    const before = await counts(ACME);
    const res = await recruiting.call<{ createJobPosting: Record<string, unknown> & { id: string } }>(
      CREATE,
      { input: { ...validInput(), title: '  Staff Engineer ', description: 'Build things.' } },
      recruiter,
    );
    expect(res.errors).toBeUndefined();
    const posting = res.data!.createJobPosting;
    expect(posting).toMatchObject({
      title: 'Staff Engineer',
      description: 'Build things.',
      location: 'Berlin',
      employmentType: 'FULL_TIME',
      status: 'OPEN',
      openings: 2,
      closesOn: dayOffset(30),
      salaryRange: {
        min: { amount: '85000.00', currency: 'EUR' },
        max: { amount: '110000.00', currency: 'EUR' },
      },
      department: { id: engineeringId },
    });
    expect(await counts(ACME)).toEqual({
      postings: before.postings + 1,
      events: before.events + 1,
      audits: before.audits + 1,
    });
    const [event] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(outbox).where(eq(outbox.aggregateId, posting.id)),
    );
    expect(event).toMatchObject({
      type: 'recruiting.job_posting.opened',
      aggregateType: 'JobPosting',
      data: { id: posting.id, departmentId: engineeringId, openings: 2, status: 'OPEN' },
    });
  });

  it('applies defaults and emits no event for a DRAFT', async () => {
    const before = await counts(ACME);
    const res = await recruiting.call<{ createJobPosting: Record<string, unknown> }>(
      CREATE,
      { input: { title: 'Account Executive', departmentId: salesId, status: 'DRAFT' } },
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.createJobPosting).toMatchObject({
      status: 'DRAFT',
      employmentType: 'FULL_TIME',
      openings: 1,
      salaryRange: null,
      closesOn: null,
      location: null,
    });
    const after = await counts(ACME);
    expect(after.events).toBe(before.events);
    expect(after.audits).toBe(before.audits + 1);
  });

  it.each([
    ['title', { title: '   ' }, ['input.title']],
    ['unknown department', { departmentId: newId() }, ['input.departmentId']],
    ['malformed department id', { departmentId: 'nope' }, ['input.departmentId']],
    ['no openings', { openings: 0 }, ['input.openings']],
    ['too many openings', { openings: 1001 }, ['input.openings']],
    ['min above max', { salaryMin: '120000.00', salaryMax: '100000.00' }, ['input.salaryMin']],
    ['malformed amount', { salaryMin: '85,000' }, ['input.salaryMin']],
    ['float-ish amount', { salaryMax: '1e5' }, ['input.salaryMax']],
    ['salary without currency', { currency: null }, ['input.currency']],
    ['currency without salary', { salaryMin: null, salaryMax: null }, ['input.currency']],
    ['min without max', { salaryMax: null }, ['input.salaryMax']],
    ['max without min', { salaryMin: null }, ['input.salaryMin']],
    ['bad currency', { currency: 'euro' }, ['input.currency']],
    ['closing in the past', { closesOn: '2020-01-01' }, ['input.closesOn']],
    ['impossible date', { closesOn: '2031-02-30' }, ['input.closesOn']],
    ['created CLOSED', { status: 'CLOSED' }, ['input.status']],
    ['long location', { location: 'x'.repeat(201) }, ['input.location']],
  ])('rejects %s, naming the field and writing nothing', async (_name, patch, expected) => {
    const before = await counts(ACME);
    const res = await recruiting.call(CREATE, { input: { ...validInput(), ...patch } }, admin);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual(expected);
    expect(res.data).toBeNull();
    expect(await counts(ACME)).toEqual(before);
  });

  it('names every bad field at once', async () => {
    const before = await counts(ACME);
    const res = await recruiting.call(
      CREATE,
      {
        input: {
          title: '',
          departmentId: newId(),
          openings: -1,
          salaryMin: '10',
          salaryMax: '5',
          currency: 'EUR',
          closesOn: '1999-12-31',
        },
      },
      admin,
    );
    expect(fieldsOf(res)).toEqual([
      'input.closesOn',
      'input.departmentId',
      'input.openings',
      'input.salaryMin',
      'input.title',
    ]);
    expect(await counts(ACME)).toEqual(before);
  });

  it('is FORBIDDEN without job_posting:create', async () => {
    const before = await counts(ACME);
    const res = await recruiting.call(CREATE, { input: validInput() }, viewer);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await counts(ACME)).toEqual(before);
  });

  it('is UNAUTHENTICATED for anonymous callers and without the internal token', async () => {
    const anonymous = {
      kind: 'anonymous' as const,
      tenantId: null,
      userId: null,
      employeeId: null,
      roles: [],
      permissions: [],
    };
    const anon = await recruiting.call(CREATE, { input: validInput() }, anonymous);
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const bare = await recruiting.call(CREATE, { input: validInput() });
    expect(bare.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("treats another tenant's department as unknown", async () => {
    const res = await recruiting.call(CREATE, { input: validInput() }, globexAdmin);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.departmentId', message: 'Unknown department' }],
    });
    expect(await counts(GLOBEX)).toEqual({ postings: 0, events: 0, audits: 0 });
  });

  it('accepts a department once its people event has arrived', async () => {
    const departmentId = newId();
    const input = { title: 'Designer', departmentId };
    const early = await recruiting.call(CREATE, { input }, admin);
    expect(fieldsOf(early)).toEqual(['input.departmentId']);
    await recruiting.bus.publish([
      {
        id: newId(),
        type: 'people.department.created',
        tenantId: ACME,
        aggregate: { type: 'Department', id: departmentId },
        occurredAt: new Date().toISOString(),
        data: { id: departmentId, name: 'Design', parentId: null },
      },
    ]);
    await eventually(async () => {
      const [ref] = await withTenant(db, { tenantId: ACME }, (tx) =>
        tx
          .select()
          .from(entityRefs)
          .where(and(eq(entityRefs.entityType, 'Department'), eq(entityRefs.id, departmentId))),
      );
      return ref;
    });
    const res = await recruiting.call<{ createJobPosting: { department: { id: string } } }>(
      CREATE,
      { input },
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.createJobPosting.department.id).toBe(departmentId);
  });
});

describe('position', () => {
  const POSITIONED = /* GraphQL */ `
    mutation ($input: CreateJobPostingInput!) { createJobPosting(input: $input) { id position { id } } }
  `;
  const UPDATE_POSITION = /* GraphQL */ `
    mutation ($id: ID!, $input: UpdateJobPostingInput!) { updateJobPosting(id: $id, input: $input) { id position { id } department { id } } }
  `;
  /** Positions are people's too: recruiting learns of them from `people.position.*` events. */
  async function addPosition(tenantId: string, departmentId: string): Promise<string> {
    const id = newId();
    await recruiting.bus.publish([
      {
        id: newId(),
        type: 'people.position.created',
        tenantId,
        aggregate: { type: 'Position', id },
        occurredAt: new Date().toISOString(),
        data: {
          id,
          title: 'Engineer',
          level: 'L3',
          jobFamily: 'Engineering',
          departmentId,
          approvedSeats: 2,
        },
      },
    ]);
    await eventually(async () => {
      const [ref] = await withTenant(db, { tenantId }, (tx) =>
        tx
          .select()
          .from(entityRefs)
          .where(and(eq(entityRefs.entityType, 'Position'), eq(entityRefs.id, id))),
      );
      return ref;
    });
    return id;
  }

  it('names the position the hire fills; the position must be in the posting’s department', async () => {
    const inEngineering = await addPosition(ACME, engineeringId);
    const res = await recruiting.call<{ createJobPosting: { id: string; position: { id: string } } }>(
      POSITIONED,
      { input: { ...validInput(), positionId: inEngineering } },
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.createJobPosting.position).toEqual({ id: inEngineering });
    const [event] = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx.select().from(outbox).where(eq(outbox.aggregateId, res.data!.createJobPosting.id)),
    );
    expect(event!.data).toMatchObject({ positionId: inEngineering });

    // Moving the posting to Sales while it keeps an Engineering position is refused; moving both is not.
    const id = res.data!.createJobPosting.id;
    const moved = await recruiting.call(UPDATE_POSITION, { id, input: { departmentId: salesId } }, admin);
    expect(moved.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        {
          field: 'input.positionId',
          message: "The position belongs to another department than the posting's",
        },
      ],
    });
    const inSales = await addPosition(ACME, salesId);
    const both = await recruiting.call(
      UPDATE_POSITION,
      { id, input: { departmentId: salesId, positionId: inSales } },
      admin,
    );
    expect(both.errors).toBeUndefined();
    expect(both.data).toEqual({
      updateJobPosting: { id, position: { id: inSales }, department: { id: salesId } },
    });
    const cleared = await recruiting.call(UPDATE_POSITION, { id, input: { positionId: null } }, admin);
    expect(cleared.data).toEqual({ updateJobPosting: { id, position: null, department: { id: salesId } } });
  });

  it('refuses an unknown, malformed, other-department or other-tenant position and writes nothing', async () => {
    const globexPosition = await addPosition(GLOBEX, engineeringId);
    const inSales = await addPosition(ACME, salesId);
    const before = await counts(ACME);
    for (const [positionId, message] of [
      [newId(), 'Unknown position'],
      [globexPosition, 'Unknown position'],
      [inSales, "The position belongs to another department than the posting's"],
      ['not-an-id', undefined],
    ] as const) {
      const res = await recruiting.call(POSITIONED, { input: { ...validInput(), positionId } }, admin);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(fieldsOf(res)).toEqual(['input.positionId']);
      if (message)
        expect(res.errors?.[0]?.extensions?.fields).toEqual([{ field: 'input.positionId', message }]);
    }
    expect(await counts(ACME)).toEqual(before);
  });
});

/**
 * A tenant of its own with two OPEN Engineering postings and a DRAFT in Sales, in that (id) order:
 * the reads below see exactly these, whichever other tests ran before them.
 */
async function tenantWithPostings() {
  const tenantId = newId();
  const [eng, sales] = [newId(), newId()];
  await addDepartments(tenantId, [eng, sales]);
  const rows = await withTenant(db, { tenantId }, (tx) =>
    tx
      .insert(jobPostings)
      .values([
        { tenantId, departmentId: eng, title: 'Backend Engineer', status: 'OPEN' as const },
        { tenantId, departmentId: eng, title: 'Frontend Engineer', status: 'OPEN' as const },
        { tenantId, departmentId: sales, title: 'Account Executive', status: 'DRAFT' as const },
      ])
      .returning({ id: jobPostings.id }),
  );
  const ids = rows.map((r) => r.id).sort();
  return {
    eng,
    ids,
    admin: identityFor(tenantId, ['admin']),
    viewer: identityFor(tenantId, ['viewer']),
  };
}

describe('reads', () => {
  it('lists with a filter, cursors and a total', async () => {
    const t = await tenantWithPostings();
    const LIST = /* GraphQL */ `
      query ($first: Int, $after: String, $filter: JobPostingFilter) {
        jobPostings(first: $first, after: $after, filter: $filter) {
          totalCount
          edges { cursor node { id status department { id } } }
          pageInfo { hasNextPage endCursor }
        }
      }
    `;
    type List = {
      jobPostings: {
        totalCount: number;
        edges: { node: { id: string; status: string; department: { id: string } } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const idsOf = (l: List) => l.jobPostings.edges.map((e) => e.node.id);
    const all = await recruiting.call<List>(LIST, { first: 1 }, t.viewer);
    expect(all.errors).toBeUndefined();
    const page1 = all.data!.jobPostings;
    expect(page1.totalCount).toBe(3);
    expect(idsOf(all.data!)).toEqual([t.ids[0]]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const rest = await recruiting.call<List>(LIST, { first: 100, after: page1.pageInfo.endCursor }, t.viewer);
    expect(idsOf(rest.data!)).toEqual(t.ids.slice(1));
    expect(rest.data!.jobPostings.pageInfo.hasNextPage).toBe(false);

    const drafts = await recruiting.call<List>(LIST, { filter: { status: 'DRAFT' } }, t.viewer);
    expect(drafts.data!.jobPostings.totalCount).toBe(1);
    expect(drafts.data!.jobPostings.edges.map((e) => e.node.status)).toEqual(['DRAFT']);
    const eng = await recruiting.call<List>(LIST, { filter: { departmentId: t.eng } }, t.viewer);
    expect(eng.data!.jobPostings.totalCount).toBe(2);
    expect(eng.data!.jobPostings.edges.map((e) => e.node.department.id)).toEqual([t.eng, t.eng]);

    const badFilter = await recruiting.call(LIST, { filter: { departmentId: 'x' } }, t.viewer);
    expect(fieldsOf(badFilter)).toEqual(['filter.departmentId']);
    const badCursor = await recruiting.call(LIST, { after: 'garbage' }, t.viewer);
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('reads one posting, null for unknown or malformed ids', async () => {
    const t = await tenantWithPostings();
    const id = t.ids[0]!;
    const ONE = /* GraphQL */ `query ($id: ID!) { jobPosting(id: $id) { id title } }`;
    const one = await recruiting.call<{ jobPosting: { id: string; title: string } | null }>(
      ONE,
      { id },
      t.viewer,
    );
    expect(one.data!.jobPosting).toEqual({ id, title: 'Backend Engineer' });
    expect((await recruiting.call(ONE, { id: newId() }, t.viewer)).data).toEqual({ jobPosting: null });
    expect((await recruiting.call(ONE, { id: 'not-an-id' }, t.viewer)).data).toEqual({ jobPosting: null });
  });

  it('never shows another tenant a posting or an opening', async () => {
    const t = await tenantWithPostings();
    const outsider = identityFor(newId(), ['admin']);
    const list = await recruiting.call<{ jobPostings: { totalCount: number } }>(
      /* GraphQL */ `{ jobPostings { totalCount } }`,
      {},
      outsider,
    );
    expect(list.data?.jobPostings.totalCount).toBe(0);
    const id = t.ids[0]!;
    const one = await recruiting.call<{ jobPosting: unknown }>(
      /* GraphQL */ `query ($id: ID!) { jobPosting(id: $id) { id } }`,
      { id },
      outsider,
    );
    expect(one.data?.jobPosting).toBeNull();
    const ENTITIES = /* GraphQL */ `query ($r: [_Any!]!) {
      _entities(representations: $r) {
        ... on JobPosting { id title }
        ... on Department { id openings { id title } }
      }
    }`;
    const r = [
      { __typename: 'JobPosting', id },
      { __typename: 'Department', id: t.eng },
    ];
    const theirs = await recruiting.call<{ _entities: unknown[] }>(ENTITIES, { r }, outsider);
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data?._entities).toEqual([null, { id: t.eng, openings: [] }]);
    // Positive control: the owning tenant sees both through the very same query.
    const ours = await recruiting.call<{ _entities: [{ id: string }, { openings: { id: string }[] }] }>(
      ENTITIES,
      { r },
      t.admin,
    );
    expect(ours.data?._entities[0].id).toBe(id);
    expect(ours.data?._entities[1].openings.map((o) => o.id).sort()).toEqual(t.ids.slice(0, 2));
  });

  it('answers openings null without an error when the caller lacks job_posting:read', async () => {
    const res = await recruiting.call(
      /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Department { openings { id } } } }`,
      { r: [{ __typename: 'Department', id: engineeringId }] },
      identityFor(ACME, []),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ _entities: [{ openings: null }] });
  });
});

describe('batching', () => {
  it('resolves Department.openings for 3 or 30 departments in the same number of statements', async () => {
    const tenant = newId();
    const hr = identityFor(tenant, ['hr_manager']);
    const departmentIds = Array.from({ length: 30 }, () => newId());
    await addDepartments(tenant, departmentIds);
    await withTenant(db, { tenantId: tenant }, (tx) =>
      tx.insert(jobPostings).values(
        departmentIds.flatMap((departmentId, i) =>
          (['OPEN', 'OPEN', 'DRAFT', 'CLOSED'] as const).map((status, j) => ({
            tenantId: tenant,
            departmentId,
            title: `P${i}.${j}`,
            status,
          })),
        ),
      ),
    );
    const QUERY = /* GraphQL */ `query ($r: [_Any!]!) {
      _entities(representations: $r) { ... on Department { id openings { id status department { id } } } }
    }`;
    type Result = { _entities: { id: string; openings: { status: string; department: { id: string } }[] }[] };
    const measure = async (n: number) => {
      const ids = departmentIds.slice(0, n);
      const before = db.statements.count;
      const res = await recruiting.call<Result>(
        QUERY,
        { r: ids.map((id) => ({ __typename: 'Department', id })) },
        hr,
      );
      expect(res.errors).toBeUndefined();
      const statements = requestStatements(before);
      const entities = res.data!._entities;
      expect(entities.map((e) => e.id)).toEqual(ids);
      for (const e of entities) {
        expect(e.openings).toHaveLength(2);
        expect(e.openings.every((p) => p.status === 'OPEN' && p.department.id === e.id)).toBe(true);
      }
      return statements;
    };
    const small = await measure(3);
    const large = await measure(30);
    expect(large).toEqual(small);
    // One set_config + one select, whatever the number of departments.
    expect(large).toHaveLength(2);
  });

  it('resolves N JobPosting references with one batched query', async () => {
    const t = await tenantWithPostings();
    // Asked in another order than stored: the answer follows the representations.
    const ids = [...t.ids].reverse();
    const before = db.statements.count;
    const res = await recruiting.call<{ _entities: { id: string }[] }>(
      /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on JobPosting { id } } }`,
      { r: ids.map((id) => ({ __typename: 'JobPosting', id })) },
      t.admin,
    );
    expect(res.data!._entities.map((e) => e.id)).toEqual(ids);
    expect(requestStatements(before)).toHaveLength(2);
  });
});
