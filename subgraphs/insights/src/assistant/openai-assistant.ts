import { lazyOpenAiClient, type OpenAiConfig } from '@wg/runtime/ai';
import type { Assistant, AssistantUsage, HistoryMessage } from './assistant';
import { countTokens, groundingFacts } from './local-assistant';
import { systemPromptFor } from './prompts';

export { DEFAULT_OPENAI_MODEL, type OpenAiConfig, openAiConfigFromEnv } from '@wg/runtime/ai';

const toChat = (history: readonly HistoryMessage[]) =>
  history
    .filter((m) => m.role !== 'SYSTEM')
    .map((m) => ({
      role: m.role === 'USER' ? ('user' as const) : ('assistant' as const),
      content: m.content,
    }));

/**
 * Replies through the `openai` SDK with streaming. The model is grounded: its system prompt holds
 * the role framing and the figures the caller may read (the same answers the local assistant gives),
 * and it is told to answer only from them. Usage comes from the server (`include_usage`); a server
 * that does not report it gets the local word count instead.
 */
export function openAiAssistant(config: OpenAiConfig): Assistant {
  const client = lazyOpenAiClient(config);
  return {
    async *stream(ctx, _conversation, history) {
      const system = systemPromptFor(ctx.identity, await groundingFacts(ctx));
      const stream = await (await client()).chat.completions.create({
        model: config.model,
        messages: [{ role: 'system', content: system }, ...toChat(history)],
        stream: true,
        stream_options: { include_usage: true },
      });
      let usage: AssistantUsage | null = null;
      let text = '';
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta?.content;
        if (delta) {
          text += delta;
          yield delta;
        }
        if (chunk.usage) {
          usage = {
            promptTokens: chunk.usage.prompt_tokens,
            completionTokens: chunk.usage.completion_tokens,
          };
        }
      }
      return (
        usage ?? {
          promptTokens: countTokens(system) + countTokens(history.map((m) => m.content).join(' ')),
          completionTokens: countTokens(text),
        }
      );
    },

    async summarize(_ctx, conversation, history) {
      const response = await (await client()).chat.completions.create({
        model: config.model,
        messages: [
          {
            role: 'system',
            content:
              'Summarise this conversation between a user and a workforce-analytics assistant in at most three ' +
              'sentences. Mention the questions asked and the key figures given; do not add any numbers.',
          },
          {
            role: 'user',
            content: `Title: ${conversation.title}\n\n${history.map((m) => `${m.role}: ${m.content}`).join('\n')}`,
          },
        ],
      });
      const content = response.choices[0]?.message?.content?.trim() ?? '';
      return {
        content,
        usage: {
          promptTokens: response.usage?.prompt_tokens ?? 0,
          completionTokens: response.usage?.completion_tokens ?? countTokens(content),
        },
      };
    },
  };
}
