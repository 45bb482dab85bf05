import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/security';
import { type Identity, InvalidInputError, verifyAccessToken } from '@wg/runtime';
import { createTestDatabase, fieldsOf, identityFor, newId, startTestSubgraph } from '@wg/runtime/testing';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { securitySubgraph } from '../index';
import { tenantService } from '../tenants/tenant.service';
import { verifyPassword } from './password';
import { userService } from './user.service';

const { users, outbox, auditLog } = tables;

const ANONYMOUS: Identity = {
  kind: 'anonymous',
  tenantId: null,
  userId: null,
  employeeId: null,
  roles: [],
  permissions: [],
};
const PASSWORD = 'correct horse battery';

let db: Database & { drop(): Promise<void> };
let security: Awaited<ReturnType<typeof startTestSubgraph>>;
let acme: string;
let globex: string;

/**
 * Statements issued since `before`, minus the outbox relay's: it shares the database handle and
 * polls in the background, so only the request's own statements say anything about batching.
 */
function requestStatements(before: number): string[] {
  const n = db.statements.count - before;
  return (n > 0 ? db.statements.recent.slice(-n) : [])
    .filter((q) => !q.includes('"outbox"'))
    .map((q) => q.slice(0, 40));
}

async function userCount(tenantId: string) {
  return (await withTenant(db, { tenantId }, (tx) => tx.select({ id: users.id }).from(users))).length;
}

beforeAll(async () => {
  db = await createTestDatabase();
  security = await startTestSubgraph(securitySubgraph, db);
  acme = (await tenantService.create(db, { slug: 'acme', name: 'Acme' })).id;
  globex = (await tenantService.create(db, { slug: 'globex', name: 'Globex' })).id;
});

