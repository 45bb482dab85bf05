import type { LoaderContext, SubgraphContext } from '@wg/runtime';
import { type AnalyticsLoaderContext, createAnalyticsLoaders } from './analytics/analytics.loader';
import { conversationById, messagePagesByConversation } from './conversations/conversation.loader';
import { createRecruitingFunnelLoaders } from './recruiting/recruiting-funnel.loader';

/** Fresh per request: DataLoader caches must never outlive the request (or cross tenants). */
export function createLoaders(ctx: LoaderContext & AnalyticsLoaderContext) {
  return {
    ...createAnalyticsLoaders(ctx),
    ...createRecruitingFunnelLoaders(ctx),
    conversationById: conversationById(ctx),
    messagePagesByConversation: messagePagesByConversation(ctx),
  };
}

export type InsightsLoaders = ReturnType<typeof createLoaders>;
export type InsightsContext = SubgraphContext<InsightsLoaders>;
