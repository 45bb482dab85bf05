import { withTenant } from '@wg/db';
import { employees } from '@wg/db/people';
import { addDays, isoWeekday, setClock } from '@wg/runtime';
import { eventually } from '@wg/runtime/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../harness';
import { createTenant, loginAs, type TestPlatform } from '../security/helpers';

/**
 * The check, through the gateway: an employee asks for Friday to Tuesday over a public
 * Monday (costs 2 days), the manager approves it from `myApprovals`, the balance drops by 2, the
 * team calendar shows it, and people's status flips to ON_LEAVE on the first day through work's
 * `work.time_off.approved` event and people's durable job (the runtime clock is moved to that day).
 */
let platform: TestPlatform;
let tenantId = '';
let hr = '';
let manager = '';
let employee = '';
let managerId = '';
let employeeId = '';
let vacationId = '';
let requestId = '';

// The Friday 7–13 days ahead, the Monday after it (a holiday) and the Tuesday.
const today = new Date().toISOString().slice(0, 10);
let friday = addDays(today, 7);
while (isoWeekday(friday) !== 5) friday = addDays(friday, 1);
const monday = addDays(friday, 3);
const tuesday = addDays(friday, 4);

type Errors = { message: string; extensions?: Record<string, unknown> }[];
const q = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, token?: string) =>
  platform.query<T>(query, variables, token) as Promise<{ data?: T | null; errors?: Errors }>;
async function ok<T>(res: Promise<{ data?: T | null; errors?: Errors }>): Promise<T> {
  const r = await res;
  if (r.errors || !r.data) throw new Error(JSON.stringify(r.errors));
  return r.data;
}
const hire = async (first: string, d: string, extra = '') =>
  (
    await ok(
      q<{ hireEmployee: { id: string } }>(
        /* GraphQL */ `mutation ($d: ID!, $e: String!) { hireEmployee(input: { firstName: "${first}", lastName: "Leave", workEmail: $e, hireDate: "2024-01-08", departmentId: $d ${extra} }) { id } }`,
        { d, e: `${first.toLowerCase()}@timeoff.test` },
        hr,
      ),
    )
  ).hireEmployee.id;

const BALANCE = /* GraphQL */ `query ($id: ID!, $asOf: Date) { employee(id: $id) { timeOffBalances(asOf: $asOf) {
  leaveType { code } taken pending available } } }`;
const balanceOf = async (token: string) => {
  const data = await ok(
    q<{
      employee: {
        timeOffBalances: { leaveType: { code: string }; taken: string; pending: string; available: string }[];
      };
    }>(BALANCE, { id: employeeId, asOf: friday }, token),
  );
  return data.employee.timeOffBalances.find((b) => b.leaveType.code === 'VACATION')!;
};

beforeAll(async () => {
  platform = await startTestPlatform();
  tenantId = await createTenant(platform, 'timeoff');
  hr = await loginAs(platform, tenantId, 'timeoff', ['hr_manager']);
  const { createDepartment } = await ok(
    q<{ createDepartment: { id: string } }>(
      'mutation { createDepartment(input: { name: "Support" }) { id } }',
      {},
      hr,
    ),
  );
  managerId = await hire('Mona', createDepartment.id);
  employeeId = await hire('Emil', createDepartment.id, `, managerId: "${managerId}"`);
  manager = await loginAs(platform, tenantId, 'timeoff', ['manager'], { employeeId: managerId });
  employee = await loginAs(platform, tenantId, 'timeoff', ['employee'], { employeeId });

  vacationId = (
    await ok(
      q<{ createLeaveType: { id: string } }>(
        'mutation { createLeaveType(input: { name: "Vacation", code: "VACATION", colour: "#22AA44" }) { id } }',
        {},
        hr,
      ),
    )
  ).createLeaveType.id;
  await ok(
    q(
      /* GraphQL */ `mutation ($l: ID!) { createTimeOffPolicy(input: { leaveTypeId: $l, employmentType: FULL_TIME, accrualPerYear: "25", accrualFrequency: UPFRONT, carryOverCap: "0" }) { id } }`,
      { l: vacationId },
      hr,
    ),
  );
  await ok(
    q(
      /* GraphQL */ `mutation ($h: [HolidayInput!]!) { createHolidayCalendar(input: { name: "Company", holidays: $h }) { id } }`,
      { h: [{ date: monday, name: 'Founders Day' }] },
      hr,
    ),
  );
  // Work knows the employee (and their manager) once people's events have arrived.
  await eventually(async () => (await balanceOf(employee)) ?? null);
}, 120_000);

