import type { LoaderContext, SubgraphContext } from '@wg/runtime';
import { conversationById, messagePagesByConversation } from './conversations/conversation.loader';

/** Fresh per request: DataLoader caches must never outlive the request (or cross tenants). */
export function createLoaders(ctx: LoaderContext) {
  return {
    conversationById: conversationById(ctx),
    messagePagesByConversation: messagePagesByConversation(ctx),
  };
}

export type InsightsLoaders = ReturnType<typeof createLoaders>;
export type InsightsContext = SubgraphContext<InsightsLoaders>;
