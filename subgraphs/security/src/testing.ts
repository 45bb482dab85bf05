import { randomUUID } from 'node:crypto';
import { type Database, withTenant } from '@wg/db';
import { entityRefs } from '@wg/db/security';
import { type ClientInfo, type Identity, INTERNAL_TOKEN_HEADER, signInternalToken } from '@wg/runtime';
import { createTestDatabase, type GraphQLResponse, newId, startTestSubgraph } from '@wg/runtime/testing';
import { securitySubgraph } from './index';
import { tenantService } from './tenants/tenant.service';
import { userService } from './users/user.service';

/** Test-only helpers shared by the security subgraph's co-located tests. */
export const ANONYMOUS: Identity = {
  kind: 'anonymous',
  tenantId: null,
  userId: null,
  employeeId: null,
  roles: [],
  permissions: [],
};

/** What the gateway sends for its own calls (API-key lookup, access-log shipping). */
export const SYSTEM: Identity = { ...ANONYMOUS, kind: 'system' };

export const PASSWORD = 'correct horse battery';

export async function startSecurity() {
  const db = await createTestDatabase();
  const security = await startTestSubgraph(securitySubgraph, db);
  /** Like `security.call`, with the client IP / user agent the gateway would put in the token. */
  const callFrom = async <T = Record<string, unknown>>(
    client: ClientInfo,
    query: string,
    variables: Record<string, unknown>,
    identity: Identity,
  ): Promise<GraphQLResponse<T>> => {
    const token = await signInternalToken(identity, randomUUID(), 60, client);
    const res = await fetch(security.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: token },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLResponse<T>;
  };
  return {
    db,
    security,
    callFrom,
    async stop() {
      await security.stop();
      await db.drop();
    },
  };
}

export async function newTenant(db: Database, slug: string) {
  return (await tenantService.create(db, { slug, name: slug.toUpperCase() })).id;
}

let seq = 0;
export async function newUser(
  db: Database,
  tenantId: string,
  roles: string[] = ['employee'],
  extra: { email?: string; employeeId?: string | null; password?: string } = {},
) {
  seq += 1;
  return userService.createWithPassword(db, {
    tenantId,
    email: extra.email ?? `user${seq}.${randomUUID().slice(0, 8)}@example.test`,
    displayName: `User ${seq}`,
    password: extra.password ?? PASSWORD,
    roles,
    employeeId: extra.employeeId ?? null,
  });
}

/**
 * An employee of `tenantId` as security knows it from people's events (what the `security.refs`
 * consumer writes for `people.employee.*`); the id is returned.
 */
export async function knownEmployee(db: Database, tenantId: string, id: string = newId()): Promise<string> {
  await withTenant(db, { tenantId }, (tx) =>
    tx.insert(entityRefs).values({ tenantId, entityType: 'Employee', id, data: { id } }),
  );
  return id;
}
