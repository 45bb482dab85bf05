import { eventually } from '@wg/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../harness';
import { createTenant, loginAs, type TestPlatform } from '../security/helpers';

/**
 * `myApprovals` composes every subgraph's approvals through the gateway: security answers the
 * root (the caller's inbox entity), recruiting adds `offers`, work adds `timesheetEntries`, each
 * item implementing `Approval`. Each list holds only what the caller may decide.
 */
let platform: TestPlatform;
let admin = '';
let hr = '';
let recruiter = '';
let recruiterUserId = '';
let globexAdmin = '';
let offerId = '';
let entryId = '';
const soon = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

type Errors = { message: string; extensions?: Record<string, unknown> }[];
const q = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, token?: string) =>
  platform.query<T>(query, variables, token) as Promise<{ data?: T | null; errors?: Errors }>;
async function ok<T>(res: Promise<{ data?: T | null; errors?: Errors }>): Promise<T> {
  const r = await res;
  if (r.errors || !r.data) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

const APPROVAL = 'id kind subjectId subject requestedBy requestedAt status';
const INBOX = /* GraphQL */ `query {
  myApprovals {
    id
    offers { ... on Approval { ${APPROVAL} } offer { id status } }
    timesheetEntries { ... on Approval { ${APPROVAL} } entry { id status } }
  }
}`;
type Item = {
  id: string;
  kind: string;
  subjectId: string;
  subject: string;
  requestedBy: string | null;
  status: string;
};
type Inbox = {
  myApprovals: {
    id: string;
    offers: (Item & { offer: { id: string; status: string } })[];
    timesheetEntries: (Item & { entry: { id: string; status: string } })[];
  } | null;
};
const inbox = async (token: string) => (await ok(q<Inbox>(INBOX, {}, token))).myApprovals!;

beforeAll(async () => {
  platform = await startTestPlatform();
  const tenantId = await createTenant(platform, 'approvals');
  admin = await loginAs(platform, tenantId, 'approvals', ['admin']);
  hr = await loginAs(platform, tenantId, 'approvals', ['hr_manager']);
  recruiter = await loginAs(platform, tenantId, 'approvals', ['recruiter']);
  recruiterUserId = (await ok(q<{ me: { id: string } }>('query { me { id } }', {}, recruiter))).me.id;
  globexAdmin = await loginAs(platform, await createTenant(platform, 'globexappr'), 'globexappr', ['admin']);

  const { createDepartment } = await ok(
    q<{ createDepartment: { id: string } }>(
      `mutation { createDepartment(input: { name: "Design" }) { id } }`,
      {},
      admin,
    ),
  );
  const { hireEmployee } = await ok(
    q<{ hireEmployee: { id: string } }>(
      /* GraphQL */ `mutation ($d: ID!) { hireEmployee(input: { firstName: "Tia", lastName: "Timesheet", workEmail: "tia@approvals.test", hireDate: "2024-01-08", departmentId: $d }) { id } }`,
      { d: createDepartment.id },
      admin,
    ),
  );

  // An offer waiting for approval, written by the recruiter.
  const posting = await eventually(async () => {
    const r = await q<{ createJobPosting: { id: string } }>(
      /* GraphQL */ `mutation ($d: ID!) { createJobPosting(input: { title: "Designer", departmentId: $d, salaryMin: "60000", salaryMax: "80000", currency: "EUR" }) { id } }`,
      { d: createDepartment.id },
      recruiter,
    );
    return r.data?.createJobPosting.id;
  });
  const { createCandidate } = await ok(
    q<{ createCandidate: { id: string } }>(
      /* GraphQL */ `mutation { createCandidate(input: { firstName: "Ada", lastName: "Applicant", email: "ada@example.com" }) { id } }`,
      {},
      recruiter,
    ),
  );
  const { apply } = await ok(
    q<{ apply: { id: string } }>(
      /* GraphQL */ `mutation ($c: ID!, $p: ID!) { apply(input: { candidateId: $c, postingId: $p }) { id } }`,
      { c: createCandidate.id, p: posting },
      recruiter,
    ),
  );
  for (const to of ['SCREENING', 'INTERVIEW', 'OFFER']) {
    await ok(
      q(
        /* GraphQL */ `mutation ($id: ID!, $to: ApplicationStage!) { moveApplication(id: $id, input: { to: $to }) { stage } }`,
        { id: apply.id, to },
        recruiter,
      ),
    );
  }
  const { createOffer } = await ok(
    q<{ createOffer: { id: string } }>(
      /* GraphQL */ `mutation ($a: ID!, $s: String!, $x: String!) { createOffer(input: { applicationId: $a, baseSalary: "70000.00", currency: "EUR", startDate: $s, expiresOn: $x }) { id } }`,
      { a: apply.id, s: soon(30), x: soon(10) },
      recruiter,
    ),
  );
  offerId = createOffer.id;
  await ok(q(`mutation ($id: ID!) { submitOffer(id: $id) { status } }`, { id: offerId }, recruiter));

  // A SUBMITTED timesheet entry (work learns the employee from people's events).
  const { createProject } = await ok(
    q<{ createProject: { id: string } }>(
      /* GraphQL */ `mutation ($d: ID!) { createProject(input: { name: "Rebrand", code: "RB", departmentId: $d }) { id } }`,
      { d: createDepartment.id },
      admin,
    ),
  );
  entryId = await eventually(async () => {
    const r = await q<{ logTime: { id: string } }>(
      /* GraphQL */ `mutation ($e: ID!, $p: ID!) { logTime(input: { employeeId: $e, projectId: $p, date: "2024-03-04", hours: "7.5" }) { id } }`,
      { e: hireEmployee.id, p: createProject.id },
      admin,
    );
    return r.data?.logTime.id;
  });
}, 120_000);

afterAll(async () => platform?.stop());

describe('myApprovals through the gateway', () => {
  it('composes the offers and timesheet entries an approver may decide, each an Approval', async () => {
    const mine = await inbox(hr);
    const offer = mine.offers.find((o) => o.subjectId === offerId);
    expect(offer).toMatchObject({
      id: `offer:${offerId}`,
      kind: 'offer',
      requestedBy: recruiterUserId,
      status: 'PENDING',
      offer: { id: offerId, status: 'PENDING_APPROVAL' },
    });
    expect(offer!.subject).toBe(`Offer to Ada Applicant for Designer: 70000.00 EUR a year from ${soon(30)}`);
    const entry = mine.timesheetEntries.find((e) => e.subjectId === entryId);
    expect(entry).toMatchObject({
      id: `timesheet_entry:${entryId}`,
      kind: 'timesheet_entry',
      subject: '7.50 h on Rebrand on 2024-03-04 by Tia Timesheet',
      requestedBy: null,
      status: 'PENDING',
      entry: { id: entryId, status: 'SUBMITTED' },
    });
  });

  it('leaves out what the caller may not decide: no permission, other tenants', async () => {
    // The recruiter wrote the offer and holds no approve permission: both lists are empty.
    expect(await inbox(recruiter)).toMatchObject({ offers: [], timesheetEntries: [] });
    const globex = await inbox(globexAdmin);
    expect(globex.offers.map((o) => o.subjectId)).not.toContain(offerId);
    expect(globex.timesheetEntries.map((e) => e.subjectId)).not.toContain(entryId);
    expect(globex).toMatchObject({ offers: [], timesheetEntries: [] });
  });

  it('is UNAUTHENTICATED without a login', async () => {
    const res = await q(INBOX, {});
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('drops an item once it is decided', async () => {
    await ok(q(`mutation ($id: ID!) { approveOffer(id: $id) { status } }`, { id: offerId }, hr));
    await ok(
      q(
        `mutation ($ids: [ID!]!) { approveTimesheetEntries(ids: $ids) { status } }`,
        { ids: [entryId] },
        admin,
      ),
    );
    const after = await inbox(hr);
    expect(after.offers.map((o) => o.subjectId)).not.toContain(offerId);
    expect(after.timesheetEntries.map((e) => e.subjectId)).not.toContain(entryId);
  });
});
