import { withTenant } from '@wg/db';
import { userService } from '@wg/security';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithLogins, startTestPlatform } from '../harness';

/**
 * The people main flow through the gateway: HR hires (with encrypted sensitive data), employees
 * see the directory and their own record, managers their line; transfer / promotion / leave /
 * termination build the history; typo-tolerant search; CSV import; export and erasure.
 */
let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let acme: Awaited<ReturnType<typeof createTenantWithLogins>>;
let globex: Awaited<ReturnType<typeof createTenantWithLogins>>;
const ids: Record<string, string> = {};
let managerToken: string;

function ok<T>(res: { data?: T | null; errors?: unknown[] }): T {
  expect(res.errors).toBeUndefined();
  return res.data as T;
}

const HIRE = /* GraphQL */ `
  mutation ($input: CreateEmployeeInput!) { hireEmployee(input: $input) { id employeeNumber } }
`;

async function login(tenantId: string, email: string, roles: string[], employeeId: string) {
  await userService.createWithPassword(platform.database, {
    tenantId,
    email,
    displayName: email,
    password: 'correct horse battery',
    roles,
    employeeId,
  });
  const res = await platform.query<{ login: { accessToken: string } }>(
    /* GraphQL */ `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`,
    { e: email, p: 'correct horse battery' },
  );
  return ok(res).login.accessToken;
}

async function hire(input: Record<string, unknown>) {
  return ok(
    await platform.query<{ hireEmployee: { id: string } }>(
      HIRE,
      { input: { hireDate: '2022-01-03', departmentId: ids.eng, ...input } },
      acme.adminToken,
    ),
  ).hireEmployee.id;
}

/**
 * Ada, John Smith's report with a national id, hired afresh for each test that reads or changes
 * her record (so the tests pass alone and in any order); `withLogin` adds her employee login.
 */
async function newMember(tag: string, withLogin = false) {
  const id = await hire({
    firstName: 'Ada',
    lastName: 'Byron',
    workEmail: `ada.${tag}@acme.test`,
    managerId: ids.boss,
    nationalId: '123-45-6789',
    phone: '+1 555 0101',
  });
  const token = withLogin ? await login(acme.tenantId, `ada.${tag}.login@acme.test`, ['employee'], id) : '';
  return { id, token };
}

beforeAll(async () => {
  platform = await startTestPlatform();
  acme = await createTenantWithLogins(platform, 'acme');
  globex = await createTenantWithLogins(platform, 'globex');
  const q = platform.query;
  const dept = async (name: string, token = acme.adminToken) =>
    ok(
      await q<{ createDepartment: { id: string } }>(
        `mutation ($n: String!) { createDepartment(input: { name: $n }) { id } }`,
        { n: name },
        token,
      ),
    ).createDepartment.id;
  ids.eng = await dept('Engineering');
  ids.sales = await dept('Sales');
  ids.globexDept = await dept('Globex Engineering', globex.adminToken);
  ids.boss = await hire({
    firstName: 'John',
    lastName: 'Smith',
    workEmail: 'john.smith@acme.test',
    phone: '+1 555 0100',
  });
  ids.colleague = await hire({
    firstName: 'Cy',
    lastName: 'Other',
    workEmail: 'cy@acme.test',
    phone: '+1 555 0102',
  });
  managerToken = await login(acme.tenantId, 'john.login@acme.test', ['manager'], ids.boss);
});

afterAll(async () => {
  await platform?.stop();
});

const READ = /* GraphQL */ `query ($id: ID!) { employee(id: $id) { id displayName workEmail department { name } manager { displayName } phone status nationalId } }`;

