import { eventually, type GraphQLResponse } from '@wg/runtime/testing';
import { userService } from '@wg/security';
import {
  buildClientSchema,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getIntrospectionQuery,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithLogins, startTestPlatform } from '../harness';
import { loginAs } from './helpers';

/**
 * The README's permission rule ("When you may not see something"), checked through the gateway
 * for every root field and every permission-masked field:
 *
 * - a root query or mutation whose permission the caller lacks answers FORBIDDEN at its own path
 *   with null data, never a quietly empty or partial answer;
 * - a field of an object the caller may see, whose value is not theirs to read, is null (or a
 *   masked value, or an empty page for a scoped list) WITHOUT an error, and its description ends
 *   with that rule; no field below the root ever answers FORBIDDEN.
 *
 * Root fields come from the gateway's own schema (introspection), so a new root field is checked
 * the day it is added: it is guarded unless listed below as public or self-service.
 */

/** Callable without any permission: they authenticate, or act only on the caller's own account. */
const PUBLIC_OR_SELF: Record<string, string> = {
  'Query.me': 'the caller',
  'Query.tenant': "the caller's tenant",
  'Query.mySessions': "the caller's sessions",
  'Query.checkPermission': 'asks about the caller (others: user:read, checked below)',
  'Query.myApprovals': "the caller's inbox (empty without any <kind>:approve)",
  'Mutation.login': 'public',
  'Mutation.completeMfaLogin': 'public (challenge token)',
  'Mutation.refreshSession': 'public (refresh token)',
  'Mutation.requestPasswordReset': 'public',
  'Mutation.resetPassword': 'public (reset token)',
  'Mutation.acceptInvitation': 'public (invitation token)',
  'Mutation.logout': 'own session',
  'Mutation.logoutEverywhere': 'own sessions',
  'Mutation.revokeMySession': 'own session',
  'Mutation.changePassword': 'own password',
  'Mutation.enrolMfa': 'own MFA',
  'Mutation.confirmMfa': 'own MFA',
  'Mutation.disableMfa': 'own MFA',
  'Mutation.regenerateMfaBackupCodes': 'own MFA',
};

