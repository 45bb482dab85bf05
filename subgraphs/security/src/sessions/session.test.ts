import { createHash } from 'node:crypto';
import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/security';
import { ACCESS_TOKEN_TTL_SECONDS, type Identity, verifyAccessToken } from '@wg/runtime';
import { createTestDatabase, newId, startTestSubgraph } from '@wg/runtime/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securitySubgraph } from '../index';
import { tenantService } from '../tenants/tenant.service';
import { userService } from '../users/user.service';
import { INVALID_CREDENTIALS } from './session.service';

const { users, refreshTokens } = tables;

const ANONYMOUS: Identity = {
  kind: 'anonymous',
  tenantId: null,
  userId: null,
  employeeId: null,
  roles: [],
  permissions: [],
};
const PASSWORD = 'correct horse battery';
const LOGIN = /* GraphQL */ `
  mutation ($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      accessToken refreshToken expiresIn
      user { id email displayName status roles lastLoginAt employee { id } }
    }
  }
`;

type LoginResult = {
  login: {
    accessToken: string;
    refreshToken: string;
    expiresIn: number;
    user: { id: string; email: string; lastLoginAt: string | null; employee: { id: string } | null };
  };
};

let db: Database & { drop(): Promise<void> };
let security: Awaited<ReturnType<typeof startTestSubgraph>>;
let tenantId: string;
let aliceId: string;
const aliceEmployeeId = newId();

async function userRow(id: string) {
  const [row] = await withTenant(db, { tenantId }, (tx) => tx.select().from(users).where(eq(users.id, id)));
  return row!;
}

async function createUser(email: string, roles: string[], status?: 'INVITED' | 'DEACTIVATED') {
  const user = await userService.createWithPassword(db, {
    tenantId,
    email,
    displayName: email.split('@')[0]!,
    password: PASSWORD,
    roles,
  });
  if (status) {
    await withTenant(db, { tenantId }, (tx) => tx.update(users).set({ status }).where(eq(users.id, user.id)));
  }
  return user;
}

const login = (email: string, password: string) =>
  security.call<LoginResult>(LOGIN, { email, password }, ANONYMOUS);

beforeAll(async () => {
  db = await createTestDatabase();
  security = await startTestSubgraph(securitySubgraph, db);
  tenantId = (await tenantService.create(db, { slug: 'acme', name: 'Acme' })).id;
  const alice = await userService.createWithPassword(db, {
    tenantId,
    email: 'Alice@Acme.test',
    displayName: 'Alice Admin',
    password: PASSWORD,
    roles: ['admin', 'hr_manager'],
    employeeId: aliceEmployeeId,
  });
  aliceId = alice.id;
});

afterAll(async () => {
  await security?.stop();
  await db?.drop();
});

describe('login', () => {
  it('returns an access token the gateway accepts, for the right tenant, user and roles', async () => {
    const res = await login('  ALICE@acme.test ', PASSWORD);
    expect(res.errors).toBeUndefined();
    const payload = res.data!.login;
    expect(payload.expiresIn).toBe(ACCESS_TOKEN_TTL_SECONDS);
    expect(payload.user).toMatchObject({
      id: aliceId,
      email: 'alice@acme.test',
      displayName: 'Alice Admin',
      status: 'ACTIVE',
      roles: ['admin', 'hr_manager'],
      employee: { id: aliceEmployeeId },
    });
    expect(payload.user.lastLoginAt).not.toBeNull();
    const identity = await verifyAccessToken(payload.accessToken);
    expect(identity).toMatchObject({
      kind: 'user',
      tenantId,
      userId: aliceId,
      employeeId: aliceEmployeeId,
      roles: ['admin', 'hr_manager'],
    });
    expect(identity.permissions).toContain('*:*:all');
  });

  it('stores only the SHA-256 of the refresh token, in a new family, for 30 days', async () => {
    const first = (await login('alice@acme.test', PASSWORD)).data!.login;
    const second = (await login('alice@acme.test', PASSWORD)).data!.login;
    expect(Buffer.from(first.refreshToken, 'base64url')).toHaveLength(32);
    expect(first.refreshToken).not.toBe(second.refreshToken);
    const rows = await withTenant(db, { tenantId }, (tx) =>
      tx.select().from(refreshTokens).where(eq(refreshTokens.userId, aliceId)),
    );
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    const row = rows.find((r) => r.tokenHash === sha(first.refreshToken));
    expect(row).toBeDefined();
    expect(rows.find((r) => r.tokenHash === sha(second.refreshToken))?.familyId).not.toBe(row!.familyId);
    // The plaintext is nowhere in the table.
    const raw = await db.system.select().from(refreshTokens);
    expect(JSON.stringify(raw)).not.toContain(first.refreshToken);
    const days = (row!.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    expect(row!.revokedAt).toBeNull();
  });

  it('answers a wrong password and an unknown email identically, and counts failures', async () => {
    const before = (await userRow(aliceId)).failedLogins;
    const wrong = await login('alice@acme.test', 'not the password');
    const unknown = await login('nobody@acme.test', PASSWORD);
    const empty = await login('', '');
    for (const res of [wrong, unknown, empty]) {
      expect(res.data ?? null).toBeNull();
      expect(res.errors).toHaveLength(1);
      expect(res.errors?.[0]).toMatchObject({
        message: INVALID_CREDENTIALS,
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
    expect(wrong.errors).toEqual(unknown.errors);
    expect((await userRow(aliceId)).failedLogins).toBe(before + 1);
    await login('alice@acme.test', 'not the password either');
    expect((await userRow(aliceId)).failedLogins).toBe(before + 2);
    // A successful login resets the counter.
    expect((await login('alice@acme.test', PASSWORD)).errors).toBeUndefined();
    expect((await userRow(aliceId)).failedLogins).toBe(0);
  });

  it('refuses deactivated and invited users even with the right password', async () => {
    const deactivated = await createUser('dora@acme.test', ['viewer'], 'DEACTIVATED');
    const invited = await createUser('ivan@acme.test', ['viewer'], 'INVITED');
    for (const user of [deactivated, invited]) {
      const res = await login(user.email, PASSWORD);
      expect(res.errors?.[0]).toMatchObject({
        message: INVALID_CREDENTIALS,
        extensions: { code: 'UNAUTHENTICATED' },
      });
      const row = await userRow(user.id);
      expect(row.lastLoginAt).toBeNull();
      const tokens = await withTenant(db, { tenantId }, (tx) =>
        tx.select().from(refreshTokens).where(eq(refreshTokens.userId, user.id)),
      );
      expect(tokens).toHaveLength(0);
    }
  });

  it('is refused without the gateway’s internal token', async () => {
    const res = await security.call(LOGIN, { email: 'alice@acme.test', password: PASSWORD });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.message).not.toBe(INVALID_CREDENTIALS);
  });
});
