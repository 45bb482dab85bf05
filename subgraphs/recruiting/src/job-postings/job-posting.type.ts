import { employmentTypes, postingCloseReasons, postingStatuses } from '@wg/db/recruiting';
import { connectionType, DateScalar, DateTimeScalar, Money } from '@wg/runtime';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Enum objects built from the column enums, so GraphQL and SQL cannot drift apart. */
const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const EmploymentType = enumOf(employmentTypes);
export type EmploymentType = (typeof employmentTypes)[number];
registerEnumType(EmploymentType, {
  name: 'EmploymentType',
  description: 'The kind of employment contract.',
  valuesConfig: {
    FULL_TIME: { description: 'Full-time employment.' },
    PART_TIME: { description: 'Part-time employment.' },
    CONTRACTOR: { description: 'Independent contractor, not an employee.' },
    INTERN: { description: 'Internship.' },
  },
});

export const JobPostingStatus = enumOf(postingStatuses);
export type JobPostingStatus = (typeof postingStatuses)[number];
registerEnumType(JobPostingStatus, {
  name: 'JobPostingStatus',
  description:
    'DRAFT postings are invisible to candidates; OPEN ones accept applications; ON_HOLD ones are paused (announced, not accepting); CLOSED ones are done.',
  valuesConfig: {
    DRAFT: { description: 'Being written; invisible to candidates.' },
    OPEN: { description: 'Published and accepting applications.' },
    ON_HOLD: { description: 'Announced but paused: not accepting applications.' },
    CLOSED: { description: 'Done (see `closeReason`).' },
  },
});

export const JobPostingCloseReason = enumOf(postingCloseReasons);
export type JobPostingCloseReason = (typeof postingCloseReasons)[number];
registerEnumType(JobPostingCloseReason, {
  name: 'JobPostingCloseReason',
  description: 'Why a posting was closed. A FILLED posting cannot be reopened; a CANCELLED one can.',
  valuesConfig: {
    FILLED: { description: 'Someone was hired; cannot be reopened.' },
    CANCELLED: { description: 'Withdrawn without a hire; can be reopened.' },
  },
});

@ObjectType('SalaryRange', {
  description: 'The advertised pay band of a posting, both ends in one currency.',
})
export class SalaryRange {
  @Field(() => Money, {
    description:
      'Lower end of the advertised band, as entered; an amount per year unless the posting says otherwise (postings record no pay period).',
  })
  min!: Money;

  @Field(() => Money, {
    description:
      'Upper end of the advertised band (at least `min`), as entered; an amount per year unless the posting says otherwise.',
  })
  max!: Money;
}

@Directive('@key(fields: "id")')
@ObjectType('JobPosting', {
  description: 'An open (or planned, or closed) position a department is hiring for.',
})
export class JobPosting {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => String, { description: 'Job title as advertised.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Free-text description of the role.' })
  description!: string | null;

  @Field(() => String, { nullable: true, description: 'Where the job is based, e.g. "Berlin" or "Remote".' })
  location!: string | null;

  @Field(() => EmploymentType, { description: 'Full-time, part-time, contractor or intern.' })
  employmentType!: EmploymentType;

  @Field(() => JobPostingStatus, { description: 'Where the posting is in its lifecycle.' })
  status!: JobPostingStatus;

  @Field(() => Int, { description: 'How many people this posting hires (1–1000).' })
  openings!: number;

  @Field(() => DateScalar, { nullable: true, description: 'Last day applications are accepted.' })
  closesOn!: string | null;

  @Field(() => JobPostingCloseReason, {
    nullable: true,
    description: 'Why it was closed; null unless CLOSED.',
  })
  closeReason!: JobPostingCloseReason | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was closed; null unless CLOSED.' })
  closedAt!: Date | null;

  @Field(() => DateTimeScalar, { description: 'When the posting was created.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When the posting last changed (fields or status).' })
  updatedAt!: Date;

  tenantId!: string;
  /** Resolved to the `department` stub; the Department itself lives in the people subgraph. */
  departmentId!: string;
  /** Resolved to the `position` stub (people's Position), or null. */
  positionId!: string | null;
  /** numeric(14,2) as strings, exposed together as `salaryRange`. */
  salaryMin!: string | null;
  salaryMax!: string | null;
  currency!: string | null;
}

export const JobPostingConnection = connectionType(JobPosting, 'JobPosting');
