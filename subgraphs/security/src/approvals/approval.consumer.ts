import type { Database, Tx } from '@wg/db';
import { approvals, inbox } from '@wg/db/security';
import {
  type ApprovalChange,
  type ApprovalChangedData,
  approvalId,
  type Bus,
  type DomainEvent,
  isApprovalKind,
  isUuid,
  rootLogger,
  startConsumer,
} from '@wg/runtime';
import { sql } from 'drizzle-orm';

/** Transient bus channel: `{ tenantId, kinds, at }` after the inbox of a tenant changed (the gateway's `approvalsChanged`). */
export const APPROVALS_CHANGED_CHANNEL = 'approvals.changed';

export interface ApprovalsChangedNotice {
  tenantId: string;
  /** The kinds whose pending items changed. */
  kinds: string[];
  /** When the change committed (ISO-8601). */
  at: string;
}

/** Every `<domain>.approval.changed` event, whoever owns the kind. */
export const isApprovalEvent = (e: DomainEvent) => e.type.endsWith('.approval.changed');

const STATUSES = new Set(['PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN']);
const instant = (s: unknown) => (typeof s === 'string' && !Number.isNaN(Date.parse(s)) ? new Date(s) : null);
const uuidOrNull = (s: unknown) => (typeof s === 'string' && isUuid(s) ? s : null);

/** A change as a row, or null when it is malformed (logged, skipped: a bad one must not wedge the inbox). */
function rowOf(event: DomainEvent, change: Partial<ApprovalChange>) {
  const requestedAt = instant(change.requestedAt);
  const changedAt = instant(change.changedAt);
  if (
    typeof change.kind !== 'string' ||
    !isApprovalKind(change.kind) ||
    !uuidOrNull(change.subjectId) ||
    !STATUSES.has(change.status as string) ||
    !requestedAt ||
    !changedAt
  ) {
    return null;
  }
  return {
    tenantId: event.tenantId,
    id: approvalId(change.kind, change.subjectId!),
    kind: change.kind,
    subjectId: change.subjectId!,
    status: change.status as ApprovalChange['status'],
    subject: typeof change.subject === 'string' ? change.subject.slice(0, 500) : '',
    requestedBy: uuidOrNull(change.requestedBy),
    requesterEmployeeId: uuidOrNull(change.requesterEmployeeId),
    requestedAt,
    employeeId: uuidOrNull(change.employeeId),
    departmentId: uuidOrNull(change.departmentId),
    decidedAt: instant(change.decidedAt),
    decidedBy: uuidOrNull(change.decidedBy),
    changedAt,
    eventId: event.id,
  };
}

type Row = NonNullable<ReturnType<typeof rowOf>>;
const newer = (x: Row, y: Row) =>
  x.changedAt.getTime() !== y.changedAt.getTime()
    ? x.changedAt.getTime() > y.changedAt.getTime()
    : x.eventId > y.eventId;

/**
 * Applies approval changes to the inbox, keeping per subject the newest change (`changed_at`, then
 * the event id, both uuidv7-ordered): an older change, a replay or a PENDING that arrives after
 * its decision, changes nothing. Returns the kinds whose rows changed.
 */
export async function applyApprovalChanges(tx: Tx, events: readonly DomainEvent[]): Promise<string[]> {
  const latest = new Map<string, Row>();
  for (const event of events) {
    const changes = (event.data as Partial<ApprovalChangedData> | null)?.changes;
    if (!Array.isArray(changes)) continue;
    for (const change of changes) {
      const row = rowOf(event, change ?? {});
      if (!row) {
        rootLogger.warn({ eventId: event.id, type: event.type }, 'approvals: malformed change skipped');
        continue;
      }
      const seen = latest.get(row.id);
      if (!seen || newer(row, seen)) latest.set(row.id, row);
    }
  }
  const rows = [...latest.values()];
  const kinds = new Set<string>();
  for (let i = 0; i < rows.length; i += 500) {
    const applied = await tx
      .insert(approvals)
      .values(rows.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [approvals.tenantId, approvals.id],
        set: {
          status: sql`excluded.status`,
          subject: sql`excluded.subject`,
          requestedBy: sql`excluded.requested_by`,
          requesterEmployeeId: sql`excluded.requester_employee_id`,
          requestedAt: sql`excluded.requested_at`,
          employeeId: sql`excluded.employee_id`,
          departmentId: sql`excluded.department_id`,
          decidedAt: sql`excluded.decided_at`,
          decidedBy: sql`excluded.decided_by`,
          changedAt: sql`excluded.changed_at`,
          eventId: sql`excluded.event_id`,
          updatedAt: sql`now()`,
        },
        setWhere: sql`(${approvals.changedAt}, ${approvals.eventId}) < (excluded.changed_at, excluded.event_id)`,
      })
      .returning({ kind: approvals.kind });
    for (const r of applied) kinds.add(r.kind);
  }
  return [...kinds];
}

/**
 * Security's approvals inbox consumer (group `security.approvals`): every `*.approval.changed`
 * event, idempotently (event ids in security.processed_events), then a transient notice on
 * APPROVALS_CHANGED_CHANNEL so `approvalsChanged` subscribers re-read their counts.
 */
export function startApprovalsConsumer(database: Database, bus: Bus) {
  return startConsumer<string[]>(database, bus, {
    group: 'security.approvals',
    inbox,
    accepts: isApprovalEvent,
    handle: (tx, events) => applyApprovalChanges(tx, events as unknown as DomainEvent[]),
    async committed(tenantId, kinds) {
      if (kinds.length === 0) return;
      const notice: ApprovalsChangedNotice = { tenantId, kinds, at: new Date().toISOString() };
      await bus.publishTransient(APPROVALS_CHANGED_CHANNEL, notice);
    },
  });
}
