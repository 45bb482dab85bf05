import { withTenant } from '@wg/db';
import * as tables from '@wg/db/security';
import { codeOf, identityFor, newId } from '@wg/runtime/testing';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTenant, SYSTEM, startSecurity } from '../testing';
import { API_KEY_REVOKED_CHANNEL } from './api-key.service';

const { apiKeys, securityAlerts, auditLog } = tables;

const CREATE = /* GraphQL */ `
  mutation ($input: CreateApiKeyInput!) {
    createApiKey(input: $input) { secret apiKey { id name prefix permissions expiresAt status createdBy } }
  }
`;
const REVOKE = /* GraphQL */ `mutation ($id: ID!) { revokeApiKey(id: $id) { id status revokedAt } }`;
const LIST = /* GraphQL */ `{ apiKeys(first: 100) { totalCount edges { node { id name prefix status } } } }`;
const IDENTIFY = /* GraphQL */ `
  query ($secret: String!) { apiKeyIdentity(secret: $secret) { tenantId apiKeyId name permissions expiresAt } }
`;

type Created = { createApiKey: { secret: string; apiKey: { id: string; prefix: string; status: string } } };

let env: Awaited<ReturnType<typeof startSecurity>>;
let acme: string;
let globex: string;

beforeAll(async () => {
  env = await startSecurity();
  acme = await newTenant(env.db, 'acme');
  globex = await newTenant(env.db, 'globex');
});
afterAll(async () => env?.stop());

const keyCount = async (tenantId: string) =>
  (await withTenant(env.db, { tenantId }, (tx) => tx.select({ n: count() }).from(apiKeys)))[0]!.n;

async function createKey(tenantId: string, input: Record<string, unknown>) {
  const admin = identityFor(tenantId, ['admin']);
  const res = await env.security.call<Created>(CREATE, { input }, admin);
  expect(res.errors).toBeUndefined();
  return res.data!.createApiKey;
}

