import { type Database, withTenant } from '@wg/db';
import * as work from '@wg/db/work';
import { and, count, eq, isNull } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { atTime, clock } from '../clock';
import { createTestDatabase, eventually, newId } from '../testing';
import { type Bus, InProcessBus, RedisBus } from './bus';
import type { NewEventOf } from './catalogue';
import { startConsumer } from './consumer';
import { emitEvents, outboxSignal } from './outbox';
import { OutboxRelay } from './relay';
import type { DomainEvent } from './types';

/*
 * The outbox relay under failure: a relay that dies between the commit of the outbox rows and the
 * publish, or after the publish but before marking the rows sent, loses nothing and — with an
 * idempotent consumer — delivers every event exactly once after a restart. Runs with the in-process
 * bus and, when REDIS_URL is set, with Redis Streams; on PGlite, or PostgreSQL when DATABASE_URL is set.
 */

const buses: [string, () => Bus][] = [['in-process', () => new InProcessBus()]];
/** Streams the Redis buses of this file created, deleted at the end (each test uses its own prefix). */
const streams: string[] = [];
if (process.env.REDIS_URL) {
  const url = process.env.REDIS_URL;
  buses.push([
    'redis',
    () => {
      const prefix = `wg-test-relay-${process.pid}-${newId()}:`;
      streams.push(`${prefix}events`, `${prefix}events:epoch`);
      return new RedisBus(url, prefix);
    },
  ]);
}

let db: Database & { drop(): Promise<void> };
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
  if (process.env.REDIS_URL && streams.length > 0) {
    const redis = new Redis(process.env.REDIS_URL);
    await redis.del(...streams);
    redis.disconnect();
  }
});

/** A bus that dies like a process would: before the publish reaches the broker, or right after. */
class CrashingBus implements Bus {
  readonly kind = 'memory' as const;
  attempts = 0;
  constructor(
    private readonly inner: Bus,
    private readonly when: 'before-publish' | 'after-publish',
  ) {}
  async publish(events: DomainEvent[]): Promise<null> {
    this.attempts++;
    if (this.when === 'after-publish') await this.inner.publish(events);
    throw new Error(`simulated crash ${this.when}`);
  }
  subscribe = (group: string, handler: (events: DomainEvent[]) => Promise<void>) =>
    this.inner.subscribe(group, handler);
  epoch = () => this.inner.epoch();
  acknowledged = () => this.inner.acknowledged();
  publishTransient = (channel: string, message: unknown) => this.inner.publishTransient(channel, message);
  subscribeTransient = (channel: string, handler: (m: unknown) => void) =>
    this.inner.subscribeTransient(channel, handler);
  close = async () => {};
}

async function commitEvents(tenantId: string, n: number): Promise<string[]> {
  const written = await withTenant(db, { tenantId }, (tx) =>
    emitEvents(
      tx,
      work.outbox,
      Array.from({ length: n }, (_, i) => ({
        tenantId,
        type: 'test.relay.happened',
        aggregateType: 'Thing',
        aggregateId: newId(),
        data: { i },
      })) as unknown as NewEventOf[], // a test-only type the catalogue does not (and should not) list
    ),
  );
  return written.map((e) => e.id);
}

const unpublished = async () => {
  const [row] = await db.system
    .select({ n: count() })
    .from(work.outbox)
    .where(isNull(work.outbox.publishedAt));
  return row?.n ?? 0;
};

