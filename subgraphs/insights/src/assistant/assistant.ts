import type { Conversation } from '../conversations/conversation.type';
import type { Message } from '../conversations/message.type';
import type { InsightsContext } from '../loaders';
import { localAssistant } from './local-assistant';
import { openAiAssistant, openAiConfigFromEnv } from './openai-assistant';

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
  /** Yields the reply in pieces as it is written; returns the token usage when done. */
  stream(
    ctx: InsightsContext,
    conversation: Conversation,
    history: readonly HistoryMessage[],
  ): AsyncGenerator<string, AssistantUsage, void>;
  /** A few sentences about a conversation (for `summarizeConversation`). */
  summarize(
    ctx: InsightsContext,
    conversation: Conversation,
    history: readonly HistoryMessage[],
  ): Promise<AssistantReply>;
}

/** Drains a stream into one reply (tests, summaries). */
export async function collect(stream: AsyncGenerator<string, AssistantUsage, void>): Promise<AssistantReply> {
  let content = '';
  for (;;) {
    const step = await stream.next();
    if (step.done) return { content, usage: step.value };
    content += step.value;
  }
}

/**
 * The assistant this process answers with: the OpenAI SDK (any OpenAI-compatible server) when
 * OPENAI_API_KEY is set, else the built-in local assistant. Read per call, so tests can switch.
 */
export function selectAssistant(env: NodeJS.ProcessEnv = process.env): Assistant {
  const config = openAiConfigFromEnv(env);
  return config ? openAiAssistant(config) : localAssistant;
}
