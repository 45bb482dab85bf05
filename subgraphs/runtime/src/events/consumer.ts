import { type Database, type Tx, withTenant } from '@wg/db';
import type * as common from '@wg/db/common';
import { sql } from 'drizzle-orm';
import { rootLogger } from '../logger';
import type { Bus } from './bus';
import type { EventOf, EventType } from './catalogue';
import { consumeDirty, outboxSignal } from './outbox';
import type { DomainEvent } from './types';

type InboxTable = ReturnType<typeof common.inboxTable>;
export type RefsTable = ReturnType<typeof common.entityRefsTable>;

export interface ConsumerOptions<R = unknown, T extends EventType = EventType> {
  /** Consumer group name, e.g. `finance.labor`. Also the dedup key in processed_events. */
  group: string;
  inbox: InboxTable;
  /**
   * Only these events reach `handle` (others are acknowledged and skipped). A list of types types
   * `handle`'s events by the catalogue; a predicate leaves them generic (`DomainEvent`).
   */
  accepts: readonly T[] | ((event: DomainEvent) => boolean);
  /** Applies new events of one tenant, in order, inside that tenant's RLS transaction. */
  handle: (tx: Tx, events: EventOf<T>[]) => Promise<R>;
  /**
   * Runs after the tenant's transaction committed, with what `handle` returned (never for a batch
   * whose events were all seen before). For after-commit side effects such as live notices: a
   * failure here is logged and does not redeliver the batch (the change is already durable).
   */
  committed?: (tenantId: string, result: R) => Promise<void> | void;
}

/**
 * An idempotent consumer: for each tenant in a batch, one transaction records the event ids in
 * `processed_events` (ON CONFLICT DO NOTHING) and hands only the ids it newly recorded to
 * `handle`. A redelivered event finds its id already there and changes nothing.
 */
export function startConsumer<R = void, T extends EventType = EventType>(
  database: Database,
  bus: Bus,
  options: ConsumerOptions<R, T>,
) {
  const { accepts } = options;
  const wanted =
    typeof accepts === 'function'
      ? accepts
      : (e: DomainEvent) => (accepts as readonly string[]).includes(e.type);
  return bus.subscribe(options.group, async (events) => {
    const byTenant = new Map<string, DomainEvent[]>();
    const seen = new Set<string>();
    for (const e of events) {
      // The same event twice in one batch (a redelivery racing the original) is applied once.
      if (!wanted(e) || seen.has(e.id)) continue;
      seen.add(e.id);
      const list = byTenant.get(e.tenantId);
      if (list) list.push(e);
      else byTenant.set(e.tenantId, [e]);
    }
    for (const [tenantId, list] of byTenant) {
      let used: Tx | undefined;
      const outcome = await withTenant(database, { tenantId }, async (tx) => {
        used = tx;
        const inserted = await tx
          .insert(options.inbox)
          .values(list.map((e) => ({ tenantId, consumer: options.group, eventId: e.id })))
          .onConflictDoNothing()
          .returning({ eventId: options.inbox.eventId });
        const fresh = new Set(inserted.map((r) => r.eventId));
        const todo = list.filter((e) => fresh.has(e.id));
        // `wanted` let only accepted types through; the payloads are what their producers declare.
        return todo.length > 0 ? { result: await options.handle(tx, todo as unknown as EventOf<T>[]) } : null;
      });
      // A handler that emitted events of its own (finance prices time, then announces it): wake the relay.
      if (used && consumeDirty(used)) outboxSignal.emit('committed');
      if (outcome && options.committed) {
        try {
          await options.committed(tenantId, outcome.result);
        } catch (error) {
          rootLogger.error({ err: error, group: options.group }, 'consumer after-commit hook failed');
        }
      }
    }
  });
}

/**
 * Keeps `entity_refs` in step with entities owned by other subgraphs: every event about an
 * aggregate of a listed type carries its public snapshot in `data`, which is upserted here.
 */
export function startRefsConsumer(
  database: Database,
  bus: Bus,
  subgraph: string,
  inbox: InboxTable,
  refs: RefsTable,
  entityTypes: readonly string[],
) {
  return startConsumer<void>(database, bus, {
    group: `${subgraph}.refs`,
    inbox,
    accepts: (e) => entityTypes.includes(e.aggregate.type),
    handle: async (tx, events) => {
      await upsertRefs(tx, refs, latestPerEntity(events));
    },
  });
}

/** Several events about one entity in a batch: the later snapshot wins. */
export function latestPerEntity(events: readonly DomainEvent[]): DomainEvent[] {
  const latest = new Map<string, DomainEvent>();
  for (const e of events) latest.set(`${e.aggregate.type}:${e.aggregate.id}`, e);
  return [...latest.values()];
}

/**
 * Upserts the snapshots into `entity_refs`, merging each into what is known (`data || excluded.data`),
 * so a partial snapshot never drops a field an earlier event gave.
 */
export async function upsertRefs(tx: Tx, refs: RefsTable, events: readonly DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx
    .insert(refs)
    .values(
      events.map((e) => ({
        tenantId: e.tenantId,
        entityType: e.aggregate.type,
        id: e.aggregate.id,
        data: e.data,
      })),
    )
    .onConflictDoUpdate({
      target: [refs.tenantId, refs.entityType, refs.id],
      set: { data: sql`${refs.data} || excluded.data`, updatedAt: sql`now()` },
    });
}
