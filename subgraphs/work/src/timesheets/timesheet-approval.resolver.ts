import { isOwnInbox } from '@wg/runtime';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { WorkContext } from '../loaders';
import { timesheetReviewService } from './timesheet-review.service';
import { ApprovalInbox, TimesheetEntryApproval } from './timesheet-approval.type';

@Resolver(() => ApprovalInbox)
export class TimesheetApprovalInboxResolver {
  @FieldResolver(() => [TimesheetEntryApproval], {
    description:
      'Timesheet entries waiting for your approval, oldest submission first (at most 200): never your own time; team scope: your reporting line. Empty without `timesheet:approve` or for anyone else’s inbox.',
  })
  timesheetEntries(
    @Root() inbox: ApprovalInbox,
    @Ctx() ctx: WorkContext,
  ): Promise<TimesheetEntryApproval[]> | [] {
    if (!isOwnInbox(ctx.identity, inbox)) return [];
    return timesheetReviewService.approvalInbox(ctx);
  }
}
