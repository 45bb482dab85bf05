import { Field, ID, InputType } from 'type-graphql';
import { ApplicationStage } from './application.type';

@InputType('ApplyInput', { description: 'A candidate applies to an OPEN posting.' })
export class ApplyInput {
  @Field(() => ID, { description: 'The candidate.' })
  candidateId!: string;

  @Field(() => ID, { description: 'The posting; it must be OPEN.' })
  postingId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Note recorded with the application, at most 10,000 characters.',
  })
  note?: string | null;
}

@InputType('MoveApplicationInput', { description: 'Move an application to another stage.' })
export class MoveApplicationInput {
  @Field(() => ApplicationStage, { description: 'The stage to move to.' })
  to!: ApplicationStage;

  @Field(() => ID, {
    nullable: true,
    description:
      'One of the tenant’s reject reasons (`rejectReasons`): required for REJECTED, refused otherwise.',
  })
  rejectReasonId?: string | null;

  @Field(() => String, { nullable: true, description: 'Free-text note, at most 2,000 characters.' })
  note?: string | null;
}

@InputType('MoveApplicationsInput', { description: 'Move several applications at once: all or nothing.' })
export class MoveApplicationsInput extends MoveApplicationInput {
  @Field(() => [ID], { description: 'The applications, 1–100 distinct ids.' })
  ids!: string[];
}

@InputType('CreateRejectReasonInput', { description: 'A new reason for the tenant’s list.' })
export class CreateRejectReasonInput {
  @Field(() => String, { description: 'The reason, 1–200 characters; unique per tenant (case-insensitive).' })
  label!: string;
}
