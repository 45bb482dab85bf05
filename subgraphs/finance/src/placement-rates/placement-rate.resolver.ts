import { type Connection, PageArgs } from '@wg/runtime';
import { Arg, Args, Ctx, Field, ID, InputType, Query, Resolver } from 'type-graphql';
import type { FinanceContext } from '../loaders';
import { placementRateService } from './placement-rate.service';
import { PlacementRate, PlacementRateConnection } from './placement-rate.type';

@InputType('PlacementRateFilter', { description: 'Conditions every listed placement rate meets.' })
export class PlacementRateFilter {
  @Field(() => ID, { nullable: true, description: 'Only placements on postings of this department.' })
  departmentId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only this contractor’s placements.' })
  employeeId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only placements on this posting.' })
  postingId?: string | null;
}

@Resolver(() => PlacementRate)
export class PlacementRateResolver {
  @Query(() => PlacementRateConnection, {
    description:
      'The billing and pay rates of placements agreed in recruiting (`finalizeRate`), newest agreement first. Requires `financials:read` (scope all: analysts, admins).',
  })
  placementRates(
    @Ctx() ctx: FinanceContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => PlacementRateFilter, { nullable: true, description: 'Conditions to meet.' })
    filter: PlacementRateFilter | null,
  ): Promise<Connection<PlacementRate>> {
    return placementRateService.list(ctx, page, filter);
  }
}