/** Root fields an employee-level user (role `employee`) may not use (here: with another person's id). */
const EMPLOYEE_FORBIDDEN = new Set([
  'Query.financeSettings',
  'Query.companyAnalytics',
  'Query.departmentAnalytics',
  'Query.employeeAnalytics',
  'Query.projectAnalytics',
  'Query.topProjects',
  'Query.exportEmployeeData',
  'Query.auditReport',
  'Query.securityAlerts',
  'Query.securityAlert',
  'Query.securityDashboard',
  'Query.apiKeys',
  'Query.sessionPolicies',
  'Query.roles',
  'Query.effectivePermissions',
  'Query.users',
  'Query.analyticsSnapshot',
  'Query.recruitingAnalytics',
  'Mutation.setCompensation',
  'Mutation.setProjectBillingRate',
  'Mutation.setReportingCurrency',
  'Mutation.createBenefitPlan',
  'Mutation.updateBenefitPlan',
  'Mutation.archiveBenefitPlan',
  'Mutation.enrollInBenefit',
  'Mutation.endBenefitEnrollment',
  'Mutation.createDepartment',
  'Mutation.updateDepartment',
  'Mutation.moveDepartment',
  'Mutation.hireEmployee',
  'Mutation.createEmployee',
  'Mutation.updateEmployee',
  'Mutation.transferEmployee',
  'Mutation.promoteEmployee',
  'Mutation.startLeave',
  'Mutation.returnFromLeave',
  'Mutation.terminateEmployee',
  'Mutation.rehireEmployee',
  'Mutation.defineEmployeeCustomField',
  'Mutation.importEmployees',
  'Mutation.eraseEmployee',
  'Mutation.createPosition',
  'Mutation.updatePosition',
  'Mutation.deletePosition',
  'Mutation.createSkill',
  'Mutation.updateSkill',
  'Mutation.deleteSkill',
  'Mutation.createJobPosting',
  'Mutation.updateJobPosting',
  'Mutation.openJobPosting',
  'Mutation.holdJobPosting',
  'Mutation.closeJobPosting',
  'Mutation.reopenJobPosting',
  'Mutation.acknowledgeSecurityAlert',
  'Mutation.resolveSecurityAlert',
  'Mutation.createApiKey',
  'Mutation.revokeApiKey',
  'Mutation.setSessionPolicy',
  'Mutation.deleteSessionPolicy',
  'Mutation.createRole',
  'Mutation.updateRole',
  'Mutation.deleteRole',
  'Mutation.assignRole',
  'Mutation.revokeRoleAssignment',
  'Mutation.createTenant',
  'Mutation.inviteUser',
  'Mutation.resendInvitation',
  'Mutation.deactivateUser',
  'Mutation.reactivateUser',
  'Mutation.setUserEmployee',
  'Mutation.createProject',
  'Mutation.updateProject',
  'Mutation.importTimesheets',
  'Mutation.logTime',
  'Mutation.approveTimesheetEntries',
  'Mutation.rejectTimesheetEntries',
  // Recruiting's pipeline: candidates and applications are for recruiters and hiring managers.
  'Query.candidates',
  'Query.candidate',
  'Query.application',
  'Query.rejectReasons',
  'Mutation.createRejectReason',
  'Mutation.createCandidate',
  'Mutation.eraseCandidate',
  'Mutation.apply',
  'Mutation.moveApplication',
  'Mutation.moveApplications',
  // Interview scheduling is for recruiters; employees may only keep their own calendar.
  'Query.interviewerAvailability',
  'Query.suggestInterviewTimes',
  'Query.schedulingAnalytics',
  'Mutation.scheduleInterview',
  'Mutation.rescheduleInterview',
  'Mutation.cancelInterview',
  'Mutation.markNoShow',
  'Mutation.completeInterview',
  'Mutation.addBusyBlock',
  'Mutation.setWorkingHours',
  'Mutation.setPostingRubric',
  // Recruiting settings (reminder lead time) and the admins' view of recruiting's durable jobs.
  'Query.recruitingSettings',
  'Mutation.updateRecruitingSettings',
  'Query.recruitingJobs',
  // Offers: written by recruiters, approved by holders of offer:approve (never the author).
  'Query.offer',
  'Query.pendingOfferApprovals',
  'Mutation.createOffer',
  'Mutation.submitOffer',
  'Mutation.approveOffer',
  'Mutation.rejectOfferApproval',
  'Mutation.sendOffer',
  'Mutation.acceptOffer',
  'Mutation.declineOffer',
  'Mutation.withdrawOffer',
  // Rate negotiation: recruiters, HR and admins (`rate_negotiation:*:all`); placement rates: `financials:read:all`.
  'Query.rateNegotiation',
  'Query.rateNegotiations',
  'Query.evaluateMargin',
  'Query.suggestRate',
  'Query.negotiationAnalytics',
  'Mutation.createRateNegotiation',
  'Mutation.submitCounterOffer',
  'Mutation.autoNegotiate',
  'Mutation.finalizeRate',
  'Mutation.cancelRateNegotiation',
  'Query.placementRates',
  // Attendance: an employee clocks themselves; reviews and rules are managers' and HR's.
  'Mutation.reviewAttendanceRecord',
  'Mutation.updateAttendanceSettings',
  // Shifts: managers run the rota; an employee claims and asks to swap their own shifts.
  'Mutation.createShiftTemplate',
  'Mutation.createSchedule',
  'Mutation.createShift',
  'Mutation.assignShift',
  'Mutation.cancelShift',
  'Mutation.updateShiftSettings',
  'Mutation.approveShiftSwaps',
  'Mutation.rejectShiftSwaps',
  // Time off: leave types, calendars, policies and balance corrections are HR's.
  'Mutation.adjustTimeOffBalance',
  'Mutation.createHolidayCalendar',
  'Mutation.updateHolidayCalendar',
  'Mutation.deleteHolidayCalendar',
  'Mutation.addHolidays',
  'Mutation.removeHoliday',
  'Mutation.createLeaveType',
  'Mutation.updateLeaveType',
  'Mutation.deleteLeaveType',
  'Mutation.createTimeOffPolicy',
  'Mutation.updateTimeOffPolicy',
  'Mutation.deleteTimeOffPolicy',
  'Mutation.approveTimeOffRequests',
  'Mutation.rejectTimeOffRequests',
]);

