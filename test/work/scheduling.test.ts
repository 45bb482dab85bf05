import { eventually } from '@wg/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../harness';
import { createTenant, loginAs, type TestPlatform } from '../security/helpers';

/**
 * Shifts and attendance through the gateway: a manager staffs next week's rota, a report asks to
 * hand a shift over, the manager finds it in `myApprovals` (kind `shift_swap`, with work's `swap`
 * detail) and approves it there; and a clock-in records the client address the gateway saw.
 */
let platform: TestPlatform;
const tok = { admin: '', lea: '', max: '', kim: '', other: '' };
const id = { store: '', lea: '', max: '', kim: '', schedule: '', template: '' };

type Errors = { message: string; extensions?: Record<string, unknown> }[];
const q = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, token?: string) =>
  platform.query<T>(query, variables, token) as Promise<{ data?: T | null; errors?: Errors }>;
async function ok<T>(res: Promise<{ data?: T | null; errors?: Errors }>): Promise<T> {
  const r = await res;
  if (r.errors || !r.data) throw new Error(JSON.stringify(r.errors));
  return r.data;
}
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function hire(first: string, managerId?: string) {
  const { hireEmployee } = await ok(
    q<{ hireEmployee: { id: string } }>(
      /* GraphQL */ `mutation ($f: String!, $e: String!, $d: ID!, $m: ID) {
        hireEmployee(input: { firstName: $f, lastName: "Rota", workEmail: $e, hireDate: "2024-01-08", departmentId: $d, managerId: $m }) { id }
      }`,
      { f: first, e: `${first.toLowerCase()}@rota.test`, d: id.store, m: managerId ?? null },
      tok.admin,
    ),
  );
  return hireEmployee.id;
}

const INBOX = /* GraphQL */ `
  query { myApprovals(kinds: ["shift_swap"]) {
    totalCount
    edges { node { __typename kind subjectId subject ... on ShiftSwapApproval { swap { id status targetEmployee { id firstName } } } } }
  } }
`;
type Inbox = {
  myApprovals: {
    totalCount: number;
    edges: {
      node: {
        __typename: string;
        kind: string;
        subjectId: string;
        subject: string;
        swap: { id: string; status: string; targetEmployee: { id: string; firstName: string } } | null;
      };
    }[];
  };
};

