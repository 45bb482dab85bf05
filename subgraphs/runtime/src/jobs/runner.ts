import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Database, type Tx, withTenant } from '@wg/db';
import { and, asc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import { clock } from '../clock';
import { consumeDirty, outboxSignal } from '../events/outbox';
import { rootLogger } from '../logger';
import { enqueueJob, type Job, type JobReceiptsTable, type JobsTable } from './jobs';

/** What a handler gets besides the job: transactions scoped to the job's tenant. */
export interface JobContext {
  readonly database: Database;
  /** A transaction as the app role with the job's tenant set (row-level security applies). */
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in a tenant transaction that also marks the job done: its writes commit if and only
   * if the job completes, exactly once. If this runner lost the job meanwhile (its lease ran out
   * and another runner took it, or the job was cancelled), it throws `LeaseLostError` and `fn`'s
   * writes roll back.
   */
  complete<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * A side effect that cannot share a transaction (a mail), done at most once per job and
   * `effect` name: a receipt is inserted in the transaction that runs `fn`, so a retry skips what
   * an earlier attempt finished; a second runner racing on the same receipt waits for the first
   * and then skips. Returns whether `fn` ran. Needs the runner's `receipts` table.
   */
  once(effect: string, fn: (tx: Tx) => Promise<void>): Promise<boolean>;
}

export type JobHandler<P = Record<string, unknown>> = (job: Job<P>, ctx: JobContext) => Promise<void>;

export interface JobRunnerOptions {
  /** For log lines: the subgraph that owns the table. */
  name: string;
  /** Queue name → handler. The runner claims only jobs of these queues. */
  // biome-ignore lint/suspicious/noExplicitAny: each handler declares its own payload type
  handlers: Record<string, JobHandler<any>>;
  receipts?: JobReceiptsTable;
  /** Poll interval (`JOBS_POLL_MS`, default 1000). */
  pollMs?: number;
  /** How long a claim lasts before another runner may take the job over (`JOBS_LEASE_MS`, default 5 min). */
  leaseMs?: number;
  /** Delay before retry number `attempt + 1` (default: 10 s × 2^(attempt−1), at most 1 h, ±20 %). */
  backoffMs?: (attempt: number) => number;
  /** Names this runner in `locked_by` (default host:pid:random). */
  workerId?: string;
  /**
   * Recurring queues: when a run of one of these finishes — done, or failed for good, so one bad
   * run does not end the schedule — its next run (same tenant, key and payload) is enqueued in the
   * same transaction, due at what the function returns (`every(ms)`, `dailyAt('02:00', zone)`).
   * Start a schedule once per tenant with `ensureJob`.
   */
  schedules?: Record<string, (previous: Job) => Date>;
}

/** This runner no longer holds the job (lease expired and taken over, or cancelled). */
export class LeaseLostError extends Error {
  constructor(jobId: string) {
    super(`job ${jobId}: lease lost (taken over or cancelled); not completing`);
    this.name = 'LeaseLostError';
  }
}

export const defaultBackoffMs = (attempt: number) =>
  Math.min(3_600_000, 10_000 * 2 ** Math.max(0, attempt - 1)) * (0.8 + Math.random() * 0.4);

interface Claimed extends Job {
  leaseToken: string;
}

const toJob = (row: JobsTable['$inferSelect']): Omit<Job, 'attempt'> => ({
  id: row.id,
  tenantId: row.tenantId,
  queue: row.queue,
  key: row.key,
  payload: row.payload as Record<string, unknown>,
  runAt: row.runAt,
  maxAttempts: row.maxAttempts,
});

/**
 * Runs the due jobs of one subgraph's `jobs` table. Several runners (processes or replicas) may
 * share a table: a job is claimed in a short transaction with `FOR UPDATE SKIP LOCKED` and leased
 * to one runner; a runner that dies leaves a `running` row whose lease runs out, and the next poll
 * of any runner takes it over (and counts the attempt). A handler that throws is retried with
 * backoff until `max_attempts`, then the job is `failed` with its last error. "Now" is
 * `clock.now()`, so tests move time with `pinClock`.
 */
export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<unknown> | undefined;
  private again = false;
  private stopped = false;
  private failures = 0;
  private readonly queues: string[];
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly backoffMs: (attempt: number) => number;
  readonly workerId: string;
  private readonly onSignal = () => this.kick();

  constructor(
    private readonly database: Database,
    private readonly jobs: JobsTable,
    private readonly options: JobRunnerOptions,
  ) {
    this.queues = Object.keys(options.handlers);
    this.pollMs = options.pollMs ?? Number(process.env.JOBS_POLL_MS ?? 1000);
    this.leaseMs = options.leaseMs ?? Number(process.env.JOBS_LEASE_MS ?? 300_000);
    this.backoffMs = options.backoffMs ?? defaultBackoffMs;
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  /** Polls every `pollMs` (and after commits that wrote events or jobs in this process). */
  start(): this {
    this.stopped = false;
    outboxSignal.on('committed', this.onSignal);
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    this.kick();
    return this;
  }

  /** Stops polling and waits for the job in hand to finish (a job is never abandoned half-run by a clean stop). */
  async stop(): Promise<void> {
    this.stopped = true;
    outboxSignal.off('committed', this.onSignal);
    if (this.timer) clearInterval(this.timer);
    await this.current?.catch(() => {});
  }

  private kick(): void {
    if (this.stopped) return;
    if (this.current) {
      this.again = true;
      return;
    }
    this.current = this.runDue()
      .then(() => {
        this.failures = 0;
      })
      .catch((error) => {
        // A database outage fails every poll: log the first of a streak, then every 40th.
        if (this.failures++ % 40 === 0) {
          rootLogger.error({ err: error, jobs: this.options.name }, 'job runner poll failed; retrying');
        }
      })
      .finally(() => {
        this.current = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Claims and runs due jobs one at a time until none is due (or the runner stops); returns how many ran. */
  async runDue(): Promise<number> {
    let ran = 0;
    while (!this.stopped) {
      const job = await this.claim();
      if (!job) break;
      await this.run(job);
      ran++;
    }
    return ran;
  }

  /**
   * Claims the next due job (pending and due, or running with an expired lease) without running
   * it. `runDue` uses it; tests use it to play a runner that dies after claiming.
   */
  async claim(): Promise<Claimed | null> {
    if (this.queues.length === 0) return null;
    const j = this.jobs;
    for (;;) {
      const now = clock.now();
      const outcome = await this.database.system.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(j)
          .where(
            and(
              inArray(j.queue, this.queues),
              or(
                and(eq(j.status, 'pending'), lte(j.runAt, now)),
                and(eq(j.status, 'running'), lte(j.leaseUntil, now)),
              ),
            ),
          )
          .orderBy(asc(j.runAt))
          .limit(1)
          .for('update', { skipLocked: true });
        if (!row) return null;
        if (row.status === 'running' && row.attempts >= row.maxAttempts) {
          // Its last allowed run died with its runner: give up instead of running it again.
          const gaveUp: Claimed = {
            ...toJob(row),
            attempt: row.attempts,
            leaseToken: row.leaseToken ?? '',
          };
          await tx
            .update(j)
            .set({
              status: 'failed',
              finishedAt: now,
              leaseToken: null,
              leaseUntil: null,
              lastError: `lease expired on attempt ${row.attempts} (runner ${row.lockedBy} died or stalled)`,
            })
            .where(eq(j.id, row.id));
          await this.scheduleNext(tx, gaveUp);
          rootLogger.error(
            { jobs: this.options.name, jobId: row.id, queue: row.queue, attempts: row.attempts },
            'job failed: its last attempt never finished',
          );
          return 'skip' as const;
        }
        if (row.status === 'running') {
          rootLogger.warn(
            { jobs: this.options.name, jobId: row.id, queue: row.queue, previous: row.lockedBy },
            'job lease expired; taking it over',
          );
        }
        const leaseToken = randomUUID();
        await tx
          .update(j)
          .set({
            status: 'running',
            attempts: row.attempts + 1,
            lockedBy: this.workerId,
            leaseToken,
            leaseUntil: new Date(now.getTime() + this.leaseMs),
          })
          .where(eq(j.id, row.id));
        return { ...toJob(row), attempt: row.attempts + 1, leaseToken } satisfies Claimed;
      });
      if (outcome !== 'skip') return outcome;
    }
  }

  /** Marks the job done if this runner still holds it; false when the lease was lost. */
  private async markDone(tx: Tx, job: Claimed): Promise<boolean> {
    const j = this.jobs;
    const rows = await tx
      .update(j)
      .set({ status: 'done', finishedAt: clock.now(), leaseToken: null, leaseUntil: null, lastError: null })
      .where(and(eq(j.id, job.id), eq(j.status, 'running'), eq(j.leaseToken, job.leaseToken)))
      .returning({ id: j.id });
    if (rows.length === 1) await this.scheduleNext(tx, job);
    return rows.length === 1;
  }

  /** A recurring queue's next run, in the transaction that finished this one. */
  private async scheduleNext(tx: Tx, job: Claimed): Promise<void> {
    const next = this.options.schedules?.[job.queue];
    if (!next) return;
    await enqueueJob(tx, this.jobs, {
      tenantId: job.tenantId,
      queue: job.queue,
      key: job.key,
      payload: job.payload,
      runAt: next(job),
      maxAttempts: job.maxAttempts,
    });
  }

  private contextFor(job: Claimed, state: { completed: boolean }): JobContext {
    const scope = { tenantId: job.tenantId, requestId: `job:${job.id}` };
    const tx = async <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => {
      let used: Tx | undefined;
      const result = await withTenant(this.database, scope, (t) => {
        used = t;
        return fn(t);
      });
      // It wrote domain events: let an in-process relay publish them now.
      if (used && consumeDirty(used)) outboxSignal.emit('committed');
      return result;
    };
    return {
      database: this.database,
      tx,
      complete: (fn) =>
        tx(async (t) => {
          const result = await fn(t);
          if (!(await this.markDone(t, job))) throw new LeaseLostError(job.id);
          state.completed = true;
          return result;
        }),
      once: async (effect, fn) => {
        const receipts = this.options.receipts;
        if (!receipts) throw new Error(`job runner ${this.options.name}: once() needs a receipts table`);
        return tx(async (t) => {
          const inserted = await t
            .insert(receipts)
            .values({ tenantId: job.tenantId, jobId: job.id, effect })
            .onConflictDoNothing()
            .returning({ effect: receipts.effect });
          if (inserted.length === 0) return false;
          await fn(t);
          return true;
        });
      },
    };
  }

  private async run(job: Claimed): Promise<void> {
    const handler = this.options.handlers[job.queue]!;
    const state = { completed: false };
    const log = { jobs: this.options.name, jobId: job.id, queue: job.queue, attempt: job.attempt };
    try {
      await handler(job, this.contextFor(job, state));
      if (!state.completed) {
        const done = await this.database.system.transaction((tx) => this.markDone(tx, job));
        if (!done) rootLogger.warn(log, 'job finished after its lease was lost; another runner owns it');
      }
    } catch (error) {
      if (error instanceof LeaseLostError) {
        rootLogger.warn(log, error.message);
        return;
      }
      await this.fail(job, error, log);
    }
  }

  private async fail(job: Claimed, error: unknown, log: Record<string, unknown>): Promise<void> {
    const j = this.jobs;
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    const final = job.attempt >= job.maxAttempts;
    const retryAt = new Date(clock.now().getTime() + this.backoffMs(job.attempt));
    const rows = await this.database.system.transaction(async (tx) => {
      const updated = await tx
        .update(j)
        .set(
          final
            ? {
                status: 'failed',
                lastError: message,
                finishedAt: clock.now(),
                leaseToken: null,
                leaseUntil: null,
              }
            : { status: 'pending', lastError: message, runAt: retryAt, leaseToken: null, leaseUntil: null },
        )
        .where(and(eq(j.id, job.id), eq(j.status, 'running'), eq(j.leaseToken, job.leaseToken)))
        .returning({ id: j.id });
      if (final && updated.length === 1) await this.scheduleNext(tx, job);
      return updated;
    });
    if (rows.length === 0) return;
    if (final) rootLogger.error({ ...log, err: error }, 'job failed permanently');
    else rootLogger.warn({ ...log, err: error, retryAt: retryAt.toISOString() }, 'job failed; will retry');
  }
}

/** Counts of a jobs table by queue and status, and the failing ones (for operators). */
export async function jobOverview(database: Database, jobs: JobsTable, limit = 20) {
  const counts = await database.system
    .select({ queue: jobs.queue, status: jobs.status, count: sql<number>`count(*)::int` })
    .from(jobs)
    .groupBy(jobs.queue, jobs.status)
    .orderBy(jobs.queue, jobs.status);
  const failing = await database.system
    .select({
      id: jobs.id,
      tenantId: jobs.tenantId,
      queue: jobs.queue,
      key: jobs.key,
      status: jobs.status,
      attempts: jobs.attempts,
      maxAttempts: jobs.maxAttempts,
      runAt: jobs.runAt,
      lastError: jobs.lastError,
    })
    .from(jobs)
    .where(or(eq(jobs.status, 'failed'), and(eq(jobs.status, 'pending'), sql`${jobs.lastError} is not null`)))
    .orderBy(sql`${jobs.updatedAt} desc`)
    .limit(limit);
  return { counts, failing };
}
