import type { Tx } from '@wg/db';
import type * as common from '@wg/db/common';
import { and, eq, inArray, sql } from 'drizzle-orm';

export type JobsTable = ReturnType<typeof common.jobsTable>;
export type JobReceiptsTable = ReturnType<typeof common.jobReceiptsTable>;
export type JobStatus = (typeof common.jobStatuses)[number];

/** A job as a handler sees it. */
export interface Job<P = Record<string, unknown>> {
  id: string;
  tenantId: string;
  queue: string;
  key: string | null;
  payload: P;
  runAt: Date;
  /** This run's number, 1 for the first (counted at claim time, so a crashed run counts too). */
  attempt: number;
  maxAttempts: number;
}

export interface NewJob<P extends Record<string, unknown> = Record<string, unknown>> {
  tenantId: string;
  queue: string;
  /** When it is due (a past instant runs at the next poll). */
  runAt: Date;
  payload?: P;
  /**
   * Names the job within its tenant and queue: enqueueing a key that has a live (pending or
   * running) job cancels that one first, so "the reminder of interview X" moves instead of doubling.
   */
  key?: string | null;
  /** Runs before giving up (status `failed`); default 10. */
  maxAttempts?: number;
}

/**
 * Enqueues a job in the caller's transaction: it exists if and only if the change that caused it
 * commits. Works in a tenant transaction (`ctx.tx`, RLS applies) or the owner connection's.
 * Returns the new job's id.
 */
export async function enqueueJob<P extends Record<string, unknown>>(
  tx: Tx,
  jobs: JobsTable,
  job: NewJob<P>,
): Promise<string> {
  if (job.key) await cancelJobs(tx, jobs, { tenantId: job.tenantId, queue: job.queue, key: job.key });
  const [row] = await tx
    .insert(jobs)
    .values({
      tenantId: job.tenantId,
      queue: job.queue,
      key: job.key ?? null,
      payload: job.payload ?? {},
      runAt: job.runAt,
      maxAttempts: job.maxAttempts ?? 10,
    })
    .returning({ id: jobs.id });
  return row!.id;
}

/**
 * Drops the live (pending or running) jobs of a queue with the given key(s), in the caller's
 * transaction; returns how many. A running job that is cancelled cannot complete: its runner's
 * lease check fails and whatever it did in `complete()` rolls back.
 */
export async function cancelJobs(
  tx: Tx,
  jobs: JobsTable,
  target: { tenantId: string; queue: string; key: string | readonly string[] },
): Promise<number> {
  const keys = typeof target.key === 'string' ? [target.key] : [...target.key];
  if (keys.length === 0) return 0;
  const rows = await tx
    .update(jobs)
    .set({ status: 'cancelled', finishedAt: sql`now()`, leaseToken: null, leaseUntil: null })
    .where(
      and(
        eq(jobs.tenantId, target.tenantId),
        eq(jobs.queue, target.queue),
        inArray(jobs.key, keys),
        inArray(jobs.status, ['pending', 'running']),
      ),
    )
    .returning({ id: jobs.id });
  return rows.length;
}

/**
 * Enqueues `job` unless its key already has a live (pending or running) job — how a recurring
 * schedule is started (idempotently, e.g. on every start-up or when a tenant turns a report on).
 * Returns the new job's id, or null when one was live.
 */
export async function ensureJob<P extends Record<string, unknown>>(
  tx: Tx,
  jobs: JobsTable,
  job: NewJob<P> & { key: string },
): Promise<string | null> {
  const [row] = await tx
    .insert(jobs)
    .values({
      tenantId: job.tenantId,
      queue: job.queue,
      key: job.key,
      payload: job.payload ?? {},
      runAt: job.runAt,
      maxAttempts: job.maxAttempts ?? 10,
    })
    // The partial unique index on (tenant, queue, key) of live jobs is the only one that can clash.
    .onConflictDoNothing()
    .returning({ id: jobs.id });
  return row?.id ?? null;
}
