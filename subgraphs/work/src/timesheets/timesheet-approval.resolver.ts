import { timesheetEntries } from '@wg/db/work';
import { isUuid, parseApprovalId, scopeFor } from '@wg/runtime';
import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { WorkContext } from '../loaders';
import { TimesheetEntryApproval } from './timesheet-approval.type';
import { TimesheetEntry } from './timesheet.type';

/** One batched read per request for the entries of a page of approvals. */
const loaders = new WeakMap<WorkContext, DataLoader<string, TimesheetEntry | null>>();
const entryLoader = (ctx: WorkContext) => {
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<string, TimesheetEntry | null>(async (ids) => {
      const rows = (await ctx.tx((tx) =>
        tx
          .select()
          .from(timesheetEntries)
          .where(inArray(timesheetEntries.id, [...ids])),
      )) as TimesheetEntry[];
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    loaders.set(ctx, loader);
  }
  return loader;
};

@Resolver(() => TimesheetEntryApproval)
export class TimesheetEntryApprovalResolver {
  @FieldResolver(() => TimesheetEntry, {
    nullable: true,
    description:
      'The entry to decide on. Null when it is gone (deleted) or when the caller holds no `timesheet:approve` (team or all); security’s inbox already limits which approvals reach you.',
  })
  entry(
    @Root() approval: TimesheetEntryApproval,
    @Ctx() ctx: WorkContext,
  ): Promise<TimesheetEntry | null> | null {
    const scope = scopeFor(ctx.identity, 'timesheet', 'approve');
    const parsed = parseApprovalId(approval.id);
    if (
      (scope !== 'team' && scope !== 'all') ||
      parsed?.kind !== 'timesheet_entry' ||
      !isUuid(parsed.subjectId)
    )
      return null;
    return entryLoader(ctx).load(parsed.subjectId);
  }
}
