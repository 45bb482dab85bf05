import { createDatabase, type Database, withTenant } from '@wg/db';
import { jobReceipts, jobs } from '@wg/db/recruiting';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, newId, pinClock } from '../testing';
import { cancelJobs, ensureJob, enqueueJob, type NewJob } from './jobs';
import { type JobHandler, JobRunner, jobOverview, LeaseLostError } from './runner';
import { dailyAt, every } from './schedules';

/*
 * The durable jobs piece on whichever driver the suite runs (PGlite, or PostgreSQL with
 * DATABASE_URL — there a second connection pool plays a second process). The table is
 * recruiting's (`jobsTable(recruiting)`); the queues here are this file's own, so a subgraph's
 * runner never picks them up.
 */

let db: Database & { url?: string; drop(): Promise<void> };
/** A second handle on the same database: another process's pool on PostgreSQL, the same PGlite otherwise. */
let other: Database;
beforeAll(async () => {
  db = await createTestDatabase();
  other = db.url ? createDatabase({ url: db.url, max: 5 }) : db;
});
afterAll(async () => {
  if (other !== db) await other.close();
  await db?.drop();
});

const T0 = '2031-05-01T08:00:00.000Z';
let unpin: () => void = () => {};
afterEach(() => unpin());
const at = (iso: string) => {
  unpin();
  unpin = pinClock(iso);
};
const plus = (ms: number) => new Date(new Date(T0).getTime() + ms);

/** A queue name unique to one test, so tests never see each other's jobs. */
const queueName = () => `test.${newId()}`;

async function enqueue(tenantId: string, job: Omit<NewJob, 'tenantId'>): Promise<string> {
  return withTenant(db, { tenantId }, (tx) => enqueueJob(tx, jobs, { tenantId, ...job }));
}
const rowOf = async (id: string) => (await db.system.select().from(jobs).where(eq(jobs.id, id)))[0]!;

function runner(database: Database, handlers: Record<string, JobHandler>, extra = {}) {
  return new JobRunner(database, jobs, {
    name: 'test',
    handlers,
    receipts: jobReceipts,
    leaseMs: 60_000,
    backoffMs: (attempt) => attempt * 1000,
    ...extra,
  });
}

