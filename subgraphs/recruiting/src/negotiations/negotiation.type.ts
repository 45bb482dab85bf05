import {
  experienceLevels,
  messageSources,
  negotiationParties,
  negotiationStatuses,
  negotiationStrategies,
  rateUnits,
} from '@wg/db/recruiting';
import { connectionType, DateScalar, DateTimeScalar, DecimalScalar, Money } from '@wg/runtime';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { enumOf } from '../enum';

export const RateUnit = enumOf(rateUnits);
export type RateUnit = (typeof rateUnits)[number];
registerEnumType(RateUnit, {
  name: 'RateUnit',
  description: 'What one rate pays for.',
  valuesConfig: {
    HOUR: { description: 'One hour of work.' },
    DAY: { description: 'One day of work.' },
  },
});

export const NegotiationStatus = enumOf(negotiationStatuses);
export type NegotiationStatus = (typeof negotiationStatuses)[number];
registerEnumType(NegotiationStatus, {
  name: 'NegotiationStatus',
  description: 'OPEN → FINALIZED (`finalizeRate`) or CANCELLED (`cancelRateNegotiation`); both are final.',
  valuesConfig: {
    OPEN: { description: 'Counter-offers are being exchanged.' },
    FINALIZED: { description: 'The rates are agreed and locked; finance records them.' },
    CANCELLED: { description: 'Abandoned without agreement.' },
  },
});

export const NegotiationParty = enumOf(negotiationParties);
export type NegotiationParty = (typeof negotiationParties)[number];
registerEnumType(NegotiationParty, {
  name: 'NegotiationParty',
  description: 'Who made a counter-offer.',
  valuesConfig: {
    CANDIDATE: { description: 'The worker (candidate or contractor), or their agency.' },
    COMPANY: { description: 'The company (a recruiter, or `autoNegotiate`).' },
  },
});

export const NegotiationStrategy = enumOf(negotiationStrategies);
export type NegotiationStrategy = (typeof negotiationStrategies)[number];
registerEnumType(NegotiationStrategy, {
  name: 'NegotiationStrategy',
  description:
    'How `autoNegotiate` moves the company’s pay offer from its last offer C towards the candidate’s ask A: next = C + share × (A − C), rounded down to the cent, never above the minimum-margin ceiling. README "Rate negotiation".',
  valuesConfig: {
    AGGRESSIVE: { description: 'Concedes 25 % of the gap a round: keeps the margin high.' },
    BALANCED: { description: 'Splits the difference: 50 % of the gap a round.' },
    CANDIDATE_FRIENDLY: { description: 'Closes the gap fast: 75 % of it a round.' },
  },
});

export const ExperienceLevel = enumOf(experienceLevels);
export type ExperienceLevel = (typeof experienceLevels)[number];
registerEnumType(ExperienceLevel, {
  name: 'ExperienceLevel',
  description: 'The worker’s experience, as the recruiter judges it: picks the point of the market band.',
  valuesConfig: {
    JUNIOR: { description: 'Suggested at the band’s 25th percentile.' },
    MID: { description: 'Suggested at the band’s median.' },
    SENIOR: { description: 'Suggested at the band’s 75th percentile.' },
  },
});

export const MessageSource = enumOf(messageSources);
export type MessageSource = (typeof messageSources)[number];
registerEnumType(MessageSource, {
  name: 'NegotiationMessageSource',
  description: 'Where a round’s message came from.',
  valuesConfig: {
    USER: { description: 'Typed by the person who submitted the round.' },
    TEMPLATE: { description: 'Written by the built-in template (`autoNegotiate` without a model).' },
    MODEL: { description: 'Written by the configured OpenAI-compatible model (`OPENAI_API_KEY`).' },
  },
});

export const RateSource = enumOf(['MARKET_BAND', 'POSTING_RANGE', 'OPENING_TERMS'] as const);
export type RateSource = keyof typeof RateSource;
registerEnumType(RateSource, {
  name: 'RateSuggestionSource',
  description: 'Which data a rate suggestion was computed from.',
  valuesConfig: {
    MARKET_BAND: {
      description:
        'FINALIZED negotiations (at least 3) of comparable postings in this tenant, same currency and unit: postings whose position has the same job family and level (when the posting names a position with both), otherwise postings of the same title (case and spacing ignored).',
    },
    POSTING_RANGE: {
      description:
        'The posting’s annual salary range converted to the unit (÷ 2,080 hours or ÷ 260 days a year), same currency.',
    },
    OPENING_TERMS: {
      description: 'Neither of the above: the pay rate at the target margin of the current bill rate.',
    },
  },
});

