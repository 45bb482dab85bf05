import { Approval, APPROVAL_INBOX } from '@wg/runtime';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Offer } from './offer.type';

@ObjectType('OfferApproval', {
  implements: Approval,
  description:
    'An offer waiting for approval (PENDING_APPROVAL). Decide with `approveOffer` or `rejectOfferApproval`; needs `offer:approve` (team: your departments’ postings), never your own offer.',
})
export class OfferApproval extends Approval {
  @Field(() => Offer, { description: 'The offer to decide on.' })
  offer!: Offer;
}

/** Recruiting's part of the caller's inbox (see `@wg/runtime` graphql/approval.ts). */
@Directive('@key(fields: "id")')
@ObjectType('ApprovalInbox', { description: APPROVAL_INBOX })
export class ApprovalInbox {
  @Field(() => ID, { description: 'The user whose inbox this is (always the caller).' })
  id!: string;
}
