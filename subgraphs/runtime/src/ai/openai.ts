import type OpenAI from 'openai';

/**
 * The one configuration of the OpenAI-compatible model every subgraph may call (insights'
 * assistant, recruiting's negotiation messages): `OPENAI_API_KEY` turns it on, `OPENAI_BASE_URL`
 * points at any OpenAI-compatible server (Ollama, vLLM, …), `OPENAI_MODEL` picks the model.
 * Without a key each caller uses its built-in local answer instead.
 */
export interface OpenAiConfig {
  apiKey: string;
  /** Any OpenAI-compatible server; the SDK default otherwise. */
  baseURL?: string | undefined;
  model: string;
}

export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';

/** The configuration from the environment, or null when no key is set. Read per call, so tests can switch. */
export function openAiConfigFromEnv(env: NodeJS.ProcessEnv = process.env): OpenAiConfig | null {
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (!apiKey) return null;
  return {
    apiKey,
    baseURL: env.OPENAI_BASE_URL?.trim() || undefined,
    model: env.OPENAI_MODEL?.trim() || DEFAULT_OPENAI_MODEL,
  };
}

/**
 * A client made on first use. The SDK is loaded then, not at start-up (about half a second of
 * module loading on the way to the first answer, for a feature most deployments configure later
 * or never).
 */
export function lazyOpenAiClient(config: OpenAiConfig): () => Promise<OpenAI> {
  let sdk: Promise<OpenAI> | undefined;
  return () =>
    (sdk ??= import('openai').then(
      ({ default: Client }) => new Client({ apiKey: config.apiKey, baseURL: config.baseURL, maxRetries: 1 }),
    ));
}
