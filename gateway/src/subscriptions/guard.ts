import type { Identity } from '@wg/runtime/auth';
import bytes from 'bytes';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  type OperationDefinitionNode,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import type { GatewayConfig } from '../config';
import { operationLimitError, rateLimitedError } from '../errors';
import { canIntrospect, hideSuggestions } from '../guard-plugin';
import { limitRules, operationCost } from '../limits';

/**
 * The HTTP path's protections for operations that arrive over graphql-ws, with the same functions:
 * the message size is the body limit (ws `maxPayload`), the document is parsed with the token
 * limit, validated with the depth/alias/directive/root-field/field rules, and its cost estimated
 * before anything is planned; suggestions are hidden from callers who may not introspect.
 */
export interface SocketLimits {
  /** Largest WebSocket message in bytes (`LIVE_MAX_MESSAGE_BYTES`, default: `BODY_LIMIT`). */
  maxMessageBytes: number;
  /** Sustained messages per second one socket may send (`LIVE_MESSAGES_PER_SECOND`, default 10). */
  messagesPerSecond: number;
  /** Messages a socket may send at once before the rate applies (`LIVE_MESSAGE_BURST`, default 50). */
  messageBurst: number;
}

function envNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

export function socketLimitsFromEnv(
  config: Pick<GatewayConfig, 'bodyLimit'>,
  env: NodeJS.ProcessEnv = process.env,
): SocketLimits {
  const body = bytes.parse(config.bodyLimit) ?? 1024 * 1024;
  return {
    maxMessageBytes: Math.floor(envNumber(env, 'LIVE_MAX_MESSAGE_BYTES', body)),
    messagesPerSecond: envNumber(env, 'LIVE_MESSAGES_PER_SECOND', 10),
    messageBurst: Math.floor(envNumber(env, 'LIVE_MESSAGE_BURST', 50)),
  };
}

/**
 * Per-socket message budget (a token bucket): `burst` messages at once, refilled at `perSecond`.
 * `take()` says whether this message fits; `overdrawn` counts messages sent while out of budget
 * since the budget last had room, so a client that ignores the refusals can be disconnected.
 */
export class MessageRate {
  private tokens: number;
  private last: number;
  overdrawn = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.overdrawn = 0;
      return true;
    }
    this.overdrawn++;
    return false;
  }

  /** Whole seconds until one message fits again. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((1 - this.tokens) / this.perSecond));
  }
}

export function socketRateLimitedError(rate: MessageRate): GraphQLError[] {
  return forSocket([rateLimitedError(rate.retryAfterSeconds, 'connection')]);
}

// graphql 16 spells it "more that"; accept both (as errors.ts does for HTTP).
const TOKEN_LIMIT = /Document contains more tha[nt] (\d+) tokens/;

export interface CheckedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

/**
 * Parses, validates and prices one `subscribe` payload as the HTTP path would; errors come back
 * as the list graphql-ws sends to the client (nothing from the document is echoed in them).
 */
export function checkSocketOperation(args: {
  schema: GraphQLSchema;
  query: string;
  operationName: string | null | undefined;
  variables: Record<string, unknown> | null | undefined;
  identity: Identity;
  config: Pick<GatewayConfig, 'limits' | 'defaultListSize' | 'publicIntrospection'>;
}): CheckedOperation | readonly GraphQLError[] {
  const { schema, config } = args;
  let document: DocumentNode;
  try {
    document = parse(args.query, { maxTokens: config.limits.tokens });
  } catch (error) {
    if (error instanceof GraphQLError && TOKEN_LIMIT.test(error.message)) {
      return forSocket([operationLimitError('tokens', config.limits.tokens)]);
    }
    const message = error instanceof GraphQLError ? error.message : 'Syntax error';
    return [new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
  }
  const errors = validate(schema, document, [...specifiedRules, ...limitRules(config.limits)]);
  if (errors.length > 0) {
    // Coded as Apollo codes them over HTTP (limit errors keep OPERATION_LIMIT).
    const coded = errors.map((e) =>
      e.extensions?.code
        ? e
        : new GraphQLError(e.message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
    );
    return forSocket(coded, canIntrospect(args.identity, config));
  }
  const operation = getOperationAST(document, args.operationName);
  if (!operation) return [new GraphQLError('Unable to identify operation')];
  const cost = operationCost(
    schema,
    document,
    args.operationName ?? undefined,
    args.variables ?? undefined,
    config.defaultListSize,
  );
  if (cost > config.limits.cost) return forSocket([operationLimitError('cost', config.limits.cost, cost)]);
  return { document, operation };
}

/**
 * Errors as a socket client gets them: the HTTP status hint dropped from the extensions (it is
 * for Apollo's HTTP layer), field suggestions dropped unless the caller may see the schema.
 */
export function forSocket(errors: readonly GraphQLError[], showSuggestions = false): GraphQLError[] {
  const formatted = errors.map((e) => {
    const { http: _http, ...extensions } = e.extensions ?? {};
    return { message: e.message, extensions };
  });
  return (showSuggestions ? formatted : hideSuggestions(formatted)).map(
    (e) => new GraphQLError(e.message, { extensions: e.extensions }),
  );
}
