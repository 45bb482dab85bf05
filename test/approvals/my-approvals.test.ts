import { eventually } from '@wg/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../harness';
import { connect, type LiveClient, subscribe } from '../live/ws-client';
import { createTenant, loginAs, type TestPlatform } from '../security/helpers';

/**
 * `myApprovals` through the gateway: one connection across kinds, built by security from the
 * owners' `*.approval.changed` events, with each node's typed detail from its owner
 * (`TimesheetEntryApproval.entry` from work, `OfferApproval.offer` from recruiting), counts per
 * kind, and `approvalsChanged` pushing when something arrives or is decided.
 *
 * Tenant "approvals": Design (Mia heads it, Rex reports to her) and Sales (Ola, Sam reports to
 * her). Waiting: Rex's entry, Sam's entry, Mia's own entry, an offer for Design written by the
 * recruiter, an offer for Sales written by HR.
 */
let platform: TestPlatform;
const clients: LiveClient[] = [];
// Filled by beforeAll.
const tok = { admin: '', hr: '', recruiter: '', globex: '', mia: '', ola: '', rex: '' };
const id = {
  recruiterUser: '',
  hrUser: '',
  design: '',
  sales: '',
  mia: '',
  rex: '',
  ola: '',
  sam: '',
  project: '',
  rexEntry: '',
  samEntry: '',
  miaEntry: '',
  designOffer: '',
  salesOffer: '',
};
const soon = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

type Errors = { message: string; extensions?: Record<string, unknown> }[];
const q = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, token?: string) =>
  platform.query<T>(query, variables, token) as Promise<{ data?: T | null; errors?: Errors }>;
async function ok<T>(res: Promise<{ data?: T | null; errors?: Errors }>): Promise<T> {
  const r = await res;
  if (r.errors || !r.data) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

const INBOX = /* GraphQL */ `
  query ($kinds: [String!], $first: Int, $after: String) {
    myApprovals(kinds: $kinds, first: $first, after: $after) {
      totalCount
      counts { kind count }
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          __typename id kind subjectId subject requestedBy requestedAt status
          ... on TimesheetEntryApproval { entry { id status hours } }
          ... on OfferApproval { offer { id status } }
        }
      }
    }
  }
`;
interface Node {
  __typename: string;
  id: string;
  kind: string;
  subjectId: string;
  subject: string;
  requestedBy: string | null;
  requestedAt: string;
  status: string;
  entry?: { id: string; status: string; hours: string } | null;
  offer?: { id: string; status: string } | null;
}
interface Inbox {
  totalCount: number;
  counts: { kind: string; count: number }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: Node }[];
}
const inbox = async (token: string, variables: Record<string, unknown> = {}) =>
  (await ok(q<{ myApprovals: Inbox }>(INBOX, variables, token))).myApprovals;
const subjects = (i: Inbox) => i.edges.map((e) => e.node.subjectId).sort();
const countsOf = (i: Inbox) => Object.fromEntries(i.counts.map((c) => [c.kind, c.count]));

async function hire(first: string, last: string, departmentId: string, managerId?: string) {
  const { hireEmployee } = await ok(
    q<{ hireEmployee: { id: string } }>(
      /* GraphQL */ `mutation ($f: String!, $l: String!, $e: String!, $d: ID!, $m: ID) {
        hireEmployee(input: { firstName: $f, lastName: $l, workEmail: $e, hireDate: "2024-01-08", departmentId: $d, managerId: $m }) { id }
      }`,
      {
        f: first,
        l: last,
        e: `${first.toLowerCase()}@approvals.test`,
        d: departmentId,
        m: managerId ?? null,
      },
      tok.admin,
    ),
  );
  return hireEmployee.id;
}