/** A stored round. */
@ObjectType('NegotiationRound', { description: 'One counter-offer of a rate negotiation.' })
export class NegotiationRound {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;
  @Field(() => Int, { description: 'Its number, 1 … `maxRounds` of the negotiation.' })
  number!: number;
  @Field(() => NegotiationParty, { description: 'Who made it.' })
  party!: NegotiationParty;
  @Field(() => DecimalScalar, {
    description:
      'Margin of this round: (bill − pay) / bill of its rates per hour or day, a fraction rounded half-even to 4 places.',
  })
  margin!: string;
  @Field(() => String, { nullable: true, description: 'The message sent with it.' })
  message!: string | null;
  @Field(() => MessageSource, { description: 'Where the message came from.' })
  messageSource!: MessageSource;
  @Field(() => NegotiationStrategy, {
    nullable: true,
    description: 'The strategy, on rounds `autoNegotiate` wrote.',
  })
  strategy!: NegotiationStrategy | null;
  @Field(() => ID, { nullable: true, description: 'The user who submitted it.' })
  createdBy!: string | null;
  @Field(() => DateTimeScalar, { description: 'When it was submitted.' })
  createdAt!: Date;

  tenantId!: string;
  negotiationId!: string;
  payRate!: string;
  billRate!: string;
  belowMinimum!: boolean;
}

@Directive('@key(fields: "id")')
@ObjectType('RateNegotiation', {
  description:
    'The bill rate (what the client pays) and pay rate (what the worker gets) of one placement on a posting — for an application’s candidate or an existing contractor — negotiated in rounds.',
})
export class RateNegotiation {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;
  @Field(() => String, { description: 'ISO-4217 currency of every rate of the negotiation.' })
  currency!: string;
  @Field(() => RateUnit, { description: 'What one rate pays for (hour or day).' })
  unit!: RateUnit;
  @Field(() => NegotiationStatus, { description: 'Where it stands.' })
  status!: NegotiationStatus;
  @Field(() => DecimalScalar, {
    description:
      'The margin the company aims for, as set: (bill − pay) / bill of the rates per hour or day (e.g. "0.3000" = 30 %).',
  })
  targetMargin!: string;
  @Field(() => DecimalScalar, {
    description:
      'The lowest acceptable margin, as set: (bill − pay) / bill of the rates per hour or day. Rounds below it are flagged, `autoNegotiate` never goes below it, `finalizeRate` refuses terms below it.',
  })
  minMargin!: string;
  @Field(() => Int, { description: 'How many rounds it may have (1–20, default 5); one more is CONFLICT.' })
  maxRounds!: number;
  @Field(() => Int, { description: 'Rounds submitted so far.' })
  roundCount!: number;
  @Field(() => ExperienceLevel, { description: 'The worker’s experience level (picks the suggested rate).' })
  experienceLevel!: ExperienceLevel;
  @Field(() => NegotiationStrategy, {
    nullable: true,
    description: 'The strategy of the latest `autoNegotiate` round; null when people wrote every round.',
  })
  strategy!: NegotiationStrategy | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the rates were agreed.' })
  finalizedAt!: Date | null;
  @Field(() => ID, { nullable: true, description: 'The user who finalized it.' })
  finalizedBy!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was cancelled.' })
  cancelledAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Why it was cancelled.' })
  cancelReason!: string | null;
  @Field(() => ID, { nullable: true, description: 'The user who opened it.' })
  createdBy!: string | null;
  @Field(() => DateTimeScalar, { description: 'When it was opened.' })
  createdAt!: Date;
  @Field(() => DateTimeScalar, { description: 'When it last changed.' })
  updatedAt!: Date;

  tenantId!: string;
  postingId!: string;
  applicationId!: string | null;
  employeeId!: string | null;
  openingBillRate!: string;
  openingPayRate!: string;
  billRate!: string;
  payRate!: string;
  finalBillRate!: string | null;
  finalPayRate!: string | null;
  finalMargin!: string | null;
}

export const RateNegotiationConnection = connectionType(RateNegotiation, 'RateNegotiation');

@ObjectType('MarginEvaluation', {
  description: 'Margin and markup of a pair of rates, against a negotiation’s thresholds.',
})
export class MarginEvaluation {
  @Field(() => Money, {
    description: 'The pay rate evaluated, as given, per hour or day (the negotiation’s unit).',
  })
  payRate!: Money;
  @Field(() => Money, {
    description:
      'The bill rate evaluated, as given (or the current one), per hour or day (the negotiation’s unit).',
  })
  billRate!: Money;
  @Field(() => DecimalScalar, {
    description:
      'margin = (bill − pay) / bill of the rates per hour or day, a fraction of the bill rate, rounded half-even to 4 places.',
  })
  margin!: string;
  @Field(() => DecimalScalar, {
    description:
      'markup = (bill − pay) / pay of the rates per hour or day, a fraction of the pay rate, rounded half-even to 4 places.',
  })
  markup!: string;
  @Field(() => Money, {
    description: 'spread = bill − pay, per hour or day (the negotiation’s unit), exact.',
  })
  spread!: Money;
  @Field(() => Boolean, {
    description: 'Acceptable: bill − pay ≥ minMargin × bill, compared exactly (not on the rounded margin).',
  })
  acceptable!: boolean;
  @Field(() => Boolean, { description: 'bill − pay ≥ targetMargin × bill, compared exactly.' })
  meetsTarget!: boolean;
  @Field(() => DecimalScalar, {
    description:
      'The negotiation’s minimum margin it was held against, as set: a fraction of the bill rate per hour or day.',
  })
  minMargin!: string;
  @Field(() => DecimalScalar, {
    description: 'The negotiation’s target margin, as set: a fraction of the bill rate per hour or day.',
  })
  targetMargin!: string;
}

