import { randomUUID } from 'node:crypto';
import { withTenant } from '@wg/db';
import * as tables from '@wg/db/security';
import { codeOf, fieldsOf, identityFor, newId } from '@wg/runtime/testing';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTenant, startSecurity } from '../testing';

const { sessionPolicies } = tables;

const SET = /* GraphQL */ `
  mutation ($i: SessionPolicyInput!) {
    setSessionPolicy(input: $i) { id roleName maxSessionSeconds idleTimeoutSeconds mfaRequired ipAllowList }
  }
`;
const LIST = /* GraphQL */ `{ sessionPolicies { id roleName mfaRequired ipAllowList } }`;
const DELETE = /* GraphQL */ `mutation ($id: ID!) { deleteSessionPolicy(id: $id) }`;

let env: Awaited<ReturnType<typeof startSecurity>>;
let acme: string;
let globex: string;
const admin = () => identityFor(acme, ['admin']);
const from = (ip: string) => ({ ip, userAgent: 'vitest' });

beforeAll(async () => {
  env = await startSecurity();
  acme = await newTenant(env.db, 'acme');
  globex = await newTenant(env.db, 'globex');
});
afterAll(async () => env?.stop());

const policyCount = async (tenantId: string) =>
  (await withTenant(env.db, { tenantId }, (tx) => tx.select({ n: count() }).from(sessionPolicies)))[0]!.n;

describe('session policies', () => {
  it('creates and replaces the tenant-wide and per-role policies', async () => {
    const a = await env.callFrom<{ setSessionPolicy: { id: string } }>(
      from('10.0.0.5'),
      SET,
      { i: { maxSessionSeconds: 28_800, idleTimeoutSeconds: 1800, ipAllowList: ['10.0.0.0/8'] } },
      admin(),
    );
    expect(a.errors).toBeUndefined();
    const b = await env.callFrom<{ setSessionPolicy: { id: string; mfaRequired: boolean } }>(
      from('10.0.0.5'),
      SET,
      { i: { roleName: 'hr_manager', mfaRequired: true } },
      admin(),
    );
    expect(b.data!.setSessionPolicy.mfaRequired).toBe(true);
    const again = await env.callFrom<{ setSessionPolicy: { id: string; ipAllowList: string[] } }>(
      from('10.0.0.5'),
      SET,
      { i: { ipAllowList: [] } },
      admin(),
    );
    expect(again.data!.setSessionPolicy.id).toBe(a.data!.setSessionPolicy.id);
    const list = await env.security.call<{ sessionPolicies: { roleName: string | null }[] }>(
      LIST,
      {},
      admin(),
    );
    expect(list.data!.sessionPolicies.map((p) => p.roleName)).toEqual([null, 'hr_manager']);
    expect(await policyCount(acme)).toBe(2);
    expect(
      (
        await env.security.call<{ deleteSessionPolicy: boolean }>(
          DELETE,
          { id: b.data!.setSessionPolicy.id },
          admin(),
        )
      ).data!.deleteSessionPolicy,
    ).toBe(true);
  });

  it('names bad fields, refuses locking yourself out, writes nothing', async () => {
    const before = await policyCount(acme);
    const bad = await env.callFrom(
      from('10.0.0.5'),
      SET,
      {
        i: {
          roleName: 'no_such_role',
          maxSessionSeconds: 5,
          idleTimeoutSeconds: -1,
          ipAllowList: ['10.0.0.0/33', 'nope'],
        },
      },
      admin(),
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(bad.errors![0])).toEqual([
      'input.idleTimeoutSeconds',
      'input.ipAllowList.0',
      'input.ipAllowList.1',
      'input.maxSessionSeconds',
    ]);
    const unknownRole = await env.callFrom(
      from('10.0.0.5'),
      SET,
      { i: { roleName: 'no_such_role' } },
      admin(),
    );
    expect(fieldsOf(unknownRole.errors![0])).toEqual(['input.roleName']);
    const lockout = await env.callFrom(
      from('192.0.2.1'),
      SET,
      { i: { ipAllowList: ['10.0.0.0/8'] } },
      admin(),
    );
    expect(fieldsOf(lockout.errors![0])).toEqual(['input.ipAllowList']);
    expect(await policyCount(acme)).toBe(before);
  });

  it('an empty or blank roleName is BAD_USER_INPUT, never a silent tenant-wide policy', async () => {
    const before = await policyCount(acme);
    for (const roleName of ['', '   ', '\t']) {
      const res = await env.callFrom(from('10.0.0.5'), SET, { i: { roleName, mfaRequired: true } }, admin());
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(res.errors![0])).toEqual(['input.roleName']);
    }
    expect(await policyCount(acme)).toBe(before);
    // Tenant-wide is the explicit choice: roleName omitted or null.
    const explicit = await env.callFrom<{ setSessionPolicy: { roleName: string | null } }>(
      from('10.0.0.5'),
      SET,
      { i: { roleName: null, idleTimeoutSeconds: 600 } },
      admin(),
    );
    expect(explicit.data?.setSessionPolicy.roleName).toBeNull();
  });

  it('another tenant’s custom role is unknown here (cross-tenant), and nothing is written', async () => {
    const created = await env.security.call(
      /* GraphQL */ `mutation { createRole(input: { name: "globex_auditor", permissions: ["user:read:all"] }) { id } }`,
      {},
      identityFor(globex, ['admin']),
    );
    expect(created.errors).toBeUndefined();
    const before = await policyCount(acme);
    const res = await env.callFrom(
      from('10.0.0.5'),
      SET,
      { i: { roleName: 'globex_auditor', mfaRequired: true } },
      admin(),
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res.errors![0])).toEqual(['input.roleName']);
    expect(await policyCount(acme)).toBe(before);
  });

  it('needs session_policy permissions; other tenants’ policies are NOT_FOUND', async () => {
    expect(
      codeOf(await env.security.call(SET, { i: { mfaRequired: true } }, identityFor(acme, ['hr_manager']))),
    ).toBe('FORBIDDEN');
    expect(codeOf(await env.security.call(LIST, {}, identityFor(acme, ['employee'])))).toBe('FORBIDDEN');
    const theirs = await env.security.call<{ setSessionPolicy: { id: string } }>(
      SET,
      { i: { mfaRequired: true } },
      identityFor(globex, ['admin']),
    );
    const id = theirs.data!.setSessionPolicy.id;
    expect(codeOf(await env.security.call(DELETE, { id }, admin()))).toBe('NOT_FOUND');
    expect(codeOf(await env.security.call(DELETE, { id: newId() }, admin()))).toBe('NOT_FOUND');
    expect(codeOf(await env.security.call(DELETE, { id: randomUUID().slice(0, 8) }, admin()))).toBe(
      'NOT_FOUND',
    );
    expect(await policyCount(globex)).toBe(1);
    // A blank roleName from a caller without the permission is still FORBIDDEN first.
    expect(
      codeOf(await env.security.call(SET, { i: { roleName: ' ' } }, identityFor(acme, ['employee']))),
    ).toBe('FORBIDDEN');
  });
});
