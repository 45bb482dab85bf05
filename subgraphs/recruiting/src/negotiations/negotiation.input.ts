import { DecimalScalar } from '@wg/runtime';
import { Field, ID, InputType, Int } from 'type-graphql';
import {
  ExperienceLevel,
  NegotiationParty,
  NegotiationStatus,
  NegotiationStrategy,
  RateUnit,
} from './negotiation.type';

@InputType('CreateRateNegotiationInput', {
  description:
    'Open a rate negotiation for one placement: an application’s candidate (`applicationId`), or an existing contractor (`employeeId`) placed on a posting (`postingId`). Exactly one of `applicationId` and `employeeId`.',
})
export class CreateRateNegotiationInput {
  @Field(() => ID, {
    nullable: true,
    description: 'The application (not REJECTED or WITHDRAWN, at most one OPEN negotiation each).',
  })
  applicationId?: string | null;
  @Field(() => ID, { nullable: true, description: 'An existing employee placed as a contractor.' })
  employeeId?: string | null;
  @Field(() => ID, {
    nullable: true,
    description:
      'The posting placed on: required with `employeeId`; with `applicationId` it is the application’s.',
  })
  postingId?: string | null;
  @Field(() => String, { description: 'ISO-4217 currency of both rates.' })
  currency!: string;
  @Field(() => RateUnit, { description: 'What one rate pays for.' })
  unit!: RateUnit;
  @Field(() => DecimalScalar, { description: 'The opening bill rate (client pays), > 0, at most 2 places.' })
  billRate!: string;
  @Field(() => DecimalScalar, {
    description: 'The company’s opening pay offer (worker gets), > 0, at most 2 places, at most `billRate`.',
  })
  payRate!: string;
  @Field(() => DecimalScalar, {
    description: 'Target margin as a fraction of the bill rate, 0 ≤ x < 1, at most 4 places.',
  })
  targetMargin!: string;
  @Field(() => DecimalScalar, {
    description: 'Minimum margin as a fraction of the bill rate, 0 ≤ x ≤ `targetMargin`, at most 4 places.',
  })
  minMargin!: string;
  @Field(() => Int, { nullable: true, description: 'Most rounds allowed, 1–20 (default 5).' })
  maxRounds?: number | null;
  @Field(() => ExperienceLevel, {
    nullable: true,
    description: 'The worker’s experience level (default MID).',
  })
  experienceLevel?: ExperienceLevel | null;
}

@InputType('CounterOfferInput', { description: 'One counter-offer in a rate negotiation.' })
export class CounterOfferInput {
  @Field(() => NegotiationParty, { description: 'Who makes it.' })
  party!: NegotiationParty;
  @Field(() => DecimalScalar, {
    description: 'The pay rate proposed, > 0, at most 2 places, at most the bill rate.',
  })
  payRate!: string;
  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'The bill rate proposed, > 0, at most 2 places; the current one when omitted.',
  })
  billRate?: string | null;
  @Field(() => String, { nullable: true, description: 'A message with it, at most 2,000 characters.' })
  message?: string | null;
}

@InputType('RateNegotiationFilter', { description: 'Conditions every listed negotiation meets.' })
export class RateNegotiationFilter {
  @Field(() => NegotiationStatus, { nullable: true, description: 'Only this status.' })
  status?: NegotiationStatus | null;
  @Field(() => ID, { nullable: true, description: 'Only this posting’s.' })
  postingId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only this application’s.' })
  applicationId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only this contractor’s.' })
  employeeId?: string | null;
  @Field(() => NegotiationStrategy, {
    nullable: true,
    description: 'Only those whose latest auto strategy is this.',
  })
  strategy?: NegotiationStrategy | null;
}
