import type OpenAI from 'openai';
import type { Assistant, AssistantUsage, HistoryMessage } from './assistant';
import { countTokens, groundingFacts } from './local-assistant';
import { systemPromptFor } from './prompts';

export interface OpenAiConfig {
  apiKey: string;
  /** Any OpenAI-compatible server (Ollama, vLLM, …); the SDK default otherwise. */
  baseURL?: string | undefined;
  model: string;
}

export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';

export function openAiConfigFromEnv(env: NodeJS.ProcessEnv = process.env): OpenAiConfig | null {
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (!apiKey) return null;
  return {
    apiKey,
    baseURL: env.OPENAI_BASE_URL?.trim() || undefined,
    model: env.OPENAI_MODEL?.trim() || DEFAULT_OPENAI_MODEL,
  };
}

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
  // The SDK is loaded on the first reply, not at start-up (about half a second of module loading on
  // the way to the first answer, for a feature most deployments configure later or never).
  let sdk: Promise<OpenAI> | undefined;
  const client = () =>
    (sdk ??= import('openai').then(
      ({ default: Client }) => new Client({ apiKey: config.apiKey, baseURL: config.baseURL, maxRetries: 1 }),
    ));
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
