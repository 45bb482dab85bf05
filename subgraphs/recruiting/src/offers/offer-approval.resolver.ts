import { offers } from '@wg/db/recruiting';
import { isUuid, parseApprovalId, scopeFor } from '@wg/runtime';
import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RecruitingContext } from '../loaders';
import { OfferApproval } from './offer-approval.type';
import { Offer } from './offer.type';

/** One batched read per request for the offers of a page of approvals. */
const loaders = new WeakMap<RecruitingContext, DataLoader<string, Offer | null>>();
const offerLoader = (ctx: RecruitingContext) => {
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<string, Offer | null>(async (ids) => {
      const rows = (await ctx.tx((tx) =>
        tx
          .select()
          .from(offers)
          .where(inArray(offers.id, [...ids])),
      )) as Offer[];
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    loaders.set(ctx, loader);
  }
  return loader;
};

@Resolver(() => OfferApproval)
export class OfferApprovalResolver {
  @FieldResolver(() => Offer, {
    nullable: true,
    description:
      'The offer to decide on. Null when it is gone or when the caller holds no `offer:approve` (team or all); security’s inbox already limits which approvals reach you.',
  })
  offer(@Root() approval: OfferApproval, @Ctx() ctx: RecruitingContext): Promise<Offer | null> | null {
    const scope = scopeFor(ctx.identity, 'offer', 'approve');
    const parsed = parseApprovalId(approval.id);
    if ((scope !== 'team' && scope !== 'all') || parsed?.kind !== 'offer' || !isUuid(parsed.subjectId))
      return null;
    return offerLoader(ctx).load(parsed.subjectId);
  }
}
