import { buildSubgraphSchema } from '@wg/runtime';
import {
  resolveCompanyAnalyticsReference,
  resolveDepartmentAnalyticsReference,
  resolveDepartmentReference,
  resolveEmployeeAnalyticsReference,
  resolveEmployeeReference,
  resolveProjectAnalyticsReference,
  resolveProjectReference,
} from './analytics/analytics.reference';
import {
  AnalyticsResolver,
  DepartmentAnalyticsResolver,
  EmployeeAnalyticsResolver,
  ProjectAnalyticsResolver,
} from './analytics/analytics.resolver';
import { Department, Employee, Project } from './analytics/analytics.type';
import { resolveConversationReference } from './conversations/conversation.reference';
import { ConversationResolver } from './conversations/conversation.resolver';
import { LiveResolver, unusedPubSub } from './live/live.resolver';
import {
  DepartmentRecruitingFunnelResolver,
  LiveRecruitingFunnelResolver,
  RecruitingFunnelResolver,
} from './recruiting/recruiting-funnel.resolver';

export const buildInsightsSchema = () =>
  buildSubgraphSchema({
    resolvers: [
      AnalyticsResolver,
      DepartmentAnalyticsResolver,
      EmployeeAnalyticsResolver,
      ProjectAnalyticsResolver,
      ConversationResolver,
      LiveResolver,
      RecruitingFunnelResolver,
      DepartmentRecruitingFunnelResolver,
      LiveRecruitingFunnelResolver,
    ],
    pubSub: unusedPubSub,
    // Entity stubs owned by people and work; insights adds `analytics` to them.
    orphanedTypes: [Department, Employee, Project],
    references: {
      Conversation: { __resolveReference: resolveConversationReference },
      CompanyAnalytics: { __resolveReference: resolveCompanyAnalyticsReference },
      DepartmentAnalytics: { __resolveReference: resolveDepartmentAnalyticsReference },
      EmployeeAnalytics: { __resolveReference: resolveEmployeeAnalyticsReference },
      ProjectAnalytics: { __resolveReference: resolveProjectAnalyticsReference },
      Department: { __resolveReference: resolveDepartmentReference },
      Employee: { __resolveReference: resolveEmployeeReference },
      Project: { __resolveReference: resolveProjectReference },
    },
  });