/** Arguments where a type-correct dummy would be refused as input before the permission is asked. */
const ARGS: Record<string, Record<string, unknown>> = {
  'Query.analyticsSnapshot': { scope: { company: true } },
  'Query.checkPermission': { permission: 'employee:read:all' },
};

/**
 * Masked fields, as two callers without their permission see them on a colleague's record and
 * department (`employee`: role employee, own scope; `directory`: a custom role with only
 * `department:read:all` + `employee_directory:read:all`): `null` = null without an error,
 * `masked` = a masked value (never the clear one), `empty` = a page with no edges, `value` = the
 * real value (the caller has the permission). `rule` is how the field's description must end.
 */
type Seen = 'null' | 'masked' | 'empty' | 'value';
const NULL = '(others get null).';
const MASK = '(others see a masked value).';
const MASKED: Record<string, { employee: Seen; directory: Seen; rule: string }> = {
  'Employee.employeeNumber': { employee: 'null', directory: 'null', rule: NULL },
  'Employee.personalEmail': { employee: 'null', directory: 'null', rule: NULL },
  'Employee.phone': { employee: 'null', directory: 'null', rule: NULL },
  'Employee.dateOfBirth': { employee: 'null', directory: 'null', rule: NULL },
  'Employee.hireDate': { employee: 'null', directory: 'null', rule: NULL },
  'Employee.status': { employee: 'null', directory: 'null', rule: NULL },
  'Employee.employmentType': { employee: 'null', directory: 'null', rule: NULL },
  'Employee.workLocation': { employee: 'null', directory: 'null', rule: NULL },
  'Employee.createdAt': { employee: 'null', directory: 'null', rule: NULL },
  'Employee.history': { employee: 'null', directory: 'null', rule: NULL },
  'Employee.auditTrail': { employee: 'null', directory: 'null', rule: NULL },
  'Employee.nationalId': { employee: 'masked', directory: 'masked', rule: MASK },
  'Employee.bankAccount': { employee: 'masked', directory: 'masked', rule: MASK },
  'Employee.emergencyContact': { employee: 'masked', directory: 'masked', rule: MASK },
  'Employee.compensation': { employee: 'null', directory: 'null', rule: NULL },
  'Employee.roi': { employee: 'null', directory: 'null', rule: NULL },
  'Employee.hoursLogged': { employee: 'null', directory: 'null', rule: NULL },
  'Employee.timesheets': { employee: 'empty', directory: 'empty', rule: '(others get an empty page).' },
  'Employee.benefits': { employee: 'null', directory: 'null', rule: NULL },
  'Employee.analytics': { employee: 'null', directory: 'null', rule: NULL },
  'Employee.skills': { employee: 'value', directory: 'null', rule: NULL },
  'Employee.position': { employee: 'value', directory: 'null', rule: NULL },
  'Employee.user': { employee: 'null', directory: 'null', rule: NULL },
  'Department.employees': { employee: 'value', directory: 'value', rule: NULL },
  'Department.positions': { employee: 'value', directory: 'null', rule: NULL },
  'Department.projects': { employee: 'value', directory: 'null', rule: NULL },
  'Department.openings': { employee: 'value', directory: 'null', rule: NULL },
  'Department.analytics': { employee: 'null', directory: 'null', rule: NULL },
  'Department.recruitingAnalytics': { employee: 'null', directory: 'null', rule: NULL },
};

const UUID = '01890000-0000-7000-8000-000000000001';
function dummy(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return dummy(type.ofType);
  if (isListType(type)) return [dummy(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      if (isNonNullType(f.type) && f.defaultValue === undefined) out[f.name] = dummy(f.type);
    }
    return out;
  }
  const scalars: Record<string, unknown> = {
    ID: UUID,
    String: 'x',
    Int: 1,
    Float: 1,
    Boolean: false,
    Date: '2025-01-06',
    DateTime: '2025-01-06T00:00:00Z',
    Decimal: '1.00',
    JSONObject: {},
  };
  return isScalarType(type) ? (scalars[type.name] ?? 'x') : null;
}

/** The smallest valid selection of a field's type. */
const selectionOf = (type: GraphQLNamedType) =>
  !isCompositeType(type) ? '' : type.name.endsWith('Connection') ? ' { totalCount }' : ' { __typename }';

