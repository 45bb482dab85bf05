import { type Connection, DateScalar, DecimalScalar, Money, PageArgs } from '@wg/runtime';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Application } from '../applications/application.type';
import { Employee } from '../employees/employee.type';
import { JobPosting } from '../job-postings/job-posting.type';
import type { RecruitingContext } from '../loaders';
import { CounterOfferInput, CreateRateNegotiationInput, RateNegotiationFilter } from './negotiation.input';
import { marginOf, meetsMargin } from './negotiation.rules';
import { negotiationService } from './negotiation.service';
import {
  MarginEvaluation,
  NegotiationAnalytics,
  NegotiationRound,
  NegotiationStrategy,
  RateNegotiation,
  RateNegotiationConnection,
  RateSuggestion,
} from './negotiation.type';

const RULE = 'Requires `rate_negotiation:read` (scope all: recruiters, HR, admins).';
const WRITE = 'Requires `rate_negotiation:update` (scope all).';

@Resolver(() => RateNegotiation)
export class RateNegotiationResolver {
  @Query(() => RateNegotiation, {
    nullable: true,
    description: `One rate negotiation, or null when unknown. ${RULE}`,
  })
  rateNegotiation(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'The negotiation.' }) id: string,
  ): Promise<RateNegotiation | null> {
    return negotiationService.get(ctx, id);
  }

  @Query(() => RateNegotiationConnection, {
    description: `Rate negotiations, newest first, Relay-paginated. ${RULE}`,
  })
  rateNegotiations(
    @Ctx() ctx: RecruitingContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => RateNegotiationFilter, {
      nullable: true,
      description: 'Conditions every negotiation must meet.',
    })
    filter: RateNegotiationFilter | null,
  ): Promise<Connection<RateNegotiation>> {
    return negotiationService.list(ctx, page, filter);
  }

  @Query(() => MarginEvaluation, {
    description: `Margin and markup of a pay and bill rate against the negotiation’s minimum and target margins (writes nothing). ${RULE}`,
  })
  evaluateMargin(
    @Ctx() ctx: RecruitingContext,
    @Arg('negotiationId', () => ID, { description: 'The negotiation whose thresholds apply.' }) id: string,
    @Arg('payRate', () => DecimalScalar, { description: 'Pay rate per unit, > 0, at most 2 places.' })
    payRate: string,
    @Arg('billRate', () => DecimalScalar, {
      nullable: true,
      description: 'Bill rate per unit, > 0, at most 2 places; the negotiation’s current one when omitted.',
    })
    billRate: string | null,
  ): Promise<MarginEvaluation> {
    return negotiationService.evaluateMargin(ctx, id, payRate, billRate ?? null);
  }

  @Query(() => RateSuggestion, {
    description: `A suggested pay rate: the market band of comparable FINALIZED negotiations in this tenant (else the posting’s range, else the target margin) at the worker’s experience level, never above the minimum-margin ceiling. ${RULE}`,
  })
  suggestRate(
    @Ctx() ctx: RecruitingContext,
    @Arg('negotiationId', () => ID, { description: 'The negotiation.' }) id: string,
  ): Promise<RateSuggestion> {
    return negotiationService.suggestRate(ctx, id);
  }

  @Query(() => NegotiationAnalytics, {
    description: `Success rate, average rounds and average final margin, overall and by strategy, of negotiations closed in a period of at most 366 days. ${RULE}`,
  })
  negotiationAnalytics(
    @Ctx() ctx: RecruitingContext,
    @Arg('from', () => DateScalar, { description: 'First day, inclusive (UTC).' }) from: string,
    @Arg('to', () => DateScalar, { description: 'Last day, inclusive (UTC).' }) to: string,
  ): Promise<NegotiationAnalytics> {
    return negotiationService.analytics(ctx, from, to);
  }

  @Mutation(() => RateNegotiation, {
    description:
      'Open a rate negotiation (OPEN, no rounds yet) with the opening terms. Requires `rate_negotiation:create` (scope all). CONFLICT for a REJECTED or WITHDRAWN application, or one that already has an OPEN negotiation.',
  })
  createRateNegotiation(
    @Ctx() ctx: RecruitingContext,
    @Arg('input', () => CreateRateNegotiationInput, { description: 'The placement and the opening terms.' })
    input: CreateRateNegotiationInput,
  ): Promise<RateNegotiation> {
    return negotiationService.create(ctx, input);
  }

  @Mutation(() => NegotiationRound, {
    description: `Record a counter-offer; its rates become the terms on the table. Below the minimum margin is allowed and flagged (\`belowMinimumMargin\`). CONFLICT past \`maxRounds\` or once FINALIZED / CANCELLED. ${WRITE}`,
  })
  submitCounterOffer(
    @Ctx() ctx: RecruitingContext,
    @Arg('negotiationId', () => ID, { description: 'The negotiation.' }) id: string,
    @Arg('input', () => CounterOfferInput, { description: 'Who offers what.' }) input: CounterOfferInput,
  ): Promise<NegotiationRound> {
    return negotiationService.submitCounterOffer(ctx, id, input);
  }

  @Mutation(() => NegotiationRound, {
    description: `The company’s next counter-offer by the strategy’s deterministic rule (README "Rate negotiation"), never below the minimum margin, with a message from the built-in template or the configured OpenAI-compatible model. Same CONFLICTs as \`submitCounterOffer\`. ${WRITE}`,
  })
  autoNegotiate(
    @Ctx() ctx: RecruitingContext,
    @Arg('negotiationId', () => ID, { description: 'The negotiation.' }) id: string,
    @Arg('strategy', () => NegotiationStrategy, {
      description: 'How far to move towards the candidate’s ask.',
    })
    strategy: NegotiationStrategy,
  ): Promise<NegotiationRound> {
    return negotiationService.autoNegotiate(ctx, id, strategy);
  }

  @Mutation(() => RateNegotiation, {
    description:
      'Agree the terms on the table: FINALIZED, rates locked (later rounds are CONFLICT), and `recruiting.rate.finalized` for finance. CONFLICT when not OPEN or when the terms are below the minimum margin. Requires `rate_negotiation:finalize` (scope all).',
  })
  finalizeRate(
    @Ctx() ctx: RecruitingContext,
    @Arg('negotiationId', () => ID, { description: 'The negotiation.' }) id: string,
  ): Promise<RateNegotiation> {
    return negotiationService.finalize(ctx, id);
  }

  @Mutation(() => RateNegotiation, {
    description: `Abandon an OPEN negotiation (CANCELLED, final). ${WRITE}`,
  })
  cancelRateNegotiation(
    @Ctx() ctx: RecruitingContext,
    @Arg('negotiationId', () => ID, { description: 'The negotiation.' }) id: string,
    @Arg('reason', () => String, { description: 'Why, 1–2,000 characters.' }) reason: string,
  ): Promise<RateNegotiation> {
    return negotiationService.cancel(ctx, id, reason);
  }

  @FieldResolver(() => Money, {
    description:
      'Bill rate on the table (the latest round’s, else the opening one), as entered, per hour or day (`unit`).',
  })
  billRate(@Root() n: RateNegotiation): Money {
    return Money.of(n.billRate, n.currency);
  }

  @FieldResolver(() => Money, {
    description:
      'Pay rate on the table (the latest round’s, else the opening one), as entered, per hour or day (`unit`).',
  })
  payRate(@Root() n: RateNegotiation): Money {
    return Money.of(n.payRate, n.currency);
  }

  @FieldResolver(() => Money, { description: 'The opening bill rate, as entered, per hour or day (`unit`).' })
  openingBillRate(@Root() n: RateNegotiation): Money {
    return Money.of(n.openingBillRate, n.currency);
  }

  @FieldResolver(() => Money, {
    description: 'The company’s opening pay offer, as entered, per hour or day (`unit`).',
  })
  openingPayRate(@Root() n: RateNegotiation): Money {
    return Money.of(n.openingPayRate, n.currency);
  }

  @FieldResolver(() => DecimalScalar, {
    description:
      'Margin of the terms on the table: (bill − pay) / bill per hour or day, a fraction rounded half-even to 4 places.',
  })
  margin(@Root() n: RateNegotiation): string {
    return marginOf(n.payRate, n.billRate).margin;
  }

  @FieldResolver(() => DecimalScalar, {
    description:
      'Markup of the terms on the table: (bill − pay) / pay per hour or day, a fraction rounded half-even to 4 places.',
  })
  markup(@Root() n: RateNegotiation): string {
    return marginOf(n.payRate, n.billRate).markup;
  }

  @FieldResolver(() => Boolean, {
    description:
      'The terms on the table are below the minimum margin: (bill − pay) < minMargin × bill, exactly.',
  })
  belowMinimumMargin(@Root() n: RateNegotiation): boolean {
    return !meetsMargin(n.payRate, n.billRate, n.minMargin);
  }

  @FieldResolver(() => Int, { description: 'Rounds still allowed: maxRounds − roundCount (0 once closed).' })
  roundsRemaining(@Root() n: RateNegotiation): number {
    return n.status === 'OPEN' ? n.maxRounds - n.roundCount : 0;
  }

  @FieldResolver(() => Money, {
    nullable: true,
    description:
      'The agreed bill rate, as recorded at finalisation, per hour or day (`unit`); null until FINALIZED.',
  })
  finalBillRate(@Root() n: RateNegotiation): Money | null {
    return n.finalBillRate ? Money.of(n.finalBillRate, n.currency) : null;
  }

  @FieldResolver(() => Money, {
    nullable: true,
    description:
      'The agreed pay rate, as recorded at finalisation, per hour or day (`unit`); null until FINALIZED.',
  })
  finalPayRate(@Root() n: RateNegotiation): Money | null {
    return n.finalPayRate ? Money.of(n.finalPayRate, n.currency) : null;
  }

  @FieldResolver(() => DecimalScalar, {
    nullable: true,
    description:
      'Margin of the agreed rates: (finalBill − finalPay) / finalBill per hour or day, half-even to 4 places; null until FINALIZED.',
  })
  finalMargin(@Root() n: RateNegotiation): string | null {
    return n.finalMargin;
  }

  @FieldResolver(() => [NegotiationRound], {
    description: 'Every round, in order (at most `maxRounds`). Batched.',
  })
  rounds(@Root() n: RateNegotiation, @Ctx() ctx: RecruitingContext) {
    return ctx.loaders.roundsByNegotiation.load(n.id);
  }

  @FieldResolver(() => Application, {
    nullable: true,
    description: 'The application whose candidate is placed; null for a contractor placement. Batched.',
  })
  application(@Root() n: RateNegotiation, @Ctx() ctx: RecruitingContext) {
    return n.applicationId ? ctx.loaders.applicationById.load(n.applicationId) : null;
  }

  @FieldResolver(() => Employee, {
    nullable: true,
    description: 'The contractor placed (an existing employee); null for an application’s candidate.',
  })
  employee(@Root() n: RateNegotiation): Employee | null {
    return n.employeeId ? Employee.ref(n.employeeId) : null;
  }

  @FieldResolver(() => JobPosting, { nullable: true, description: 'The posting placed on. Batched.' })
  posting(@Root() n: RateNegotiation, @Ctx() ctx: RecruitingContext) {
    return ctx.loaders.jobPostingById.load(n.postingId);
  }
}

