import { randomUUID } from 'node:crypto';
import { withTenant } from '@wg/db';
import { users } from '@wg/db/security';
import { eventually, fieldsOf } from '@wg/runtime/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithLogins, startTestPlatform } from '../harness';
import type { TestPlatform } from './helpers';

/**
 * setUserEmployee / inviteUser (issue 9 item 11): an employee id is accepted only when security
 * has heard of that employee from people's events, in the caller's own tenant — so another
 * tenant's employee id, or a made-up one, is BAD_USER_INPUT and never ends up in a token (`emp`).
 */
let platform: TestPlatform;
let acme: Awaited<ReturnType<typeof createTenantWithLogins>>;
let globex: Awaited<ReturnType<typeof createTenantWithLogins>>;
let acmeEmployee: string;
let globexEmployee: string;

const LINK = /* GraphQL */ `mutation ($id: ID!, $e: ID) { setUserEmployee(id: $id, employeeId: $e) { id employee { id } } }`;
const INVITE = /* GraphQL */ `mutation ($i: InviteUserInput!) { inviteUser(input: $i) { id employee { id } } }`;
const USERS = /* GraphQL */ `{ users(first: 50) { edges { node { id email } } } }`;
type Users = { users: { edges: { node: { id: string; email: string } }[] } };
const viewerOf = (data: Users) =>
  data.users.edges.map((e) => e.node).find((u) => u.email.startsWith('viewer@'))!;

async function hire(token: string, slug: string): Promise<string> {
  const dept = await platform.query<{ createDepartment: { id: string } }>(
    'mutation { createDepartment(input: { name: "Ops" }) { id } }',
    {},
    token,
  );
  const res = await platform.query<{ createEmployee: { id: string } }>(
    `mutation ($d: ID!, $m: String!) { createEmployee(input: { firstName: "Em", lastName: "Ployee", workEmail: $m, hireDate: "2024-01-01", departmentId: $d }) { id } }`,
    { d: dept.data!.createDepartment.id, m: `em-${randomUUID().slice(0, 6)}@${slug}.test` },
    token,
  );
  return res.data!.createEmployee.id;
}

let viewerId: string;

beforeAll(async () => {
  platform = await startTestPlatform();
  acme = await createTenantWithLogins(platform, 'acme');
  globex = await createTenantWithLogins(platform, 'globex');
  acmeEmployee = await hire(acme.adminToken, 'acme');
  globexEmployee = await hire(globex.adminToken, 'globex');
  const list = await platform.query<Users>(USERS, {}, acme.adminToken);
  viewerId = viewerOf(list.data!).id;
});
afterAll(async () => platform?.stop());

const employeeOf = async (tenantId: string, userId: string) =>
  (
    await withTenant(platform.database, { tenantId }, (tx) =>
      tx.select({ employeeId: users.employeeId }).from(users).where(eq(users.id, userId)),
    )
  )[0]?.employeeId ?? null;

describe('linking users to employees', () => {
  it('links an employee of the same tenant once security has heard of it from people', async () => {
    // The refs consumer applies people.employee.created asynchronously.
    const linked = await eventually(async () => {
      const r = await platform.query<{ setUserEmployee: { employee: { id: string } } }>(
        LINK,
        { id: viewerId, e: acmeEmployee },
        acme.adminToken,
      );
      return r.data?.setUserEmployee;
    });
    expect(linked.employee).toEqual({ id: acmeEmployee });
    await platform.query(LINK, { id: viewerId, e: null }, acme.adminToken);
  });

  it('refuses another tenant’s employee and a made-up id with BAD_USER_INPUT, writing nothing', async () => {
    // Wait until globex's employee is known to security, so the refusal below is about the tenant.
    await eventually(async () => {
      const list = await platform.query<Users>(USERS, {}, globex.adminToken);
      const viewer = viewerOf(list.data!);
      const r = await platform.query<{ setUserEmployee: { id: string } }>(
        LINK,
        { id: viewer.id, e: globexEmployee },
        globex.adminToken,
      );
      return r.data?.setUserEmployee;
    });
    for (const e of [globexEmployee, randomUUID()]) {
      const res = await platform.query(LINK, { id: viewerId, e }, acme.adminToken);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(fieldsOf(res)).toEqual(['employeeId']);
      expect(JSON.stringify(res)).not.toContain(globex.tenantId);
      const invite = await platform.query(
        INVITE,
        {
          i: {
            email: `new-${randomUUID().slice(0, 6)}@acme.test`,
            displayName: 'New',
            roles: [],
            employeeId: e,
          },
        },
        acme.adminToken,
      );
      expect(invite.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(fieldsOf(invite)).toEqual(['input.employeeId']);
    }
    expect(await employeeOf(acme.tenantId, viewerId)).toBeNull();
  });

  it('needs user:update (setUserEmployee) and user:create (inviteUser)', async () => {
    const link = await platform.query(LINK, { id: viewerId, e: acmeEmployee }, acme.employeeToken);
    expect(link.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const invite = await platform.query(
      INVITE,
      { i: { email: 'x@acme.test', displayName: 'X', roles: [], employeeId: acmeEmployee } },
      acme.viewerToken,
    );
    expect(invite.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await employeeOf(acme.tenantId, viewerId)).toBeNull();
  });
});
