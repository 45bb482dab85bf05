import type { Conversation } from '../conversations/conversation.type';
import type { Message } from '../conversations/message.type';
import type { InsightsContext } from '../loaders';
import { localAssistant } from './local-assistant';

/** One turn of the conversation as an assistant sees it; the last one is the question to answer. */
export type HistoryMessage = Pick<Message, 'role' | 'content'>;

export interface AssistantUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface AssistantReply {
  content: string;
  usage: AssistantUsage;
}

/**
 * Writes the assistant's side of a conversation. Implementations read data only through `ctx`
 * (the caller's tenant transaction and permissions), so an answer can never contain figures the
 * caller could not query themselves.
 */
export interface Assistant {
  reply(
    ctx: InsightsContext,
    conversation: Conversation,
    history: readonly HistoryMessage[],
  ): Promise<AssistantReply>;
}

/**
 * The assistant this process answers with. Today always the built-in local one; the OpenAI-backed
 * implementation (OPENAI_API_KEY / OPENAI_BASE_URL, streaming) slots in here.
 */
export function selectAssistant(): Assistant {
  return localAssistant;
}
