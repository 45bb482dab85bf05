import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { rootLogger } from '../logger';
import type { DomainEvent } from './types';

export type BatchHandler = (events: DomainEvent[]) => Promise<void>;
/** A receiver of ephemeral messages: no persistence, no retry, no ordering across channels. */
export type TransientHandler = (message: unknown) => void;

/**
 * Where a published batch landed: the bus storage's generation (`epoch`) and the position of the
 * batch's last event in it (`<int>-<int>`, ordered like Redis stream ids).
 */
export interface PublishReceipt {
  epoch: string;
  position: string;
}

/**
 * How far every consumer group got: every event of `epoch` at a position strictly below `below`
 * has been acknowledged by every consumer group (after its handler's transaction committed).
 */
export interface Acknowledged {
  epoch: string;
  below: string;
}

/**
 * Durable domain-event delivery: every consumer group sees every event at least once, in publish
 * order; a handler that throws gets the batch again later. Consumers dedupe by event id.
 *
 * The bus is not the source of truth, the outboxes are: a bus can lose what it holds (Redis
 * restarted without persistence, the process of the in-process bus died). `epoch()` changes when
 * that happens, and `acknowledged()` says how far the consumers got, so the relay keeps every
 * event until all groups acknowledged it and re-publishes what a lost epoch still held.
 */
