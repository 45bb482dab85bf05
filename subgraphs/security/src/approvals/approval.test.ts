import { type Database, withTenant } from '@wg/db';
import { approvals } from '@wg/db/security';
import { type ApprovalChange, type DomainEvent, InProcessBus } from '@wg/runtime';
import { createTestDatabase, eventually, newId } from '@wg/runtime/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVALS_CHANGED_CHANNEL, applyApprovalChanges, startApprovalsConsumer } from './approval.consumer';

/*
 * The approvals inbox consumer: idempotent on redelivery, and ordered by the owner's change time,
 * so a PENDING that arrives after the decision (or a replay of an old event) cannot bring a
 * decided item back.
 */
let db: Database & { drop(): Promise<void> };
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

const change = (subjectId: string, status: ApprovalChange['status'], changedAt: string): ApprovalChange => ({
  kind: 'timesheet_entry',
  subjectId,
  status,
  subject: `7.50 h (${status})`,
  requestedBy: null,
  requesterEmployeeId: null,
  requestedAt: '2026-01-05T09:00:00.000Z',
  employeeId: newId(),
  departmentId: null,
  changedAt,
});
const event = (tenantId: string, changes: ApprovalChange[]): DomainEvent => ({
  id: newId(),
  type: 'work.approval.changed',
  tenantId,
  aggregate: { type: 'ApprovalBatch', id: newId() },
  occurredAt: new Date().toISOString(),
  data: { changes },
});
const rowsOf = (tenantId: string) =>
  withTenant(db, { tenantId }, (tx) => tx.select().from(approvals).where(eq(approvals.tenantId, tenantId)));

describe('approvals consumer', () => {
  it('applies each event once: a redelivered batch changes nothing and sends no second notice', async () => {
    const bus = new InProcessBus();
    const tenantId = newId();
    const notices: unknown[] = [];
    const stopNotices = await bus.subscribeTransient(APPROVALS_CHANGED_CHANNEL, (m) => {
      notices.push(m);
    });
    const stop = await startApprovalsConsumer(db, bus);
    const subject = newId();
    const pending = event(tenantId, [change(subject, 'PENDING', '2026-01-05T09:00:00.000Z')]);
    await bus.publish([pending]);
    await eventually(async () => (await rowsOf(tenantId)).length === 1);
    await eventually(async () => notices.length === 1);
    expect(notices[0]).toMatchObject({ tenantId, kinds: ['timesheet_entry'] });

    // The decision, then the original PENDING redelivered (a relay restart): still decided.
    await bus.publish([event(tenantId, [change(subject, 'APPROVED', '2026-01-05T10:00:00.000Z')])]);
    await eventually(async () => (await rowsOf(tenantId))[0]?.status === 'APPROVED');
    await bus.publish([pending, pending]);
    await bus.publish([event(tenantId, [change(newId(), 'PENDING', '2026-01-05T11:00:00.000Z')])]);
    await eventually(async () => (await rowsOf(tenantId)).length === 2);
    const rows = await rowsOf(tenantId);
    expect(rows.find((r) => r.subjectId === subject)).toMatchObject({ status: 'APPROVED' });
    // One notice per applied batch: pending, approved, the second item; none for the replay.
    await eventually(async () => notices.length === 3);
    await stop();
    await stopNotices();
  });

  it('keeps the newest change: a PENDING older than the decision does not resurrect the item', async () => {
    const tenantId = newId();
    const subject = newId();
    // Decided first (the events arrived out of order), then the older PENDING.
    await withTenant(db, { tenantId }, (tx) =>
      applyApprovalChanges(tx, [event(tenantId, [change(subject, 'REJECTED', '2026-02-01T10:00:00.000Z')])]),
    );
    const kinds = await withTenant(db, { tenantId }, (tx) =>
      applyApprovalChanges(tx, [event(tenantId, [change(subject, 'PENDING', '2026-02-01T09:00:00.000Z')])]),
    );
    expect(kinds).toEqual([]);
    expect((await rowsOf(tenantId)).map((r) => r.status)).toEqual(['REJECTED']);

    // Resubmitted later: pending again. Within one batch the later change wins whatever the order.
    await withTenant(db, { tenantId }, (tx) =>
      applyApprovalChanges(tx, [
        event(tenantId, [change(subject, 'WITHDRAWN', '2026-02-01T12:00:00.000Z')]),
        event(tenantId, [change(subject, 'PENDING', '2026-02-01T11:00:00.000Z')]),
      ]),
    );
    expect((await rowsOf(tenantId)).map((r) => r.status)).toEqual(['WITHDRAWN']);
  });

  it('skips malformed changes without losing the good ones, and keeps tenants apart', async () => {
    const tenantId = newId();
    const good = newId();
    await withTenant(db, { tenantId }, (tx) =>
      applyApprovalChanges(tx, [
        event(tenantId, [
          { ...change(newId(), 'PENDING', '2026-03-01T09:00:00.000Z'), kind: 'nope' as never },
          { ...change('not-a-uuid', 'PENDING', '2026-03-01T09:00:00.000Z') },
          change(good, 'PENDING', '2026-03-01T09:00:00.000Z'),
        ]),
      ]),
    );
    expect((await rowsOf(tenantId)).map((r) => r.subjectId)).toEqual([good]);
    expect(await rowsOf(newId())).toEqual([]);
    // RLS: another tenant's transaction cannot read the row even without a where.
    const foreign = await withTenant(db, { tenantId: newId() }, (tx) => tx.select().from(approvals));
    expect(foreign.map((r) => r.subjectId)).not.toContain(good);
  });
});
