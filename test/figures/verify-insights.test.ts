import { withTenant } from '@wg/db';
import { employeeMonths } from '@wg/db/insights';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForQuiescence } from '../../scripts/seed/settle';
import { verifyTenant } from '../../scripts/verify-insights';
import { createTenantWithLogins, startTestPlatform } from '../harness';

/*
 * `pnpm insights:verify`: a consistent tenant (written through the gateway and left to settle)
 * verifies with zero differences; a corrupted projection row is reported figure by figure.
 */

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let tenantId: string;
let token: string;
const ids: Record<string, string> = {};

async function gql<T>(q: string, variables: Record<string, unknown>): Promise<T> {
  const res = await platform.query<T>(q, variables, token);
  if (res.errors?.length || !res.data) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

beforeAll(async () => {
  platform = await startTestPlatform();
  ({ tenantId, adminToken: token } = await createTenantWithLogins(platform, 'verify'));
  for (const name of ['Eng', 'Ops']) {
    const r = await gql<{ createDepartment: { id: string } }>(
      'mutation ($i: CreateDepartmentInput!) { createDepartment(input: $i) { id } }',
      { i: { name } },
    );
    ids[name] = r.createDepartment.id;
  }
  for (const [name, hireDate] of [
    ['ann', '2026-01-05'],
    ['ben', '2026-02-16'],
  ] as const) {
    const r = await gql<{ hireEmployee: { id: string } }>(
      'mutation ($i: CreateEmployeeInput!) { hireEmployee(input: $i) { id } }',
      {
        i: {
          firstName: name,
          lastName: 'V',
          workEmail: `${name}@verify.test`,
          hireDate,
          departmentId: ids.Eng,
        },
      },
    );
    ids[name] = r.hireEmployee.id;
  }
  await waitForQuiescence(platform.database);
  const p = await gql<{ createProject: { id: string } }>(
    'mutation ($i: CreateProjectInput!) { createProject(input: $i) { id } }',
    { i: { name: 'Atlas', code: 'VATLAS', departmentId: ids.Eng } },
  );
  ids.atlas = p.createProject.id;
  await waitForQuiescence(platform.database);
  for (const [who, salary, from] of [
    ['ann', '96000.00', '2026-01-01'],
    ['ben', '84000.00', '2026-02-16'],
    ['ann', '108000.00', '2026-05-01'],
  ] as const) {
    await gql('mutation ($i: SetCompensationInput!) { setCompensation(input: $i) { id } }', {
      i: {
        employeeId: ids[who],
        baseSalary: salary,
        currency: 'USD',
        payFrequency: 'ANNUAL',
        effectiveFrom: from,
      },
    });
  }
  await gql(
    'mutation ($i: SetProjectBillingRateInput!) { setProjectBillingRate(input: $i) { effectiveFrom } }',
    { i: { projectId: ids.atlas, hourlyRate: '150.00', currency: 'USD', effectiveFrom: '2026-01-01' } },
  );
  const lines: string[] = [];
  for (const [who, date, hours] of [
    ['ann', '2026-03-03', '7.50'],
    ['ann', '2026-06-10', '8.00'],
    ['ben', '2026-03-20', '6.25'],
    ['ben', '2026-04-07', '4.00'],
  ] as const) {
    const r = await gql<{ logTime: { id: string } }>(
      'mutation ($i: LogTimeInput!) { logTime(input: $i) { id } }',
      {
        i: { employeeId: ids[who], projectId: ids.atlas, date, hours },
      },
    );
    lines.push(r.logTime.id);
  }
  await gql('mutation ($ids: [ID!]!) { rejectTimesheetEntries(reason: "no", ids: $ids) { id } }', {
    ids: [lines[3]],
  });
  // Ben moves to Ops from 1 April (recorded after his March line, which stays in Eng).
  await gql(
    'mutation ($id: ID!, $i: TransferEmployeeInput!) { transferEmployee(id: $id, input: $i) { id } }',
    {
      id: ids.ben,
      i: { departmentId: ids.Ops, effectiveDate: '2026-04-01' },
    },
  );
  await waitForQuiescence(platform.database);
}, 180_000);

afterAll(async () => {
  await platform?.stop();
});

describe('pnpm insights:verify', () => {
  it('reports zero differences on a consistent tenant, each difference after a corruption', async () => {
    const clean = await verifyTenant(platform.database, tenantId);
    expect(clean.differences).toEqual([]);
    // company + 2 departments + 2 employees (5 figures each, the company also its currency) + 1 project (6).
    expect(clean.compared).toBe(1 + 5 * 5 + 6);

    // Corrupt one projection row: Ann's March revenue gains 10.00.
    await withTenant(platform.database, { tenantId }, (tx) =>
      tx
        .update(employeeMonths)
        .set({ revenue: sql`${employeeMonths.revenue} + 10` })
        .where(eq(employeeMonths.employeeId, ids.ann!)),
    );
    const broken = await verifyTenant(platform.database, tenantId);
    // 7.50 h + 8.00 h at 150.00 = 2325.00 (Ann; two months, so +20); the company adds Ben's 6.25 h.
    // The department reads employee_months for Ann's whole months: Eng moves too; the project
    // reads labor_facts and does not.
    expect(
      broken.differences.filter((d) => d.figure === 'revenue').map((d) => [d.key, d.expected, d.actual]),
    ).toEqual([
      ['company', '3262.50', '3282.50'],
      [`department:${ids.Eng}`, '3262.50', '3282.50'],
      [`employee:${ids.ann}`, '2325.00', '2345.00'],
    ]);
    expect(broken.differences.every((d) => ['revenue', 'roi'].includes(d.figure))).toBe(true);

    await withTenant(platform.database, { tenantId }, (tx) =>
      tx
        .update(employeeMonths)
        .set({ revenue: sql`${employeeMonths.revenue} - 10` })
        .where(eq(employeeMonths.employeeId, ids.ann!)),
    );
    expect((await verifyTenant(platform.database, tenantId)).differences).toEqual([]);
  });
});
