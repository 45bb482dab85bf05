import { AsyncResource } from 'node:async_hooks';
import type { Database } from '@wg/db';
import type * as common from '@wg/db/common';
import { and, asc, eq, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import { rootLogger } from '../logger';
import type { Bus } from './bus';
import { outboxSignal } from './outbox';
import type { DomainEvent } from './types';

type OutboxTable = ReturnType<typeof common.outboxTable>;

/**
 * Publishes a subgraph's outbox to the bus and keeps every row until all consumer groups
 * acknowledged it. The outbox is the source of truth; the bus may lose what it holds.
 *
 * - Publish: rows with `published_at` null are claimed with `FOR UPDATE SKIP LOCKED` (several
 *   replicas never publish the same row concurrently), published, and stamped with the bus epoch and
 *   position they got. If the process dies after publishing but before commit, they are published
 *   again and consumers drop the duplicates by event id.
 * - Confirm: `bus.acknowledged()` tells how far every group got; rows below that are stamped
 *   `acknowledged_at` and never published again.
 * - Epoch change (Redis restarted empty, or a new process for the in-process bus): rows published
 *   into another epoch and not acknowledged are made unpublished again and re-published.
 *
 * At-least-once delivery + idempotent consumers = each event applied exactly once.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private stopped = false;
  /** The epoch rows were last reconciled against; undefined at start, so a restart reconciles. */
  private knownEpoch: string | undefined;
  /** Published rows may still wait for acknowledgement (a confirm round is due). */
  private unconfirmed = true;
  private failures = 0;
  // Bound to the context the relay was made in: a commit's signal would otherwise run the relay,
  // and the consumers it feeds in-process, in the committer's async context (e.g. the demo seed's
  // moved clock, `atTime`).
  private readonly onSignal = AsyncResource.bind(() => this.kick());

  constructor(
    private readonly database: Database,
    private readonly outbox: OutboxTable,
    private readonly bus: Bus,
    private readonly intervalMs = Number(process.env.OUTBOX_POLL_MS ?? 500),
    private readonly batchSize = 500,
  ) {}

  start(): this {
    outboxSignal.on('committed', this.onSignal);
    this.timer = setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
    this.kick();
    return this;
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.tick()
      .then(() => {
        this.failures = 0;
      })
      .catch((error) => {
        // A PostgreSQL or Redis outage fails every poll: log the first of a streak, then every 40th.
        if (this.failures++ % 40 === 0) rootLogger.error({ err: error }, 'outbox relay failed; retrying');
      })
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async tick(): Promise<void> {
    await this.drain();
    if (this.unconfirmed) await this.confirm();
  }

  /** Publishes until the outbox is empty; returns how many events went out. */
  async drain(): Promise<number> {
    await this.reconcileEpoch();
    let total = 0;
    for (;;) {
      const sent = await this.publishBatch();
      total += sent;
      if (sent < this.batchSize || this.stopped) return total;
    }
  }

  /**
   * When the bus's epoch is not the one this relay last saw (first run, or the bus lost its data),
   * everything published into another epoch and not acknowledged goes back to unpublished.
   */
  private async reconcileEpoch(): Promise<void> {
    const epoch = await this.bus.epoch();
    if (epoch === this.knownEpoch) return;
    const reset = await this.database.system
      .update(this.outbox)
      .set({ publishedAt: null })
      .where(
        and(
          isNotNull(this.outbox.publishedAt),
          isNull(this.outbox.acknowledgedAt),
          or(isNull(this.outbox.publishedEpoch), ne(this.outbox.publishedEpoch, epoch)),
        ),
      )
      .returning({ seq: this.outbox.seq });
    if (reset.length > 0 && this.knownEpoch !== undefined) {
      rootLogger.warn(
        { events: reset.length },
        'event bus lost its data; re-publishing unacknowledged events',
      );
    }
    this.knownEpoch = epoch;
    this.unconfirmed = true;
  }

  /** Marks rows every consumer group has acknowledged; returns how many. */
  async confirm(): Promise<number> {
    const ack = await this.bus.acknowledged();
    if (!ack) return 0;
    const done = await this.database.system
      .update(this.outbox)
      .set({ acknowledgedAt: sql`now()` })
      .where(
        and(
          isNotNull(this.outbox.publishedAt),
          isNull(this.outbox.acknowledgedAt),
          eq(this.outbox.publishedEpoch, ack.epoch),
          sql`string_to_array(${this.outbox.publishedPosition}, '-')::numeric[] < string_to_array(${ack.below}, '-')::numeric[]`,
        ),
      )
      .returning({ seq: this.outbox.seq });
    const [left] = await this.database.system
      .select({ seq: this.outbox.seq })
      .from(this.outbox)
      .where(and(isNotNull(this.outbox.publishedAt), isNull(this.outbox.acknowledgedAt)))
      .limit(1);
    this.unconfirmed = left !== undefined;
    return done.length;
  }

  private async publishBatch(): Promise<number> {
    return this.database.system.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(this.outbox)
        .where(isNull(this.outbox.publishedAt))
        .orderBy(asc(this.outbox.seq))
        .limit(this.batchSize)
        .for('update', { skipLocked: true });
      if (rows.length === 0) return 0;
      const events: DomainEvent[] = rows.map((r) => ({
        id: r.id,
        type: r.type,
        tenantId: r.tenantId,
        aggregate: { type: r.aggregateType, id: r.aggregateId },
        occurredAt: r.occurredAt.toISOString(),
        data: r.data as Record<string, unknown>,
      }));
      const receipt = await this.bus.publish(events);
      await tx
        .update(this.outbox)
        .set({
          publishedAt: sql`now()`,
          publishedEpoch: receipt?.epoch ?? null,
          publishedPosition: receipt?.position ?? null,
        })
        .where(
          inArray(
            this.outbox.seq,
            rows.map((r) => r.seq),
          ),
        );
      this.unconfirmed = true;
      return rows.length;
    });
  }

  stop(): void {
    this.stopped = true;
    outboxSignal.off('committed', this.onSignal);
    if (this.timer) clearInterval(this.timer);
  }
}