describe('people through the gateway', () => {
  it('applies field permissions: directory for colleagues, own record in full, masked SSN', async () => {
    const member = await newMember('perm', true);
    const q = platform.query;
    const colleague = ok(
      await q<{ employee: Record<string, unknown> }>(READ, { id: ids.colleague }, member.token),
    ).employee;
    expect(colleague).toMatchObject({
      displayName: 'Cy Other',
      workEmail: 'cy@acme.test',
      phone: null,
      status: null,
    });
    const own = ok(
      await q<{ employee: Record<string, unknown> }>(READ, { id: member.id }, member.token),
    ).employee;
    expect(own).toMatchObject({
      phone: '+1 555 0101',
      status: 'ACTIVE',
      manager: { displayName: 'John Smith' },
      nationalId: '123-45-6789',
    });
    const viaManager = ok(
      await q<{ employee: Record<string, unknown> }>(READ, { id: member.id }, managerToken),
    ).employee;
    expect(viaManager).toMatchObject({ phone: '+1 555 0101', nationalId: '***-**-6789' });
    const admin = ok(
      await q<{ employee: Record<string, unknown> }>(READ, { id: member.id }, acme.adminToken),
    ).employee;
    expect(admin.nationalId).toBe('123-45-6789');
    // Another tenant sees nothing.
    expect(
      ok(await q<{ employee: unknown }>(READ, { id: member.id }, globex.adminToken)).employee,
    ).toBeNull();
  });

  it('lets an employee update their own contact details, nothing else', async () => {
    const member = await newMember('update', true);
    const q = platform.query;
    const UPDATE = /* GraphQL */ `mutation ($id: ID!, $input: UpdateEmployeeInput!) { updateEmployee(id: $id, input: $input) { phone } }`;
    expect(ok(await q(UPDATE, { id: member.id, input: { phone: '+1 555 0199' } }, member.token))).toEqual({
      updateEmployee: { phone: '+1 555 0199' },
    });
    const denied = await q(UPDATE, { id: ids.colleague, input: { phone: '+1 555 0000' } }, member.token);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('records the lifecycle as effective-dated history and rejects the bad cases', async () => {
    const member = await newMember('lifecycle');
    const q = platform.query;
    const m = (name: string, input: Record<string, unknown>, id = member.id, token = acme.adminToken) =>
      q<Record<string, { history: { kind: string }[] }>>(
        `mutation ($id: ID!, $input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(id: $id, input: $input) { history { kind effectiveDate } } }`,
        { id, input },
        token,
      );
    ok(await m('transferEmployee', { departmentId: ids.sales, effectiveDate: '2023-01-01' }));
    ok(await m('promoteEmployee', { jobTitle: 'Senior Engineer', effectiveDate: '2023-06-01' }));
    ok(await m('startLeave', { effectiveDate: '2024-01-01' }));
    ok(await m('returnFromLeave', { effectiveDate: '2024-04-01' }));
    // Manager cycle: the boss cannot report to his own report.
    const cycle = await m(
      'transferEmployee',
      { managerId: member.id, effectiveDate: '2024-05-01' },
      ids.boss,
    );
    expect(cycle.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.managerId' }],
    });
    // Another tenant's department.
    const foreign = await m('transferEmployee', {
      departmentId: ids.globexDept,
      effectiveDate: '2024-05-01',
    });
    expect(foreign.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.departmentId' }],
    });
    // Termination before the hire date.
    const early = await m('terminateEmployee', { terminationDate: '2021-12-31', reason: 'x' });
    expect(early.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.terminationDate' }],
    });
    // Managers cannot terminate; other tenants cannot see the employee.
    expect(
      (await m('terminateEmployee', { terminationDate: '2024-12-31', reason: 'x' }, member.id, managerToken))
        .errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await m(
          'terminateEmployee',
          { terminationDate: '2024-12-31', reason: 'x' },
          member.id,
          globex.adminToken,
        )
      ).errors?.[0]?.extensions?.code,
    ).toBe('NOT_FOUND');
    const done = ok(await m('terminateEmployee', { terminationDate: '2024-12-31', reason: 'Resigned' }));
    expect(done.terminateEmployee!.history.map((h) => h.kind)).toEqual([
      'HIRE',
      'TRANSFER',
      'PROMOTION',
      'LEAVE',
      'RETURN',
      'TERMINATION',
    ]);
    const events = await withTenant(platform.database, { tenantId: acme.tenantId }, (tx) =>
      tx.execute(sql`select type from people.outbox where aggregate_id = ${member.id} order by seq`),
    );
    const types = (Array.isArray(events) ? events : (events as { rows: { type: string }[] }).rows).map(
      (r) => (r as { type: string }).type,
    );
    expect(types).toEqual(
      expect.arrayContaining([
        'people.employee.transferred',
        'people.employee.promoted',
        'people.employee.terminated',
      ]),
    );
  });

  it('finds "Jhon Smtih" first, and imports a CSV all-or-nothing', async () => {
    const member = await newMember('search', true);
    const q = platform.query;
    const search = ok(
      await q<{ employees: { edges: { node: { displayName: string } }[] } }>(
        `{ employees(filter: { search: "Jhon Smtih" }) { edges { node { displayName } } } }`,
        {},
        member.token,
      ),
    );
    expect(search.employees.edges[0]!.node.displayName).toBe('John Smith');
    const IMPORT = /* GraphQL */ `mutation ($csv: String!) { importEmployees(csv: $csv) { created errors { line field message } } }`;
    const bad = ok(
      await q<{ importEmployees: { created: number; errors: { line: number; field: string }[] } }>(
        IMPORT,
        {
          csv: 'firstName,lastName,workEmail,hireDate,department,managerEmail\nEve,Late,eve@acme.test,2024-01-01,Sales,zed@acme.test\nZed,Later,zed@acme.test,2024-01-01,Nowhere,',
        },
        acme.adminToken,
      ),
    );
    expect(bad.importEmployees).toEqual({
      created: 0,
      errors: [{ line: 3, field: 'department', message: 'Unknown department "Nowhere"' }],
    });
    const good = ok(
      await q<{ importEmployees: { created: number } }>(
        IMPORT,
        {
          csv: 'firstName,lastName,workEmail,hireDate,department,managerEmail\nEve,Late,eve@acme.test,2024-01-01,Sales,zed@acme.test\nZed,Later,zed@acme.test,2024-01-01,Sales,john.smith@acme.test',
        },
        acme.adminToken,
      ),
    );
    expect(good.importEmployees.created).toBe(2);
  });

  it('exports and erases personal data', async () => {
    const q = platform.query;
    const member = await newMember('erase');
    const ERASE = /* GraphQL */ `mutation ($id: ID!) { eraseEmployee(id: $id) { firstName workEmail nationalId history { kind } } }`;
    // Erasure comes after the employment ends.
    const early = await q(ERASE, { id: member.id }, acme.adminToken);
    expect(early.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    ok(
      await q(
        `mutation ($id: ID!, $input: TerminateEmployeeInput!) { terminateEmployee(id: $id, input: $input) { id } }`,
        { id: member.id, input: { terminationDate: '2024-12-31', reason: 'Resigned' } },
        acme.adminToken,
      ),
    );
    const exported = ok(
      await q<{ exportEmployeeData: { employee: Record<string, unknown> } }>(
        `query ($id: ID!) { exportEmployeeData(id: $id) }`,
        { id: member.id },
        acme.adminToken,
      ),
    );
    expect(exported.exportEmployeeData.employee).toMatchObject({
      workEmail: 'ada.erase@acme.test',
      nationalId: '123-45-6789',
    });
    const erased = ok(
      await q<{ eraseEmployee: Record<string, unknown> }>(ERASE, { id: member.id }, acme.adminToken),
    );
    expect(erased.eraseEmployee).toMatchObject({ firstName: 'Erased', nationalId: null });
    // The employment history stays (kinds only: it holds no personal data).
    expect((erased.eraseEmployee.history as { kind: string }[]).map((h) => h.kind)).toEqual([
      'HIRE',
      'TERMINATION',
    ]);
  });
});