afterAll(async () => platform?.stop());

describe('time off through the gateway', () => {
  it('3 days over a holiday cost 2; the manager approves from myApprovals; balance, calendar and status follow', async () => {
    const before = await balanceOf(employee);
    const { requestTimeOff } = await ok(
      q<{ requestTimeOff: { id: string; amount: string; status: string } }>(
        /* GraphQL */ `mutation ($l: ID!, $s: String!, $e: String!) { requestTimeOff(input: { leaveTypeId: $l, start: $s, end: $e, note: "Family" }) { id amount status } }`,
        { l: vacationId, s: friday, e: tuesday },
        employee,
      ),
    );
    expect(requestTimeOff).toMatchObject({ amount: '2.00', status: 'PENDING' });
    requestId = requestTimeOff.id;
    expect(await balanceOf(employee)).toMatchObject({ pending: '2.00', available: before.available });

    // The manager finds it in their inbox (built from work's approval events) and approves it.
    const item = await eventually(async () => {
      const inbox = await ok(
        q<{
          myApprovals: {
            edges: {
              node: { subjectId: string; kind: string; request: { id: string; status: string } | null };
            }[];
          };
        }>(
          /* GraphQL */ `query { myApprovals(kinds: ["time_off_request"]) { edges { node {
            ... on Approval { subjectId kind } ... on TimeOffRequestApproval { request { id status } } } } } }`,
          {},
          manager,
        ),
      );
      return inbox.myApprovals.edges.map((e) => e.node).find((n) => n.subjectId === requestId) ?? null;
    });
    expect(item).toMatchObject({ kind: 'time_off_request', request: { id: requestId, status: 'PENDING' } });
    const { approveTimeOffRequests } = await ok(
      q<{ approveTimeOffRequests: { status: string }[] }>(
        'mutation ($ids: [ID!]!) { approveTimeOffRequests(ids: $ids) { status } }',
        { ids: [item.request!.id] },
        manager,
      ),
    );
    expect(approveTimeOffRequests[0]!.status).toBe('APPROVED');

    const after = await balanceOf(employee);
    expect(Number(before.available) - Number(after.available)).toBe(2);
    expect(after).toMatchObject({ taken: '2.00', pending: '0.00' });

    const { teamCalendar } = await ok(
      q<{
        teamCalendar: {
          entries: { colour: string; request: { id: string; employee: { id: string; firstName: string } } }[];
          holidays: { holiday: { date: string; name: string } }[];
        };
      }>(
        /* GraphQL */ `query ($m: ID!, $f: Date!, $t: Date!) { teamCalendar(managerId: $m, from: $f, to: $t) {
          entries { colour request { id employee { id firstName } } } holidays { holiday { date name } } } }`,
        { m: managerId, f: friday, t: tuesday },
        manager,
      ),
    );
    expect(teamCalendar.entries).toEqual([
      { colour: '#22AA44', request: { id: requestId, employee: { id: employeeId, firstName: 'Emil' } } },
    ]);
    expect(teamCalendar.holidays).toEqual([{ holiday: { date: monday, name: 'Founders Day' } }]);

    // People scheduled the status change; on the first day its job sets ON_LEAVE.
    const status = () =>
      withTenant(platform.database, { tenantId }, async (tx) => {
        const [row] = await tx
          .select({ status: employees.status })
          .from(employees)
          .where(eq(employees.id, employeeId));
        return row?.status;
      });
    expect(await status()).toBe('ACTIVE');
    const restore = setClock(() => Date.parse(`${friday}T00:00:30.000Z`) + (Date.now() % 1000));
    try {
      expect(
        await eventually(async () => ((await status()) === 'ON_LEAVE' ? 'ON_LEAVE' : null), 20_000),
      ).toBe('ON_LEAVE');
    } finally {
      restore();
    }
  });
});
