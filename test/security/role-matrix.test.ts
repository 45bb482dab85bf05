import { ROLE_TEMPLATES } from '@wg/runtime';
import { eventually } from '@wg/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../harness';
import { createTenant, expectNoLeak, loginAs, type TestPlatform } from './helpers';

/**
 * Every built-in role × a representative read and write in each of the six subgraphs, through
 * the gateway. The table below IS the designed access (from the role templates in
 * subgraphs/runtime/src/auth/permissions.ts and each resolver's documented permission): a cell
 * is either allowed (no error) or FORBIDDEN (and no data for it).
 */
const ROLES = [
  'super_admin',
  'admin',
  'hr_manager',
  'department_head',
  'manager',
  'recruiter',
  'analyst',
  'employee',
  'viewer',
] as const;
type Role = (typeof ROLES)[number];
const ALL: readonly Role[] = ROLES;
const except = (...roles: Role[]) => ROLES.filter((r) => !roles.includes(r));

interface Operation {
  /** The permission the resolver documents. */
  permission: string;
  query: string;
  variables?: (role: Role) => Record<string, unknown>;
  allowed: readonly Role[];
}

let departmentId = '';

const MATRIX: Record<string, { read: Operation; write: Operation }> = {
  people: {
    read: { permission: 'department:read', query: '{ departments { id } }', allowed: ALL },
    write: {
      permission: 'department:create',
      query: 'mutation ($n: String!) { createDepartment(input: { name: $n }) { id } }',
      variables: (role) => ({ n: `Dept of ${role}` }),
      allowed: ['super_admin', 'admin', 'hr_manager'],
    },
  },
  work: {
    read: {
      permission: 'project:read',
      query: '{ projects(first: 5) { totalCount } }',
      allowed: except('recruiter'),
    },
    write: {
      permission: 'project:create',
      query: 'mutation ($n: String!, $c: String!) { createProject(input: { name: $n, code: $c }) { id } }',
      variables: (role) => ({ n: `Project of ${role}`, c: `RM-${role.toUpperCase().replaceAll('_', '')}` }),
      allowed: ['super_admin', 'admin', 'department_head'],
    },
  },
  'work attendance': {
    read: {
      permission: 'attendance:read',
      query: '{ attendanceSettings { timeZone } }',
      allowed: except('recruiter', 'viewer'),
    },
    write: {
      permission: 'attendance:manage (scope all)',
      query:
        'mutation { updateAttendanceSettings(input: { autoCloseAfterHours: 12 }) { autoCloseAfterHours } }',
      allowed: ['super_admin', 'admin', 'hr_manager'],
    },
  },
  'work shifts': {
    read: {
      permission: 'shift:read',
      query: '{ shiftSettings { minRestHours } }',
      allowed: except('recruiter', 'viewer'),
    },
    write: {
      permission: 'shift:manage (scope all)',
      query: 'mutation { updateShiftSettings(input: { minRestHours: "11" }) { minRestHours } }',
      allowed: ['super_admin', 'admin', 'hr_manager'],
    },
  },
  finance: {
    read: {
      permission: 'financials:read',
      query: '{ financeSettings { currency } }',
      allowed: ['super_admin', 'admin', 'analyst'],
    },
    write: {
      permission: 'settings:update',
      query: 'mutation { setReportingCurrency(currency: "EUR") { currency } }',
      allowed: ['super_admin', 'admin'],
    },
  },
  recruiting: {
    read: { permission: 'job_posting:read', query: '{ jobPostings(first: 5) { totalCount } }', allowed: ALL },
    write: {
      permission: 'job_posting:create',
      query:
        'mutation ($t: String!, $d: ID!) { createJobPosting(input: { title: $t, departmentId: $d }) { id } }',
      variables: (role) => ({ t: `Opening by ${role}`, d: departmentId }),
      allowed: ['super_admin', 'admin', 'hr_manager', 'department_head', 'recruiter'],
    },
  },
  'recruiting pipeline': {
    read: {
      permission: 'candidate:read (scope team or all)',
      query: '{ candidates(first: 5) { totalCount } }',
      allowed: ['super_admin', 'admin', 'hr_manager', 'department_head', 'manager', 'recruiter'],
    },
    write: {
      permission: 'candidate:create (scope all)',
      query:
        'mutation ($e: String!) { createCandidate(input: { firstName: "Matrix", lastName: "Candidate", email: $e }) { id } }',
      variables: (role) => ({ e: `candidate-of-${role.replaceAll('_', '-')}@example.com` }),
      allowed: ['super_admin', 'admin', 'hr_manager', 'recruiter'],
    },
  },
  'recruiting offers and settings': {
    read: {
      permission: 'offer:approve (scope team or all)',
      query: '{ pendingOfferApprovals { id } }',
      allowed: ['super_admin', 'admin', 'hr_manager', 'department_head'],
    },
    write: {
      permission: 'recruiting_settings:update (scope all)',
      query: 'mutation { updateRecruitingSettings(input: { reminderLeadHours: 24 }) { reminderLeadHours } }',
      allowed: ['super_admin', 'admin', 'hr_manager'],
    },
  },
  'recruiting negotiations and reject reasons': {
    read: {
      permission: 'rate_negotiation:read (scope all)',
      query: '{ rateNegotiations(first: 5) { totalCount } }',
      allowed: ['super_admin', 'admin', 'hr_manager', 'recruiter'],
    },
    write: {
      permission: 'application:update (scope all)',
      query: 'mutation ($l: String!) { createRejectReason(input: { label: $l }) { id } }',
      variables: (role) => ({ l: `Not a fit (${role})` }),
      allowed: ['super_admin', 'admin', 'hr_manager', 'recruiter'],
    },
  },
  security: {
    read: {
      permission: 'api_key:read',
      query: '{ apiKeys { edges { node { id } } } }',
      allowed: ['super_admin', 'admin'],
    },
    write: {
      permission: 'api_key:create',
      query:
        'mutation ($n: String!) { createApiKey(input: { name: $n, permissions: ["department:read:all"] }) { apiKey { id } } }',
      variables: (role) => ({ n: `key of ${role}` }),
      allowed: ['super_admin', 'admin'],
    },
  },
  insights: {
    read: {
      permission: 'analytics:read (scope all)',
      query: '{ companyAnalytics { employeeCount } }',
      allowed: ['super_admin', 'admin', 'hr_manager', 'department_head', 'analyst'],
    },
    write: {
      permission: 'conversation:create',
      query: 'mutation ($t: String!) { startConversation(input: { title: $t }) { id } }',
      variables: (role) => ({ t: `Chat of ${role}` }),
      allowed: except('viewer'),
    },
  },
};

