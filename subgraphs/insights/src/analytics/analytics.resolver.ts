import { Ctx, Query, Resolver } from 'type-graphql';
import type { InsightsContext } from '../loaders';
import { analyticsService } from './analytics.service';
import { CompanyAnalytics } from './analytics.type';

@Resolver(() => CompanyAnalytics)
export class AnalyticsResolver {
  @Query(() => CompanyAnalytics, {
    description:
      'Company-wide headcount, revenue, cost, profit, ROI and productivity. Requires `analytics:read` ' +
      'with scope `all`.',
  })
  companyAnalytics(@Ctx() ctx: InsightsContext): Promise<CompanyAnalytics> {
    return analyticsService.company(ctx);
  }
}
