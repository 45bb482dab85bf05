import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { rootLogger } from '../logger';
import type { DomainEvent } from './types';

export type BatchHandler = (events: DomainEvent[]) => Promise<void>;
/** A receiver of ephemeral messages: no persistence, no retry, no ordering across channels. */
export type TransientHandler = (message: unknown) => void;

/**
 * Durable domain-event delivery: every consumer group sees every event at least once, in publish
 * order; a handler that throws gets the batch again later. Consumers dedupe by event id.
 */
export interface Bus {
  readonly kind: 'memory' | 'redis';
  publish(events: DomainEvent[]): Promise<void>;
  subscribe(group: string, handler: BatchHandler): Promise<() => Promise<void>>;
  /**
   * Ephemeral fan-out (live-update notices, reply tokens): every current subscriber of the
   * channel in every process gets the message; nobody listening means it is gone. Redis pub/sub
   * when REDIS_URL is set.
   */
  publishTransient(channel: string, message: unknown): Promise<void>;
  subscribeTransient(channel: string, handler: TransientHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const RETRY_MS = 500;

/** The embedded default: one process, no persistence beyond the outbox itself. */
export class InProcessBus implements Bus {
  readonly kind = 'memory' as const;
  private groups = new Map<string, { queue: DomainEvent[]; handlers: BatchHandler[]; running: boolean }>();
  private closed = false;
  private readonly transient = new EventEmitter().setMaxListeners(0);

  async publishTransient(channel: string, message: unknown): Promise<void> {
    if (this.closed) return;
    // Same shape as Redis delivers: a structured clone, so no subscriber can mutate the sender's object.
    const copy = JSON.parse(JSON.stringify(message)) as unknown;
    queueMicrotask(() => this.transient.emit(channel, copy));
  }

  async subscribeTransient(channel: string, handler: TransientHandler) {
    this.transient.on(channel, handler);
    return async () => {
      this.transient.off(channel, handler);
    };
  }

  async publish(events: DomainEvent[]): Promise<void> {
    for (const g of this.groups.values()) {
      g.queue.push(...events);
      this.drain(g);
    }
  }

  async subscribe(group: string, handler: BatchHandler) {
    let g = this.groups.get(group);
    if (!g) {
      g = { queue: [], handlers: [], running: false };
      this.groups.set(group, g);
    }
    g.handlers.push(handler);
    const entry = g;
    return async () => {
      entry.handlers = entry.handlers.filter((h) => h !== handler);
    };
  }

  private drain(g: { queue: DomainEvent[]; handlers: BatchHandler[]; running: boolean }) {
    if (g.running || this.closed) return;
    g.running = true;
    setImmediate(async () => {
      try {
        while (g.queue.length > 0 && g.handlers.length > 0 && !this.closed) {
          const batch = g.queue.slice(0, 500);
          // A group is one logical consumer; with several handlers (several replicas) each batch
          // goes to one of them, like a Redis consumer group.
          const handler = g.handlers[0]!;
          try {
            await handler(batch);
            g.queue.splice(0, batch.length);
          } catch (error) {
            rootLogger.error({ err: error }, 'event handler failed; retrying');
            await new Promise((r) => setTimeout(r, RETRY_MS));
          }
        }
      } finally {
        g.running = false;
      }
    });
  }

  async close() {
    this.closed = true;
  }
}

/**
 * Redis Streams with consumer groups: events survive a consumer restart, pending entries are
 * re-read on start, and several replicas of a subgraph share one group.
 */
export class RedisBus implements Bus {
  readonly kind = 'redis' as const;
  private readonly writer: Redis;
  private readers: Redis[] = [];
  private closed = false;
  private readonly stream: string;
  private readonly channelPrefix: string;
  /** One subscriber connection per process for all transient channels (a subscribed connection can't run commands). */
  private subscriber: Redis | null = null;
  private readonly transient = new EventEmitter().setMaxListeners(0);
  private readonly channelRefs = new Map<string, number>();

  constructor(
    private readonly url: string,
    prefix = process.env.REDIS_PREFIX ?? 'wg:',
  ) {
    this.writer = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false });
    this.stream = `${prefix}events`;
    this.channelPrefix = `${prefix}live:`;
  }

  async publishTransient(channel: string, message: unknown): Promise<void> {
    if (this.closed) return;
    await this.writer.publish(this.channelPrefix + channel, JSON.stringify(message));
  }

  async subscribeTransient(channel: string, handler: TransientHandler) {
    if (!this.subscriber) {
      this.subscriber = new Redis(this.url, { maxRetriesPerRequest: null });
      this.subscriber.on('message', (full: string, raw: string) => {
        let message: unknown;
        try {
          message = JSON.parse(raw);
        } catch {
          return;
        }
        this.transient.emit(full.slice(this.channelPrefix.length), message);
      });
    }
    const full = this.channelPrefix + channel;
    const refs = this.channelRefs.get(channel) ?? 0;
    this.channelRefs.set(channel, refs + 1);
    this.transient.on(channel, handler);
    if (refs === 0) await this.subscriber.subscribe(full);
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      this.transient.off(channel, handler);
      const left = (this.channelRefs.get(channel) ?? 1) - 1;
      if (left > 0) this.channelRefs.set(channel, left);
      else {
        this.channelRefs.delete(channel);
        if (!this.closed) await this.subscriber?.unsubscribe(full).catch(() => undefined);
      }
    };
  }

  async publish(events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const pipeline = this.writer.pipeline();
    for (const e of events) pipeline.xadd(this.stream, 'MAXLEN', '~', '1000000', '*', 'e', JSON.stringify(e));
    const results = await pipeline.exec();
    const failed = results?.find(([err]) => err);
    if (failed) throw failed[0];
  }

  async subscribe(group: string, handler: BatchHandler) {
    const reader = new Redis(this.url, { maxRetriesPerRequest: null });
    this.readers.push(reader);
    try {
      // Start at the beginning of the stream so a new group sees events published before it existed.
      await reader.xgroup('CREATE', this.stream, group, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
    const consumer = `${hostname()}-${process.pid}`;
    let stopped = false;
    const loop = async () => {
      // First our own pending (delivered, never acked) entries, then new ones.
      let cursor = '0';
      while (!stopped && !this.closed) {
        try {
          const res = (await reader.xreadgroup(
            'GROUP',
            group,
            consumer,
            'COUNT',
            500,
            'BLOCK',
            cursor === '>' ? 1000 : 1,
            'STREAMS',
            this.stream,
            cursor,
          )) as [string, [string, string[]][]][] | null;
          const entries = res?.[0]?.[1] ?? [];
          if (entries.length === 0) {
            cursor = '>';
            continue;
          }
          const events = entries.map(([, fields]) => JSON.parse(fields[1] ?? '{}') as DomainEvent);
          await handler(events);
          await reader.xack(this.stream, group, ...entries.map(([id]) => id));
        } catch (error) {
          if (stopped || this.closed) return;
          rootLogger.error({ err: error, group }, 'event handler failed; retrying');
          cursor = '0';
          await new Promise((r) => setTimeout(r, RETRY_MS));
        }
      }
    };
    void loop();
    return async () => {
      stopped = true;
      reader.disconnect();
    };
  }

  async close() {
    this.closed = true;
    for (const r of this.readers) r.disconnect();
    this.subscriber?.disconnect();
    await this.writer.quit().catch(() => undefined);
  }
}

export function createBus(url = process.env.REDIS_URL): Bus {
  return url ? new RedisBus(url) : new InProcessBus();
}