/** A SUBMITTED entry (work learns the employee from people's events, hence `eventually`). */
const logTime = (employeeId: string, hours: string, date: string) =>
  eventually(async () => {
    const r = await q<{ logTime: { id: string } }>(
      /* GraphQL */ `mutation ($e: ID!, $p: ID!, $d: String!, $h: Decimal!) {
        logTime(input: { employeeId: $e, projectId: $p, date: $d, hours: $h }) { id }
      }`,
      { e: employeeId, p: id.project, d: date, h: hours },
      tok.admin,
    );
    return r.data?.logTime.id;
  });

/** An offer waiting for approval for a posting of `departmentId`, written by `author`. */
async function pendingOffer(departmentId: string, author: string, candidate: string) {
  const posting = await eventually(async () => {
    const r = await q<{ createJobPosting: { id: string } }>(
      /* GraphQL */ `mutation ($d: ID!) { createJobPosting(input: { title: "Designer", departmentId: $d, salaryMin: "60000", salaryMax: "80000", currency: "EUR" }) { id } }`,
      { d: departmentId },
      author,
    );
    return r.data?.createJobPosting.id;
  });
  const { createCandidate } = await ok(
    q<{ createCandidate: { id: string } }>(
      /* GraphQL */ `mutation ($f: String!, $e: String!) { createCandidate(input: { firstName: $f, lastName: "Applicant", email: $e }) { id } }`,
      { f: candidate, e: `${candidate.toLowerCase()}@example.com` },
      author,
    ),
  );
  const { apply } = await ok(
    q<{ apply: { id: string } }>(
      /* GraphQL */ `mutation ($c: ID!, $p: ID!) { apply(input: { candidateId: $c, postingId: $p }) { id } }`,
      { c: createCandidate.id, p: posting },
      author,
    ),
  );
  for (const to of ['SCREENING', 'INTERVIEW', 'OFFER']) {
    await ok(
      q(
        /* GraphQL */ `mutation ($id: ID!, $to: ApplicationStage!) { moveApplication(id: $id, input: { to: $to }) { stage } }`,
        { id: apply.id, to },
        author,
      ),
    );
  }
  const { createOffer } = await ok(
    q<{ createOffer: { id: string } }>(
      /* GraphQL */ `mutation ($a: ID!, $s: String!, $x: String!) { createOffer(input: { applicationId: $a, baseSalary: "70000.00", currency: "EUR", startDate: $s, expiresOn: $x }) { id } }`,
      { a: apply.id, s: soon(30), x: soon(10) },
      author,
    ),
  );
  await ok(q(`mutation ($id: ID!) { submitOffer(id: $id) { status } }`, { id: createOffer.id }, author));
  return createOffer.id;
}

const me = async (token: string) =>
  (await ok(q<{ me: { id: string } }>('query { me { id } }', {}, token))).me.id;

beforeAll(async () => {
  platform = await startTestPlatform();
  const tenantId = await createTenant(platform, 'approvals');
  tok.admin = await loginAs(platform, tenantId, 'approvals', ['admin']);
  tok.hr = await loginAs(platform, tenantId, 'approvals', ['hr_manager']);
  tok.recruiter = await loginAs(platform, tenantId, 'approvals', ['recruiter']);
  id.recruiterUser = await me(tok.recruiter);
  id.hrUser = await me(tok.hr);
  tok.globex = await loginAs(platform, await createTenant(platform, 'globexappr'), 'globexappr', ['admin']);

  const dept = async (name: string) =>
    (
      await ok(
        q<{ createDepartment: { id: string } }>(
          `mutation ($n: String!) { createDepartment(input: { name: $n }) { id } }`,
          { n: name },
          tok.admin,
        ),
      )
    ).createDepartment.id;
  id.design = await dept('Design');
  id.sales = await dept('Sales');
  id.mia = await hire('Mia', 'Manager', id.design);
  id.rex = await hire('Rex', 'Report', id.design, id.mia);
  id.ola = await hire('Ola', 'Other', id.sales);
  id.sam = await hire('Sam', 'Seller', id.sales, id.ola);
  tok.mia = await loginAs(platform, tenantId, 'approvals', ['department_head'], { employeeId: id.mia });
  tok.ola = await loginAs(platform, tenantId, 'approvals', ['manager'], { employeeId: id.ola });
  tok.rex = await loginAs(platform, tenantId, 'approvals', ['employee'], { employeeId: id.rex });

  const { createProject } = await ok(
    q<{ createProject: { id: string } }>(
      /* GraphQL */ `mutation ($d: ID!) { createProject(input: { name: "Rebrand", code: "RB", departmentId: $d }) { id } }`,
      { d: id.design },
      tok.admin,
    ),
  );
  id.project = createProject.id;
  id.rexEntry = await logTime(id.rex, '7.5', '2024-03-04');
  id.samEntry = await logTime(id.sam, '4', '2024-03-05');
  id.miaEntry = await logTime(id.mia, '3', '2024-03-06');
  id.designOffer = await pendingOffer(id.design, tok.recruiter, 'Ada');
  id.salesOffer = await pendingOffer(id.sales, tok.hr, 'Bo');

  // Security learns all of it from events: wait until the admin's inbox holds the five.
  await eventually(async () => (await inbox(tok.admin)).totalCount === 5, 30_000);
}, 180_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose().catch(() => undefined)));
  await platform?.stop();
});

