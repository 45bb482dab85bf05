import { withTenant } from '@wg/db';
import * as tables from '@wg/db/security';
import { verifyAccessToken } from '@wg/runtime';
import { codeOf, fieldsOf, identityFor, newId } from '@wg/runtime/testing';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, newTenant, newUser, PASSWORD, startSecurity } from '../testing';
import { covers, isPermission } from './permission';

const { roles, roleAssignments } = tables;

const CREATE = /* GraphQL */ `mutation ($i: RoleInput!) { createRole(input: $i) { id name builtIn permissions description } }`;
const UPDATE = /* GraphQL */ `mutation ($id: ID!, $i: RoleInput!) { updateRole(id: $id, input: $i) { id permissions } }`;
const DELETE = /* GraphQL */ `mutation ($id: ID!) { deleteRole(id: $id) }`;
const ASSIGN = /* GraphQL */ `mutation ($i: AssignRoleInput!) { assignRole(input: $i) { id roleName expiresAt } }`;
const REVOKE = /* GraphQL */ `mutation ($id: ID!) { revokeRoleAssignment(id: $id) { id revokedAt } }`;
const ROLES = /* GraphQL */ `{ roles(first: 100) { edges { node { id name builtIn permissions } } } }`;
const PAGE = /* GraphQL */ `query ($first: Int, $after: String) { roles(first: $first, after: $after) { totalCount edges { cursor node { name builtIn } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
type RoleList = { roles: { edges: { node: { id: string; name: string; builtIn: boolean } }[] } };
const nodes = (list: { data?: RoleList | null }) => list.data!.roles.edges.map((e) => e.node);
const EFFECTIVE = /* GraphQL */ `query ($u: ID!) { effectivePermissions(userId: $u) { name resource action scope } }`;
const CHECK = /* GraphQL */ `query ($p: String!) { checkPermission(permission: $p) }`;
const LOGIN = /* GraphQL */ `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`;

let env: Awaited<ReturnType<typeof startSecurity>>;
let acme: string;
let globex: string;
const admin = () => identityFor(acme, ['admin']);

beforeAll(async () => {
  env = await startSecurity();
  acme = await newTenant(env.db, 'acme');
  globex = await newTenant(env.db, 'globex');
});
afterAll(async () => env?.stop());

const roleCount = async (tenantId: string) =>
  (await withTenant(env.db, { tenantId }, (tx) => tx.select({ n: count() }).from(roles)))[0]!.n;
const effective = async (userId: string) =>
  (
    await env.security.call<{ effectivePermissions: { name: string }[] }>(EFFECTIVE, { u: userId }, admin())
  ).data!.effectivePermissions.map((p) => p.name);

describe('permission grammar', () => {
  it('accepts resource:action:scope and wildcards, nothing else', () => {
    for (const p of ['employee:read:own', '*:*:all', 'job_posting:*:team'])
      expect(isPermission(p)).toBe(true);
    for (const p of ['employee:read', 'employee:read:everyone', 'Employee:read:all', 'a:b:c:d', ''])
      expect(isPermission(p)).toBe(false);
    expect(covers('employee:*:all', 'employee:read:team')).toBe(true);
    expect(covers('employee:read:team', 'employee:read:all')).toBe(false);
    expect(covers('employee:read:all', '*:read:all')).toBe(false);
  });
});

describe('custom roles', () => {
  it('lists built-ins and custom roles; a custom role grants its permissions through an assignment', async () => {
    const created = await env.security.call<{ createRole: { id: string; builtIn: boolean } }>(
      CREATE,
      {
        i: {
          name: 'payroll_clerk',
          description: 'Runs payroll',
          permissions: ['compensation:read:all', 'payroll:*:all'],
        },
      },
      admin(),
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createRole.builtIn).toBe(false);
    const list = await env.security.call<RoleList>(ROLES, {}, admin());
    expect(
      nodes(list)
        .filter((r) => r.builtIn)
        .map((r) => r.name),
    ).toEqual([
      'super_admin',
      'admin',
      'hr_manager',
      'department_head',
      'manager',
      'recruiter',
      'analyst',
      'employee',
      'viewer',
    ]);
    expect(nodes(list).at(-1)).toMatchObject({ name: 'payroll_clerk', builtIn: false });

    const user = await newUser(env.db, acme, ['viewer']);
    const assigned = await env.security.call(
      ASSIGN,
      { i: { userId: user.id, roleName: 'payroll_clerk' } },
      admin(),
    );
    expect(assigned.errors).toBeUndefined();
    expect(await effective(user.id)).toEqual(
      expect.arrayContaining(['payroll:*:all', 'compensation:read:all', 'employee:read:all']),
    );
    // The access token carries them (the gateway builds the Identity from it).
    const token = (
      await env.security.call<{ login: { accessToken: string } }>(
        LOGIN,
        { e: user.email, p: PASSWORD },
        ANONYMOUS,
      )
    ).data!.login.accessToken;
    const identity = await verifyAccessToken(token);
    expect(identity.roles).toEqual(['payroll_clerk', 'viewer']);
    expect(identity.permissions).toContain('payroll:*:all');
    const check = await env.security.call<{ checkPermission: boolean }>(
      CHECK,
      { p: 'payroll:run:team' },
      identity,
    );
    expect(check.data!.checkPermission).toBe(true);
    const no = await env.security.call<{ checkPermission: boolean }>(
      CHECK,
      { p: 'project:update:all' },
      identity,
    );
    expect(no.data!.checkPermission).toBe(false);
    const bad = await env.security.call(CHECK, { p: 'project:update' }, identity);
    expect(fieldsOf(bad.errors![0])).toEqual(['permission']);

    // Editing the role changes what it grants; deleting it revokes the assignment.
    const id = created.data!.createRole.id;
    await env.security.call(
      UPDATE,
      { id, i: { name: 'payroll_clerk', permissions: ['payroll:read:all'] } },
      admin(),
    );
    expect(await effective(user.id)).not.toContain('payroll:*:all');
    expect(await effective(user.id)).toContain('payroll:read:all');
    expect((await env.security.call<{ deleteRole: boolean }>(DELETE, { id }, admin())).data!.deleteRole).toBe(
      true,
    );
    expect(await effective(user.id)).not.toContain('payroll:read:all');
  });

  it('names every bad field, refuses escalation and platform permissions, writes nothing', async () => {
    const before = await roleCount(acme);
    const bad = await env.security.call(
      CREATE,
      { i: { name: 'Bad Name', permissions: ['x', 'tenant:create:all'] } },
      admin(),
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(bad.errors![0])).toEqual(['input.name', 'input.permissions.0', 'input.permissions.1']);
    const builtInName = await env.security.call(
      CREATE,
      { i: { name: 'admin', permissions: ['employee:read:all'] } },
      admin(),
    );
    expect(fieldsOf(builtInName.errors![0])).toEqual(['input.name']);
    const hr = identityFor(acme, ['hr_manager'], { permissions: ['role:*:all', 'employee:*:all'] });
    const escalate = await env.security.call(
      CREATE,
      { i: { name: 'sneaky', permissions: ['employee:read:all', '*:*:all'] } },
      hr,
    );
    expect(fieldsOf(escalate.errors![0])).toEqual(['input.permissions.1']);
    await env.security.call(
      CREATE,
      { i: { name: 'dupe_role', permissions: ['employee:read:all'] } },
      admin(),
    );
    const dupe = await env.security.call(
      CREATE,
      { i: { name: 'dupe_role', permissions: ['employee:read:all'] } },
      admin(),
    );
    expect(fieldsOf(dupe.errors![0])).toEqual(['input.name']);
    expect(await roleCount(acme)).toBe(before + 1);
  });

  it('protects built-in roles, hides other tenants’ roles, and needs role permissions', async () => {
    expect(
      codeOf(
        await env.security.call(
          UPDATE,
          { id: 'builtin:admin', i: { name: 'admin', permissions: ['employee:read:all'] } },
          admin(),
        ),
      ),
    ).toBe('CONFLICT');
    expect(codeOf(await env.security.call(DELETE, { id: 'builtin:viewer' }, admin()))).toBe('CONFLICT');
    const theirs = await env.security.call<{ createRole: { id: string } }>(
      CREATE,
      { i: { name: 'globex_only', permissions: ['employee:read:all'] } },
      identityFor(globex, ['admin']),
    );
    const id = theirs.data!.createRole.id;
    expect(
      codeOf(
        await env.security.call(
          UPDATE,
          { id, i: { name: 'globex_only', permissions: ['employee:read:all'] } },
          admin(),
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(codeOf(await env.security.call(DELETE, { id }, admin()))).toBe('NOT_FOUND');
    const list = await env.security.call<RoleList>(ROLES, {}, admin());
    expect(nodes(list).map((r) => r.name)).not.toContain('globex_only');
    expect(
      codeOf(
        await env.security.call(
          CREATE,
          { i: { name: 'nope_role', permissions: ['employee:read:all'] } },
          identityFor(acme, ['hr_manager']),
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(codeOf(await env.security.call(ROLES, {}, identityFor(acme, ['employee'])))).toBe('FORBIDDEN');
  });
});

describe('roles connection', () => {
  it('pages built-ins first, then custom roles by name, across the boundary without gaps or repeats', async () => {
    const tenant = await newTenant(env.db, 'paging');
    const hr = identityFor(tenant, ['admin']);
    for (const name of ['zeta_role', 'alpha_role', 'mid_role']) {
      const made = await env.security.call(CREATE, { i: { name, permissions: ['employee:read:all'] } }, hr);
      expect(made.errors).toBeUndefined();
    }
    type Page = {
      roles: {
        totalCount: number;
        edges: { cursor: string; node: { name: string; builtIn: boolean } }[];
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
      };
    };
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res: { data?: Page | null; errors?: unknown } = await env.security.call<Page>(
        PAGE,
        { first: 4, after },
        hr,
      );
      expect(res.errors).toBeUndefined();
      const page = res.data!.roles;
      expect(page.totalCount).toBe(12); // nine built-ins + three custom
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...page.edges.map((e) => e.node.name));
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen.slice(0, 9)).toEqual([
      'super_admin',
      'admin',
      'hr_manager',
      'department_head',
      'manager',
      'recruiter',
      'analyst',
      'employee',
      'viewer',
    ]);
    expect(seen.slice(9)).toEqual(['alpha_role', 'mid_role', 'zeta_role']);
    // Over the limit and a forged cursor are BAD_USER_INPUT naming the argument.
    expect(fieldsOf((await env.security.call(PAGE, { first: 101 }, hr)).errors?.[0])).toContain('first');
    const forged = Buffer.from('c:builtin:nobody').toString('base64url');
    expect(fieldsOf((await env.security.call(PAGE, { first: 2, after: forged }, hr)).errors?.[0])).toContain(
      'after',
    );
  });
});

describe('role assignments', () => {
  it('an expired assignment no longer grants', async () => {
    const user = await newUser(env.db, acme, ['viewer']);
    const res = await env.security.call<{ assignRole: { id: string } }>(
      ASSIGN,
      {
        i: {
          userId: user.id,
          roleName: 'hr_manager',
          expiresAt: new Date(Date.now() + 3600_000).toISOString(),
        },
      },
      admin(),
    );
    expect(res.errors).toBeUndefined();
    expect(await effective(user.id)).toContain('compensation:*:all');
    await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx
        .update(roleAssignments)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(roleAssignments.id, res.data!.assignRole.id)),
    );
    expect(await effective(user.id)).not.toContain('compensation:*:all');
    const token = (
      await env.security.call<{ login: { accessToken: string } }>(
        LOGIN,
        { e: user.email, p: PASSWORD },
        ANONYMOUS,
      )
    ).data!.login.accessToken;
    expect((await verifyAccessToken(token)).roles).toEqual(['viewer']);
  });

  it('revokes, validates, refuses escalation and other tenants’ users', async () => {
    const user = await newUser(env.db, acme, ['viewer']);
    const a = await env.security.call<{ assignRole: { id: string } }>(
      ASSIGN,
      { i: { userId: user.id, roleName: 'analyst' } },
      admin(),
    );
    const revoked = await env.security.call(REVOKE, { id: a.data!.assignRole.id }, admin());
    expect(revoked.errors).toBeUndefined();
    expect(await effective(user.id)).not.toContain('financials:read:all');
    expect(codeOf(await env.security.call(REVOKE, { id: a.data!.assignRole.id }, admin()))).toBe('CONFLICT');
    const other = await env.security.call<{ assignRole: { id: string } }>(
      ASSIGN,
      { i: { userId: user.id, roleName: 'viewer' } },
      admin(),
    );
    expect(
      codeOf(
        await env.security.call(REVOKE, { id: other.data!.assignRole.id }, identityFor(acme, ['hr_manager'])),
      ),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(
        await env.security.call(REVOKE, { id: other.data!.assignRole.id }, identityFor(globex, ['admin'])),
      ),
    ).toBe('NOT_FOUND');
    expect(
      (await env.security.call(REVOKE, { id: other.data!.assignRole.id }, admin())).errors,
    ).toBeUndefined();

    const bad = await env.security.call(
      ASSIGN,
      { i: { userId: user.id, roleName: 'wizard', expiresAt: '2001-01-01T00:00:00Z' } },
      admin(),
    );
    expect(fieldsOf(bad.errors![0])).toEqual(['input.expiresAt', 'input.roleName']);
    const manager = identityFor(acme, ['manager'], {
      permissions: ['role:assign:all', 'employee:read:team'],
    });
    const escalate = await env.security.call(ASSIGN, { i: { userId: user.id, roleName: 'admin' } }, manager);
    expect(fieldsOf(escalate.errors![0])).toEqual(['input.roleName']);
    // A tenant admin's *:*:all does not cover platform permissions: no minting super-admins.
    const mint = await env.security.call(
      ASSIGN,
      { i: { userId: user.id, roleName: 'super_admin' } },
      admin(),
    );
    expect(fieldsOf(mint.errors![0])).toEqual(['input.roleName']);
    const foreign = await newUser(env.db, globex);
    expect(
      codeOf(await env.security.call(ASSIGN, { i: { userId: foreign.id, roleName: 'viewer' } }, admin())),
    ).toBe('NOT_FOUND');
    expect(
      codeOf(
        await env.security.call(
          ASSIGN,
          { i: { userId: user.id, roleName: 'viewer' } },
          identityFor(acme, ['hr_manager']),
        ),
      ),
    ).toBe('FORBIDDEN');
    const n = await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx.select().from(roleAssignments).where(eq(roleAssignments.userId, user.id)),
    );
    expect(n).toHaveLength(2);
  });

  it('effectivePermissions: your own always, others with user:read:all, other tenants NOT_FOUND', async () => {
    const user = await newUser(env.db, acme, ['employee']);
    const self = identityFor(acme, ['employee'], { userId: user.id });
    expect((await env.security.call(EFFECTIVE, { u: user.id }, self)).errors).toBeUndefined();
    const other = await newUser(env.db, acme);
    expect(codeOf(await env.security.call(EFFECTIVE, { u: other.id }, self))).toBe('FORBIDDEN');
    expect(
      (await env.security.call(EFFECTIVE, { u: other.id }, identityFor(acme, ['hr_manager']))).errors,
    ).toBeUndefined();
    const foreign = await newUser(env.db, globex);
    expect(codeOf(await env.security.call(EFFECTIVE, { u: foreign.id }, admin()))).toBe('NOT_FOUND');
    expect(codeOf(await env.security.call(EFFECTIVE, { u: newId() }, admin()))).toBe('NOT_FOUND');
  });
});
