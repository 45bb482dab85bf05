import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type FieldDefinitionNode, Kind, parse, type TypeNode } from 'graphql';
import { describe, expect, it } from 'vitest';

/**
 * The README's pagination rule, checked over the public supergraph: every list-typed field is
 * either a Relay connection's `edges` or one of the small fixed lists named below, each with the
 * reason it cannot grow with the company. A new plain list fails here until it becomes a
 * connection (PageArgs + paginate()/paginateList()) or is added with its reason; every field that
 * returns a connection takes exactly the one PageArgs block (`first: Int`, `after: String`).
 */
const SMALL_FIXED_LISTS: Record<string, string> = {
  // Values of one record: strings and enums bounded by a catalogue or by the record itself.
  'AccessLogEntry.errorCodes': "the error codes of one request's answer",
  'ApiKey.permissions': 'a grant: at most the permission catalogue',
  'ApiKeyIdentity.permissions': 'a grant: at most the permission catalogue',
  'Role.permissions': 'a grant: at most the permission catalogue',
  'SessionAccess.permissions': 'a grant: at most the permission catalogue',
  'SessionAccess.roles': "the caller's roles",
  'User.roles': "a user's base roles (the role templates)",
  'User.roleAssignments': 'the extra roles granted to one user',
  'Query.effectivePermissions': "one user's permissions: at most the catalogue",
  'BenefitPlan.eligibleEmploymentTypes': 'values of an enum',
  'EmployeeCustomField.options': "a tenant setting's choices",
  'SessionPolicy.ipAllowList': "a tenant setting's CIDR list",
  'MfaBackupCodes.backupCodes': 'the fixed set of backup codes',
  'EmployeeImportReport.errors': 'problems of one uploaded file (size-limited)',
  // An entity's own handful of children.
  'Department.children': "a department's sub-departments",
  'Employee.history': "one employee's lifecycle changes",
  'Employee.managementChain': 'the managers above one employee (the depth of the tree)',
  'Employee.skills': "one employee's skills",
  'Employee.benefits': "one employee's enrolments",
  'BenefitEnrollment.dependants': "one enrolment's dependants",
  'Department.openings':
    "only the department's OPEN postings (every posting is the `jobPostings` connection); nullable on a recruiting outage",
  // A tenant's settings and structure.
  'Query.departments': "the tenant's department tree (its structure, not its people)",
  'Query.employeeCustomFields': "the tenant's custom-field definitions",
  'Query.sessionPolicies': "the tenant's session policies",
  'Query.mySessions': "the caller's own live sessions (devices)",
  'Query.suggestedPrompts': 'a fixed set of assistant prompts',
  // Bounded by a period, a top-N or the request.
  'AnalyticsUpdate.monthly': 'the last 12 months',
  'CompanyAnalytics.monthly': 'the last 12 months',
  'DepartmentAnalytics.monthly': 'the last 12 months',
  'EmployeeAnalytics.monthly': 'the last 12 months',
  'ProjectAnalytics.monthly': 'the last 12 months',
  'Query.topPerformers': 'ranked top-N with its own `limit`',
  'Query.topProjects': 'ranked top-N with its own `limit`',
  'AuditReport.byOutcome': 'one row per outcome',
  'AuditReport.byOperation': 'top 50 operations',
  'AuditReport.byCaller': 'top 50 callers',
  'AuditReport.recentFailures': 'the latest 50 failures',
  'SecurityDashboard.byKind': 'one row per alert kind',
  'SecurityDashboard.bySeverity': 'one row per severity',
  'SecurityDashboard.byStatus': 'one row per status',
  'SecurityDashboard.recent': 'the ten most recent alerts',
  'Mutation.approveTimesheetEntries': 'exactly the entries named in `ids` (at most 500)',
  // Recruiting: one record's values and children, a tenant list, a bounded request.
  'Candidate.tags': "one candidate's labels (at most 20)",
  'Candidate.applications': "one candidate's applications (one per posting they applied to)",
  'Application.stageHistory': "one application's moves (at most one per stage plus a final one)",
  'Employee.applications': "one employee's internal applications",
  'Employee.referrals': 'the people one employee referred',
  'Pipeline.stages': 'one row per application stage',
  'Query.rejectReasons': "the tenant's list of reject reasons (a setting)",
  'Mutation.moveApplications': 'exactly the applications named in `ids` (at most 100)',
  'Application.interviews': "one application's interviews",
  'Application.scorecards': "the scorecards of one application's interviews (one per interviewer)",
  'Interview.interviewers': "one interview's interviewers (at most 10)",
  'Interview.rescheduleHistory': "one interview's reschedules",
  'Interview.scorecards': "one interview's scorecards (one per interviewer)",
  'InterviewerAvailability.free': 'free intervals of one person in a window of at most 42 days',
  'Scorecard.ratings': "one scorecard's ratings (one per rubric attribute, at most 20)",
  'Mutation.setPostingRubric': "a posting's rubric (at most 20 attributes)",
  'Query.interviewerAvailability': 'one entry per requested employee (at most 20)',
  'Query.suggestInterviewTimes': 'top-N slots with its own `count` (at most 20)',
  'Query.upcomingInterviews': 'bounded by a window of at most 92 days and 200 interviews',
  'SchedulingAnalytics.busiestHours': 'one row per hour of the day',
  'SchedulingAnalytics.busiestWeekdays': 'one row per weekday',
  'Application.offers': "one application's offers (at most one open at a time)",
  'Query.pendingOfferApprovals': 'the offers awaiting the caller (at most 200)',
  'ApprovalConnection.counts': 'one row per asked approval kind (4 today)',
  'Mutation.rejectTimesheetEntries': 'exactly the entries named in `ids` (at most 500)',
  // Rate negotiation.
  'Application.rateNegotiations': "one application's negotiations (at most one OPEN at a time)",
  'RateNegotiation.rounds': "one negotiation's rounds (at most its maxRounds, ≤ 20)",
  'NegotiationAnalytics.byStrategy': 'one row per strategy',
  'RecruitingAnalytics.applicationsByStage': 'one row per application stage (7)',
  'RecruitingAnalytics.conversionByStage': 'one row per forward stage step (4)',
  'RecruitingAnalytics.sourceEffectiveness': 'one row per candidate source (5)',
  // The org chart is one answer by design (README: a flat node list); its size is set by `depth`
  // and `rootId`, and `hasMoreReports` tells a client where to expand.
  'OrgChart.nodes': 'one chart, sized by its `rootId` and `depth` (README design deviation)',
  'OrgChart.rootIds': 'the roots of that chart',
  // Time off: tenant settings, one employee's figures, bounded requests.
  'Query.leaveTypes': "the tenant's leave types (a setting)",
  'Query.holidayCalendars': "the tenant's holiday calendars (one default, one per work location)",
  'Query.timeOffPolicies': 'one per leave type and employment type (4)',
  'HolidayCalendar.weekendDays': 'at most 6 weekdays',
  'HolidayCalendar.holidays': "one calendar's holidays in the requested range (a few a year)",
  'Mutation.addHolidays': 'exactly the holidays given (at most 500)',
  'Employee.timeOffBalances': 'one per leave type of the tenant (a setting)',
  'Employee.timeOffAdjustments': "one employee's adjustments in one balance year",
  // Timesheets, attendance and shifts: one file's problems, one employee's window, one rota.
  'TimesheetImportReport.errors': 'problems of one uploaded file (size-limited)',
  'Employee.attendance': "one employee's days in a window of at most 93 days",
  'AttendanceDay.records': "one employee's records of one day",
  'AttendanceRecord.breaks': "one attendance record's breaks",
  'Employee.shifts': "one employee's shifts in a window of at most 93 days",
  'Query.shiftTemplates': "the tenant's shift templates (a setting)",
  'Query.schedules': "the tenant's rotas (a setting: one per department or location)",
  'Rota.rows': "one department's staff with shifts in a window of at most 93 days",
  'RotaRow.shifts': "one employee's shifts in that window",
  'Rota.openShifts': "one department's open shifts in that window",
  'Mutation.approveShiftSwaps': 'exactly the requests named in `ids` (at most 200)',
  'Mutation.rejectShiftSwaps': 'exactly the requests named in `ids` (at most 200)',
  'Employee.timeOffRequests': "one employee's requests in the given range (default: this year)",
  'Mutation.approveTimeOffRequests': 'exactly the requests named in `ids` (at most 200)',
  'Mutation.rejectTimeOffRequests': 'exactly the requests named in `ids` (at most 200)',
  'TeamCalendar.entries': "one team's leave over at most 92 days",
  'TeamCalendar.holidays': 'the holidays of at most 92 days',
};