export interface Bus {
  readonly kind: 'memory' | 'redis';
  publish(events: DomainEvent[]): Promise<PublishReceipt | null>;
  subscribe(group: string, handler: BatchHandler): Promise<() => Promise<void>>;
  /** The current generation of the bus's storage (created on first use). */
  epoch(): Promise<string>;
  /** Null while it cannot be told (no consumer group yet, the bus is unreachable, the epoch moved). */
  acknowledged(): Promise<Acknowledged | null>;
  /**
   * Ephemeral fan-out (live-update notices, reply tokens): every current subscriber of the
   * channel in every process gets the message; nobody listening means it is gone. Redis pub/sub
   * when REDIS_URL is set.
   */
  publishTransient(channel: string, message: unknown): Promise<void>;
  /**
   * Resolves once the channel listens — or, while the bus is unreachable, after a bounded wait
   * (`BUS_SUBSCRIBE_TIMEOUT_MS`, default 2000): the subscription then stays registered and takes
   * effect when the bus is back. Messages published in such a gap are gone; `onResumed` is called
   * whenever the channel listens again after one (a late first subscribe, a reconnect), so callers
   * can catch up on what they missed.
   */
  subscribeTransient(
    channel: string,
    handler: TransientHandler,
    options?: TransientOptions,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface TransientOptions {
  /** The channel listens again after a gap in which messages may have been lost. */
  onResumed?: () => void;
}

/**
 * The bus could not be reached in time (Redis down or hung). Raised by `publishTransient` at once
 * instead of waiting on a reconnect: transient messages are best-effort, and their callers are
 * often on a request's path.
 */
export class BusUnavailableError extends Error {
  readonly code = 'BUS_UNAVAILABLE';
  constructor(message = 'the event bus is unreachable', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BusUnavailableError';
  }
}

export const isBusUnavailable = (error: unknown): error is BusUnavailableError =>
  error instanceof BusUnavailableError ||
  (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'BUS_UNAVAILABLE');

const RETRY_MS = 500;

interface MemoryGroup {
  queue: { position: number; event: DomainEvent }[];
  handlers: BatchHandler[];
  running: boolean;
}

/**
 * The embedded default: one process, nothing kept beyond the outbox itself. Its epoch is new with
 * every process, so after a crash the relays re-publish whatever the dead process had not applied.
 */
export class InProcessBus implements Bus {
  readonly kind = 'memory' as const;
  private groups = new Map<string, MemoryGroup>();
  private closed = false;
  private readonly transient = new EventEmitter().setMaxListeners(0);
  private readonly generation = randomUUID();
  private position = 0;
  /** Events published while held (start-up: not every consumer group has subscribed yet). */
  private held: { position: number; event: DomainEvent }[] | null = null;

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

  async epoch() {
    return this.generation;
  }

  /**
   * Buffers publishes until the returned function is called, then hands them to every group that
   * subscribed meanwhile. A process starts its consumers one subgraph at a time while the first
   * relays already publish; without this a group subscribing late would never see those events
   * (Redis groups start at the beginning of the stream instead).
   */
  hold(): () => void {
    if (!this.held) this.held = [];
    return () => {
      const held = this.held ?? [];
      this.held = null;
      this.fanOut(held);
    };
  }

  async publish(events: DomainEvent[]): Promise<PublishReceipt | null> {
    if (events.length === 0) return null;
    const entries = events.map((event) => ({ position: ++this.position, event }));
    if (this.held) this.held.push(...entries);
    else this.fanOut(entries);
    return { epoch: this.generation, position: `0-${this.position}` };
  }

  private fanOut(entries: { position: number; event: DomainEvent }[]) {
    if (entries.length === 0) return;
    for (const g of this.groups.values()) {
      g.queue.push(...entries);
      this.drain(g);
    }
  }

  async acknowledged(): Promise<Acknowledged | null> {
    if (this.groups.size === 0) return null;
    let below = this.held?.[0]?.position ?? this.position + 1;
    for (const g of this.groups.values()) below = Math.min(below, g.queue[0]?.position ?? below);
    return { epoch: this.generation, below: `0-${below}` };
  }

  async subscribe(group: string, handler: BatchHandler) {
    let g = this.groups.get(group);
    if (!g) {
      g = { queue: [], handlers: [], running: false };
      this.groups.set(group, g);
    }
    g.handlers.push(handler);
    const entry = g;
    this.drain(entry);
    return async () => {
      entry.handlers = entry.handlers.filter((h) => h !== handler);
    };
  }

  private drain(g: MemoryGroup) {
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
            await handler(batch.map((b) => b.event));
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

const envMs = (name: string, fallback: number) => {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

/** Settles like `promise`, or rejects with BusUnavailableError after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new BusUnavailableError(`${what}: no answer from redis in ${ms} ms`)),
      ms,
    );
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The state of one bus's Redis connections, for the logs: one warning when the first connection
 * fails (ioredis reconnects by itself, and would otherwise print "Unhandled error event" for every
 * attempt of every connection), one line when all of them are ready again.
 */
class RedisHealth {
  private readonly connections = new Set<Redis>();
  private downSince: number | null = null;
  private readonly log = rootLogger.child({ component: 'bus' });

  constructor(private readonly url: string) {}

  track(redis: Redis, role: string): Redis {
    this.connections.add(redis);
    redis.on('error', (error: Error) => this.failed(role, error));
    redis.on('ready', () => this.ready());
    redis.on('end', () => {
      this.connections.delete(redis);
      this.ready();
    });
    return redis;
  }

  get up(): boolean {
    return this.downSince === null;
  }

  private failed(role: string, error: Error) {
    if (this.downSince !== null) return;
    this.downSince = Date.now();
    this.log.warn(
      { err: error, connection: role, redis: redactedUrl(this.url) },
      'redis unreachable; the bus keeps retrying (one line per outage)',
    );
  }

  private ready() {
    if (this.downSince === null) return;
    for (const c of this.connections) if (c.status !== 'ready') return;
    const ms = Date.now() - this.downSince;
    this.downSince = null;
    this.log.info({ redis: redactedUrl(this.url), outageMs: ms }, 'redis reachable again; bus recovered');
  }
}

/** A Redis URL without its password, for logs. */
function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis';
  }
}

/** `a-b` stream ids compared as numbers. */
function compareIds(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split('-').map(Number);
  const [b1 = 0, b2 = 0] = b.split('-').map(Number);
  return a1 !== b1 ? a1 - b1 : a2 - b2;
}
const nextId = (id: string) => {
  const [ms = '0', seq = '0'] = id.split('-');
  return `${ms}-${Number(seq) + 1}`;
};

const isNoGroup = (error: unknown) => String(error).includes('NOGROUP');

type StreamEntry = [id: string, fields: string[]];

/**
 * Redis Streams with consumer groups: events survive a consumer restart, several replicas of a
 * subgraph share one group, and no entry stays stuck with a dead consumer.
 *
 * - Consumer names are stable (`BUS_CONSUMER_NAME`, else the host name), so a restarted process
 *   re-reads its own pending entries first; entries idle longer than `BUS_CLAIM_IDLE_MS` (default
 *   60 s) at any consumer, e.g. one that was scaled away, are taken over with XAUTOCLAIM.
 * - After Redis restarted empty the groups are gone (NOGROUP): the consumer creates its group again
 *   at the start of the new stream, and the relays re-publish what the lost stream held (`epoch`).
 */
export class RedisBus implements Bus {
  readonly kind = 'redis' as const;
  private readonly writer: Redis;
  /** Transient publishes only: no offline queue, a command timeout — never waits on a reconnect. */
  private readonly notifier: Redis;
  private readers: Redis[] = [];
  private closed = false;
  private readonly stream: string;
  private readonly epochKey: string;
  private readonly channelPrefix: string;
  private readonly consumer: string;
  private readonly claimIdleMs: number;
  private readonly transientTimeoutMs: number;
  private readonly subscribeTimeoutMs: number;
  private readonly health: RedisHealth;
  /** One subscriber connection per process for all transient channels (a subscribed connection can't run commands). */
  private subscriber: Redis | null = null;
  private readonly transient = new EventEmitter().setMaxListeners(0);
  private readonly channelRefs = new Map<string, number>();
  /** Per channel, the `onResumed` callbacks of its current subscribers. */
  private readonly resumers = new Map<string, Set<() => void>>();

  constructor(
    private readonly url: string,
    prefix = process.env.REDIS_PREFIX ?? 'wg:',
    options: {
      consumer?: string;
      claimIdleMs?: number;
      transientTimeoutMs?: number;
      subscribeTimeoutMs?: number;
    } = {},
  ) {
    this.health = new RedisHealth(url);
    // The relay's connection: background work, so it may queue commands across a reconnect.
    this.writer = this.health.track(
      new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false }),
      'bus writer',
    );
    this.transientTimeoutMs = options.transientTimeoutMs ?? envMs('BUS_TRANSIENT_TIMEOUT_MS', 1_000);
    this.subscribeTimeoutMs = options.subscribeTimeoutMs ?? envMs('BUS_SUBSCRIBE_TIMEOUT_MS', 2_000);
    // Request paths publish notices (revokeApiKey, logout, …): fail fast rather than queue.
    this.notifier = this.health.track(
      new Redis(url, {
        lazyConnect: false,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        commandTimeout: this.transientTimeoutMs,
        connectTimeout: 2_000,
        // Back quickly after an outage: notices published meanwhile are dropped.
        retryStrategy: (times) => Math.min(100 * times, 1_000),
      }),
      'bus notifier',
    );
    this.stream = `${prefix}events`;
    this.epochKey = `${prefix}events:epoch`;
    this.channelPrefix = `${prefix}live:`;
    this.consumer = options.consumer ?? process.env.BUS_CONSUMER_NAME ?? hostname();
    this.claimIdleMs = options.claimIdleMs ?? Number(process.env.BUS_CLAIM_IDLE_MS ?? 60_000);
  }

  /** Whether every Redis connection of this bus is up (for `/ready` and tests). */
  get reachable(): boolean {
    return this.health.up;
  }

  /**
   * Best-effort and bounded: fails with BusUnavailableError at once while Redis is down, within
   * `BUS_TRANSIENT_TIMEOUT_MS` (1000) while it hangs. Only the first connect is waited for.
   *
   * Right after an outage the connections come back one by one: while the notifier is still in
   * its reconnect back-off but the writer is up again (a consumer applying the first events after
   * the outage), the writer carries the message, bounded the same way — otherwise the first
   * notices after a recovery would be dropped with Redis already back.
   */
  async publishTransient(channel: string, message: unknown): Promise<void> {
    if (this.closed) return;
    const status = this.notifier.status;
    if (status === 'connecting' || status === 'connect' || status === 'wait') {
      await within(this.connected(this.notifier), this.transientTimeoutMs, 'publish').catch(() => undefined);
    }
    const via =
      this.notifier.status !== 'ready' && this.writer.status === 'ready' ? this.writer : this.notifier;
    try {
      await within(
        via.publish(this.channelPrefix + channel, JSON.stringify(message)),
        this.transientTimeoutMs,
        'publish',
      );
    } catch (error) {
      throw new BusUnavailableError(`transient publish on ${channel} failed: ${String(error)}`, {
        cause: error,
      });
    }
  }

  private connected(redis: Redis): Promise<void> {
    if (redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve) => redis.once('ready', () => resolve()));
  }