describe('myApprovals through the gateway', () => {
  it('gives a department head their report’s entry and their department’s offer in one connection, with typed detail', async () => {
    const mine = await eventually(async () => {
      const i = await inbox(tok.mia);
      return i.totalCount === 2 ? i : undefined;
    }, 30_000);
    expect(subjects(mine)).toEqual([id.rexEntry, id.designOffer].sort());
    expect(countsOf(mine)).toEqual({ timesheet_entry: 1, offer: 1, time_off_request: 0, shift_swap: 0 });
    const entry = mine.edges.find((e) => e.node.kind === 'timesheet_entry')!.node;
    expect(entry).toMatchObject({
      __typename: 'TimesheetEntryApproval',
      id: `timesheet_entry:${id.rexEntry}`,
      subject: '7.50 h on Rebrand on 2024-03-04 by Rex Report',
      requestedBy: null,
      status: 'PENDING',
      entry: { id: id.rexEntry, status: 'SUBMITTED', hours: '7.50' },
    });
    const offer = mine.edges.find((e) => e.node.kind === 'offer')!.node;
    expect(offer).toMatchObject({
      __typename: 'OfferApproval',
      id: `offer:${id.designOffer}`,
      requestedBy: id.recruiterUser,
      status: 'PENDING',
      offer: { id: id.designOffer, status: 'PENDING_APPROVAL' },
    });
    expect(offer.subject).toBe(`Offer to Ada Applicant for Designer: 70000.00 EUR a year from ${soon(30)}`);
    // Oldest request first.
    const times = mine.edges.map((e) => e.node.requestedAt);
    expect([...times].sort()).toEqual(times);
  });

  it('pages through the connection in order, and filters by kind', async () => {
    const all = await inbox(tok.admin, { first: 100 });
    expect(all.totalCount).toBe(5);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const p: Inbox = await inbox(tok.admin, { first: 2, after });
      expect(p.totalCount).toBe(5);
      seen.push(...p.edges.map((e) => e.node.id));
      after = p.pageInfo.endCursor;
      if (!p.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(all.edges.map((e) => e.node.id));
    expect(new Set(seen).size).toBe(5);

    const offers = await inbox(tok.admin, { kinds: ['offer'] });
    expect(offers.totalCount).toBe(2);
    expect(offers.counts).toEqual([{ kind: 'offer', count: 2 }]);
    expect(offers.edges.every((e) => e.node.__typename === 'OfferApproval')).toBe(true);
    const zero = await inbox(tok.admin, { kinds: ['timesheet_entry'], first: 0 });
    expect(zero).toMatchObject({ totalCount: 3, edges: [], counts: [{ kind: 'timesheet_entry', count: 3 }] });
  });

  it('never shows your own request, nor another manager’s line or another department', async () => {
    // Mia: not her own entry, not Sam's (Ola's line), not the Sales offer.
    expect(subjects(await inbox(tok.mia))).toEqual([id.rexEntry, id.designOffer].sort());
    // HR (scope all): everything but the offer HR wrote.
    const hr = await inbox(tok.hr);
    expect(subjects(hr)).toEqual([id.rexEntry, id.samEntry, id.miaEntry, id.designOffer].sort());
    // Ola (manager: timesheets of her line, no offer approval).
    const ola = await inbox(tok.ola);
    expect(subjects(ola)).toEqual([id.samEntry]);
    expect(countsOf(ola)).toMatchObject({ timesheet_entry: 1, offer: 0 });
  });

  it('is empty without an approve permission, and for another tenant', async () => {
    for (const token of [tok.rex, tok.recruiter, tok.globex]) {
      const i = await inbox(token);
      expect(i).toMatchObject({ totalCount: 0, edges: [] });
      expect(i.counts.every((c) => c.count === 0)).toBe(true);
    }
  });

  it('refuses bad input naming the argument, and anonymous callers', async () => {
    for (const [variables, field] of [
      [{ kinds: ['nope'] }, 'kinds'],
      [{ kinds: [] }, 'kinds'],
      [{ first: 101 }, 'first'],
      [{ first: -1 }, 'first'],
      [{ after: 'not-a-cursor' }, 'after'],
    ] as const) {
      const r = await q(INBOX, variables, tok.admin);
      expect(r.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(r.errors?.[0]?.extensions?.fields)).toContain(`"${field}"`);
    }
    expect((await q(INBOX, {})).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('pushes the new count through approvalsChanged and drops what was decided', async () => {
    const client = connect(platform.gateway.url, { authorization: `Bearer ${tok.mia}` });
    clients.push(client);
    const sub = subscribe<{
      approvalsChanged: { totalCount: number; counts: { kind: string; count: number }[] };
    }>(client, `subscription { approvalsChanged { totalCount counts { kind count } } }`);
    const first = await sub.waitFor((r) => !!r.data);
    expect(first.data?.approvalsChanged.totalCount).toBe(2);

    // Tenant B's subscriber hears nothing of it.
    const other = connect(platform.gateway.url, { authorization: `Bearer ${tok.globex}` });
    clients.push(other);
    const theirs = subscribe<{ approvalsChanged: { totalCount: number } }>(
      other,
      `subscription { approvalsChanged { totalCount } }`,
    );
    await theirs.waitFor((r) => !!r.data);

    await ok(
      q(
        `mutation ($ids: [ID!]!) { approveTimesheetEntries(ids: $ids) { status } }`,
        { ids: [id.rexEntry] },
        tok.mia,
      ),
    );
    const pushed = await sub.waitFor((r) => r.data?.approvalsChanged.totalCount === 1, 30_000);
    expect(pushed.data?.approvalsChanged.counts).toEqual(
      expect.arrayContaining([
        { kind: 'timesheet_entry', count: 0 },
        { kind: 'offer', count: 1 },
      ]),
    );
    expect(subjects(await inbox(tok.mia))).toEqual([id.designOffer]);

    await ok(q(`mutation ($id: ID!) { approveOffer(id: $id) { status } }`, { id: id.designOffer }, tok.mia));
    await sub.waitFor((r) => r.data?.approvalsChanged.totalCount === 0, 30_000);
    expect((await inbox(tok.mia)).totalCount).toBe(0);
    // The other decisions reached HR's inbox too; tenant B got its first push only.
    expect(subjects(await inbox(tok.hr))).toEqual([id.samEntry, id.miaEntry].sort());
    expect(theirs.results).toHaveLength(1);
  });

  it('refuses a subscription with an unknown kind', async () => {
    const client = connect(platform.gateway.url, { authorization: `Bearer ${tok.hr}` });
    clients.push(client);
    const sub = subscribe(client, `subscription { approvalsChanged(kinds: ["nope"]) { totalCount } }`);
    expect((await sub.failed)[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
