import { jobStatuses } from '@wg/db/common';
import { and, eq, type SQL } from 'drizzle-orm';
import {
  Arg,
  Args,
  type ClassType,
  Ctx,
  Directive,
  Field,
  ID,
  InputType,
  Int,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from 'type-graphql';
import { requireScope } from '../auth/permissions';
import type { SubgraphContext } from '../context';
import { type Connection, PageArgs, PageInfo, paginate } from '../graphql/pagination';
import { DateTimeScalar } from '../graphql/scalars';
import type { JobStatus, JobsTable } from './jobs';

/*
 * The operator's view of a subgraph's jobs, as GraphQL: `<subgraph>Jobs(filter, first, after)`,
 * admin only (`job:read:all`), confined to the caller's tenant by row-level security. The types
 * are shareable, so every subgraph that runs jobs exposes the same ones.
 */

export const BackgroundJobStatus = Object.fromEntries(jobStatuses.map((s) => [s.toUpperCase(), s])) as {
  [K in JobStatus as Uppercase<K>]: K;
};
registerEnumType(BackgroundJobStatus, {
  name: 'BackgroundJobStatus',
  description: 'Where a durable job stands.',
  valuesConfig: {
    PENDING: { description: 'Waiting for `runAt` (its first run, or a retry after a failure).' },
    RUNNING: { description: 'Claimed by a runner (`lockedBy`) until `leaseUntil`.' },
    DONE: { description: 'Finished.' },
    FAILED: { description: 'Gave up after `maxAttempts`; `lastError` says why.' },
    CANCELLED: { description: 'Dropped by the domain before it ran (e.g. the interview was cancelled).' },
  },
});

@Directive('@shareable')
@ObjectType('BackgroundJob', { description: 'One durable job of a subgraph (see `@wg/runtime/jobs`).' })
export class BackgroundJob {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;
  @Field(() => String, { description: 'What it does, e.g. `recruiting.interview.reminder`.' })
  queue!: string;
  @Field(() => String, {
    nullable: true,
    description: 'What it is about within its queue, e.g. `interview:<id>`; null when unnamed.',
  })
  key!: string | null;
  @Field(() => BackgroundJobStatus, { description: 'Where it stands.' })
  status!: JobStatus;
  @Field(() => DateTimeScalar, { description: 'When it is (or was) due; after a failure, the retry time.' })
  runAt!: Date;
  @Field(() => Int, { description: 'Runs started so far (a run whose runner died counts).' })
  attempts!: number;
  @Field(() => Int, { description: 'Runs allowed before it is FAILED.' })
  maxAttempts!: number;
  @Field(() => String, {
    nullable: true,
    description: 'The error of the last failed run; null after a success.',
  })
  lastError!: string | null;
  @Field(() => String, { nullable: true, description: 'The runner holding or last holding it.' })
  lockedBy!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'End of the current claim while RUNNING.' })
  leaseUntil!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it became DONE, FAILED or CANCELLED.' })
  finishedAt!: Date | null;
  @Field(() => DateTimeScalar, { description: 'When it was enqueued.' })
  createdAt!: Date;
}

@Directive('@shareable')
@ObjectType('BackgroundJobEdge', { description: 'An edge in a BackgroundJob connection.' })
class BackgroundJobEdge {
  @Field(() => String, { description: 'Opaque cursor; pass it as `after` to continue.' })
  cursor!: string;
  @Field(() => BackgroundJob, { description: 'The job at this position of the page.' })
  node!: BackgroundJob;
}

@Directive('@shareable')
@ObjectType('BackgroundJobConnection', { description: 'A page of BackgroundJob records.' })
export class BackgroundJobConnection {
  @Field(() => [BackgroundJobEdge], { description: 'The jobs of this page, newest first.' })
  edges!: BackgroundJobEdge[];
  @Field(() => PageInfo, {
    description: 'Where this page sits: whether more follow and the cursors to continue.',
  })
  pageInfo!: PageInfo;
  @Field(() => Int, { description: 'Total number of jobs matching the filter, across all pages.' })
  totalCount!: number;
}

@InputType('BackgroundJobFilter', { description: 'Narrows a list of jobs; all given conditions apply.' })
export class BackgroundJobFilter {
  @Field(() => BackgroundJobStatus, {
    nullable: true,
    description: 'Only jobs in this status (FAILED: the failing ones).',
  })
  status?: JobStatus | null;
  @Field(() => String, { nullable: true, description: 'Only jobs of this queue.' })
  queue?: string | null;
}

/** The jobs of `table` the caller's tenant has, newest first. Requires `job:read` (scope all). */
export async function listJobs(
  ctx: SubgraphContext,
  table: JobsTable,
  filter: BackgroundJobFilter | null | undefined,
  page: PageArgs,
): Promise<Connection<BackgroundJob>> {
  requireScope(ctx.identity, 'job:read', 'all');
  const conditions: SQL[] = [];
  if (filter?.status) conditions.push(eq(table.status, filter.status));
  if (filter?.queue) conditions.push(eq(table.queue, filter.queue));
  return ctx.tx((tx) =>
    paginate<JobsTable, BackgroundJob>(
      tx,
      { table, key: table.id, where: conditions.length > 0 ? and(...conditions) : undefined, order: 'desc' },
      page,
    ),
  );
}

/**
 * A resolver with the query `field` (e.g. `recruitingJobs`) over one subgraph's jobs table; add
 * it to the subgraph's `resolvers`.
 */
export function jobsResolver(field: string, table: JobsTable, owner: string): ClassType {
  @Resolver()
  class JobsResolver {
    @Query(() => BackgroundJobConnection, {
      name: field,
      description: `The ${owner} subgraph's durable jobs in your tenant, newest first: status, attempts, last error, due time. Filter by status FAILED for the failing ones. Requires \`job:read\` (scope all; admins).`,
    })
    jobs(
      @Ctx() ctx: SubgraphContext,
      @Arg('filter', () => BackgroundJobFilter, { nullable: true, description: 'Which jobs.' })
      filter: BackgroundJobFilter | null,
      @Args(() => PageArgs) page: PageArgs,
    ) {
      return listJobs(ctx, table, filter, page);
    }
  }
  return JobsResolver;
}
