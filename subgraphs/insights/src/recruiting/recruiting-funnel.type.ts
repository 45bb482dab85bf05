import { DateScalar, DecimalScalar } from '@wg/runtime';
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Department } from '../analytics/analytics.type';

/*
 * The two enums are recruiting's (same names, values and descriptions, so composition merges them):
 * clients filter recruiting's lists and read the funnel with one type.
 */
export enum ApplicationStage {
  APPLIED = 'APPLIED',
  SCREENING = 'SCREENING',
  INTERVIEW = 'INTERVIEW',
  OFFER = 'OFFER',
  HIRED = 'HIRED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
}
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

export enum CandidateSource {
  CAREER_SITE = 'CAREER_SITE',
  REFERRAL = 'REFERRAL',
  AGENCY = 'AGENCY',
  SOURCED = 'SOURCED',
  INTERNAL = 'INTERNAL',
}
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

const PERIOD =
  'the period (`period.from` through `period.to`, UTC calendar days, both inclusive; default the 365 days ending today)';

@InputType('RecruitingPeriodInput', {
  description:
    'The days the funnel figures cover, UTC, both ends inclusive. Omitted: the 365 days ending today; only `from`: ' +
    'through today; only `to`: the 365 days ending then. `from` ≤ `to`, at most 3,660 days (BAD_USER_INPUT naming the field).',
})
export class RecruitingPeriodInput {
  @Field(() => DateScalar, { nullable: true, description: 'First day (inclusive).' })
  from?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day (inclusive).' })
  to?: string | null;
}

@ObjectType('RecruitingPeriod', { description: 'The days a set of funnel figures covers (UTC, inclusive).' })
export class RecruitingPeriod {
  @Field(() => DateScalar, { description: 'First day (inclusive).' })
  from!: string;

  @Field(() => DateScalar, { description: 'Last day (inclusive).' })
  to!: string;
}

@ObjectType('RecruitingStageCount', {
  description: 'How many applications of the cohort are at one stage now.',
})
export class RecruitingStageCount {
  @Field(() => ApplicationStage, { description: 'The stage.' })
  stage!: ApplicationStage;

  @Field(() => Int, {
    description: `Applications created in ${PERIOD} whose current stage is \`stage\` (zero included).`,
  })
  count!: number;
}

@ObjectType('RecruitingStageConversion', {
  description:
    'How many applications that reached a stage went on to the next one. An application has reached a stage when ' +
    'it is at it or has been past it (a rejection at INTERVIEW has reached APPLIED, SCREENING and INTERVIEW).',
})
export class RecruitingStageConversion {
  @Field(() => ApplicationStage, { description: 'The stage (APPLIED, SCREENING, INTERVIEW or OFFER).' })
  stage!: ApplicationStage;

  @Field(() => ApplicationStage, {
    description: 'The stage after it (SCREENING, INTERVIEW, OFFER or HIRED).',
  })
  nextStage!: ApplicationStage;

  @Field(() => Int, { description: `Applications created in ${PERIOD} that reached \`stage\`.` })
  reached!: number;

  @Field(() => Int, { description: `Of those, the ones that reached \`nextStage\`.` })
  advanced!: number;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      `\`advanced / reached\` over applications created in ${PERIOD}, 4 decimals; null when \`reached\` is 0. ` +
      'Applications still open at `stage` count as not (yet) advanced.',
  })
  rate!: string | null;
}

@ObjectType('RecruitingSourceEffectiveness', {
  description: 'How applications from one candidate source fare.',
})
export class RecruitingSourceEffectiveness {
  @Field(() => CandidateSource, { description: 'The candidate source.' })
  source!: CandidateSource;

  @Field(() => Int, { description: `Applications from this source created in ${PERIOD} (zero included).` })
  applications!: number;

  @Field(() => Int, { description: 'Of those, the ones that reached INTERVIEW (or beyond).' })
  interviewed!: number;

  @Field(() => Int, { description: 'Of those, the ones that are HIRED.' })
  hired!: number;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: `\`interviewed / applications\` over applications created in ${PERIOD}, 4 decimals; null without applications.`,
  })
  interviewRate!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: `\`hired / applications\` over applications created in ${PERIOD}, 4 decimals; null without applications.`,
  })
  hireRate!: string | null;
}

@ObjectType('RecruitingAnalytics', {
  description:
    'The recruiting funnel of the company or of one department, projected by insights from recruiting’s events ' +
    '(postings, applications, offers). A department’s figures are those of the postings it owns. Counts are exact; ' +
    'ratios and days are decimal strings computed in SQL `numeric` from unrounded counts.',
})
export class RecruitingAnalytics {
  @Field(() => Department, {
    nullable: true,
    description: 'The department; null for the company-wide funnel.',
  })
  department!: Department | null;

  @Field(() => RecruitingPeriod, { description: 'The period the period-bound figures cover.' })
  period!: RecruitingPeriod;

  @Field(() => Int, { description: 'Job postings OPEN now (not bound to the period).' })
  openPostings!: number;

  @Field(() => Int, { description: 'Σ openings of the postings OPEN now (not bound to the period).' })
  openPositions!: number;

  @Field(() => Int, { description: `Applications created in ${PERIOD}.` })
  applications!: number;

  @Field(() => [RecruitingStageCount], {
    description: `Applications created in ${PERIOD} by their current stage, every stage in funnel order.`,
  })
  applicationsByStage!: RecruitingStageCount[];

  @Field(() => [RecruitingStageConversion], {
    description:
      `For each of APPLIED → SCREENING → INTERVIEW → OFFER → HIRED: of the applications created in ${PERIOD} that ` +
      'reached a stage, the share that reached the next (`advanced / reached`).',
  })
  conversionByStage!: RecruitingStageConversion[];

  @Field(() => Int, {
    description: `Applications that became HIRED in ${PERIOD} (whenever they were created).`,
  })
  hires!: number;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      `Median over the applications hired in ${PERIOD} of (hired at − applied at) in days (86,400 s), ` +
      '2 decimals (an even count averages the middle two); null without hires.',
  })
  timeToHireDays!: string | null;

  @Field(() => Int, { description: `Offers accepted in ${PERIOD}.` })
  offersAccepted!: number;

  @Field(() => Int, { description: `Offers declined in ${PERIOD}.` })
  offersDeclined!: number;

  @Field(() => Int, {
    description: `Offers that expired in ${PERIOD} (at 00:00 UTC the day after their \`expiresOn\`, once recruiting’s expiry job stored it).`,
  })
  offersExpired!: number;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      `\`offersAccepted / (offersAccepted + offersDeclined + offersExpired)\`, offers counted by when they were answered or ` +
      `expired, in ${PERIOD}; 4 decimals; null when no offer was answered. Withdrawn offers never count.`,
  })
  offerAcceptanceRate!: string | null;

  @Field(() => [RecruitingSourceEffectiveness], {
    description: `Per candidate source (every source), the applications created in ${PERIOD} and how far they got.`,
  })
  sourceEffectiveness!: RecruitingSourceEffectiveness[];
}