const supergraph = readFileSync(
  fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url)),
  'utf8',
);
const machinery = (name: string) => name.startsWith('join__') || name.startsWith('link__');

const unwrapNonNull = (t: TypeNode): TypeNode => (t.kind === Kind.NON_NULL_TYPE ? t.type : t);
const namedOf = (t: TypeNode): string => (t.kind === Kind.NAMED_TYPE ? t.name.value : namedOf(t.type));

/** Every field of an object or interface type in `sdl`, as `Type.field` → definition. */
function fieldDefinitionsOf(sdl: string): Map<string, FieldDefinitionNode> {
  const out = new Map<string, FieldDefinitionNode>();
  for (const def of parse(sdl).definitions) {
    if (
      def.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      def.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      def.kind !== Kind.OBJECT_TYPE_EXTENSION
    )
      continue;
    if (machinery(def.name.value)) continue;
    for (const field of def.fields ?? []) out.set(`${def.name.value}.${field.name.value}`, field);
  }
  return out;
}

/** Plain list fields that are neither a connection's edges nor allow-listed. */
export function unpaginatedLists(sdl: string, allowed: Record<string, string>): string[] {
  const bad: string[] = [];
  for (const [coordinate, field] of fieldDefinitionsOf(sdl)) {
    if (unwrapNonNull(field.type).kind !== Kind.LIST_TYPE) continue;
    const [type] = coordinate.split('.');
    if (type!.endsWith('Connection') && field.name.value === 'edges') continue;
    if (!(coordinate in allowed)) bad.push(coordinate);
  }
  return bad.sort();
}