afterAll(async () => {
  await security?.stop();
  await db?.drop();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

const newUser = (overrides: Partial<Parameters<typeof userService.createWithPassword>[1]> = {}) => ({
  tenantId: acme,
  email: `user.${newId().slice(-8)}@acme.test`,
  displayName: 'Some User',
  password: PASSWORD,
  roles: ['employee'],
  ...overrides,
});

describe('userService.createWithPassword', () => {
  it('stores an scrypt hash, emits security.user.created and audits without the hash', async () => {
    const employeeId = newId();
    const user = await userService.createWithPassword(db, newUser({ email: 'Grace@ACME.test', employeeId }));
    expect(user).toMatchObject({
      email: 'grace@acme.test',
      status: 'ACTIVE',
      roles: ['employee'],
      employeeId,
    });
    expect(user).not.toHaveProperty('passwordHash');
    const [row] = await withTenant(db, { tenantId: acme }, (tx) =>
      tx.select().from(users).where(eq(users.id, user.id)),
    );
    expect(row!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword(PASSWORD, row!.passwordHash!)).toBe(true);
    const [event] = await withTenant(db, { tenantId: acme }, (tx) =>
      tx.select().from(outbox).where(eq(outbox.aggregateId, user.id)),
    );
    expect(event).toMatchObject({
      type: 'security.user.created',
      aggregateType: 'User',
      data: { id: user.id, employeeId, roles: ['employee'], status: 'ACTIVE' },
    });
    const [audit] = await withTenant(db, { tenantId: acme }, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.entityId, user.id)),
    );
    expect(audit?.action).toBe('user.create');
    expect(JSON.stringify(audit?.after)).not.toContain('scrypt$');
  });

  it('names every bad field and writes nothing', async () => {
    const before = await userCount(acme);
    const error = await userService
      .createWithPassword(db, {
        tenantId: acme,
        email: 'not-an-email',
        displayName: ' ',
        password: 'short',
        roles: ['employee', 'wizard'],
        employeeId: 'nope',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(fieldsOf(error)).toEqual(['displayName', 'email', 'employeeId', 'password', 'roles.1']);
    expect(await userCount(acme)).toBe(before);
  });

  it('rejects an email taken in any tenant, an unknown tenant and a doubly linked employee', async () => {
    const taken = await userService.createWithPassword(db, newUser());
    const clash = await userService
      .createWithPassword(db, newUser({ tenantId: globex, email: taken.email.toUpperCase() }))
      .catch((e: unknown) => e);
    expect(fieldsOf(clash)).toEqual(['email']);
    expect(await userCount(globex)).toBe(0);

    const unknown = await userService
      .createWithPassword(db, newUser({ tenantId: newId() }))
      .catch((e: unknown) => e);
    expect(fieldsOf(unknown)).toEqual(['tenantId']);

    const employeeId = newId();
    await userService.createWithPassword(db, newUser({ employeeId }));
    const twice = await userService.createWithPassword(db, newUser({ employeeId })).catch((e: unknown) => e);
    expect(fieldsOf(twice)).toEqual(['employeeId']);
  });

  it('refuses the demo password in production only', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const error = await userService
      .createWithPassword(db, newUser({ password: 'demo-password' }))
      .catch((e: unknown) => e as Error);
    expect(fieldsOf(error)).toEqual(['password']);
    expect((error as Error).message).toContain('password');
    expect(JSON.stringify(error)).toContain('NODE_ENV=production');
    vi.unstubAllEnvs();
    await expect(
      userService.createWithPassword(db, newUser({ password: 'demo-password' })),
    ).resolves.toBeDefined();
  });
});

describe('me', () => {
  const ME = /* GraphQL */ `{ me { id email roles employee { id } } }`;

  it('returns the caller, identified by a real access token', async () => {
    const employeeId = newId();
    const created = await userService.createWithPassword(db, newUser({ roles: ['viewer'], employeeId }));
    const login = await security.call<{ login: { accessToken: string } }>(
      /* GraphQL */ `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`,
      { e: created.email, p: PASSWORD },
      ANONYMOUS,
    );
    const identity = await verifyAccessToken(login.data!.login.accessToken);
    const res = await security.call<{ me: Record<string, unknown> }>(ME, {}, identity);
    expect(res.errors).toBeUndefined();
    expect(res.data!.me).toEqual({
      id: created.id,
      email: created.email,
      roles: ['viewer'],
      employee: { id: employeeId },
    });
  });

  it('is UNAUTHENTICATED for anonymous callers and null for an API key', async () => {
    const anon = await security.call(ME, {}, ANONYMOUS);
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const apiKey = await security.call(
      ME,
      {},
      { ...identityFor(acme, ['viewer']), kind: 'apiKey', userId: null },
    );
    expect(apiKey.errors).toBeUndefined();
    expect(apiKey.data).toEqual({ me: null });
  });
});

describe('entity references', () => {
  const USERS = /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email } } }`;
  const EMPLOYEE_USERS = /* GraphQL */ `query ($r: [_Any!]!) {
    _entities(representations: $r) { ... on Employee { id user { id email employee { id } } } }
  }`;

  it("never shows tenant B tenant A's users", async () => {
    const employeeId = newId();
    const alice = await userService.createWithPassword(db, newUser({ employeeId }));
    const globexAdmin = identityFor(globex, ['admin']);
    const users = await security.call<{ _entities: unknown[] }>(
      USERS,
      { r: [{ __typename: 'User', id: alice.id }] },
      globexAdmin,
    );
    expect(users.errors).toBeUndefined();
    expect(users.data?._entities).toEqual([null]);
    const viaEmployee = await security.call<{ _entities: unknown[] }>(
      EMPLOYEE_USERS,
      { r: [{ __typename: 'Employee', id: employeeId }] },
      globexAdmin,
    );
    expect(viaEmployee.data?._entities).toEqual([{ id: employeeId, user: null }]);
    const own = await security.call<{ _entities: unknown[] }>(
      USERS,
      { r: [{ __typename: 'User', id: alice.id }] },
      identityFor(acme, ['hr_manager']),
    );
    expect(own.data?._entities).toEqual([{ id: alice.id, email: alice.email }]);
  });

  it('lets a caller without user:read see only their own user', async () => {
    const employeeId = newId();
    const self = await userService.createWithPassword(db, newUser({ employeeId, roles: ['employee'] }));
    const other = await userService.createWithPassword(db, newUser({ employeeId: newId() }));
    const identity = identityFor(acme, ['employee'], { userId: self.id, employeeId });
    const mine = await security.call<{ _entities: unknown[] }>(
      EMPLOYEE_USERS,
      { r: [{ __typename: 'Employee', id: employeeId }] },
      identity,
    );
    expect(mine.data?._entities).toEqual([
      { id: employeeId, user: { id: self.id, email: self.email, employee: { id: employeeId } } },
    ]);
    const theirs = await security.call(USERS, { r: [{ __typename: 'User', id: other.id }] }, identity);
    // Someone else's login is null without an error (README rule for fields of visible objects).
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data).toEqual({ _entities: [null] });
  });

  it('resolves Employee.user for 3 or 30 employees in the same number of statements', async () => {
    const employeeIds = Array.from({ length: 30 }, () => newId());
    // Written directly: thirty scrypt hashes would only slow the test down.
    await withTenant(db, { tenantId: acme }, (tx) =>
      tx.insert(users).values(
        employeeIds.map((employeeId, i) => ({
          tenantId: acme,
          email: `batch${i}.${newId().slice(-8)}@acme.test`,
          displayName: `Batch ${i}`,
          employeeId,
        })),
      ),
    );
    const admin = identityFor(acme, ['admin']);
    const measure = async (n: number) => {
      const ids = employeeIds.slice(0, n);
      const before = db.statements.count;
      const res = await security.call<{ _entities: { id: string; user: { employee: { id: string } } }[] }>(
        EMPLOYEE_USERS,
        { r: ids.map((id) => ({ __typename: 'Employee', id })) },
        admin,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities.map((e) => e.user.employee.id)).toEqual(ids);
      return requestStatements(before);
    };
    const small = await measure(3);
    const large = await measure(30);
    expect(large).toEqual(small);
    // One set_config + one select, whatever the number of employees.
    expect(large).toHaveLength(2);
  });
});