describe.each(buses)('outbox relay crash and restart (%s bus)', (_kind, makeBus) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('delivers every event exactly once after dying between commit and publish, and after publish', async () => {
    const bus = makeBus();
    cleanups.push(() => bus.close());
    const tenantId = newId();
    const group = `test.relay.${newId()}`;
    const applied: string[] = [];
    const stop = await startConsumer<string[]>(db, bus, {
      group,
      inbox: work.processedEvents,
      accepts: (e) => e.tenantId === tenantId,
      handle: async (_tx, events) => events.map((e) => e.id),
      // After commit only: what the consumer durably applied.
      committed: (_t, ids) => {
        applied.push(...ids);
      },
    });
    cleanups.push(stop);

    const ids = await commitEvents(tenantId, 7);
    expect(await unpublished()).toBeGreaterThanOrEqual(7);

    // 1. The process dies after the commit, before the publish reaches the bus.
    const dead = new CrashingBus(bus, 'before-publish');
    await expect(new OutboxRelay(db, work.outbox, dead, 60_000).drain()).rejects.toThrow('simulated crash');
    expect(dead.attempts).toBe(1);
    expect(await unpublished()).toBeGreaterThanOrEqual(7);

    // 2. The next one publishes, then dies before marking the rows sent: consumers got them once.
    const half = new CrashingBus(bus, 'after-publish');
    await expect(new OutboxRelay(db, work.outbox, half, 60_000).drain()).rejects.toThrow('simulated crash');
    await eventually(async () => applied.length === 7);
    expect(await unpublished()).toBeGreaterThanOrEqual(7);

    // 3. After the restart a healthy relay publishes all of them again and marks them sent.
    const relay = new OutboxRelay(db, work.outbox, bus, 60_000);
    expect(await relay.drain()).toBeGreaterThanOrEqual(7);
    expect(await unpublished()).toBe(0);
    // A sentinel committed after the restart proves the redelivered batch was fully handled.
    const [sentinel] = await commitEvents(tenantId, 1);
    await relay.drain();
    await eventually(async () => applied.includes(sentinel!));

    expect([...applied].sort()).toEqual([...ids, sentinel!].sort());
    const [recorded] = await withTenant(db, { tenantId }, (tx) =>
      tx.select({ n: count() }).from(work.processedEvents),
    );
    expect(recorded?.n).toBe(8);
  });

  it('loses nothing when the relay is stopped mid-way and a new one resumes', async () => {
    const bus = makeBus();
    cleanups.push(() => bus.close());
    const tenantId = newId();
    const applied: string[] = [];
    cleanups.push(
      await startConsumer<string[]>(db, bus, {
        group: `test.relay.${newId()}`,
        inbox: work.processedEvents,
        accepts: (e) => e.tenantId === tenantId,
        handle: async (_tx, events) => events.map((e) => e.id),
        committed: (_t, ids) => {
          applied.push(...ids);
        },
      }),
    );
    const ids = await commitEvents(tenantId, 25);
    // Batches of 10: the first relay publishes one batch, then the "process" stops.
    const first = new OutboxRelay(db, work.outbox, bus, 60_000, 10);
    first.stop();
    await first.drain();
    const second = new OutboxRelay(db, work.outbox, bus, 60_000, 10);
    await second.drain();
    await eventually(async () => applied.length >= 25);
    expect([...applied].sort()).toEqual([...ids].sort());
    expect(await unpublished()).toBe(0);
  });
});

describe.each(buses)('idempotent consumer under redelivery (%s bus)', (_kind, makeBus) => {
  it('applies each event once: duplicates in a batch, a republished batch, a failed attempt, a restart', async () => {
    const bus = makeBus();
    const tenantId = newId();
    const other = newId();
    const group = `test.consumer.${newId()}`;
    const applied: string[] = [];
    let failNext = true;
    const consumer = () =>
      startConsumer<string[]>(db, bus, {
        group,
        inbox: work.processedEvents,
        accepts: (e) => e.type === 'test.consumer.happened',
        handle: async (_tx, events) => {
          // The first attempt fails after the inbox insert: its transaction (and the dedup rows)
          // roll back, so the retry applies the batch — once.
          if (failNext) {
            failNext = false;
            throw new Error('transient failure');
          }
          return events.map((e) => e.id);
        },
        committed: (_t, ids) => {
          applied.push(...ids);
        },
      });
    let stop = await consumer();
    const event = (t = tenantId): DomainEvent => ({
      id: newId(),
      type: 'test.consumer.happened',
      tenantId: t,
      aggregate: { type: 'Thing', id: newId() },
      occurredAt: new Date().toISOString(),
      data: {},
    });
    const [a, b, c] = [event(), event(), event(other)];
    await bus.publish([a, a, b, c]);
    await eventually(async () => applied.length === 3, 15_000);
    await bus.publish([b, a, c]);

    // A restarted consumer of the same group (new process) sees the old events again.
    await stop();
    stop = await consumer();
    const d = event();
    await bus.publish([c, d, a]);
    await eventually(async () => applied.includes(d.id), 15_000);
    await stop();
    await bus.close();
    expect([...applied].sort()).toEqual([a.id, b.id, c.id, d.id].sort());
  });
});

const unacknowledged = async (tenantId: string) => {
  const rows = await db.system
    .select({ n: count() })
    .from(work.outbox)
    .where(and(eq(work.outbox.tenantId, tenantId), isNull(work.outbox.acknowledgedAt)));
  return rows[0]?.n ?? 0;
};

