import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithLogins, startTestPlatform } from '../harness';
import { expectNoLeak, type TestPlatform } from './helpers';

/**
 * Partners' API keys end to end: created by an admin, accepted by the gateway as `x-api-key`,
 * limited to their scopes, refused on the very next request after revocation; and every
 * authenticated operation lands in the access log with who, what and how it ended.
 */
let platform: TestPlatform;
let acme: Awaited<ReturnType<typeof createTenantWithLogins>>;
let globex: Awaited<ReturnType<typeof createTenantWithLogins>>;
let key: { id: string; secret: string };
const started = new Date(Date.now() - 60_000).toISOString();

const CREATE = /* GraphQL */ `
  mutation ($input: CreateApiKeyInput!) {
    createApiKey(input: $input) { secret apiKey { id name } }
  }
`;

const withKey = (secret: string) => ({ 'x-api-key': secret, 'user-agent': 'partner-sync/1.0' });

/** A fresh acme key, so no test depends on what another did with (or to) a shared one. */
async function newKey(name: string): Promise<{ id: string; secret: string }> {
  const res = await platform.query<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
    CREATE,
    { input: { name, permissions: ['department:read:all', 'employee:read:all'] } },
    acme.adminToken,
  );
  expect(res.errors).toBeUndefined();
  return { id: res.data!.createApiKey.apiKey.id, secret: res.data!.createApiKey.secret };
}

beforeAll(async () => {
  platform = await startTestPlatform();
  acme = await createTenantWithLogins(platform, 'acme');
  globex = await createTenantWithLogins(platform, 'globex');
  await platform.query(
    'mutation { createDepartment(input: { name: "Platform" }) { id } }',
    {},
    acme.adminToken,
  );
  await platform.query(
    'mutation { createDepartment(input: { name: "Globex Only" }) { id } }',
    {},
    globex.adminToken,
  );
  key = await newKey('partner sync');
});

afterAll(async () => platform?.stop());

describe('API keys at the gateway', () => {
  it("reads the key's tenant with x-api-key, nothing of another tenant", async () => {
    const res = await platform.query<{ departments: { name: string }[] }>(
      'query PartnerDepartments { departments { name } }',
      {},
      undefined,
      withKey(key.secret),
    );
    expect(res.errors).toBeUndefined();
    const names = res.data?.departments.map((d) => d.name) ?? [];
    expect(names).toContain('Platform');
    expect(names).not.toContain('Globex Only');
  });

  it('is limited to its scopes: a write it was not granted is FORBIDDEN', async () => {
    const res = await platform.query(
      'mutation PartnerWrite { createDepartment(input: { name: "By key" }) { id } }',
      {},
      undefined,
      withKey(key.secret),
    );
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('refuses unknown and malformed keys with 401, without echoing them', async () => {
    const forged = `${key.secret.slice(0, -4)}AAAA`;
    for (const secret of [forged, 'not-a-key', `wgk_${'0'.repeat(12)}_${'A'.repeat(43)}`]) {
      const res = await platform.query('{ departments { id } }', {}, undefined, withKey(secret));
      expect(res.status).toBe(401);
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(JSON.stringify(res)).not.toContain(secret);
      expectNoLeak(res);
    }
  });

  it('fails on the very next request after revocation (the gateway cache is evicted)', async () => {
    const key = await newKey('to revoke');
    // Warm the gateway's cache first, so the revocation has something to evict.
    const before = await platform.query('{ departments { id } }', {}, undefined, withKey(key.secret));
    expect(before.errors).toBeUndefined();
    const revoked = await platform.query<{ revokeApiKey: { status: string } }>(
      'mutation ($id: ID!) { revokeApiKey(id: $id) { status } }',
      { id: key.id },
      acme.adminToken,
    );
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data?.revokeApiKey.status).toBe('REVOKED');
    const after = await platform.query('{ departments { id } }', {}, undefined, withKey(key.secret));
    expect(after.status).toBe(401);
    expect(after.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    // The security subgraph saw the revoked key being used (the gateway asked again) and says so.
    const alerts = await platform.query<{ securityAlerts: { totalCount: number } }>(
      '{ securityAlerts(kind: REVOKED_API_KEY_USED) { totalCount } }',
      {},
      acme.adminToken,
    );
    expect(alerts.errors).toBeUndefined();
    expect(alerts.data?.securityAlerts.totalCount).toBe(1);
  });
});

describe('access log', () => {
  it('records authenticated operations with caller, outcome, client and request id', async () => {
    // Its own key and operation names, so the counts below hold whatever ran before.
    const key = await newKey('audited partner');
    const read = await platform.query(
      'query AuditedRead { departments { id } }',
      {},
      undefined,
      withKey(key.secret),
    );
    expect(read.errors).toBeUndefined();
    const write = await platform.query(
      'mutation AuditedWrite { createDepartment(input: { name: "By key" }) { id } }',
      {},
      undefined,
      withKey(key.secret),
    );
    expect(write.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    await platform.query('query AdminLooks { departments { id } }', {}, acme.adminToken, {
      'user-agent': 'audit-test/2.0',
    });
    await platform.gateway.flushAccessLog();
    const res = await platform.query<{
      auditReport: {
        total: number;
        byOperation: { key: string; count: number; failures: number }[];
        byCaller: { key: string; count: number }[];
        byOutcome: { key: string; count: number }[];
        recentFailures: {
          operationName: string | null;
          outcome: string;
          userAgent: string | null;
          ip: string | null;
          requestId: string | null;
          apiKeyId: string | null;
        }[];
      };
    }>(
      /* GraphQL */ `
        query ($from: DateTime!, $to: DateTime!) {
          auditReport(from: $from, to: $to) {
            total
            byOperation { key count failures }
            byCaller { key count }
            byOutcome { key count }
            recentFailures { operationName outcome userAgent ip requestId apiKeyId }
          }
        }
      `,
      { from: started, to: new Date(Date.now() + 60_000).toISOString() },
      acme.adminToken,
    );
    expect(res.errors).toBeUndefined();
    const report = res.data?.auditReport;
    const ops = Object.fromEntries(report?.byOperation.map((o) => [o.key, o]) ?? []);
    expect(ops.AuditedRead).toMatchObject({ count: 1, failures: 0 });
    expect(ops.AuditedWrite).toMatchObject({ count: 1, failures: 1 });
    expect(ops.AdminLooks?.count).toBe(1);
    expect(report?.byCaller.find((c) => c.key === key.id)?.count).toBe(2);
    const denied = report?.recentFailures.find((f) => f.operationName === 'AuditedWrite');
    expect(denied).toMatchObject({ outcome: 'DENIED', userAgent: 'partner-sync/1.0', apiKeyId: key.id });
    expect(denied?.ip).toMatch(/127\.0\.0\.1/);
    expect(denied?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // Globex's log holds none of it.
    const other = await platform.query<{ auditReport: { byOperation: { key: string }[] } }>(
      'query ($from: DateTime!, $to: DateTime!) { auditReport(from: $from, to: $to) { byOperation { key } } }',
      { from: started, to: new Date(Date.now() + 60_000).toISOString() },
      globex.adminToken,
    );
    expect(other.errors).toBeUndefined();
    expect(other.data?.auditReport.byOperation.map((o) => o.key)).not.toContain('AuditedRead');
  });
});
