import type { Database } from '@wg/db';
import type * as common from '@wg/db/common';
import { asc, inArray, isNull, sql } from 'drizzle-orm';
import { rootLogger } from '../logger';
import type { Bus } from './bus';
import { outboxSignal } from './outbox';
import type { DomainEvent } from './types';

type OutboxTable = ReturnType<typeof common.outboxTable>;

/**
 * Publishes a subgraph's outbox to the bus and marks rows sent. Rows are claimed with
 * `FOR UPDATE SKIP LOCKED` inside a transaction, so several replicas never publish the same row
 * twice concurrently; if the process dies after publishing but before commit, the rows are
 * published again on restart and consumers drop the duplicates by event id (at-least-once +
 * idempotent consumers = each event applied once).
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private stopped = false;
  private readonly onSignal = () => this.kick();

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
    void this.drain()
      .catch((error) => rootLogger.error({ err: error }, 'outbox relay failed'))
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Publishes until the outbox is empty; returns how many events went out. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.publishBatch();
      total += sent;
      if (sent < this.batchSize || this.stopped) return total;
    }
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
      await this.bus.publish(events);
      await tx
        .update(this.outbox)
        .set({ publishedAt: sql`now()` })
        .where(
          inArray(
            this.outbox.seq,
            rows.map((r) => r.seq),
          ),
        );
      return rows.length;
    });
  }

  stop(): void {
    this.stopped = true;
    outboxSignal.off('committed', this.onSignal);
    if (this.timer) clearInterval(this.timer);
  }
}
