import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, loadSecrets } from '@wg/runtime';
import { exportSPKI, generateKeyPair, importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithLogins, startTestPlatform } from '../harness';
import { expectNoLeak, type TestPlatform } from './helpers';

/**
 * Forged and misused access tokens. Each one must be refused with 401 UNAUTHENTICATED and
 * nothing else — not which check failed, not a stack — and never downgraded to anonymous.
 */
let platform: TestPlatform;
let acme: Awaited<ReturnType<typeof createTenantWithLogins>>;
let globex: Awaited<ReturnType<typeof createTenantWithLogins>>;
let acmeDepartmentId: string;
let acmeUserId: string;
let kid: string;

const DEPARTMENTS = /* GraphQL */ '{ departments { id name } }';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

beforeAll(async () => {
  platform = await startTestPlatform();
  acme = await createTenantWithLogins(platform, 'acme');
  globex = await createTenantWithLogins(platform, 'globex');
  const created = await platform.query<{ createDepartment: { id: string } }>(
    'mutation { createDepartment(input: { name: "Secret Lab" }) { id } }',
    {},
    acme.adminToken,
  );
  expect(created.errors).toBeUndefined();
  acmeDepartmentId = created.data?.createDepartment.id as string;
  acmeUserId = claimsOf(acme.adminToken).sub as string;
  kid = (await loadSecrets()).jwtKeyId;
});

afterAll(async () => platform?.stop());

/** A token with every claim right, signed by `key` (the real one unless replaced). */
async function sign(
  overrides: { iss?: string; aud?: string; exp?: number; alg?: string; kid?: string } = {},
  claims: Record<string, unknown> = {},
  key?: Parameters<SignJWT['sign']>[0],
) {
  const signingKey = key ?? (await importPKCS8((await loadSecrets()).jwtPrivateKey, 'EdDSA'));
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tid: acme.tenantId, roles: ['admin'], emp: null, ...claims })
    .setProtectedHeader({ alg: overrides.alg ?? 'EdDSA', kid: overrides.kid ?? kid, typ: 'JWT' })
    .setSubject(acmeUserId)
    .setIssuer(overrides.iss ?? ACCESS_TOKEN_ISSUER)
    .setAudience(overrides.aud ?? ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt(now - 60)
    .setExpirationTime(overrides.exp ?? now + 600)
    .sign(signingKey);
}

async function expectRefused(token: string) {
  const res = await platform.query(DEPARTMENTS, {}, token);
  expect(res.status).toBe(401);
  expect(res.data ?? null).toBeNull();
  expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  expect(res.errors?.[0]?.message).toBe('Invalid or expired access token');
  expectNoLeak(res);
}

describe('JWT attacks at the gateway', () => {
  it('the control: a correctly signed token works', async () => {
    const res = await platform.query<{ departments: { id: string }[] }>(DEPARTMENTS, {}, await sign());
    expect(res.errors).toBeUndefined();
    expect(res.data?.departments.map((d) => d.id)).toContain(acmeDepartmentId);
  });

  it('refuses alg "none" (unsigned)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      sub: acmeUserId,
      tid: acme.tenantId,
      roles: ['admin'],
      iss: ACCESS_TOKEN_ISSUER,
      aud: ACCESS_TOKEN_AUDIENCE,
      iat: now,
      exp: now + 600,
    };
    await expectRefused(`${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(payload)}.`);
    await expectRefused(`${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(payload)}`);
  });

  it('refuses a token signed with another key (same kid)', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    await expectRefused(await sign({}, {}, privateKey));
  });

  it('refuses HS256 signed with the public key (algorithm confusion)', async () => {
    const publicPem = (await loadSecrets()).jwtPublicKey;
    await expectRefused(await sign({ alg: 'HS256' }, {}, new TextEncoder().encode(publicPem)));
    // And with a freshly exported public key of an attacker pair, for good measure.
    const { publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    await expectRefused(
      await sign({ alg: 'HS256' }, {}, new TextEncoder().encode(await exportSPKI(publicKey))),
    );
  });

  it('refuses an expired token', async () => {
    await expectRefused(await sign({ exp: Math.floor(Date.now() / 1000) - 5 }));
  });

  it('refuses a wrong issuer or audience', async () => {
    await expectRefused(await sign({ iss: 'https://evil.example' }));
    await expectRefused(await sign({ aud: 'some-other-api' }));
  });

  it('refuses an unknown kid', async () => {
    await expectRefused(await sign({ kid: 'attacker-key' }));
  });

  it('refuses a tampered payload (an employee promoting itself to admin)', async () => {
    const [header, payload, signature] = acme.employeeToken.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    await expectRefused(`${header}.${b64({ ...claims, roles: ['admin'] })}.${signature}`);
    await expectRefused(`${header}.${b64({ ...claims, tid: globex.tenantId })}.${signature}`);
  });

  it('refuses a malformed Authorization header instead of treating the caller as anonymous', async () => {
    const res = await platform.query(DEPARTMENTS, {}, undefined, { authorization: `Basic ${btoa('a:b')}` });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const both = await platform.query(DEPARTMENTS, {}, acme.adminToken, {
      'x-api-key': 'wgk_000000000000_x',
    });
    expect(both.status).toBe(401);
  });
});

describe("a valid token for tenant B used on tenant A's ids", () => {
  it('reads nothing: NOT_FOUND or null, never the data', async () => {
    const read = await platform.query<{ department: unknown }>(
      'query ($id: ID!) { department(id: $id) { id name } }',
      { id: acmeDepartmentId },
      globex.adminToken,
    );
    expect(read.data?.department ?? null).toBeNull();
    if (read.errors) expect(read.errors.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(JSON.stringify(read)).not.toContain('Secret Lab');

    const list = await platform.query<{ departments: { id: string }[] }>(DEPARTMENTS, {}, globex.adminToken);
    expect(list.data?.departments.map((d) => d.id)).not.toContain(acmeDepartmentId);
  });

  it('writes nothing: NOT_FOUND, and the row is unchanged', async () => {
    const write = await platform.query(
      'mutation ($id: ID!) { updateDepartment(id: $id, input: { name: "Pwned" }) { id name } }',
      { id: acmeDepartmentId },
      globex.adminToken,
    );
    expect(write.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(write.data ?? null).toBeNull();
    expect(JSON.stringify(write)).not.toContain('Secret Lab');
    const after = await platform.query<{ department: { name: string } }>(
      'query ($id: ID!) { department(id: $id) { name } }',
      { id: acmeDepartmentId },
      acme.adminToken,
    );
    expect(after.data?.department.name).toBe('Secret Lab');
  });

  it('a token naming tenant A but signed for a tenant-B user cannot be forged without the key', async () => {
    // The same claims as Globex's admin with Acme's tenant id: only the real key could sign it.
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forged = await sign({}, { tid: acme.tenantId, sub: claimsOf(globex.adminToken).sub }, privateKey);
    await expectRefused(forged);
  });
});
