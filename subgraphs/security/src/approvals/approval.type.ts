import { Approval, APPROVAL_TYPES, PageInfo } from '@wg/runtime';
import { Directive, Field, Int, ObjectType } from 'type-graphql';

/*
 * The concrete approval types, one per kind (APPROVAL_TYPES), each an entity: security answers
 * the projected fields of `Approval`; the owner of the kind adds its typed detail by key.
 */

@Directive('@key(fields: "id")')
@ObjectType(APPROVAL_TYPES.timesheet_entry.typeName, {
  implements: Approval,
  description: APPROVAL_TYPES.timesheet_entry.description,
})
export class TimesheetEntryApproval extends Approval {}

@Directive('@key(fields: "id")')
@ObjectType(APPROVAL_TYPES.offer.typeName, {
  implements: Approval,
  description: APPROVAL_TYPES.offer.description,
})
export class OfferApproval extends Approval {}

@Directive('@key(fields: "id")')
@ObjectType(APPROVAL_TYPES.time_off_request.typeName, {
  implements: Approval,
  description: APPROVAL_TYPES.time_off_request.description,
})
export class TimeOffRequestApproval extends Approval {}

@Directive('@key(fields: "id")')
@ObjectType(APPROVAL_TYPES.shift_swap.typeName, {
  implements: Approval,
  description: APPROVAL_TYPES.shift_swap.description,
})
export class ShiftSwapApproval extends Approval {}

export const APPROVAL_CLASSES = {
  timesheet_entry: TimesheetEntryApproval,
  offer: OfferApproval,
  time_off_request: TimeOffRequestApproval,
  shift_swap: ShiftSwapApproval,
} as const;

@ObjectType('ApprovalKindCount', { description: 'How many approvals of one kind wait for the caller.' })
export class ApprovalKindCount {
  @Field(() => String, { description: 'The kind (`timesheet_entry`, `offer`, …).' })
  kind!: string;

  @Field(() => Int, {
    description: 'Pending approvals of this kind the caller may decide, across all pages.',
  })
  count!: number;
}

@ObjectType('ApprovalEdge', { description: 'An edge in an Approval connection.' })
export class ApprovalEdge {
  @Field(() => String, { description: 'Opaque cursor; pass it as `after` to continue.' })
  cursor!: string;

  @Field(() => Approval, { description: 'The approval at this position of the page.' })
  node!: Approval;
}

@ObjectType('ApprovalConnection', {
  description:
    'A page of the approvals waiting for the caller, oldest request first (`requestedAt`, then `id`), with counts per kind for a badge.',
})
export class ApprovalConnection {
  @Field(() => [ApprovalEdge], { description: 'The approvals of this page, in the connection order.' })
  edges!: ApprovalEdge[];

  @Field(() => PageInfo, {
    description: 'Where this page sits: whether more follow and the cursors to continue.',
  })
  pageInfo!: PageInfo;

  @Field(() => Int, {
    description: 'Pending approvals the caller may decide (of the asked kinds), across all pages.',
  })
  totalCount!: number;

  @Field(() => [ApprovalKindCount], {
    description:
      'Pending approvals per kind the caller may decide, one entry per asked kind (zeros included), across all pages; their sum is `totalCount`.',
  })
  counts!: ApprovalKindCount[];
}
