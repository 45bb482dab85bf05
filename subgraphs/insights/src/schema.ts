import { buildSubgraphSchema } from '@wg/runtime';
import { AnalyticsResolver } from './analytics/analytics.resolver';
import { resolveConversationReference } from './conversations/conversation.reference';
import { ConversationResolver } from './conversations/conversation.resolver';

export const buildInsightsSchema = () =>
  buildSubgraphSchema({
    resolvers: [AnalyticsResolver, ConversationResolver],
    references: {
      Conversation: { __resolveReference: resolveConversationReference },
    },
  });