/**
 * The bus loses what it holds (a Redis restarted without persistence; for the in-process bus, the
 * process died and a new one started): events published but not yet applied by every consumer group
 * are published again from the outbox, nothing is applied twice, acknowledged rows stay put.
 */
describe.each(buses)('bus data loss (%s bus)', (kind, makeBus) => {
  it('re-publishes what the lost bus held and nothing that every group had acknowledged', async () => {
    const tenantId = newId();
    const group = `test.loss.${newId()}`;
    const applied: string[] = [];
    let gate = true;
    const consume = (bus: Bus) =>
      startConsumer<string[]>(db, bus, {
        group,
        inbox: work.processedEvents,
        accepts: (e) => e.tenantId === tenantId,
        handle: async (_tx, events) => {
          // While the gate is shut the consumer fails: the events stay unacknowledged in the bus.
          if (!gate) throw new Error('consumer is down');
          return events.map((e) => e.id);
        },
        committed: (_t, ids) => {
          applied.push(...ids);
        },
      });
    let bus = makeBus();
    let stop = await consume(bus);
    const relay = () => new OutboxRelay(db, work.outbox, bus, 60_000);

    // 1. Five events applied and acknowledged: the relay records that.
    const first = await commitEvents(tenantId, 5);
    let r = relay();
    await r.drain();
    await eventually(async () => applied.length === 5);
    await eventually(async () => {
      await r.confirm();
      return (await unacknowledged(tenantId)) === 0;
    });

    // 2. Five more published while the consumer fails: published, not acknowledged.
    gate = false;
    const second = await commitEvents(tenantId, 5);
    await r.drain();
    await r.confirm();
    expect(await unacknowledged(tenantId)).toBe(5);
    expect(await unpublished()).toBe(0);

    // 3. The bus loses everything; the consumer comes back on the new one.
    await stop();
    if (kind === 'redis') {
      // What a restart without persistence leaves: no stream, no groups, no epoch.
      const redis = new Redis(process.env.REDIS_URL!);
      const stream = streams.at(-1)!;
      await redis.del(stream, `${stream}:epoch`);
      redis.disconnect();
      stop = await consume(bus);
    } else {
      await bus.close();
      bus = makeBus();
      stop = await consume(bus);
    }
    gate = true;
    r = relay();
    await r.drain();
    await eventually(async () => applied.length >= 10);
    await eventually(async () => {
      await r.confirm();
      return (await unacknowledged(tenantId)) === 0;
    });
    await stop();
    await bus.close();
    expect([...applied].sort()).toEqual([...first, ...second].sort());
  });
});