@ObjectType('RateSuggestion', {
  description: 'A suggested pay rate for a negotiation, and what it rests on.',
})
export class RateSuggestion {
  @Field(() => RateSource, { description: 'Which data it was computed from (see the enum).' })
  source!: RateSource;
  @Field(() => Int, {
    description: 'FINALIZED negotiations in the market band (0 unless `source` is MARKET_BAND).',
  })
  sampleSize!: number;
  @Field(() => Money, {
    description:
      '25th percentile pay rate per hour or day (the unit), by linear interpolation between ranks (as percentile_cont), rounded half-even to the cent.',
  })
  p25!: Money;
  @Field(() => Money, { description: 'Median pay rate per hour or day (the unit), computed as `p25`.' })
  p50!: Money;
  @Field(() => Money, {
    description: '75th percentile pay rate per hour or day (the unit), computed as `p25`.',
  })
  p75!: Money;
  @Field(() => ExperienceLevel, {
    description: 'The experience level that picked the point (JUNIOR p25, MID p50, SENIOR p75).',
  })
  experienceLevel!: ExperienceLevel;
  @Field(() => Money, {
    description:
      'The suggested pay rate per hour or day: min(the band’s point for the experience level, `ceiling`).',
  })
  payRate!: Money;
  @Field(() => Money, {
    description:
      'The highest pay rate per hour or day at the minimum margin of the current bill rate: bill × (1 − minMargin), rounded down to the cent.',
  })
  ceiling!: Money;
  @Field(() => Boolean, {
    description: 'True when the band’s point was above the ceiling and was lowered to it.',
  })
  capped!: boolean;
  @Field(() => DecimalScalar, {
    description:
      'Margin of the suggested pay rate against the current bill rate: (bill − pay) / bill per hour or day, half-even to 4 places.',
  })
  margin!: string;
}

@ObjectType('NegotiationOutcomes', {
  description: 'How the negotiations closed (FINALIZED or CANCELLED) in a period ended.',
})
export class NegotiationOutcomes {
  @Field(() => Int, { description: 'Negotiations closed (FINALIZED or CANCELLED) in the period.' })
  closed!: number;
  @Field(() => Int, { description: 'Of those, FINALIZED.' })
  finalized!: number;
  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Success rate = finalized / closed, over negotiations closed in the period, half-even to 4 places; null when none closed.',
  })
  successRate!: string | null;
  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Average rounds = Σ rounds / closed, over negotiations closed in the period, half-even to 2 places; null when none closed.',
  })
  averageRounds!: string | null;
  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Average final margin = Σ final margin / finalized, over negotiations finalized in the period, half-even to 4 places; null when none was finalized.',
  })
  averageFinalMargin!: string | null;
}

@ObjectType('NegotiationStrategyOutcomes', {
  description: 'The outcomes of one strategy’s negotiations in a period.',
})
export class StrategyOutcomes {
  @Field(() => NegotiationStrategy, {
    nullable: true,
    description:
      'The strategy (the negotiation’s latest `autoNegotiate` one); null for negotiations countered by people only.',
  })
  strategy!: NegotiationStrategy | null;
  @Field(() => NegotiationOutcomes, { description: 'Its negotiations’ outcomes.' })
  outcomes!: NegotiationOutcomes;
}

@ObjectType('NegotiationAnalytics', {
  description:
    'Rate-negotiation outcomes over negotiations closed (finalized or cancelled) between `from` and `to`, both days inclusive (UTC).',
})
export class NegotiationAnalytics {
  @Field(() => DateScalar, { description: 'First day of the period (UTC).' })
  from!: string;
  @Field(() => DateScalar, { description: 'Last day of the period, inclusive (UTC).' })
  to!: string;
  @Field(() => NegotiationOutcomes, { description: 'Every negotiation closed in the period.' })
  total!: NegotiationOutcomes;
  @Field(() => [StrategyOutcomes], {
    description:
      'The same per strategy: AGGRESSIVE, BALANCED, CANDIDATE_FRIENDLY, then people-only (null), zeros included.',
  })
  byStrategy!: StrategyOutcomes[];
}