let platform: TestPlatform;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  platform = await startTestPlatform();
  const tenantId = await createTenant(platform, 'matrix');
  for (const role of ROLES) tokens[role] = await loginAs(platform, tenantId, 'matrix', [role]);
  const created = await platform.query<{ createDepartment: { id: string } }>(
    'mutation { createDepartment(input: { name: "Hiring" }) { id } }',
    {},
    tokens.admin,
  );
  departmentId = created.data?.createDepartment.id as string;
  // Recruiting learns departments from people's events: wait until it knows this one.
  await eventually(async () => {
    const r = await platform.query<{ jobPostings: { totalCount: number } }>(
      'mutation ($d: ID!) { createJobPosting(input: { title: "Warm-up", departmentId: $d }) { id } }',
      { d: departmentId },
      tokens.admin,
    );
    return r.errors ? undefined : true;
  });
});

afterAll(async () => platform?.stop());

describe('the documented design is consistent with the role templates', () => {
  it('lists every built-in role', () => {
    expect([...ROLES].sort()).toEqual(Object.keys(ROLE_TEMPLATES).sort());
  });
});

describe.each(Object.entries(MATRIX))('%s subgraph', (subgraph, ops) => {
  for (const kind of ['read', 'write'] as const) {
    const op = ops[kind];
    it.each(ROLES.map((r) => [r]))(`${kind} (${op.permission}) as %s`, async (role) => {
      const res = await platform.query(op.query, op.variables?.(role) ?? {}, tokens[role]);
      const codes = res.errors?.map((e) => e.extensions?.code) ?? [];
      if (op.allowed.includes(role)) {
        expect(res.errors, `${subgraph} ${kind} should be allowed for ${role}`).toBeUndefined();
        expect(res.data).toBeTruthy();
      } else {
        expect(codes, `${subgraph} ${kind} should be FORBIDDEN for ${role}`).toEqual(['FORBIDDEN']);
        const data = res.data as Record<string, unknown> | null | undefined;
        for (const value of Object.values(data ?? {})) expect(value ?? null).toBeNull();
        expectNoLeak(res);
      }
    });
  }
});
