import { type Database, withTenant } from '@wg/db';
import * as work from '@wg/db/work';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentSubtree, reportingLine } from './reporting-line';
import { createTestDatabase, newId } from './testing';

let db: Database & { drop(): Promise<void> };
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

const ids = (rows: unknown) =>
  ((Array.isArray(rows) ? rows : (rows as { rows: { id: string }[] }).rows) as { id: string }[])
    .map((r) => r.id)
    .sort();

describe('reportingLine / departmentSubtree over entity_refs', () => {
  it('answers the root and everyone below them, stops at a cycle, and stays in its tenant', async () => {
    const tenantId = newId();
    const [ceo, head, dev, other] = [newId(), newId(), newId(), newId()];
    const [company, eng, platform, sales] = [newId(), newId(), newId(), newId()];
    await withTenant(db, { tenantId }, async (tx) => {
      await tx.insert(work.entityRefs).values([
        // A cycle in bad data (ceo reports to dev) must not loop forever.
        { tenantId, entityType: 'Employee', id: ceo, data: { managerId: dev, departmentId: company } },
        { tenantId, entityType: 'Employee', id: head, data: { managerId: ceo, departmentId: eng } },
        { tenantId, entityType: 'Employee', id: dev, data: { managerId: head, departmentId: platform } },
        { tenantId, entityType: 'Employee', id: other, data: { managerId: null, departmentId: sales } },
        { tenantId, entityType: 'Department', id: company, data: { parentId: null } },
        { tenantId, entityType: 'Department', id: eng, data: { parentId: company } },
        { tenantId, entityType: 'Department', id: platform, data: { parentId: eng } },
        { tenantId, entityType: 'Department', id: sales, data: { parentId: company } },
      ]);
    });
    const line = (root: string) =>
      withTenant(db, { tenantId }, (tx) =>
        tx.execute(sql`select id::text as id from ${reportingLine(work.entityRefs, root)} as l(id)`),
      );
    const tree = (employee: string) =>
      withTenant(db, { tenantId }, (tx) =>
        tx.execute(sql`select id::text as id from ${departmentSubtree(work.entityRefs, employee)} as t(id)`),
      );
    expect(ids(await line(head))).toEqual([head, dev, ceo].sort());
    expect(ids(await line(other))).toEqual([other]);
    // Someone work has not heard of yet is in their own line.
    const stranger = newId();
    expect(ids(await line(stranger))).toEqual([stranger]);
    expect(ids(await tree(head))).toEqual([eng, platform].sort());
    expect(ids(await tree(other))).toEqual([sales]);
    expect(ids(await tree(stranger))).toEqual([]);
    // Another tenant sees none of it.
    const elsewhere = await withTenant(db, { tenantId: newId() }, (tx) =>
      tx.execute(sql`select id::text as id from ${reportingLine(work.entityRefs, head)} as l(id)`),
    );
    expect(ids(elsewhere)).toEqual([head]);
  });
});
