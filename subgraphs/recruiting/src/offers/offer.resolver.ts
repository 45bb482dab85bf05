import { Money } from '@wg/runtime';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Application } from '../applications/application.type';
import { Employee } from '../employees/employee.type';
import type { RecruitingContext } from '../loaders';
import { CreateOfferInput } from './offer.input';
import { effectiveStatus, offerService } from './offer.service';
import { Offer, OfferStatus } from './offer.type';

@Resolver(() => Offer)
export class OfferResolver {
  @Query(() => Offer, {
    nullable: true,
    description:
      'One offer, or null when unknown or outside your scope. Requires `offer:read` (team or all).',
  })
  offer(@Ctx() ctx: RecruitingContext, @Arg('id', () => ID, { description: 'The offer.' }) id: string) {
    return offerService.get(ctx, id);
  }

  @Query(() => [Offer], {
    description:
      'Offers waiting for your approval, oldest first (at most 200): never your own; team scope: your departments’ postings. Requires `offer:approve`.',
  })
  pendingOfferApprovals(@Ctx() ctx: RecruitingContext) {
    return offerService.pendingApprovals(ctx);
  }

  @Mutation(() => Offer, {
    description:
      'Write a DRAFT offer. Requires `offer:create` (scope all). CONFLICT unless the application is at OFFER or when it already has an open offer.',
  })
  createOffer(
    @Ctx() ctx: RecruitingContext,
    @Arg('input', () => CreateOfferInput, { description: 'The offer.' }) input: CreateOfferInput,
  ) {
    return offerService.create(ctx, input);
  }

  @Mutation(() => Offer, { description: 'DRAFT → PENDING_APPROVAL. Requires `offer:update` (scope all).' })
  submitOffer(@Ctx() ctx: RecruitingContext, @Arg('id', () => ID, { description: 'The offer.' }) id: string) {
    return offerService.submit(ctx, id);
  }

  @Mutation(() => Offer, {
    description:
      'PENDING_APPROVAL → APPROVED. Requires `offer:approve` (team: your departments’ postings); never your own offer (FORBIDDEN).',
  })
  approveOffer(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'The offer.' }) id: string,
  ) {
    return offerService.approve(ctx, id);
  }

  @Mutation(() => Offer, {
    description: 'Send a PENDING_APPROVAL offer back to DRAFT with a reason. Same rule as `approveOffer`.',
  })
  rejectOfferApproval(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'The offer.' }) id: string,
    @Arg('reason', () => String, { description: 'Why, 1–2,000 characters.' }) reason: string,
  ) {
    return offerService.reject(ctx, id, reason);
  }

  @Mutation(() => Offer, { description: 'APPROVED → SENT. Requires `offer:update` (scope all).' })
  sendOffer(@Ctx() ctx: RecruitingContext, @Arg('id', () => ID, { description: 'The offer.' }) id: string) {
    return offerService.send(ctx, id);
  }

  @Mutation(() => Offer, {
    description:
      'The candidate accepted a SENT, unexpired offer: ACCEPTED, the application HIRED, the posting FILLED once its openings are used, and `recruiting.offer.accepted` (people creates the employee, finance the compensation). Requires `offer:update` (scope all).',
  })
  acceptOffer(@Ctx() ctx: RecruitingContext, @Arg('id', () => ID, { description: 'The offer.' }) id: string) {
    return offerService.accept(ctx, id);
  }

  @Mutation(() => Offer, { description: 'SENT → DECLINED. Requires `offer:update` (scope all).' })
  declineOffer(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'The offer.' }) id: string,
    @Arg('reason', () => String, { nullable: true, description: 'Why, at most 2,000 characters.' }) reason:
      | string
      | null,
  ) {
    return offerService.decline(ctx, id, reason);
  }

  @Mutation(() => Offer, { description: 'Withdraw an open offer. Requires `offer:update` (scope all).' })
  withdrawOffer(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'The offer.' }) id: string,
    @Arg('reason', () => String, { nullable: true, description: 'Why, at most 2,000 characters.' }) reason:
      | string
      | null,
  ) {
    return offerService.withdraw(ctx, id, reason);
  }

  @FieldResolver(() => OfferStatus, {
    description: 'Where the offer stands (a SENT offer past `expiresOn` reads EXPIRED).',
  })
  status(@Root() o: Offer): OfferStatus {
    return effectiveStatus(o);
  }

  @FieldResolver(() => Money, {
    description: 'Annual base salary offered: the amount paid per year, before tax.',
  })
  baseSalary(@Root() o: Offer): Money {
    return Money.of(o.baseSalary, o.currency);
  }

  @FieldResolver(() => Application, { nullable: true, description: 'The application. Batched.' })
  application(@Root() o: Offer, @Ctx() ctx: RecruitingContext) {
    return ctx.loaders.applicationById.load(o.applicationId);
  }

  @FieldResolver(() => Employee, {
    nullable: true,
    description: 'The employee hired by accepting it; null before.',
  })
  employee(@Root() o: Offer): Employee | null {
    return o.employeeId ? Employee.ref(o.employeeId) : null;
  }
}

@Resolver(() => Application)
export class ApplicationOfferResolver {
  @FieldResolver(() => [Offer], {
    nullable: true,
    description: 'The application’s offers, oldest first. Null without `offer:read` (team or all). Batched.',
  })
  offers(@Root() a: Application, @Ctx() ctx: RecruitingContext) {
    return offerService.canRead(ctx) ? ctx.loaders.offersByApplication.load(a.id) : null;
  }
}
