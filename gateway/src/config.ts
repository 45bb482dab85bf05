import { type CorsConfig, corsConfigFromEnv } from './cors';
/**
 * Every protection the gateway applies, with its environment variable. Defaults are meant for a
 * real deployment; tests pass overrides to `startGateway({ config })`.
 */
export interface OperationLimits {
  /** Deepest field nesting (fragments expanded; `__schema` subtrees are not counted). */
  depth: number;
  /** Aliased fields in one operation (`__typename` aliases count too). */
  aliases: number;
  /** Fields selected directly on the root type. */
  rootFields: number;
  /** Lexical tokens in the whole document (enforced by the parser, before anything else). */
  tokens: number;
  /** Directive uses in one operation. */
  directives: number;
  /** Field selections in the whole document: catches a field repeated hundreds of times. */
  fields: number;
  /** Estimated cost: 1 per field, times the list size (`first` / `last`, else the default). */
  cost: number;
}

export interface RateLimitConfig {
  /** Off entirely when false (never in production unless you mean it). */
  enabled: boolean;
  /** Sliding window length. */
  windowSeconds: number;
  /** Cost points per window for one user (JWT). */
  user: number;
  /** Cost points per window for one API key. */
  apiKey: number;
  /** Cost points per window for one anonymous client address. */
  ip: number;
  /** Authentication steps (login, reset, MFA, refresh) per window from one client address. */
  authIp: number;
  /** Authentication steps per window against one account (email, token, challenge or user). */
  authAccount: number;
}

export interface GatewayConfig {
  limits: OperationLimits;
  /** Browser origins allowed to call the gateway (CORS_ORIGINS, CORS_MAX_AGE_SECONDS). */
  cors: CorsConfig;
  /** List size assumed for a list field without `first`/`last` (connections default to this page). */
  defaultListSize: number;
  rateLimit: RateLimitConfig;
  /** Whether callers without `schema:introspect` (including anonymous ones) may introspect. */
  publicIntrospection: boolean;
  /** HTTP batching (a JSON array of operations); off unless configured. */
  allowBatching: boolean;
  /** Most operations in one batch when batching is on. */
  maxBatchSize: number;
  /** express.json limit (`100kb`, `1mb`, …). */
  bodyLimit: string;
  /** Whole-operation deadline; subgraph calls are aborted at the same time. */
  executionTimeoutMs: number;
  /** How long a verified API key is trusted without asking the security subgraph again. */
  apiKeyCacheTtlMs: number;
  /**
   * How long a bearer token's session check (live, user active, current permissions) is trusted
   * without asking again; revocation notices evict at once, this bounds a lost notice.
   */
  sessionCacheTtlMs: number;
  /** Access-log batching. */
  accessLog: { flushIntervalMs: number; maxBatch: number };
  /** express `trust proxy` (e.g. `loopback`, `1`, a CIDR list): which X-Forwarded-For to believe. */
  trustProxy: string | false;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return Math.floor(n);
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new Error(`${name} must be true or false, got "${env[name]}"`);
}

export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const production = env.NODE_ENV === 'production';
  return {
    cors: corsConfigFromEnv(env),
    limits: {
      depth: int(env, 'GATEWAY_MAX_DEPTH', 12),
      aliases: int(env, 'GATEWAY_MAX_ALIASES', 30),
      rootFields: int(env, 'GATEWAY_MAX_ROOT_FIELDS', 20),
      tokens: int(env, 'GATEWAY_MAX_TOKENS', 2000),
      directives: int(env, 'GATEWAY_MAX_DIRECTIVES', 10),
      fields: int(env, 'GATEWAY_MAX_FIELDS', 400),
      cost: int(env, 'GATEWAY_MAX_COST', 5000),
    },
    defaultListSize: int(env, 'GATEWAY_DEFAULT_LIST_SIZE', 20),
    rateLimit: {
      enabled: bool(env, 'RATE_LIMIT_ENABLED', true),
      windowSeconds: Math.max(1, int(env, 'RATE_LIMIT_WINDOW_SECONDS', 60)),
      user: int(env, 'RATE_LIMIT_USER', 20_000),
      apiKey: int(env, 'RATE_LIMIT_API_KEY', 20_000),
      ip: int(env, 'RATE_LIMIT_IP', 2_000),
      authIp: int(env, 'RATE_LIMIT_AUTH_IP', 60),
      authAccount: int(env, 'RATE_LIMIT_AUTH_ACCOUNT', 10),
    },
    publicIntrospection: bool(env, 'GATEWAY_PUBLIC_INTROSPECTION', !production),
    allowBatching: bool(env, 'GATEWAY_ALLOW_BATCHING', false),
    maxBatchSize: Math.max(1, int(env, 'GATEWAY_MAX_BATCH_SIZE', 5)),
    bodyLimit: env.BODY_LIMIT ?? '1mb',
    executionTimeoutMs: int(env, 'GATEWAY_EXECUTION_TIMEOUT_MS', 30_000),
    apiKeyCacheTtlMs: int(env, 'API_KEY_CACHE_TTL_MS', 30_000),
    sessionCacheTtlMs: int(env, 'SESSION_CACHE_TTL_MS', 5_000),
    accessLog: {
      flushIntervalMs: Math.max(10, int(env, 'ACCESS_LOG_FLUSH_MS', 1000)),
      maxBatch: Math.max(1, int(env, 'ACCESS_LOG_BATCH', 100)),
    },
    trustProxy: env.TRUST_PROXY ? env.TRUST_PROXY : false,
  };
}

/** Deep-merges test overrides onto a config. */
export function withOverrides(
  base: GatewayConfig,
  overrides: DeepPartial<GatewayConfig> = {},
): GatewayConfig {
  return {
    ...base,
    ...overrides,
    limits: { ...base.limits, ...overrides.limits },
    rateLimit: { ...base.rateLimit, ...overrides.rateLimit },
    accessLog: { ...base.accessLog, ...overrides.accessLog },
    cors: { ...base.cors, ...overrides.cors },
  } as GatewayConfig;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? Partial<T[K]> : T[K] };
