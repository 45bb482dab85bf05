import { Field, ID, InputType } from 'type-graphql';
import { EmploymentType } from '../job-postings/job-posting.type';

@InputType('CreateOfferInput', { description: 'A DRAFT offer for an application at the OFFER stage.' })
export class CreateOfferInput {
  @Field(() => ID, { description: 'The application (stage OFFER).' })
  applicationId!: string;
  @Field(() => String, {
    description:
      'Annual base salary as a decimal string with at most 2 places, e.g. "92000.00"; above the posting’s range needs `overrideReason`.',
  })
  baseSalary!: string;
  @Field(() => String, { description: 'ISO-4217 currency; the posting’s when it has a range.' })
  currency!: string;
  @Field(() => String, { description: 'First day of employment, YYYY-MM-DD, today or later.' })
  startDate!: string;
  @Field(() => String, { description: 'Last day to accept, YYYY-MM-DD, today or later.' })
  expiresOn!: string;
  @Field(() => EmploymentType, { nullable: true, description: 'Defaults to the posting’s.' })
  employmentType?: EmploymentType | null;
  @Field(() => String, { nullable: true, description: 'Notes, at most 10,000 characters.' })
  notes?: string | null;
  @Field(() => String, { nullable: true, description: 'Why the salary is above the posting’s range.' })
  overrideReason?: string | null;
}
