import type { InsightsContext } from '../loaders';
import { conversationService } from './conversation.service';
import type { Conversation } from './conversation.type';

/** Federation entry point: `Conversation { id }` resolves for its owner only, batched via the loader. */
export const resolveConversationReference = (ref: Pick<Conversation, 'id'>, ctx: InsightsContext) =>
  conversationService.get(ctx, ref.id);
