import { EventEmitter } from 'node:events';
import type { Tx } from '@wg/db';
import type * as common from '@wg/db/common';
import { uuidv7 } from 'uuidv7';
import type { EventOf, EventType, NewEvent, NewEventOf } from './catalogue';

type OutboxTable = ReturnType<typeof common.outboxTable>;
type AuditTable = ReturnType<typeof common.auditTable>;

/** Fires after a transaction that wrote outbox rows commits, so an in-process relay can run now. */
export const outboxSignal = new EventEmitter();
const dirty = new WeakSet<object>();

/** Marks `tx` as having written events; `ctx.tx` signals the relay once it commits. */
export const consumeDirty = (tx: object) => {
  const was = dirty.has(tx);
  dirty.delete(tx);
  return was;
};

/**
 * Writes a domain event into the subgraph's outbox in the caller's transaction: the event exists
 * if and only if the change it describes committed. The relay publishes it later.
 */
export async function emitEvents<T extends EventType>(
  tx: Tx,
  outbox: OutboxTable,
  events: readonly NewEventOf<T>[],
): Promise<EventOf<T>[]> {
  if (events.length === 0) return [];
  const now = new Date();
  const rows = events.map((e) => ({
    id: uuidv7(),
    tenantId: e.tenantId,
    type: e.type,
    aggregateType: e.aggregateType,
    aggregateId: e.aggregateId,
    occurredAt: now,
    data: e.data,
  }));
  await tx.insert(outbox).values(rows);
  dirty.add(tx);
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    tenantId: r.tenantId,
    aggregate: { type: r.aggregateType, id: r.aggregateId },
    occurredAt: now.toISOString(),
    data: r.data,
  })) as EventOf<T>[];
}

/** One event; its `data` is checked against the payload the catalogue declares for its `type`. */
export const emitEvent = <T extends EventType>(tx: Tx, outbox: OutboxTable, event: NewEvent<T>) =>
  emitEvents(tx, outbox, [event]).then((r) => r[0]!);

export interface AuditEntry {
  tenantId: string;
  actorId: string | null;
  requestId: string;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Appends to the subgraph's audit trail (the app role may insert, never update or delete). */
export async function recordAudit(tx: Tx, audit: AuditTable, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(audit).values(
    entries.map((e) => ({
      tenantId: e.tenantId,
      actorId: e.actorId,
      requestId: e.requestId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      before: e.before ?? null,
      after: e.after ?? null,
    })),
  );
}
