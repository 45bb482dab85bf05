import { type Database, withTenant } from '@wg/db';
import * as work from '@wg/db/work';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVAL_BATCH, type ApprovalChangedData, publishApprovalChanges } from './approvals';
import { createTestDatabase, newId } from './testing';

let db: Database & { drop(): Promise<void> };
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

const change = (subjectId: string) => ({
  kind: 'timesheet_entry' as const,
  subjectId,
  status: 'PENDING' as const,
  subject: '7.50 h on Rebrand',
  requestedBy: null,
  requesterEmployeeId: null,
  requestedAt: '2026-01-05T09:00:00.000Z',
  employeeId: newId(),
  departmentId: null,
});

describe('publishApprovalChanges', () => {
  it('writes the changes into the outbox of the transaction, in batches, stamped with changedAt', async () => {
    const tenantId = newId();
    const ids = Array.from({ length: APPROVAL_BATCH + 1 }, () => newId());
    await withTenant(db, { tenantId }, (tx) =>
      publishApprovalChanges(tx, work.outbox, tenantId, 'work.approval.changed', ids.map(change)),
    );
    const rows = await withTenant(db, { tenantId }, (tx) =>
      tx.select().from(work.outbox).where(eq(work.outbox.tenantId, tenantId)).orderBy(asc(work.outbox.id)),
    );
    expect(rows.map((r) => [r.type, r.aggregateType])).toEqual([
      ['work.approval.changed', 'ApprovalBatch'],
      ['work.approval.changed', 'ApprovalBatch'],
    ]);
    const changes = rows.flatMap((r) => (r.data as ApprovalChangedData).changes);
    expect(changes.map((c) => c.subjectId)).toEqual(ids);
    expect(new Set(changes.map((c) => c.changedAt)).size).toBe(1);
    expect(Number.isNaN(Date.parse(changes[0]!.changedAt))).toBe(false);
  });

  it('writes nothing when the transaction rolls back, or for no changes', async () => {
    const tenantId = newId();
    await expect(
      withTenant(db, { tenantId }, async (tx) => {
        await publishApprovalChanges(tx, work.outbox, tenantId, 'work.approval.changed', [change(newId())]);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await withTenant(db, { tenantId }, (tx) =>
      publishApprovalChanges(tx, work.outbox, tenantId, 'work.approval.changed', []),
    );
    const rows = await withTenant(db, { tenantId }, (tx) =>
      tx.select().from(work.outbox).where(eq(work.outbox.tenantId, tenantId)),
    );
    expect(rows).toEqual([]);
  });
});