describe.skipIf(!process.env.REDIS_URL)('redis consumer groups', () => {
  it('recreates a lost group (NOGROUP) and keeps consuming', async () => {
    const prefix = `wg-test-nogroup-${process.pid}-${newId()}:`;
    streams.push(`${prefix}events`, `${prefix}events:epoch`);
    const bus = new RedisBus(process.env.REDIS_URL!, prefix);
    const seen: string[] = [];
    const stop = await bus.subscribe('g', async (events) => {
      seen.push(...events.map((e) => e.id));
    });
    const event = (): DomainEvent => ({
      id: newId(),
      type: 'test.nogroup',
      tenantId: newId(),
      aggregate: { type: 'Thing', id: newId() },
      occurredAt: new Date().toISOString(),
      data: {},
    });
    const a = event();
    await bus.publish([a]);
    await eventually(async () => seen.includes(a.id));
    const redis = new Redis(process.env.REDIS_URL!);
    await redis.del(`${prefix}events`);
    redis.disconnect();
    const b = event();
    await eventually(async () => {
      // The first publish may land before the group is recreated (stream made by XADD): the new
      // group starts at 0, so it still reads it.
      if (!seen.includes(b.id)) await bus.publish([b]);
      return seen.includes(b.id);
    }, 15_000);
    await stop();
    await bus.close();
  });

  it('a group nobody ever consumed does not hold acknowledgement back (nor cause re-publishing)', async () => {
    const prefix = `wg-test-ghost-${process.pid}-${newId()}:`;
    streams.push(`${prefix}events`, `${prefix}events:epoch`);
    const bus = new RedisBus(process.env.REDIS_URL!, prefix);
    const tenantId = newId();
    const seen: string[] = [];
    const stop = await bus.subscribe('live', async (events) => {
      seen.push(...events.filter((e) => e.tenantId === tenantId).map((e) => e.id));
    });
    // A group created but never read by anyone (a consumer that was never deployed).
    const redis = new Redis(process.env.REDIS_URL!);
    await redis.xgroup('CREATE', `${prefix}events`, 'ghost', '0', 'MKSTREAM');
    const ids = await commitEvents(tenantId, 5);
    const relay = new OutboxRelay(db, work.outbox, bus, 60_000);
    await relay.drain();
    await eventually(async () => ids.every((id) => seen.includes(id)));
    // Every row is acknowledged by the group that exists for real; the ghost is not waited for.
    await eventually(async () => {
      await relay.confirm();
      return (await unacknowledged(tenantId)) === 0;
    });
    // A consumer joining the ghost group later still reads what the stream holds.
    const late: string[] = [];
    const stopLate = await bus.subscribe('ghost', async (events) => {
      late.push(...events.filter((e) => e.tenantId === tenantId).map((e) => e.id));
    });
    await eventually(async () => ids.every((id) => late.includes(id)));
    await stopLate();
    await stop();
    redis.disconnect();
    await bus.close();
  });

  it("takes over a dead consumer's pending entries (XAUTOCLAIM) and applies them once", async () => {
    const prefix = `wg-test-claim-${process.pid}-${newId()}:`;
    streams.push(`${prefix}events`, `${prefix}events:epoch`);
    const dead = new RedisBus(process.env.REDIS_URL!, prefix, { consumer: 'dead', claimIdleMs: 300 });
    let received = 0;
    // The first consumer receives the entries and "dies" before acknowledging them.
    const stopDead = await dead.subscribe('g', async (events) => {
      received += events.length;
      await new Promise(() => {});
    });
    const events = Array.from(
      { length: 3 },
      (): DomainEvent => ({
        id: newId(),
        type: 'test.claim',
        tenantId: newId(),
        aggregate: { type: 'Thing', id: newId() },
        occurredAt: new Date().toISOString(),
        data: {},
      }),
    );
    await dead.publish(events);
    await eventually(async () => received === 3);
    await stopDead();
    await dead.close();

    const alive = new RedisBus(process.env.REDIS_URL!, prefix, { consumer: 'alive', claimIdleMs: 300 });
    const seen: string[] = [];
    const stop = await alive.subscribe('g', async (batch) => {
      seen.push(...batch.map((e) => e.id));
    });
    await eventually(async () => seen.length >= 3, 15_000);
    expect([...seen].sort()).toEqual(events.map((e) => e.id).sort());
    const epoch = await alive.epoch();
    // Every entry of the stream is acknowledged: the bound lies past the last one.
    await eventually(async () => (await alive.acknowledged())?.epoch === epoch);
    const redis = new Redis(process.env.REDIS_URL!);
    const pending = (await redis.xpending(`${prefix}events`, 'g')) as [number];
    redis.disconnect();
    expect(pending[0]).toBe(0);
    await stop();
    await alive.close();
  });
});

describe('the relay runs in its own context', () => {
  it('a commit made under atTime (the seed’s moved clock) does not move the clock of what it feeds', async () => {
    const bus = new InProcessBus();
    const relay = new OutboxRelay(db, work.outbox, bus, 60_000).start();
    const seen: number[] = [];
    const stop = await bus.subscribe('test.relay.clock', async (events) => {
      if (events.some((e) => e.type === 'test.relay.happened')) seen.push(clock.now().getTime());
    });
    try {
      // Let the start-up drain finish, so only the commit's signal can publish the event.
      await eventually(async () => (await unpublished()) === 0, 5000);
      await new Promise((r) => setTimeout(r, 200));
      const inside = await atTime('2020-01-01T00:00:00Z', async () => {
        await commitEvents(newId(), 1);
        // What a request context's transaction does after its commit (context.ts).
        outboxSignal.emit('committed');
        return clock.now().getTime();
      });
      expect(inside).toBeLessThan(Date.parse('2020-01-02T00:00:00Z'));
      // The commit's signal kicked the relay (the poll is a minute away); its consumer reads the real clock.
      await eventually(async () => seen.length > 0, 5000);
      expect(Math.abs(seen[0]! - Date.now())).toBeLessThan(5000);
    } finally {
      relay.stop();
      await stop();
      await bus.close();
    }
  });
});
