import { APPROVAL_ID_DESCRIPTION, APPROVAL_TYPES } from '@wg/runtime';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * Recruiting's part of `OfferApproval` (security owns the `Approval` interface, the inbox and the
 * projected fields; see `@wg/runtime` graphql/approval.ts): the offer itself, by key.
 */
@Directive('@key(fields: "id")')
@ObjectType(APPROVAL_TYPES.offer.typeName, { description: APPROVAL_TYPES.offer.description })
export class OfferApproval {
  @Field(() => ID, { description: APPROVAL_ID_DESCRIPTION })
  id!: string;
}
