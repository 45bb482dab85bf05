import { offerStatuses } from '@wg/db/recruiting';
import { DateScalar, DateTimeScalar } from '@wg/runtime';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { enumOf } from '../enum';
import { EmploymentType } from '../job-postings/job-posting.type';

export const OfferStatus = enumOf(offerStatuses);
export type OfferStatus = (typeof offerStatuses)[number];
registerEnumType(OfferStatus, {
  name: 'OfferStatus',
  description:
    'DRAFT → PENDING_APPROVAL → APPROVED → SENT → ACCEPTED | DECLINED | EXPIRED; WITHDRAWN from any open state.',
  valuesConfig: {
    DRAFT: { description: 'Being written (or sent back by the approver).' },
    PENDING_APPROVAL: { description: 'Waiting for someone with `offer:approve` other than the author.' },
    APPROVED: { description: 'Approved, not yet sent.' },
    SENT: { description: 'With the candidate.' },
    ACCEPTED: { description: 'Accepted: the application is HIRED and people creates the employee.' },
    DECLINED: { description: 'Declined by the candidate.' },
    EXPIRED: { description: 'Sent, and its expiry date passed before an answer.' },
    WITHDRAWN: { description: 'Withdrawn by the company.' },
  },
});

@Directive('@key(fields: "id")')
@ObjectType('Offer', { description: 'An offer of employment to the candidate of one application.' })
export class Offer {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;
  @Field(() => DateScalar, { description: 'First day of employment.' })
  startDate!: string;
  @Field(() => EmploymentType, { description: 'The contract offered.' })
  employmentType!: EmploymentType;
  @Field(() => DateScalar, {
    description: 'Last day the candidate can accept; a SENT offer reads EXPIRED after it.',
  })
  expiresOn!: string;
  @Field(() => String, { nullable: true, description: 'Free-text notes.' })
  notes!: string | null;
  @Field(() => String, { nullable: true, description: 'Why a salary above the posting’s range is offered.' })
  overrideReason!: string | null;
  @Field(() => ID, { nullable: true, description: 'The user who approved it.' })
  approvedBy!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was approved.' })
  approvedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was sent.' })
  sentAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Decline, withdrawal or approval-rejection note.' })
  decisionNote!: string | null;
  @Field(() => DateTimeScalar, { description: 'When it was created.' })
  createdAt!: Date;
  @Field(() => ID, { nullable: true, description: 'The user who wrote it (never its approver).' })
  createdBy!: string | null;

  tenantId!: string;
  applicationId!: string;
  postingId!: string;
  baseSalary!: string;
  currency!: string;
  status!: OfferStatus;
  employeeId!: string | null;
  submittedAt!: Date | null;
  decidedAt!: Date | null;
}