@Resolver(() => NegotiationRound)
export class NegotiationRoundResolver {
  @FieldResolver(() => Money, {
    description: 'Pay rate proposed, as entered, per hour or day (the negotiation’s unit).',
  })
  payRate(@Root() r: NegotiationRound, @Ctx() ctx: RecruitingContext) {
    return this.money(r, r.payRate, ctx);
  }

  @FieldResolver(() => Money, {
    description: 'Bill rate proposed, as entered, per hour or day (the negotiation’s unit).',
  })
  billRate(@Root() r: NegotiationRound, @Ctx() ctx: RecruitingContext) {
    return this.money(r, r.billRate, ctx);
  }

  @FieldResolver(() => DecimalScalar, {
    description:
      'Markup of this round: (bill − pay) / pay per hour or day, a fraction rounded half-even to 4 places.',
  })
  markup(@Root() r: NegotiationRound): string {
    return marginOf(r.payRate, r.billRate).markup;
  }

  @FieldResolver(() => Boolean, {
    description:
      'True when the margin is below the negotiation’s minimum: (bill − pay) < minMargin × bill, compared exactly (allowed, but flagged).',
  })
  belowMinimumMargin(@Root() r: NegotiationRound): boolean {
    return r.belowMinimum;
  }

  private async money(r: NegotiationRound, amount: string, ctx: RecruitingContext): Promise<Money> {
    const n = await ctx.loaders.negotiationById.load(r.negotiationId);
    return Money.of(amount, n?.currency ?? '');
  }
}

@Resolver(() => Application)
export class ApplicationNegotiationResolver {
  @FieldResolver(() => [RateNegotiation], {
    nullable: true,
    description: `The application’s rate negotiations, oldest first (at most one OPEN). Null without \`rate_negotiation:read\` (scope all). Batched.`,
  })
  rateNegotiations(@Root() a: Application, @Ctx() ctx: RecruitingContext) {
    return negotiationService.canRead(ctx) ? ctx.loaders.negotiationsByApplication.load(a.id) : null;
  }
}