/** One operation calling `field` with type-correct dummies (or ARGS) for its required arguments. */
function rootOperation(kind: 'query' | 'mutation', owner: string, field: GraphQLField<unknown, unknown>) {
  const given = ARGS[`${owner}.${field.name}`] ?? {};
  const args = field.args.filter(
    (a) => (isNonNullType(a.type) && a.defaultValue === undefined) || a.name in given,
  );
  const variables = Object.fromEntries(args.map((a) => [a.name, given[a.name] ?? dummy(a.type)]));
  const decl = args.length ? `(${args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})` : '';
  const call = args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  return {
    query: `${kind} ${decl} { ${field.name}${call}${selectionOf(getNamedType(field.type))} }`,
    variables,
  };
}

/** Every field of an object type, each with a minimal selection (fields with required args skipped). */
function allFields(type: GraphQLObjectType): string {
  return Object.values(type.getFields())
    .filter((f) => !f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined))
    .map((f) => `${f.name}${selectionOf(getNamedType(f.type))}`)
    .join(' ');
}

type Result = GraphQLResponse<Record<string, unknown>> & { status: number };
const errorList = (res: Result) =>
  (res.errors ?? []).map((e) => `${(e.path ?? []).join('.')}: ${String(e.extensions?.code)} ${e.message}`);
const errorAt = (res: Result, field: string) => res.errors?.find((e) => e.path?.[0] === field);

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let schema: GraphQLSchema;
const tokens = { admin: '', employee: '', directory: '', none: '' };
const ids = { dept: '', self: '', colleague: '', project: '' };

beforeAll(async () => {
  platform = await startTestPlatform();
  const logins = await createTenantWithLogins(platform, 'rule');
  tokens.admin = logins.adminToken;
  const admin = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const res = await platform.query<T>(query, variables, tokens.admin);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
  const intro = await platform.query(getIntrospectionQuery(), {}, tokens.admin);
  schema = buildClientSchema(intro.data as never);

  ids.dept = (
    await admin<{ createDepartment: { id: string } }>(
      'mutation { createDepartment(input: { name: "Rules" }) { id } }',
    )
  ).createDepartment.id;
  const hire = async (first: string, positionId?: string) =>
    (
      await admin<{ hireEmployee: { id: string } }>(
        'mutation ($i: CreateEmployeeInput!) { hireEmployee(input: $i) { id } }',
        {
          i: {
            firstName: first,
            lastName: 'Rule',
            workEmail: `${first.toLowerCase()}@rule.test`,
            personalEmail: `${first.toLowerCase()}@home.test`,
            phone: '+4930123456',
            dateOfBirth: '1990-05-01',
            hireDate: '2024-01-15',
            departmentId: ids.dept,
            ...(positionId ? { positionId } : {}),
            workLocation: 'Berlin',
            nationalId: '123-45-6789',
            bankAccount: 'DE89370400440532013000',
            emergencyContact: { name: 'Kin Rule', relationship: 'sibling', phone: '+4930999999' },
          },
        },
      )
    ).hireEmployee.id;
  const position = (
    await admin<{ createPosition: { id: string } }>(
      'mutation ($d: ID!) { createPosition(input: { title: "Rule keeper", departmentId: $d, approvedSeats: 3 }) { id } }',
      { d: ids.dept },
    )
  ).createPosition.id;
  ids.self = await hire('Emma');
  ids.colleague = await hire('Carl', position);
  const skill = (
    await admin<{ createSkill: { id: string } }>('mutation { createSkill(input: { name: "Rules" }) { id } }')
  ).createSkill.id;
  await admin(
    'mutation ($e: ID!, $s: ID!) { setEmployeeSkill(input: { employeeId: $e, skillId: $s, proficiency: 3 }) { __typename } }',
    {
      e: ids.colleague,
      s: skill,
    },
  );
  // An open posting in the department (recruiting learns the department through an event).
  await eventually(
    async () =>
      (
        await platform.query(
          'mutation ($d: ID!) { createJobPosting(input: { title: "Rule writer", departmentId: $d, status: OPEN }) { id } }',
          { d: ids.dept },
          tokens.admin,
        )
      ).data,
  );
  tokens.employee = await loginAs(platform, logins.tenantId, 'rule', ['employee'], { employeeId: ids.self });
  tokens.none = await loginAs(platform, logins.tenantId, 'rule', []);
  // A custom role that sees the directory and departments and nothing else.
  await admin(
    'mutation { createRole(input: { name: "directory", permissions: ["department:read:all", "employee_directory:read:all"] }) { id } }',
  );
  const dirUser = await userService.createWithPassword(platform.database, {
    tenantId: logins.tenantId,
    email: 'directory@rule.test',
    displayName: 'Directory reader',
    password: 'correct horse battery',
    roles: [],
  });
  await admin('mutation ($u: ID!) { assignRole(input: { userId: $u, roleName: "directory" }) { id } }', {
    u: dirUser.id,
  });
  const dirLogin = await platform.query<{ login: { accessToken: string } }>(
    'mutation { login(email: "directory@rule.test", password: "correct horse battery") { accessToken } }',
  );
  tokens.directory = dirLogin.data!.login.accessToken;

  // Work and finance learn the department and the people through events.
  ids.project = (
    await eventually(
      async () =>
        (
          await platform.query<{ createProject: { id: string } }>(
            'mutation ($d: ID!) { createProject(input: { name: "Rules", code: "RULE-1", departmentId: $d }) { id } }',
            { d: ids.dept },
            tokens.admin,
          )
        ).data?.createProject,
    )
  ).id;
  for (const e of [ids.self, ids.colleague]) {
    await eventually(
      async () =>
        (
          await platform.query(
            'mutation ($e: ID!) { setCompensation(input: { employeeId: $e, baseSalary: "90000.00", currency: "USD", payFrequency: ANNUAL, effectiveFrom: "2024-01-01" }) { id } }',
            { e },
            tokens.admin,
          )
        ).data,
    );
    await eventually(
      async () =>
        (
          await platform.query(
            'mutation ($e: ID!, $p: ID!) { logTime(input: { employeeId: $e, projectId: $p, date: "2025-03-03", hours: "4.00" }) { id } }',
            { e, p: ids.project },
            tokens.admin,
          )
        ).data,
    );
  }
}, 180_000);
afterAll(async () => platform?.stop());

