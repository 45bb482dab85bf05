import type { Database } from '@wg/db';
import * as tables from '@wg/db/security';
import { InvalidInputError } from '@wg/runtime';
import { createTestDatabase, fieldsOf, identityFor, startTestSubgraph } from '@wg/runtime/testing';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securitySubgraph } from '../index';
import { tenantService } from './tenant.service';

let db: Database & { drop(): Promise<void> };
let security: Awaited<ReturnType<typeof startTestSubgraph>>;

beforeAll(async () => {
  db = await createTestDatabase();
  security = await startTestSubgraph(securitySubgraph, db);
});

afterAll(async () => {
  await security?.stop();
  await db?.drop();
});

describe('tenantService.create', () => {
  it('creates a tenant, its event and its audit row', async () => {
    const tenant = await tenantService.create(db, { slug: ' Acme-Corp ', name: 'Acme Corp' });
    expect(tenant).toMatchObject({ slug: 'acme-corp', name: 'Acme Corp' });
    const events = await db.system
      .select()
      .from(tables.outbox)
      .where(eq(tables.outbox.aggregateId, tenant.id));
    expect(events).toMatchObject([{ type: 'security.tenant.created', tenantId: tenant.id }]);
    const [audits] = await db.system
      .select({ n: count() })
      .from(tables.auditLog)
      .where(eq(tables.auditLog.entityId, tenant.id));
    expect(audits?.n).toBe(1);
  });

  it('rejects a bad or taken slug and an empty name, writing nothing', async () => {
    await tenantService.create(db, { slug: 'initech', name: 'Initech' });
    const [before] = await db.system.select({ n: count() }).from(tables.tenants);
    const bad = await tenantService.create(db, { slug: '-Nope!', name: ' ' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InvalidInputError);
    expect(fieldsOf(bad).sort()).toEqual(['name', 'slug']);
    const taken = await tenantService.create(db, { slug: 'INITECH', name: 'Other' }).catch((e: unknown) => e);
    expect(fieldsOf(taken)).toEqual(['slug']);
    const [after] = await db.system.select({ n: count() }).from(tables.tenants);
    expect(after?.n).toBe(before?.n);
  });
});

describe('tenant query', () => {
  it("returns the caller's own tenant and no other", async () => {
    const a = await tenantService.create(db, { slug: 'alpha', name: 'Alpha' });
    const b = await tenantService.create(db, { slug: 'beta', name: 'Beta' });
    const own = await security.call<{ tenant: { id: string; slug: string } }>(
      /* GraphQL */ `{ tenant { id slug name createdAt } }`,
      {},
      identityFor(a.id, ['viewer']),
    );
    expect(own.errors).toBeUndefined();
    expect(own.data?.tenant).toMatchObject({ id: a.id, slug: 'alpha' });
    const entities = await security.call<{ _entities: unknown[] }>(
      /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Tenant { id name } } }`,
      {
        r: [
          { __typename: 'Tenant', id: a.id },
          { __typename: 'Tenant', id: b.id },
        ],
      },
      identityFor(b.id, ['admin']),
    );
    expect(entities.data?._entities).toEqual([null, { id: b.id, name: 'Beta' }]);
  });

  it('is UNAUTHENTICATED for anonymous callers', async () => {
    const res = await security.call(
      /* GraphQL */ `{ tenant { id } }`,
      {},
      { kind: 'anonymous', tenantId: null, userId: null, employeeId: null, roles: [], permissions: [] },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data?.tenant ?? null).toBeNull();
  });
});
