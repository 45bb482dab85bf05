import { nullWhenForbidden } from '@wg/runtime';
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Department } from '../analytics/analytics.type';
import { AnalyticsScopeKind, AnalyticsUpdate } from '../live/live.types';
import type { InsightsContext } from '../loaders';
import { recruitingFunnelService } from './recruiting-funnel.service';
import { RecruitingAnalytics, RecruitingPeriodInput } from './recruiting-funnel.type';

const PERIOD_ARG = {
  nullable: true,
  description: 'The days the period-bound figures cover (UTC, inclusive); default the 365 days ending today.',
} as const;

@Resolver(() => RecruitingAnalytics)
export class RecruitingFunnelResolver {
  @Query(() => RecruitingAnalytics, {
    nullable: true,
    description:
      'The recruiting funnel: open postings, applications by stage, stage conversion, median time to hire, offer ' +
      'acceptance and source effectiveness — company-wide, or of one department with `departmentId`. Company: ' +
      '`analytics:read` scope `all`. Department: scope `all`, or `team` for your own department and those below it ' +
      '(FORBIDDEN otherwise); NOT_FOUND for a department insights does not know in your tenant.',
  })
  recruitingAnalytics(
    @Ctx() ctx: InsightsContext,
    @Arg('departmentId', () => ID, { nullable: true, description: 'A department; omitted: the company.' })
    departmentId: string | null,
    @Arg('period', () => RecruitingPeriodInput, PERIOD_ARG) period: RecruitingPeriodInput | null,
  ): Promise<RecruitingAnalytics> {
    return recruitingFunnelService.root(ctx, departmentId, period);
  }
}

/** `Department.recruitingAnalytics`, batched across departments. */
@Resolver(() => Department)
export class DepartmentRecruitingFunnelResolver {
  @FieldResolver(() => RecruitingAnalytics, {
    nullable: true,
    description:
      'The department’s recruiting funnel (its own postings); null when unknown to insights. Requires ' +
      '`analytics:read` at scope `all`, or `team` for your own department and those below it (others get null).',
  })
  recruitingAnalytics(
    @Root() d: Department,
    @Ctx() ctx: InsightsContext,
    @Arg('period', () => RecruitingPeriodInput, PERIOD_ARG) period: RecruitingPeriodInput | null,
  ): Promise<RecruitingAnalytics | null> {
    return nullWhenForbidden(() => recruitingFunnelService.department(ctx, d.id, period));
  }
}

/** `AnalyticsUpdate.recruitingAnalytics`: the funnel pushed by `analyticsUpdated` with the rest. */
@Resolver(() => AnalyticsUpdate)
export class LiveRecruitingFunnelResolver {
  @FieldResolver(() => RecruitingAnalytics, {
    nullable: true,
    description:
      'COMPANY and DEPARTMENT: the scope’s recruiting funnel (as `recruitingAnalytics`), pushed again whenever ' +
      'recruiting events move it; null for EMPLOYEE and PROJECT, and for callers the funnel’s permission does not cover.',
  })
  recruitingAnalytics(
    @Root() u: AnalyticsUpdate,
    @Ctx() ctx: InsightsContext,
    @Arg('period', () => RecruitingPeriodInput, PERIOD_ARG) period: RecruitingPeriodInput | null,
  ): Promise<RecruitingAnalytics | null> {
    if (u.scope === AnalyticsScopeKind.COMPANY)
      return nullWhenForbidden(() => recruitingFunnelService.company(ctx, period));
    if (u.scope === AnalyticsScopeKind.DEPARTMENT)
      return nullWhenForbidden(() => recruitingFunnelService.department(ctx, u.id, period));
    return Promise.resolve(null);
  }
}
