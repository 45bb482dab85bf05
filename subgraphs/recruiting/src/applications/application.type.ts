import { applicationStages } from '@wg/db/recruiting';
import { connectionType, DateTimeScalar } from '@wg/runtime';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { enumOf } from '../enum';

export const ApplicationStage = enumOf(applicationStages);
export type ApplicationStage = (typeof applicationStages)[number];
registerEnumType(ApplicationStage, {
  name: 'ApplicationStage',
  description:
    'APPLIED → SCREENING → INTERVIEW → OFFER → HIRED, one stage forward at a time; REJECTED or WITHDRAWN from any open stage. HIRED only by accepting an offer.',
  valuesConfig: {
    APPLIED: { description: 'Received, not yet looked at.' },
    SCREENING: { description: 'Being screened (CV review, phone screen).' },
    INTERVIEW: { description: 'In interviews.' },
    OFFER: { description: 'An offer is being prepared or is out.' },
    HIRED: { description: 'Accepted an offer (final).' },
    REJECTED: { description: 'Turned down by the company, with a reason (final).' },
    WITHDRAWN: { description: 'The candidate withdrew (final).' },
  },
});

@ObjectType('RejectReason', { description: 'One of the tenant’s reasons for rejecting an application.' })
export class RejectReason {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => String, { description: 'The reason as shown, e.g. "Not enough experience".' })
  label!: string;
}

@ObjectType('ApplicationStageChange', { description: 'One move of an application between stages.' })
export class ApplicationStageChange {
  @Field(() => ID, { description: 'Stable identifier of the move.' })
  id!: string;

  @Field(() => ApplicationStage, {
    nullable: true,
    description: 'The stage left; null for the application itself.',
  })
  from!: ApplicationStage | null;

  @Field(() => ApplicationStage, { description: 'The stage entered.' })
  to!: ApplicationStage;

  @Field(() => RejectReason, { nullable: true, description: 'Why it was rejected (moves to REJECTED only).' })
  rejectReason!: RejectReason | null;

  @Field(() => String, { nullable: true, description: 'Free-text note given with the move.' })
  note!: string | null;

  @Field(() => ID, { nullable: true, description: 'The user who made the move.' })
  actorId!: string | null;

  @Field(() => DateTimeScalar, { description: 'When it happened.' })
  at!: Date;
}

@Directive('@key(fields: "id")')
@ObjectType('Application', {
  description: 'A candidate’s application to one job posting (one per candidate per posting).',
})
export class Application {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => ApplicationStage, { description: 'The current stage.' })
  stage!: ApplicationStage;

  @Field(() => DateTimeScalar, { description: 'When the current stage was entered.' })
  stageChangedAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When the candidate applied.' })
  createdAt!: Date;

  tenantId!: string;
  candidateId!: string;
  postingId!: string;
  rejectReasonId!: string | null;
  employeeId!: string | null;
  referredByEmployeeId!: string | null;
  stageChangedBy!: string | null;
}

export const ApplicationConnection = connectionType(Application, 'Application');

@ObjectType('PipelineStageCount', { description: 'How many applications of a posting are in one stage.' })
export class PipelineStageCount {
  @Field(() => ApplicationStage, { description: 'The stage.' })
  stage!: ApplicationStage;

  @Field(() => Int, { description: 'Applications currently in it.' })
  count!: number;
}

@ObjectType('Pipeline', { description: 'A posting’s applications counted per stage, now.' })
export class Pipeline {
  @Field(() => [PipelineStageCount], {
    description: 'Every stage in pipeline order (APPLIED … WITHDRAWN), zero counts included.',
  })
  stages!: PipelineStageCount[];

  @Field(() => Int, { description: 'All applications of the posting, whatever their stage.' })
  total!: number;

  @Field(() => Int, { description: 'Applications in an open stage (APPLIED, SCREENING, INTERVIEW, OFFER).' })
  active!: number;
}