/** Connection fields whose arguments differ from the one PageArgs block. */
export function offPageArgs(sdl: string): string[] {
  const bad: string[] = [];
  for (const [coordinate, field] of fieldDefinitionsOf(sdl)) {
    if (!namedOf(field.type).endsWith('Connection') || unwrapNonNull(field.type).kind === Kind.LIST_TYPE)
      continue;
    const args = new Map((field.arguments ?? []).map((a) => [a.name.value, a.type] as const));
    const first = args.get('first');
    const after = args.get('after');
    const ok =
      first?.kind === Kind.NAMED_TYPE &&
      first.name.value === 'Int' &&
      after?.kind === Kind.NAMED_TYPE &&
      after.name.value === 'String';
    if (!ok) bad.push(coordinate);
  }
  return bad.sort();
}

describe('pagination rule (README "Pagination")', () => {
  it('every list that grows with the company is a Relay connection', () => {
    expect(unpaginatedLists(supergraph, SMALL_FIXED_LISTS)).toEqual([]);
  });

  it('every connection field takes the same first/after arguments', () => {
    expect(offPageArgs(supergraph)).toEqual([]);
  });

  it('the allow-list names only fields that exist and are lists (no stale exemptions)', () => {
    const fields = fieldDefinitionsOf(supergraph);
    const stale = Object.keys(SMALL_FIXED_LISTS).filter((c) => {
      const f = fields.get(c);
      return !f || unwrapNonNull(f.type).kind !== Kind.LIST_TYPE;
    });
    expect(stale).toEqual([]);
  });

  it('catches a plain list and a connection without PageArgs (the check can fail)', () => {
    const sdl = /* GraphQL */ `
      type Query { people: [Person!]! page(first: Int, after: String): PersonConnection! bare: PersonConnection! }
      type Person { id: ID! friends: [Person!]! tags: [String!]! }
      type PersonConnection { edges: [PersonEdge!]! totalCount: Int! }
      type PersonEdge { node: Person! cursor: String! }
    `;
    expect(unpaginatedLists(sdl, { 'Person.tags': 'labels' })).toEqual(['Person.friends', 'Query.people']);
    expect(offPageArgs(sdl)).toEqual(['Query.bare']);
  });
});