function rootFields(): {
  coordinate: string;
  kind: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
}[] {
  return (['query', 'mutation'] as const).flatMap((kind) => {
    const type = kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
    return Object.values(type.getFields()).map((field) => ({
      coordinate: `${type.name}.${field.name}`,
      kind,
      field,
    }));
  });
}

describe('root fields: FORBIDDEN at their path, data null', () => {
  it('every guarded root field answers a caller without any permission with FORBIDDEN', async () => {
    const wrong: string[] = [];
    for (const { coordinate, kind, field } of rootFields()) {
      if (coordinate in PUBLIC_OR_SELF) continue;
      const { query, variables } = rootOperation(kind, kind === 'query' ? 'Query' : 'Mutation', field);
      const res = await platform.query(query, variables, tokens.none);
      const error = errorAt(res, field.name);
      const data = (res.data as Record<string, unknown> | null | undefined)?.[field.name] ?? null;
      if (
        error?.extensions?.code !== 'FORBIDDEN' ||
        data !== null ||
        typeof error.extensions.permission !== 'string'
      ) {
        wrong.push(`${coordinate}: ${error?.extensions?.code ?? 'no error'} ${JSON.stringify(data)}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('an employee-level user gets FORBIDDEN exactly for the root fields of the table', async () => {
    const wrong: string[] = [];
    for (const { coordinate, kind, field } of rootFields()) {
      if (coordinate in PUBLIC_OR_SELF) continue;
      const { query, variables } = rootOperation(kind, kind === 'query' ? 'Query' : 'Mutation', field);
      const res = await platform.query(query, variables, tokens.employee);
      const error = errorAt(res, field.name);
      const forbidden = error?.extensions?.code === 'FORBIDDEN';
      const data = (res.data as Record<string, unknown> | null | undefined)?.[field.name] ?? null;
      if (EMPLOYEE_FORBIDDEN.has(coordinate) !== forbidden || (forbidden && data !== null)) {
        wrong.push(
          `${coordinate}: expected ${EMPLOYEE_FORBIDDEN.has(coordinate) ? 'FORBIDDEN' : 'no FORBIDDEN'}, got ${error?.extensions?.code ?? 'no error'}`,
        );
      }
    }
    expect(wrong).toEqual([]);
    expect([...EMPLOYEE_FORBIDDEN].filter((c) => !rootFields().some((r) => r.coordinate === c))).toEqual([]);
  }, 120_000);

  it('public and self-service root fields exist (no stale entries)', () => {
    const all = new Set(rootFields().map((r) => r.coordinate));
    expect(Object.keys(PUBLIC_OR_SELF).filter((c) => !all.has(c))).toEqual([]);
  });
});

describe('masked fields: null (or masked) without an error, never FORBIDDEN below the root', () => {
  const read = async (token: string) => {
    const employee = schema.getType('Employee') as GraphQLObjectType;
    const department = schema.getType('Department') as GraphQLObjectType;
    return platform.query<{ employee: Record<string, unknown>; department: Record<string, unknown> }>(
      `query ($e: ID!, $d: ID!) { employee(id: $e) { ${allFields(employee)} contact: emergencyContact { name phone } } department(id: $d) { ${allFields(department)} } }`,
      { e: ids.colleague, d: ids.dept },
      token,
    );
  };

  for (const who of ['employee', 'directory'] as const) {
    it(`a ${who} reading a colleague and a department gets no error at all, and each masked field as the table says`, async () => {
      const res = await read(tokens[who]);
      expect(errorList(res)).toEqual([]);
      const wrong: string[] = [];
      for (const [coordinate, expected] of Object.entries(MASKED)) {
        const [type, field] = coordinate.split('.') as [string, string];
        // Objects are selected as `{ __typename }`; the emergency contact's masking shows in its fields.
        const key = field === 'emergencyContact' ? 'contact' : field;
        const value = (type === 'Employee' ? res.data!.employee : res.data!.department)[key];
        const seen: Seen =
          value === null || value === undefined
            ? 'null'
            : typeof value === 'object' && 'totalCount' in value
              ? (value as { totalCount: number }).totalCount === 0
                ? 'empty'
                : 'value'
              : JSON.stringify(value).includes('***')
                ? 'masked'
                : Array.isArray(value) && value.length === 0
                  ? 'empty'
                  : 'value';
        if (seen !== expected[who]) wrong.push(`${coordinate}: expected ${expected[who]}, got ${seen}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('the same fields are real values for an admin (the table can fail)', async () => {
    const res = await read(tokens.admin);
    expect(errorList(res)).toEqual([]);
    for (const coordinate of [
      'Employee.nationalId',
      'Employee.hireDate',
      'Employee.compensation',
      'Department.projects',
    ]) {
      const [type, field] = coordinate.split('.') as [string, string];
      const value = (type === 'Employee' ? res.data!.employee : res.data!.department)[field];
      expect(value, coordinate).not.toBeNull();
      expect(JSON.stringify(value)).not.toContain('***');
    }
  });

  it('a project reader without financials:read gets Project.financials null without an error', async () => {
    const project = schema.getType('Project') as GraphQLObjectType;
    const res = await platform.query<{ project: Record<string, unknown> }>(
      `query ($p: ID!) { project(id: $p) { ${allFields(project)} } }`,
      { p: ids.project },
      tokens.employee,
    );
    expect(errorList(res)).toEqual([]);
    expect(res.data!.project.financials).toBeNull();
  });

  it('every masked field is nullable and its description ends with its rule', () => {
    const wrong: string[] = [];
    for (const [coordinate, { rule, employee, directory }] of Object.entries(MASKED)) {
      if (employee === 'value' && directory === 'value') continue;
      const [type, name] = coordinate.split('.') as [string, string];
      const t = schema.getType(type);
      const field = isObjectType(t) ? t.getFields()[name] : undefined;
      if (!field) wrong.push(`${coordinate}: missing`);
      else if (isNonNullType(field.type) && rule !== '(others get an empty page).')
        wrong.push(`${coordinate}: non-null`);
      else if (!field.description?.trim().endsWith(rule))
        wrong.push(`${coordinate}: description does not end with "${rule}"`);
    }
    expect(wrong).toEqual([]);
  });
});