  private resumed(channel: string) {
    for (const resume of this.resumers.get(channel) ?? []) {
      try {
        resume();
      } catch (error) {
        rootLogger.error({ err: error, channel }, 'bus: onResumed callback failed');
      }
    }
  }

  private subscriberConnection(): Redis {
    if (this.subscriber) return this.subscriber;
    // Subscribing queues while Redis is away (no per-request retry limit) and ioredis re-subscribes
    // every channel after a reconnect; waits on it are bounded in subscribeTransient.
    const subscriber = this.health.track(
      new Redis(this.url, { maxRetriesPerRequest: null }),
      'bus subscriber',
    );
    this.subscriber = subscriber;
    let connectedBefore = false;
    subscriber.on('ready', () => {
      if (!connectedBefore) {
        connectedBefore = true;
        return;
      }
      // A reconnect: ioredis re-subscribes by itself, but whatever was published meanwhile is lost.
      // Subscribe explicitly (idempotent) so "resumed" means Redis confirmed the channels again.
      const channels = [...this.channelRefs.keys()];
      if (channels.length === 0) return;
      subscriber
        .subscribe(...channels.map((c) => this.channelPrefix + c))
        .then(() => {
          for (const c of channels) if (this.channelRefs.has(c)) this.resumed(c);
        })
        .catch(() => undefined);
    });
    subscriber.on('message', (full: string, raw: string) => {
      let message: unknown;
      try {
        message = JSON.parse(raw);
      } catch {
        return;
      }
      this.transient.emit(full.slice(this.channelPrefix.length), message);
    });
    return subscriber;
  }

