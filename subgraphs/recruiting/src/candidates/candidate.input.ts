import { Field, ID, InputType } from 'type-graphql';
import { ApplicationStage } from '../applications/application.type';
import { CandidateSource } from './candidate.type';

@InputType('CreateCandidateInput', { description: 'A new candidate.' })
export class CreateCandidateInput {
  @Field(() => String, { description: 'Given name, 1–200 characters.' })
  firstName!: string;

  @Field(() => String, { description: 'Family name, 1–200 characters.' })
  lastName!: string;

  @Field(() => String, { description: 'Email address; unique per tenant, case-insensitive.' })
  email!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Phone number: digits, spaces, +, -, (, ); 6–20 digits.',
  })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the candidate is based.' })
  location?: string | null;

  @Field(() => CandidateSource, { nullable: true, description: 'Defaults to CAREER_SITE.' })
  source?: CandidateSource | null;

  @Field(() => [String], { nullable: true, description: 'Labels, at most 20 of 1–40 characters each.' })
  tags?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Plain-text résumé, at most 100,000 characters.' })
  resumeText?: string | null;

  @Field(() => String, { nullable: true, description: 'Link to the résumé (http or https URL).' })
  resumeUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'Public profile link (http or https URL).' })
  profileUrl?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Keep the personal data until this day (YYYY-MM-DD, today or later).',
  })
  retainUntil?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'An existing employee applying internally (source becomes INTERNAL unless given).',
  })
  employeeId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Create even when an existing candidate has the same name and phone (default false). A taken email is always CONFLICT.',
  })
  allowDuplicate?: boolean | null;
}

@InputType('CandidateFilter', { description: 'Narrow a candidate listing. All given conditions must hold.' })
export class CandidateFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Typo-tolerant match on the name (trigram similarity and transposed letters) or the email.',
  })
  search?: string | null;

  @Field(() => CandidateSource, { nullable: true, description: 'Only candidates from this source.' })
  source?: CandidateSource | null;

  @Field(() => String, { nullable: true, description: 'Only candidates carrying this tag.' })
  tag?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only candidates who applied to this posting.' })
  postingId?: string | null;

  @Field(() => ApplicationStage, {
    nullable: true,
    description: 'Only candidates with an application in this stage (of `postingId` when given).',
  })
  stage?: ApplicationStage | null;
}

@InputType('ReferCandidateInput', { description: 'An employee refers someone for an OPEN posting.' })
export class ReferCandidateInput {
  @Field(() => String, { description: 'Given name of the person referred.' })
  firstName!: string;

  @Field(() => String, { description: 'Family name.' })
  lastName!: string;

  @Field(() => String, { description: 'Email address of the person referred.' })
  email!: string;

  @Field(() => String, { nullable: true, description: 'Phone number.' })
  phone?: string | null;

  @Field(() => ID, { description: 'The OPEN posting the referral is for.' })
  postingId!: string;

  @Field(() => String, { nullable: true, description: 'Why this person fits, at most 10,000 characters.' })
  note?: string | null;

  @Field(() => String, { nullable: true, description: 'Public profile link (http or https URL).' })
  profileUrl?: string | null;
}
