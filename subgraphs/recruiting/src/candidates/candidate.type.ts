import { candidateSources } from '@wg/db/recruiting';
import { connectionType, DateScalar, DateTimeScalar } from '@wg/runtime';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { enumOf } from '../enum';

export const CandidateSource = enumOf(candidateSources);
export type CandidateSource = (typeof candidateSources)[number];
registerEnumType(CandidateSource, {
  name: 'CandidateSource',
  description: 'Where a candidate came from; the funnel measures each source’s effectiveness.',
  valuesConfig: {
    CAREER_SITE: { description: 'Applied through the career site.' },
    REFERRAL: { description: 'Referred by an employee (`referCandidate`).' },
    AGENCY: { description: 'Introduced by a recruiting agency.' },
    SOURCED: { description: 'Found and approached by a recruiter.' },
    INTERNAL: { description: 'An existing employee (internal mobility).' },
  },
});

@Directive('@key(fields: "id")')
@ObjectType('Candidate', {
  description:
    'A person in the hiring pipeline. Email is unique per tenant (case-insensitive). Erased candidates keep only pseudonymised data.',
})
export class Candidate {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => String, { description: 'Given name ("Erased" after `eraseCandidate`).' })
  firstName!: string;

  @Field(() => String, { description: 'Family name.' })
  lastName!: string;

  @Field(() => String, { description: 'Email address, lower-cased.' })
  email!: string;

  @Field(() => String, { nullable: true, description: 'Phone number as given.' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'Where the candidate is based.' })
  location!: string | null;

  @Field(() => CandidateSource, { description: 'Where the candidate came from.' })
  source!: CandidateSource;

  @Field(() => [String], { description: 'Free-form labels, lower-cased, e.g. "typescript".' })
  tags!: string[];

  @Field(() => String, { nullable: true, description: 'Plain-text résumé.' })
  resumeText!: string | null;

  @Field(() => String, { nullable: true, description: 'Link to the résumé document (http/https).' })
  resumeUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'LinkedIn-style public profile link (http/https).' })
  profileUrl!: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'GDPR consent/retention: personal data may be kept until this day, then is erased.',
  })
  retainUntil!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the personal data was pseudonymised (`eraseCandidate`); null while it is kept.',
  })
  erasedAt!: Date | null;

  @Field(() => DateTimeScalar, { description: 'When the candidate was created.' })
  createdAt!: Date;

  tenantId!: string;
  employeeId!: string | null;
  referredByEmployeeId!: string | null;
}

export const CandidateConnection = connectionType(Candidate, 'Candidate');
