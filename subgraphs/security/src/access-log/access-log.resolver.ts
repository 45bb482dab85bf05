import { DateTimeScalar } from '@wg/runtime';
import { Arg, Ctx, Directive, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { SecurityContext } from '../loaders';
import { accessLogService } from './access-log.service';
import { AccessLogEntryInput, AuditReport } from './access-log.type';

@Resolver()
export class AccessLogResolver {
  @Directive('@inaccessible')
  @Mutation(() => Int, {
    description:
      'Gateway only (system identity): appends access-log rows in bulk (at most 1,000 per call); returns how many were written.',
  })
  recordAccessLog(
    @Ctx() ctx: SecurityContext,
    @Arg('entries', () => [AccessLogEntryInput], { description: 'The operations to log.' })
    entries: AccessLogEntryInput[],
  ): Promise<number> {
    return accessLogService.record(ctx, entries);
  }

  @Query(() => AuditReport, {
    description:
      'Counts of operations by outcome, operation and caller, plus the latest failures, in [from, to) (at most 366 days). Needs `access_log:read`.',
  })
  auditReport(
    @Ctx() ctx: SecurityContext,
    @Arg('from', () => DateTimeScalar, { description: 'Start (inclusive).' }) from: Date,
    @Arg('to', () => DateTimeScalar, { description: 'End (exclusive).' }) to: Date,
  ): Promise<AuditReport> {
    return accessLogService.report(ctx, from, to);
  }
}
