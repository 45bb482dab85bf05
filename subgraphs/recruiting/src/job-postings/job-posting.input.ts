import { Field, ID, InputType, Int } from 'type-graphql';
import { EmploymentType, JobPostingCloseReason, JobPostingStatus } from './job-posting.type';

@InputType('CreateJobPostingInput', { description: 'A new job posting for a department.' })
export class CreateJobPostingInput {
  @Field(() => String, { description: 'Job title, 1–200 characters.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Free-text description, at most 10,000 characters.' })
  description?: string | null;

  @Field(() => ID, { description: 'A department of the caller’s tenant.' })
  departmentId!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The position the hire fills (people’s Position, in the same department). An accepted offer hires into it.',
  })
  positionId?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the job is based.' })
  location?: string | null;

  @Field(() => EmploymentType, { nullable: true, description: 'Defaults to FULL_TIME.' })
  employmentType?: EmploymentType | null;

  @Field(() => Int, { nullable: true, description: 'How many hires, 1–1000 (default 1).' })
  openings?: number | null;

  /** Strings, not Decimal: a malformed amount then reaches validation and is named `input.salaryMin`. */
  @Field(() => String, {
    nullable: true,
    description:
      'Lower end of the pay band as a decimal string, e.g. "65000.00". Requires salaryMax and currency.',
  })
  salaryMin?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Upper end of the pay band as a decimal string. Requires salaryMin and currency.',
  })
  salaryMax?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO-4217 code of the pay band, e.g. "EUR".' })
  currency?: string | null;

  /** String, not Date, for the same reason as the amounts. */
  @Field(() => String, { nullable: true, description: 'Last day to apply, YYYY-MM-DD; today or later.' })
  closesOn?: string | null;

  @Field(() => JobPostingStatus, {
    nullable: true,
    description: 'DRAFT or OPEN (default OPEN). Opening a posting announces it to other subgraphs.',
  })
  status?: JobPostingStatus | null;
}

@InputType('JobPostingFilter', {
  description: 'Narrow a job posting listing. All given conditions must hold.',
})
export class JobPostingFilter {
  @Field(() => ID, { nullable: true, description: 'Only postings of this department.' })
  departmentId?: string | null;

  @Field(() => JobPostingStatus, { nullable: true, description: 'Only postings in this status.' })
  status?: JobPostingStatus | null;
}

@InputType('UpdateJobPostingInput', {
  description:
    'Changes to a DRAFT, OPEN or ON_HOLD posting. Omitted fields are kept; null clears an optional field.',
})
export class UpdateJobPostingInput {
  @Field(() => String, { nullable: true, description: 'Job title, 1–200 characters (cannot be cleared).' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Free-text description, at most 10,000 characters.' })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'Move to another department of the caller’s tenant.' })
  departmentId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The position the hire fills, in the posting’s department (as it will be); null clears it.',
  })
  positionId?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the job is based.' })
  location?: string | null;

  @Field(() => EmploymentType, { nullable: true, description: 'The kind of contract (cannot be cleared).' })
  employmentType?: EmploymentType | null;

  @Field(() => Int, { nullable: true, description: 'How many hires, 1–1000 (cannot be cleared).' })
  openings?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Lower end of the pay band as a decimal string; the band needs min, max and currency.',
  })
  salaryMin?: string | null;

  @Field(() => String, { nullable: true, description: 'Upper end of the pay band as a decimal string.' })
  salaryMax?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO-4217 code of the pay band, e.g. "EUR".' })
  currency?: string | null;

  @Field(() => String, { nullable: true, description: 'Last day to apply, YYYY-MM-DD; today or later.' })
  closesOn?: string | null;
}

@InputType('OpenJobPostingInput', {
  description: 'Options when a posting becomes OPEN (published, resumed or reopened).',
})
export class OpenJobPostingInput {
  @Field(() => String, {
    nullable: true,
    description:
      'A new last day to apply, YYYY-MM-DD, today or later. Required when the stored one has passed.',
  })
  closesOn?: string | null;
}

@InputType('CloseJobPostingInput', { description: 'Why a posting is being closed.' })
export class CloseJobPostingInput {
  @Field(() => JobPostingCloseReason, {
    description: 'FILLED (final) or CANCELLED (can be reopened). A DRAFT can only be CANCELLED.',
  })
  reason!: JobPostingCloseReason;
}
