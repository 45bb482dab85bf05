import { connectionType, DateScalar, DateTimeScalar, DecimalScalar, Money } from '@wg/runtime';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('PlacementRate', {
  description:
    'The agreed billing and pay rate of one placement (a finalized rate negotiation in recruiting), as finance recorded it.',
})
export class PlacementRate {
  @Field(() => ID, { description: 'The recruiting negotiation that agreed it (`RateNegotiation.id`).' })
  negotiationId!: string;
  @Field(() => ID, { description: 'The posting placed on.' })
  postingId!: string;
  @Field(() => ID, { nullable: true, description: 'The posting’s department.' })
  departmentId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The application, for a candidate’s placement.' })
  applicationId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The candidate, for a candidate’s placement.' })
  candidateId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The contractor, for an existing employee’s placement.' })
  employeeId!: string | null;
  @Field(() => String, { description: 'The posting’s title when the rates were agreed.' })
  jobTitle!: string;
  @Field(() => String, { description: 'HOUR or DAY: what one rate pays for.' })
  unit!: string;
  @Field(() => Money, { description: 'What the client pays, as agreed, per hour or day (`unit`).' })
  billRate!: Money;
  @Field(() => Money, { description: 'What the worker gets, as agreed, per hour or day (`unit`).' })
  payRate!: Money;
  @Field(() => DecimalScalar, {
    description: 'margin = (bill − pay) / bill per hour or day, a fraction, rounded half-even to 4 places.',
  })
  margin!: string;
  @Field(() => Money, { description: 'spread = bill − pay, per hour or day (`unit`), exact.' })
  spread!: Money;
  @Field(() => DateScalar, { description: 'The day the rates were agreed (UTC); they apply from then on.' })
  effectiveFrom!: string;
  @Field(() => DateTimeScalar, { description: 'When the rates were agreed.' })
  agreedAt!: Date;
  @Field(() => DateTimeScalar, { description: 'When finance recorded them.' })
  recordedAt!: Date;
}

export const PlacementRateConnection = connectionType(PlacementRate, 'PlacementRate');
