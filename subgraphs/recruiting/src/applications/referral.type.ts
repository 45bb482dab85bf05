import { DateTimeScalar } from '@wg/runtime';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { JobPosting } from '../job-postings/job-posting.type';

export enum ReferralStatus {
  IN_PROCESS = 'IN_PROCESS',
  HIRED = 'HIRED',
  NOT_SELECTED = 'NOT_SELECTED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ReferralStatus, {
  name: 'ReferralStatus',
  description:
    'How a referral stands, as far as the referrer may know: the pipeline stage and any reject reason stay with recruiting.',
  valuesConfig: {
    IN_PROCESS: { description: 'Still being considered (any open stage).' },
    HIRED: { description: 'Hired.' },
    NOT_SELECTED: { description: 'Not taken forward.' },
    WITHDRAWN: { description: 'The candidate withdrew.' },
  },
});

@ObjectType('Referral', { description: 'Someone an employee referred for a posting (`referCandidate`).' })
export class Referral {
  @Field(() => ID, { description: 'The referral’s id (that of the application it created).' })
  id!: string;

  @Field(() => String, {
    description: 'The referred person’s name as given ("Erased Candidate" after erasure).',
  })
  candidateName!: string;

  @Field(() => JobPosting, { nullable: true, description: 'The posting the referral is for.' })
  posting!: JobPosting | null;

  @Field(() => ReferralStatus, { description: 'Coarse status (see ReferralStatus).' })
  status!: ReferralStatus;

  @Field(() => DateTimeScalar, { description: 'When the referral was made.' })
  referredAt!: Date;
}