beforeAll(async () => {
  platform = await startTestPlatform();
  const tenantId = await createTenant(platform, 'rota');
  tok.admin = await loginAs(platform, tenantId, 'rota', ['admin']);
  tok.other = await loginAs(platform, await createTenant(platform, 'otherrota'), 'otherrota', ['admin']);
  id.store = (
    await ok(
      q<{ createDepartment: { id: string } }>(
        'mutation { createDepartment(input: { name: "Store" }) { id } }',
        {},
        tok.admin,
      ),
    )
  ).createDepartment.id;
  id.lea = await hire('Lea');
  id.max = await hire('Max', id.lea);
  id.kim = await hire('Kim', id.lea);
  tok.lea = await loginAs(platform, tenantId, 'rota', ['manager'], { employeeId: id.lea });
  tok.max = await loginAs(platform, tenantId, 'rota', ['employee'], { employeeId: id.max });
  tok.kim = await loginAs(platform, tenantId, 'rota', ['employee'], { employeeId: id.kim });
  // Work learns the department and the employees from people's events.
  id.schedule = await eventually(async () => {
    const r = await q<{ createSchedule: { id: string } }>(
      'mutation ($d: ID!) { createSchedule(input: { name: "Store rota", departmentId: $d, timeZone: "Europe/Berlin" }) { id } }',
      { d: id.store },
      tok.lea,
    );
    return r.data?.createSchedule.id;
  });
  id.template = (
    await ok(
      q<{ createShiftTemplate: { id: string } }>(
        'mutation { createShiftTemplate(input: { name: "Day", startTime: "09:00", endTime: "17:00", breakMinutes: 30, timeZone: "Europe/Berlin" }) { id } }',
        {},
        tok.lea,
      ),
    )
  ).createShiftTemplate.id;
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

describe('scheduling through the gateway', () => {
  it('a swap request reaches the manager’s inbox and is decided from it', async () => {
    const shift = await eventually(async () => {
      const r = await q<{ createShift: { id: string } }>(
        'mutation ($s: ID!, $t: ID!, $d: String!, $e: ID!) { createShift(input: { scheduleId: $s, templateId: $t, date: $d, employeeId: $e }) { id } }',
        { s: id.schedule, t: id.template, d: day(10), e: id.max },
        tok.lea,
      );
      return r.data?.createShift.id;
    });
    const { requestShiftSwap } = await ok(
      q<{ requestShiftSwap: { id: string } }>(
        'mutation ($s: ID!, $t: ID!) { requestShiftSwap(input: { shiftId: $s, targetEmployeeId: $t, note: "Exam" }) { id } }',
        { s: shift, t: id.kim },
        tok.max,
      ),
    );
    const waiting = await eventually(async () => {
      const inbox = (await ok(q<Inbox>(INBOX, {}, tok.lea))).myApprovals;
      return inbox.edges.find((e) => e.node.subjectId === requestShiftSwap.id)?.node;
    });
    expect(waiting).toMatchObject({
      __typename: 'ShiftSwapApproval',
      kind: 'shift_swap',
      swap: { id: requestShiftSwap.id, status: 'PENDING', targetEmployee: { id: id.kim, firstName: 'Kim' } },
    });
    expect(waiting.subject).toContain('hands over the shift');
    // Not in the requester's own inbox, nor another tenant's.
    expect((await ok(q<Inbox>(INBOX, {}, tok.max))).myApprovals.totalCount).toBe(0);
    expect((await ok(q<Inbox>(INBOX, {}, tok.other))).myApprovals.totalCount).toBe(0);

    const decided = await ok(
      q<{ approveShiftSwaps: { status: string; shift: { employee: { firstName: string } } }[] }>(
        'mutation ($ids: [ID!]!) { approveShiftSwaps(ids: $ids) { status shift { employee { firstName } } } }',
        { ids: [waiting.swap!.id] },
        tok.lea,
      ),
    );
    expect(decided.approveShiftSwaps).toEqual([
      { status: 'APPROVED', shift: { employee: { firstName: 'Kim' } } },
    ]);
    await eventually(async () => {
      const inbox = (await ok(q<Inbox>(INBOX, {}, tok.lea))).myApprovals;
      return !inbox.edges.some((e) => e.node.subjectId === requestShiftSwap.id);
    });
    const rota = await ok(
      q<{ schedule: { rows: { employee: { firstName: string }; paidHours: string }[] } }>(
        'query ($d: ID!, $f: Date!, $t: Date!) { schedule(departmentId: $d, from: $f, to: $t) { rows { employee { firstName } paidHours } } }',
        { d: id.store, f: day(9), t: day(11) },
        tok.lea,
      ),
    );
    expect(rota.schedule.rows).toEqual([{ employee: { firstName: 'Kim' }, paidHours: '7.50' }]);
  }, 60_000);

  it('a clock-in records the client address the gateway saw', async () => {
    const { clockIn } = await eventually(async () => {
      const r = await q<{ clockIn: { clockInIp: string | null; employee: { firstName: string } } }>(
        'mutation { clockIn(input: { note: "Front desk" }) { clockInIp employee { firstName } } }',
        {},
        tok.kim,
      );
      return r.data ?? undefined;
    });
    expect(clockIn.employee.firstName).toBe('Kim');
    expect(clockIn.clockInIp).toMatch(/127\.0\.0\.1|::1/);
    const again = await q('mutation { clockIn { id } }', {}, tok.kim);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const out = await ok(
      q<{ clockOut: { clockOut: string } }>('mutation { clockOut { clockOut } }', {}, tok.kim),
    );
    expect(out.clockOut.clockOut).toBeTruthy();
  }, 60_000);
});