  async subscribeTransient(channel: string, handler: TransientHandler, options: TransientOptions = {}) {
    const subscriber = this.subscriberConnection();
    const full = this.channelPrefix + channel;
    const refs = this.channelRefs.get(channel) ?? 0;
    this.channelRefs.set(channel, refs + 1);
    this.transient.on(channel, handler);
    const onResumed = options.onResumed;
    if (onResumed) {
      let set = this.resumers.get(channel);
      if (!set) {
        set = new Set();
        this.resumers.set(channel, set);
      }
      set.add(onResumed);
    }
    if (refs === 0) {
      const confirmed = subscriber.subscribe(full);
      try {
        await within(confirmed, this.subscribeTimeoutMs, `subscribe ${channel}`);
      } catch (error) {
        if (!isBusUnavailable(error)) throw error;
        // Registered, not confirmed: it takes effect when Redis answers; say so then.
        rootLogger.warn({ channel }, 'bus unreachable; the subscription starts when it is back');
        confirmed.then(
          () => {
            if (this.channelRefs.has(channel)) this.resumed(channel);
          },
          () => undefined,
        );
      }
    }
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      this.transient.off(channel, handler);
      if (onResumed) this.resumers.get(channel)?.delete(onResumed);
      const left = (this.channelRefs.get(channel) ?? 1) - 1;
      if (left > 0) this.channelRefs.set(channel, left);
      else {
        this.channelRefs.delete(channel);
        this.resumers.delete(channel);
        // Queued behind any pending subscribe of the channel, so the final state is "unsubscribed";
        // not awaited past the bound (an unsubscribe must not hang a shutdown while Redis is away).
        if (!this.closed)
          await within(subscriber.unsubscribe(full), this.subscribeTimeoutMs, 'unsubscribe').catch(
            () => undefined,
          );
      }
    };
  }

  /**
   * The stream's generation: a random id stored next to it. A Redis that restarted without its
   * data has none, so the first caller after the restart creates a new one.
   */
  async epoch(): Promise<string> {
    await this.writer.set(this.epochKey, randomUUID(), 'NX');
    const epoch = await this.writer.get(this.epochKey);
    if (!epoch) throw new Error('redis lost the bus epoch while it was being read');
    return epoch;
  }

  async publish(events: DomainEvent[]): Promise<PublishReceipt | null> {
    if (events.length === 0) return null;
    const pipeline = this.writer.pipeline();
    for (const e of events) pipeline.xadd(this.stream, 'MAXLEN', '~', '1000000', '*', 'e', JSON.stringify(e));
    // Read on the same connection right after the XADDs: the epoch of the server that stored them
    // (a restart in between breaks the connection and fails the pipeline). None yet = unknown, so
    // the relay treats the batch as published to a lost epoch and publishes it again.
    pipeline.get(this.epochKey);
    const results = await pipeline.exec();
    const failed = results?.find(([err]) => err);
    if (failed) throw failed[0];
    const position = results?.[events.length - 1]?.[1];
    const epoch = results?.[events.length]?.[1];
    if (typeof position !== 'string') throw new Error('redis returned no stream id');
    return { epoch: typeof epoch === 'string' ? epoch : 'unknown', position };
  }

  /**
   * The lowest position some group has not acknowledged: per group, its oldest pending entry, or
   * what follows the last entry delivered to it. Read twice around the epoch so a restart in
   * between is never mistaken for progress.
   */
  async acknowledged(): Promise<Acknowledged | null> {
    const before = await this.writer.get(this.epochKey);
    if (!before) return null;
    let groups: unknown[];
    try {
      groups = (await this.writer.xinfo('GROUPS', this.stream)) as unknown[];
    } catch (error) {
      if (String(error).includes('no such key')) return null;
      throw error;
    }
    if (groups.length === 0) return null;
    let below: string | null = null;
    for (const raw of groups) {
      const info = new Map<string, unknown>();
      const flat = raw as unknown[];
      for (let i = 0; i + 1 < flat.length; i += 2) info.set(String(flat[i]), flat[i + 1]);
      const name = String(info.get('name'));
      // A group no consumer ever read from (made by hand, or by a deployment that never started
      // its consumer) would hold every row unacknowledged for ever, and have all of them
      // re-published after each Redis loss. It is treated like a group that does not exist yet:
      // when a consumer joins, it reads what the stream still holds, as any new group does.
      // Groups with consumers count, idle or not (a consumer that is down must not lose events).
      if (Number(info.get('consumers') ?? 0) === 0) continue;
      let bound = nextId(String(info.get('last-delivered-id') ?? '0-0'));
      if (Number(info.get('pending') ?? 0) > 0) {
        const summary = (await this.writer.xpending(this.stream, name)) as [
          number,
          string | null,
          ...unknown[],
        ];
        if (summary[0] > 0 && summary[1] && compareIds(summary[1], bound) < 0) bound = summary[1];
      }
      if (below === null || compareIds(bound, below) < 0) below = bound;
    }
    const after = await this.writer.get(this.epochKey);
    if (after !== before || below === null) return null;
    return { epoch: before, below };
  }

  private async createGroup(reader: Redis, group: string) {
    try {
      // Start at the beginning of the stream so a new group sees events published before it existed.
      await reader.xgroup('CREATE', this.stream, group, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
  }

  async subscribe(group: string, handler: BatchHandler) {
    const reader = this.health.track(
      new Redis(this.url, { maxRetriesPerRequest: null }),
      `bus reader ${group}`,
    );
    this.readers.push(reader);
    await this.createGroup(reader, group);
    const consumer = this.consumer;
    let stopped = false;
    const deliver = async (entries: StreamEntry[]) => {
      if (entries.length === 0) return;
      const events = entries.map(([, fields]) => JSON.parse(fields?.[1] ?? '{}') as DomainEvent);
      await handler(events);
      // Only after the handler's transaction committed: an entry acknowledged is an event applied.
      await reader.xack(this.stream, group, ...entries.map(([id]) => id));
    };
    /** Takes over entries another (dead, or scaled-away) consumer left pending for too long. */
    const claimIdle = async () => {
      let start = '0-0';
      for (let i = 0; i < 100 && !stopped; i++) {
        const [next, entries] = (await reader.xautoclaim(
          this.stream,
          group,
          consumer,
          this.claimIdleMs,
          start,
          'COUNT',
          500,
        )) as [string, StreamEntry[]];
        await deliver(entries.filter((e) => Array.isArray(e?.[1])));
        if (next === '0-0') return;
        start = next;
      }
    };
    const loop = async () => {
      // First our own pending (delivered, never acked) entries, then new ones.
      let cursor = '0';
      let lastClaim = 0;
      let failures = 0;
      while (!stopped && !this.closed) {
        try {
          if (Date.now() - lastClaim >= Math.min(this.claimIdleMs / 2, 30_000)) {
            lastClaim = Date.now();
            await claimIdle();
          }
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
          )) as [string, StreamEntry[]][] | null;
          const entries = res?.[0]?.[1] ?? [];
          failures = 0;
          if (entries.length === 0) {
            cursor = '>';
            continue;
          }
          await deliver(entries);
        } catch (error) {
          if (stopped || this.closed) return;
          cursor = '0';
          if (isNoGroup(error)) {
            // Redis restarted empty (or the group was deleted): recreate it and carry on at once.
            rootLogger.warn({ group }, 'consumer group missing; recreating it');
            await this.createGroup(reader, group).catch(() => undefined);
            continue;
          }
          // Back off up to 5 s and log the first failure of a streak, then every 20th.
          if (failures++ % 20 === 0)
            rootLogger.error({ err: error, group }, 'event handler failed; retrying');
          await new Promise((r) => setTimeout(r, Math.min(RETRY_MS * failures, 5000)));
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
    this.notifier.disconnect();
    // quit() waits for the server; bounded so a stop while Redis is away does not hang.
    await within(this.writer.quit(), this.transientTimeoutMs, 'quit').catch(() => this.writer.disconnect());
  }
}

export function createBus(url = process.env.REDIS_URL): Bus {
  return url ? new RedisBus(url) : new InProcessBus();
}
