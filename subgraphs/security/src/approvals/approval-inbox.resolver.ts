import { Ctx, Query, Resolver } from 'type-graphql';
import type { SecurityContext } from '../loaders';
import { ApprovalInbox } from './approval-inbox.type';

@Resolver(() => ApprovalInbox)
export class ApprovalInboxResolver {
  @Query(() => ApprovalInbox, {
    nullable: true,
    description:
      'What waits for your approval, from every subgraph: `offers` (recruiting), `timesheetEntries` (work), each implementing `Approval`. Each list holds only what you may decide (never your own; team scope: your reporting line or department) and is empty without its `<kind>:approve` permission. Null for an API key (it acts for a tenant, not a person); UNAUTHENTICATED when anonymous.',
  })
  myApprovals(@Ctx() ctx: SecurityContext): ApprovalInbox | null {
    ctx.tenantId();
    const { userId } = ctx.identity;
    return userId ? Object.assign(new ApprovalInbox(), { id: userId }) : null;
  }
}