describe('createApiKey', () => {
  it('shows the secret once, stores only its SHA-256, and lists the prefix', async () => {
    const created = await createKey(acme, { name: 'Payroll export', permissions: ['employee:read:all'] });
    expect(created.secret).toMatch(/^wgk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.secret.startsWith(`wgk_${created.apiKey.prefix}_`)).toBe(true);
    expect(created.apiKey.status).toBe('ACTIVE');
    const raw = await env.db.system.select().from(apiKeys);
    expect(JSON.stringify(raw)).not.toContain(created.secret.slice(17));
    const list = await env.security.call<{
      apiKeys: { totalCount: number; edges: { node: { prefix: string } }[] };
    }>(LIST, {}, identityFor(acme, ['admin']));
    expect(list.data!.apiKeys.edges.map((e) => e.node.prefix)).toContain(created.apiKey.prefix);
    expect(list.data!.apiKeys.totalCount).toBe(await keyCount(acme));
    expect(JSON.stringify(list.data)).not.toContain(created.secret);
    const audits = await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.entityId, created.apiKey.id)),
    );
    expect(audits.map((a) => a.action)).toEqual(['api_key.create']);
    expect(JSON.stringify(audits)).not.toContain('secretHash');
  });

  it('names every bad field and writes nothing', async () => {
    const before = await keyCount(acme);
    const res = await env.security.call(
      CREATE,
      {
        input: {
          name: ' ',
          permissions: ['employee:read', 'tenant:create:all', 'employee:read:everyone'],
          expiresAt: '2001-01-01T00:00:00Z',
        },
      },
      identityFor(acme, ['admin']),
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    const fields = (res.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual([
      'input.expiresAt',
      'input.name',
      'input.permissions.0',
      'input.permissions.1',
      'input.permissions.2',
    ]);
    const empty = await env.security.call(
      CREATE,
      { input: { name: 'x', permissions: [] } },
      identityFor(acme, ['admin']),
    );
    expect((empty.errors![0]!.extensions!.fields as { field: string }[])[0]!.field).toBe('input.permissions');
    expect(await keyCount(acme)).toBe(before);
  });

  it('cannot grant a scope the creator does not hold', async () => {
    const custom = identityFor(acme, [], { permissions: ['api_key:*:all', 'employee:read:team'] });
    const res = await env.security.call(
      CREATE,
      {
        input: {
          name: 'Escalate',
          permissions: ['employee:read:team', 'employee:read:all', 'compensation:read:all'],
        },
      },
      custom,
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect((res.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field)).toEqual([
      'input.permissions.1',
      'input.permissions.2',
    ]);
  });

  it('is FORBIDDEN without api_key:create and UNAUTHENTICATED when anonymous', async () => {
    const before = await keyCount(acme);
    const res = await env.security.call(
      CREATE,
      { input: { name: 'Nope', permissions: ['employee:read:all'] } },
      identityFor(acme, ['hr_manager']),
    );
    expect(codeOf(res)).toBe('FORBIDDEN');
    const listed = await env.security.call(LIST, {}, identityFor(acme, ['employee']));
    expect(codeOf(listed)).toBe('FORBIDDEN');
    expect(await keyCount(acme)).toBe(before);
  });
});

describe('apiKeyIdentity (gateway contract)', () => {
  it('resolves a live key for the system identity only', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const created = await createKey(acme, { name: 'Partner', permissions: ['employee:read:all'], expiresAt });
    const res = await env.security.call<{ apiKeyIdentity: Record<string, unknown> }>(
      IDENTIFY,
      { secret: created.secret },
      SYSTEM,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.apiKeyIdentity).toEqual({
      tenantId: acme,
      apiKeyId: created.apiKey.id,
      name: 'Partner',
      permissions: ['employee:read:all'],
      expiresAt,
    });
    for (const identity of [identityFor(acme, ['admin']), { ...SYSTEM, kind: 'anonymous' as const }]) {
      const denied = await env.security.call(IDENTIFY, { secret: created.secret }, identity);
      expect(denied.data?.apiKeyIdentity ?? null).toBeNull();
      expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(codeOf(denied));
    }
    const [row] = await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx.select().from(apiKeys).where(eq(apiKeys.id, created.apiKey.id)),
    );
    expect(row!.lastUsedAt).not.toBeNull();
  });

  it('answers null for unknown, malformed and expired keys', async () => {
    const created = await createKey(acme, { name: 'Soon gone', permissions: ['employee:read:all'] });
    await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx
        .update(apiKeys)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(apiKeys.id, created.apiKey.id)),
    );
    const tampered = `${created.secret.slice(0, -1)}${created.secret.endsWith('A') ? 'B' : 'A'}`;
    for (const secret of [
      created.secret,
      tampered,
      'wgk_nope',
      '',
      `wgk_${'0'.repeat(12)}_${'A'.repeat(43)}`,
    ]) {
      const res = await env.security.call(IDENTIFY, { secret }, SYSTEM);
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ apiKeyIdentity: null });
    }
  });

  it('revocation: null on the next lookup, a transient notice, and an alert when it is used', async () => {
    const created = await createKey(acme, { name: 'Leaked', permissions: ['employee:read:all'] });
    const notices: unknown[] = [];
    const unsubscribe = await env.security.bus.subscribeTransient(API_KEY_REVOKED_CHANNEL, (m) =>
      notices.push(m),
    );
    const revoked = await env.security.call<{ revokeApiKey: { status: string } }>(
      REVOKE,
      { id: created.apiKey.id },
      identityFor(acme, ['admin']),
    );
    expect(revoked.data!.revokeApiKey.status).toBe('REVOKED');
    await new Promise((r) => setTimeout(r, 20));
    await unsubscribe();
    expect(notices).toEqual([{ tenantId: acme, apiKeyId: created.apiKey.id, prefix: created.apiKey.prefix }]);

    for (let i = 0; i < 2; i++) {
      const res = await env.security.call(IDENTIFY, { secret: created.secret }, SYSTEM);
      expect(res.data).toEqual({ apiKeyIdentity: null });
    }
    const alerts = await withTenant(env.db, { tenantId: acme }, (tx) =>
      tx.select().from(securityAlerts).where(eq(securityAlerts.apiKeyId, created.apiKey.id)),
    );
    // One incident, one alert: the second use bumps it.
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'REVOKED_API_KEY_USED', severity: 'HIGH', status: 'OPEN' });
    expect((alerts[0]!.details as { occurrences: number }).occurrences).toBe(2);

    const again = await env.security.call(REVOKE, { id: created.apiKey.id }, identityFor(acme, ['admin']));
    expect(codeOf(again)).toBe('CONFLICT');
  });

  it("another tenant's key id is NOT_FOUND and stays live", async () => {
    const created = await createKey(acme, { name: 'Mine', permissions: ['employee:read:all'] });
    for (const id of [created.apiKey.id, newId(), 'not-a-uuid']) {
      const res = await env.security.call(REVOKE, { id }, identityFor(globex, ['admin']));
      expect(codeOf(res)).toBe('NOT_FOUND');
    }
    const res = await env.security.call<{ apiKeyIdentity: unknown }>(
      IDENTIFY,
      { secret: created.secret },
      SYSTEM,
    );
    expect(res.data!.apiKeyIdentity).not.toBeNull();
    const forbidden = await env.security.call(
      REVOKE,
      { id: created.apiKey.id },
      identityFor(acme, ['viewer']),
    );
    expect(codeOf(forbidden)).toBe('FORBIDDEN');
  });
});
