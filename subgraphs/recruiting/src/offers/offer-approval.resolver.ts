import { isOwnInbox } from '@wg/runtime';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RecruitingContext } from '../loaders';
import { ApprovalInbox, OfferApproval } from './offer-approval.type';
import { offerService } from './offer.service';

@Resolver(() => ApprovalInbox)
export class OfferApprovalInboxResolver {
  @FieldResolver(() => [OfferApproval], {
    description:
      'Offers waiting for your approval, oldest first (at most 200): never your own; team scope: your departments’ postings. Empty without `offer:approve` or for anyone else’s inbox.',
  })
  offers(@Root() inbox: ApprovalInbox, @Ctx() ctx: RecruitingContext): Promise<OfferApproval[]> | [] {
    if (!isOwnInbox(ctx.identity, inbox)) return [];
    return offerService.approvalInbox(ctx);
  }
}