describe('durable jobs', () => {
  it('are enqueued with the transaction that causes them: a rollback enqueues nothing', async () => {
    at(T0);
    const tenantId = newId();
    const queue = queueName();
    await expect(
      withTenant(db, { tenantId }, async (tx) => {
        await enqueueJob(tx, jobs, { tenantId, queue, runAt: plus(0) });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const ran: string[] = [];
    const r = runner(db, { [queue]: async (job) => void ran.push(job.id) });
    expect(await r.runDue()).toBe(0);
    const id = await enqueue(tenantId, { queue, runAt: plus(0), payload: { n: 1 } });
    expect(await r.runDue()).toBe(1);
    expect(ran).toEqual([id]);
    expect(await rowOf(id)).toMatchObject({ status: 'done', attempts: 1, lastError: null });
  });

  it('run when due, not before', async () => {
    at(T0);
    const tenantId = newId();
    const queue = queueName();
    const id = await enqueue(tenantId, { queue, runAt: plus(3_600_000) });
    const seen: unknown[] = [];
    const r = runner(db, { [queue]: async (job) => void seen.push(job.payload) });
    expect(await r.runDue()).toBe(0);
    at(plus(3_599_999).toISOString());
    expect(await r.runDue()).toBe(0);
    at(plus(3_600_000).toISOString());
    expect(await r.runDue()).toBe(1);
    expect((await rowOf(id)).status).toBe('done');
  });

  it('two runners racing over the same due jobs run each once', async () => {
    at(T0);
    const tenantId = newId();
    const queue = queueName();
    const ids = await withTenant(db, { tenantId }, async (tx) => {
      const out: string[] = [];
      for (let i = 0; i < 30; i++) out.push(await enqueueJob(tx, jobs, { tenantId, queue, runAt: plus(-i) }));
      return out;
    });
    const runs = new Map<string, number>();
    const handler: JobHandler = async (job) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 1));
    };
    const [a, b] = await Promise.all([
      runner(db, { [queue]: handler }).runDue(),
      runner(other, { [queue]: handler }).runDue(),
    ]);
    expect(a + b).toBe(30);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect([...runs.keys()].sort()).toEqual([...ids].sort());
    const rows = await db.system.select().from(jobs).where(inArray(jobs.id, ids));
    expect(rows.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
  });

  it('a failing job is retried with backoff, keeps its last error, and fails after max attempts', async () => {
    at(T0);
    const tenantId = newId();
    const queue = queueName();
    const id = await enqueue(tenantId, { queue, runAt: plus(0), maxAttempts: 3 });
    let calls = 0;
    const r = runner(db, {
      [queue]: async () => {
        calls++;
        throw new Error(`boom ${calls}`);
      },
    });
    expect(await r.runDue()).toBe(1);
    expect(await rowOf(id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'boom 1' });
    expect((await rowOf(id)).runAt.toISOString()).toBe(plus(1000).toISOString());
    expect(await r.runDue()).toBe(0); // backing off
    at(plus(1000).toISOString());
    expect(await r.runDue()).toBe(1);
    expect(await rowOf(id)).toMatchObject({ status: 'pending', attempts: 2, lastError: 'boom 2' });
    expect((await rowOf(id)).runAt.toISOString()).toBe(plus(3000).toISOString());
    at(plus(3000).toISOString());
    expect(await r.runDue()).toBe(1);
    expect(await rowOf(id)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'boom 3' });
    at(plus(86_400_000).toISOString());
    expect(await r.runDue()).toBe(0);
    expect(calls).toBe(3);
    const overview = await jobOverview(db, jobs, 100);
    expect(overview.failing.find((f) => f.id === id)).toMatchObject({
      status: 'failed',
      lastError: 'boom 3',
    });
    expect(overview.counts).toContainEqual({ queue, status: 'failed', count: 1 });
  });

  it('a runner that dies after claiming: another takes the job over once the lease runs out', async () => {
    at(T0);
    const tenantId = newId();
    const queue = queueName();
    const id = await enqueue(tenantId, { queue, runAt: plus(0) });
    const ran: number[] = [];
    const dead = runner(db, { [queue]: async () => void ran.push(0) });
    const claimed = await dead.claim(); // ... and the process is killed here
    expect(claimed?.id).toBe(id);
    expect(await rowOf(id)).toMatchObject({ status: 'running', lockedBy: dead.workerId });
    const alive = runner(other, { [queue]: async (job) => void ran.push(job.attempt) });
    at(plus(59_999).toISOString());
    expect(await alive.runDue()).toBe(0); // still leased
    at(plus(60_000).toISOString());
    expect(await alive.runDue()).toBe(1);
    expect(ran).toEqual([2]);
    expect(await rowOf(id)).toMatchObject({ status: 'done', attempts: 2, lockedBy: alive.workerId });
  });

  it('a job whose last allowed run died is failed, not run again', async () => {
    at(T0);
    const queue = queueName();
    const id = await enqueue(newId(), { queue, runAt: plus(0), maxAttempts: 1 });
    let calls = 0;
    expect((await runner(db, { [queue]: async () => void calls++ }).claim())?.id).toBe(id);
    at(plus(60_000).toISOString());
    expect(await runner(db, { [queue]: async () => void calls++ }).runDue()).toBe(0);
    expect(calls).toBe(0);
    expect(await rowOf(id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await rowOf(id)).lastError).toMatch(/lease expired on attempt 1/);
  });

  it('once(): an effect done by an attempt that then failed is not done again by the retry', async () => {
    at(T0);
    const tenantId = newId();
    const queue = queueName();
    const id = await enqueue(tenantId, { queue, runAt: plus(0) });
    const sent: string[] = [];
    let attempt = 0;
    const r = runner(db, {
      [queue]: async (_job, ctx) => {
        attempt++;
        for (const to of ['a', 'b']) await ctx.once(`mail:${to}`, async () => void sent.push(to));
        if (attempt === 1) throw new Error('crashed after sending');
      },
    });
    expect(await r.runDue()).toBe(1);
    at(plus(1000).toISOString());
    expect(await r.runDue()).toBe(1);
    expect(sent).toEqual(['a', 'b']);
    expect(await rowOf(id)).toMatchObject({ status: 'done', attempts: 2 });
    const receipts = await db.system.select().from(jobReceipts).where(eq(jobReceipts.jobId, id));
    expect(receipts.map((x) => x.effect).sort()).toEqual(['mail:a', 'mail:b']);
  });

  it('a key names one live job: enqueueing it again replaces it, cancelJobs drops it', async () => {
    at(T0);
    const tenantId = newId();
    const queue = queueName();
    const first = await enqueue(tenantId, { queue, key: 'k', runAt: plus(0), payload: { v: 1 } });
    const second = await enqueue(tenantId, { queue, key: 'k', runAt: plus(5), payload: { v: 2 } });
    expect((await rowOf(first)).status).toBe('cancelled');
    const seen: unknown[] = [];
    const r = runner(db, { [queue]: async (job) => void seen.push(job.payload) });
    at(plus(10).toISOString());
    expect(await r.runDue()).toBe(1);
    expect(seen).toEqual([{ v: 2 }]);
    expect((await rowOf(second)).status).toBe('done');
    const third = await enqueue(tenantId, { queue, key: 'k', runAt: plus(20) });
    expect(
      await withTenant(db, { tenantId }, (tx) => cancelJobs(tx, jobs, { tenantId, queue, key: 'k' })),
    ).toBe(1);
    at(plus(30).toISOString());
    expect(await r.runDue()).toBe(0);
    expect((await rowOf(third)).status).toBe('cancelled');
  });

  it('complete(): a job cancelled while it runs completes nothing, and its writes roll back', async () => {
    at(T0);
    const tenantId = newId();
    const queue = queueName();
    const id = await enqueue(tenantId, { queue, key: 'x', runAt: plus(0) });
    let lost: unknown;
    const r = runner(db, {
      [queue]: async (job, ctx) => {
        // The domain drops the job (e.g. the interview was cancelled) while it runs.
        await ctx.tx((tx) => cancelJobs(tx, jobs, { tenantId, queue, key: 'x' }));
        try {
          await ctx.complete(async (tx) => {
            await enqueueJob(tx, jobs, {
              tenantId,
              queue: `${queue}.follow-up`,
              runAt: plus(0),
              key: job.id,
            });
          });
        } catch (error) {
          lost = error;
          throw error;
        }
      },
    });
    expect(await r.runDue()).toBe(1);
    expect(lost).toBeInstanceOf(LeaseLostError);
    expect((await rowOf(id)).status).toBe('cancelled');
    const followUps = await db.system
      .select()
      .from(jobs)
      .where(eq(jobs.queue, `${queue}.follow-up`));
    expect(followUps).toEqual([]);
  });

  it('are tenant rows: another tenant sees none of them', async () => {
    at(T0);
    const queue = queueName();
    const owner = newId();
    await enqueue(owner, { queue, runAt: plus(0) });
    const mine = await withTenant(db, { tenantId: owner }, (tx) =>
      tx.select().from(jobs).where(eq(jobs.queue, queue)),
    );
    const theirs = await withTenant(db, { tenantId: newId() }, (tx) =>
      tx.select().from(jobs).where(eq(jobs.queue, queue)),
    );
    expect(mine).toHaveLength(1);
    expect(theirs).toEqual([]);
    await expect(
      withTenant(db, { tenantId: newId() }, (tx) =>
        enqueueJob(tx, jobs, { tenantId: owner, queue, runAt: plus(0) }),
      ),
    ).rejects.toThrow();
  });

  it('stop() waits for the job in hand', async () => {
    at(T0);
    const queue = queueName();
    const id = await enqueue(newId(), { queue, runAt: plus(0) });
    let release!: () => void;
    let began!: () => void;
    const begun = new Promise<void>((resolve) => {
      began = resolve;
    });
    const r = runner(db, {
      [queue]: async () => {
        began();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    }).start();
    await begun;
    const stopping = r.stop();
    expect((await rowOf(id)).status).toBe('running');
    release();
    await stopping;
    expect((await rowOf(id)).status).toBe('done');
  });
});

describe('recurring schedules', () => {
  const HOUR = 3_600_000;
  const liveOf = async (queue: string) =>
    db.system.select().from(jobs).where(eq(jobs.queue, queue)).orderBy(jobs.runAt, jobs.id);

  it('ensureJob starts a schedule once; each finished run enqueues the next with the same key and payload', async () => {
    at(T0);
    const tenantId = newId();
    const queue = queueName();
    const first = await withTenant(db, { tenantId }, (tx) =>
      ensureJob(tx, jobs, {
        tenantId,
        queue,
        key: 'daily-report',
        runAt: plus(HOUR),
        payload: { report: 'r1' },
      }),
    );
    expect(first).toBeTruthy();
    const again = await withTenant(db, { tenantId }, (tx) =>
      ensureJob(tx, jobs, { tenantId, queue, key: 'daily-report', runAt: plus(2 * HOUR) }),
    );
    expect(again).toBeNull();
    let calls = 0;
    const r = runner(db, { [queue]: async () => void calls++ }, { schedules: { [queue]: every(HOUR) } });
    at(plus(HOUR).toISOString());
    expect(await r.runDue()).toBe(1);
    let rows = await liveOf(queue);
    expect(rows.map((j) => j.status)).toEqual(['done', 'pending']);
    expect(rows[1]).toMatchObject({ key: 'daily-report', payload: { report: 'r1' }, tenantId });
    expect(rows[1]!.runAt.toISOString()).toBe(plus(2 * HOUR).toISOString());
    // Runners down for 5 hours: one run on return, then the rhythm continues from the schedule.
    at(plus(7 * HOUR + 60_000).toISOString());
    expect(await r.runDue()).toBe(1);
    rows = await liveOf(queue);
    expect(rows.at(-1)!.runAt.toISOString()).toBe(plus(8 * HOUR).toISOString());
    expect(rows.filter((j) => j.status === 'pending')).toHaveLength(1);
    expect(calls).toBe(2);
  });

  it('a run that fails for good does not end its schedule; complete() schedules the next in its own transaction', async () => {
    at(T0);
    const tenantId = newId();
    const queue = queueName();
    await withTenant(db, { tenantId }, (tx) =>
      ensureJob(tx, jobs, { tenantId, queue, key: 's', runAt: plus(0), maxAttempts: 1 }),
    );
    let fail = true;
    const r = runner(
      db,
      {
        [queue]: async (_job, ctx) => {
          if (fail) throw new Error('report source down');
          await ctx.complete(async () => {});
        },
      },
      { schedules: { [queue]: every(HOUR) } },
    );
    expect(await r.runDue()).toBe(1);
    let rows = await liveOf(queue);
    expect(rows.map((j) => j.status)).toEqual(['failed', 'pending']);
    fail = false;
    at(plus(HOUR).toISOString());
    expect(await r.runDue()).toBe(1);
    rows = await liveOf(queue);
    expect(rows.map((j) => j.status)).toEqual(['failed', 'done', 'pending']);
    expect(rows[2]!.runAt.toISOString()).toBe(plus(2 * HOUR).toISOString());
  });

  it('dailyAt keeps the local time across a DST change', () => {
    at('2031-03-29T12:00:00.000Z');
    const next = dailyAt('09:00', 'Europe/Berlin');
    // Saturday 09:00 CET (08:00 UTC) → Sunday 09:00 CEST (07:00 UTC), the night clocks went forward.
    expect(next({ runAt: new Date('2031-03-29T08:00:00.000Z') }).toISOString()).toBe(
      '2031-03-30T07:00:00.000Z',
    );
    at('2031-03-30T07:00:00.000Z');
    expect(next({ runAt: new Date('2031-03-30T07:00:00.000Z') }).toISOString()).toBe(
      '2031-03-31T07:00:00.000Z',
    );
    expect(() => dailyAt('25:00')).toThrow(/HH:MM/);
    expect(() => every(10)).toThrow(/1000 ms/);
  });
});
