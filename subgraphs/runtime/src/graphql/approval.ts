import { Field, ID, InterfaceType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from './scalars';

/**
 * The shared approval vocabulary (ARCHITECTURE "approvals"): every subgraph with approvable
 * aggregates declares these identically (they come from here), implements `Approval` once per
 * aggregate (`OfferApproval`, `TimesheetEntryApproval`, …) and adds a list of them to the
 * `ApprovalInbox` entity. `Query.myApprovals` (security) returns the caller's inbox; the gateway
 * fetches each subgraph's list from its owner, so one query composes every domain's approvals.
 * The rule for who may decide is `requireApprover` (../approvals.ts).
 */
export const ApprovalStatus = { PENDING: 'PENDING', APPROVED: 'APPROVED', REJECTED: 'REJECTED' } as const;
/** Where an approval stands; each aggregate maps its own states onto these. */
export type ApprovalStatus = (typeof ApprovalStatus)[keyof typeof ApprovalStatus];
registerEnumType(ApprovalStatus, {
  name: 'ApprovalStatus',
  description: 'Where an approval stands; each aggregate maps its own states onto these.',
  valuesConfig: {
    PENDING: { description: 'Waiting for a decision.' },
    APPROVED: { description: 'Approved.' },
    REJECTED: { description: 'Rejected or sent back.' },
  },
});

@InterfaceType('Approval', {
  description:
    'Something waiting for (or given) an approval: an offer, a timesheet entry, later time off, expenses and payroll. The approver holds `<kind>:approve` (team scope: their reporting line or department) and is never the requester.',
})
export abstract class Approval {
  @Field(() => ID, { description: 'The approval: `<kind>:<subjectId>`, unique across the graph.' })
  id!: string;

  @Field(() => String, { description: 'What is approved: `offer`, `timesheet_entry`, …' })
  kind!: string;

  @Field(() => ID, { description: 'The id of the subject (the offer, the timesheet entry, …).' })
  subjectId!: string;

  @Field(() => String, { description: 'One line describing the subject, for a to-do list.' })
  subject!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The user who asked for the approval; null when not recorded.',
  })
  requestedBy!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the approval was asked for.' })
  requestedAt!: Date;

  @Field(() => ApprovalStatus, { description: 'Where it stands.' })
  status!: ApprovalStatus;
}

/**
 * The caller's inbox is the entity `ApprovalInbox @key(fields: "id")`, keyed by the caller's user
 * id. Each contributing subgraph declares it (an `id` field and its own list, with this
 * description: composition needs one text) and answers only for the caller's own id.
 */
export const APPROVAL_INBOX =
  'The approvals waiting for the caller, from every subgraph that has approvable things (`Query.myApprovals`). Each list holds only what the caller may decide: never their own requests, and with a `team` permission only their reporting line or department.';

/** An inbox is only ever its owner's: a representation naming another user reads nothing. */
export const isOwnInbox = (identity: { userId: string | null }, inbox: { id: string }): boolean =>
  identity.userId !== null && identity.userId !== '' && inbox.id === identity.userId;

/** `<kind>:<subjectId>`: the approval's id. */
export const approvalId = (kind: string, subjectId: string) => `${kind}:${subjectId}`;
