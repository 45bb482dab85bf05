import { Directive, Field, ID, InterfaceType, registerEnumType } from 'type-graphql';
import { APPROVAL_KINDS, type ApprovalKind, isApprovalKind } from '../approvals';
import { DateTimeScalar } from './scalars';

/**
 * The shared approval vocabulary (ARCHITECTURE "approvals"). Security owns the inbox: it keeps a
 * read model of every approvable thing the owners announce (`*.approval.changed`, see
 * ../approvals.ts) and serves `Query.myApprovals` as one connection of `Approval`, an entity
 * interface (`@key(fields: "id")`, federation 2.3+) whose concrete types — one per kind,
 * `APPROVAL_TYPES` — are entities too. Each owning subgraph adds its typed detail to its
 * concrete type by key (`OfferApproval.offer` in recruiting, `TimesheetEntryApproval.entry` in
 * work), declaring only `id` and that field, with the description from here (composition wants
 * one text per type).
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

/** The concrete GraphQL type of each kind, with the one description every subgraph uses for it. */
export const APPROVAL_TYPES: Record<ApprovalKind, { typeName: string; description: string }> = {
  timesheet_entry: {
    typeName: 'TimesheetEntryApproval',
    description: `A SUBMITTED timesheet entry waiting for approval. Decide with ${APPROVAL_KINDS.timesheet_entry.decide}; needs \`timesheet:approve\` (team: your reporting line), never your own time. \`entry\` (work) is the entry itself.`,
  },
  offer: {
    typeName: 'OfferApproval',
    description: `An offer waiting for approval (PENDING_APPROVAL). Decide with ${APPROVAL_KINDS.offer.decide}; needs \`offer:approve\` (team: your department and the ones below it), never your own offer. \`offer\` (recruiting) is the offer itself.`,
  },
  time_off_request: {
    typeName: 'TimeOffRequestApproval',
    description: `A time-off request waiting for approval. Decide with ${APPROVAL_KINDS.time_off_request.decide}; needs \`time_off:approve\` (team: your reporting line), never your own request.`,
  },
  shift_swap: {
    typeName: 'ShiftSwapApproval',
    description: `A shift swap waiting for approval. Decide with ${APPROVAL_KINDS.shift_swap.decide}; needs \`shift:approve\` (team: your reporting line), never your own swap.`,
  },
};

/** The description of the `id` of every approval type (key of the entity). */
export const APPROVAL_ID_DESCRIPTION = 'The approval: `<kind>:<subjectId>`, unique across the graph.';

@Directive('@key(fields: "id")')
@InterfaceType('Approval', {
  description:
    'Something waiting for an approval: a timesheet entry, an offer, a time-off request, a shift swap (more kinds as domains add them). The approver holds `<kind>:approve` (team scope: their reporting line, or for offers their department) and is never the requester. Each concrete type adds the owner’s typed detail.',
  resolveType: (value: { kind?: string }) =>
    value.kind && isApprovalKind(value.kind) ? APPROVAL_TYPES[value.kind].typeName : undefined,
})
export abstract class Approval {
  @Field(() => ID, { description: APPROVAL_ID_DESCRIPTION })
  id!: string;

  @Field(() => String, {
    description: 'What is approved: `timesheet_entry`, `offer`, `time_off_request`, `shift_swap`.',
  })
  kind!: string;

  @Field(() => ID, { description: 'The id of the subject (the offer, the timesheet entry, …).' })
  subjectId!: string;

  @Field(() => String, { description: 'One line describing the subject, for a to-do list.' })
  subject!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The user who asked for the approval; null when not recorded (timesheet entries).',
  })
  requestedBy!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the approval was (last) asked for: the inbox order.' })
  requestedAt!: Date;

  @Field(() => ApprovalStatus, { description: 'Where it stands (always PENDING in `myApprovals`).' })
  status!: ApprovalStatus;
}

/** `<kind>:<subjectId>`: the approval's id. */
export const approvalId = (kind: string, subjectId: string) => `${kind}:${subjectId}`;

/** The kind and subject of an approval id, or null when it is not one. */
export function parseApprovalId(id: string): { kind: ApprovalKind; subjectId: string } | null {
  const at = id.indexOf(':');
  if (at < 0) return null;
  const kind = id.slice(0, at);
  return isApprovalKind(kind) ? { kind, subjectId: id.slice(at + 1) } : null;
}
