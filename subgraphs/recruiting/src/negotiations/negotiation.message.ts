import { rootLogger } from '@wg/runtime';
import { lazyOpenAiClient, type OpenAiConfig, openAiConfigFromEnv } from '@wg/runtime/ai';
import type { MessageSource, NegotiationStrategy, RateUnit } from './negotiation.type';

/** What a counter-offer message may say: the worker's side only — never the bill rate or margin. */
export interface MessageFacts {
  strategy: NegotiationStrategy;
  payRate: string;
  currency: string;
  unit: RateUnit;
  /** The candidate's latest ask, if any. */
  candidateAsk: string | null;
  /** Rounds left after this one. */
  roundsLeft: number;
}

const per = (unit: RateUnit) => (unit === 'HOUR' ? 'hour' : 'day');

/** The built-in templates, one per strategy (the default: no model configured). */
export function templateMessage(f: MessageFacts): string {
  const offer = `${f.payRate} ${f.currency} per ${per(f.unit)}`;
  const ask = f.candidateAsk ? ` your proposal of ${f.candidateAsk} ${f.currency}` : ' your interest';
  const closing =
    f.roundsLeft === 0
      ? ' This is our final offer.'
      : f.roundsLeft === 1
        ? ' One round of negotiation remains.'
        : '';
  switch (f.strategy) {
    case 'AGGRESSIVE':
      return `Thank you for${ask}. We can offer ${offer}, which reflects the budget for this placement.${closing}`;
    case 'BALANCED':
      return `Thank you for${ask}. To meet you partway, we can offer ${offer}.${closing}`;
    case 'CANDIDATE_FRIENDLY':
      return `Thank you for${ask}. We would like to make this work and can offer ${offer}.${closing}`;
  }
}

/** Bounded so a slow model cannot hold a recruiter's request for long; the template answers then. */
const MODEL_TIMEOUT_MS = 15_000;

async function modelMessage(config: OpenAiConfig, f: MessageFacts): Promise<string | null> {
  const client = await lazyOpenAiClient(config)();
  const response = await client.chat.completions.create(
    {
      model: config.model,
      messages: [
        {
          role: 'system',
          content:
            'You write short, courteous counter-offer messages from a company to a contractor during a rate negotiation. ' +
            'Use exactly the figures given; never mention the client bill rate, margins or any other number. ' +
            'At most three sentences, no greeting line, no signature.',
        },
        {
          role: 'user',
          content: [
            `Tone: ${f.strategy === 'AGGRESSIVE' ? 'firm' : f.strategy === 'BALANCED' ? 'even-handed' : 'warm and accommodating'}.`,
            `Our offer: ${f.payRate} ${f.currency} per ${per(f.unit)}.`,
            f.candidateAsk
              ? `Their last ask: ${f.candidateAsk} ${f.currency} per ${per(f.unit)}.`
              : 'They have not proposed a rate yet.',
            f.roundsLeft === 0 ? 'This is the final round.' : `Rounds left after this one: ${f.roundsLeft}.`,
          ].join('\n'),
        },
      ],
    },
    { timeout: MODEL_TIMEOUT_MS },
  );
  return response.choices[0]?.message?.content?.trim() || null;
}

/**
 * The message of an `autoNegotiate` round: the configured OpenAI-compatible model when
 * `OPENAI_API_KEY` is set (the same variables as insights' assistant, `@wg/runtime/ai`), else the
 * template. A model that fails or answers nothing falls back to the template (logged): the
 * counter-offer itself is computed by the rule, never by the model.
 */
export async function counterOfferMessage(
  f: MessageFacts,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ message: string; source: MessageSource }> {
  const config = openAiConfigFromEnv(env);
  if (config) {
    try {
      const text = await modelMessage(config, f);
      if (text) return { message: text.slice(0, 2000), source: 'MODEL' };
    } catch (error) {
      rootLogger.warn({ err: error }, 'negotiation message model failed; using the template');
    }
  }
  return { message: templateMessage(f), source: 'TEMPLATE' };
}
