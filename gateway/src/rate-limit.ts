import { rootLogger } from '@wg/runtime/logger';
import { Redis } from 'ioredis';

/**
 * Sliding-window rate limiting charged in cost points (an operation costs what its estimate
 * says, at least 1). The window is the "sliding window counter": the current fixed window's total
 * plus the previous window's total weighted by how much of it still overlaps the sliding window.
 * It needs two counters per key instead of a log of every request, and it is exact enough that a
 * client can neither double its budget at a window boundary nor be refused for long after it
 * stopped.
 */
export interface RateDecision {
  allowed: boolean;
  /** Estimated points used in the sliding window, including this charge when allowed. */
  used: number;
  limit: number;
  /** Whole seconds until this charge would fit (0 when allowed). */
  retryAfterSeconds: number;
  /** Which store decided: the shared Redis one, or this process' memory (also Redis' fallback). */
  store?: 'redis' | 'memory';
}

export interface RateLimiter {
  readonly kind: 'memory' | 'redis';
  /** Where decisions are made right now (`memory` while a Redis store falls back). */
  readonly store?: 'redis' | 'memory';
  /** Resolves once the shared store is connected (true) or after `timeoutMs` (false). */
  ready?(timeoutMs?: number): Promise<boolean>;
  /** Charges `cost` to `key` if it fits within `limit` per window; never charges a refused request. */
  consume(key: string, cost: number, limit: number): Promise<RateDecision>;
  close(): Promise<void>;
}

/**
 * How long until `prev * (1 - elapsed) + cur + cost <= limit`, given no further charges. Pure, so
 * the in-memory store and the Redis script agree (the script implements the same formula).
 */
export function retryAfterMs(
  prev: number,
  cur: number,
  cost: number,
  limit: number,
  windowMs: number,
  elapsedFraction: number,
): number {
  const toWindowEnd = (1 - elapsedFraction) * windowMs;
  if (cost > limit) return toWindowEnd + windowMs; // never fits; tell the client to back off a full window
  if (cur + cost <= limit) {
    // Fits in this window once enough of the previous one has slid out.
    if (prev <= 0) return 0;
    const needFraction = 1 - (limit - cur - cost) / prev;
    return Math.max(0, (needFraction - elapsedFraction) * windowMs);
  }
  // Only in the next window, when this window's total becomes the sliding "previous".
  if (cur <= 0) return toWindowEnd;
  const nextFraction = Math.max(0, 1 - (limit - cost) / cur);
  return toWindowEnd + nextFraction * windowMs;
}

export class MemoryRateLimiter implements RateLimiter {
  readonly kind = 'memory' as const;
  readonly store = 'memory' as const;
  private readonly windows = new Map<string, { index: number; cur: number; prev: number }>();
  private sweeps = 0;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async consume(key: string, cost: number, limit: number): Promise<RateDecision> {
    const t = this.now();
    const index = Math.floor(t / this.windowMs);
    const elapsed = (t % this.windowMs) / this.windowMs;
    let w = this.windows.get(key);
    if (!w) {
      w = { index, cur: 0, prev: 0 };
      this.windows.set(key, w);
    } else if (w.index !== index) {
      w.prev = w.index === index - 1 ? w.cur : 0;
      w.cur = 0;
      w.index = index;
    }
    const used = w.prev * (1 - elapsed) + w.cur;
    if (used + cost > limit) {
      const wait = retryAfterMs(w.prev, w.cur, cost, limit, this.windowMs, elapsed);
      return {
        allowed: false,
        used,
        limit,
        retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)),
        store: 'memory',
      };
    }
    w.cur += cost;
    if (++this.sweeps % 1000 === 0) this.sweep(index);
    return { allowed: true, used: used + cost, limit, retryAfterSeconds: 0, store: 'memory' };
  }

  /** Forget keys idle for two windows, so a scan of many addresses can't grow the map forever. */
  private sweep(index: number) {
    for (const [k, w] of this.windows) if (w.index < index - 1) this.windows.delete(k);
  }

  async close() {
    this.windows.clear();
  }
}

/**
 * The same algorithm in one Lua script, atomic across gateway replicas. Keys:
 * `<prefix>rl:<key>:<window index>`; each expires after two windows.
 */
const SCRIPT = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
local prev = tonumber(redis.call('GET', KEYS[2]) or '0')
local cost = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local elapsed = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])
local used = prev * (1 - elapsed) + cur
if used + cost > limit then
  return {0, tostring(used), tostring(prev), tostring(cur)}
end
redis.call('INCRBY', KEYS[1], cost)
redis.call('PEXPIRE', KEYS[1], ttl)
return {1, tostring(used + cost), tostring(prev), tostring(cur)}
`;

export interface RedisRateLimiterOptions {
  /** A Redis command taking longer than this is abandoned and the request decided in memory. */
  commandTimeoutMs?: number;
  /** After a failed or timed-out command, how long decisions stay in memory before Redis is tried again. */
  suspendMs?: number;
}

/**
 * Redis-backed, with the outage rule "fail open to this process' memory": nothing on the request
 * path waits for Redis. There is no offline queue and no per-request retry, so while the
 * connection is down (tracked from ioredis' status) every charge is decided at once by an
 * in-process limiter with the same algorithm and budgets; a command that hangs (a Redis that
 * accepts connections but does not answer) is abandoned after `commandTimeoutMs`, and Redis is
 * then left alone for `suspendMs`, so at most one request per interval pays that timeout. ioredis reconnects in the background and decisions go back to Redis as soon
 * as it is ready. During an outage each gateway replica enforces the budget on its own (with N
 * replicas a client can spend up to N budgets), which beats both refusing everyone and limiting
 * no one.
 */
export class RedisRateLimiter implements RateLimiter {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;
  private readonly fallback: MemoryRateLimiter;
  private readonly log = rootLogger.child({ service: 'gateway', component: 'rate-limit' });
  private lastWarning = 0;
  private readonly suspendMs: number;
  private suspendedUntil = 0;

  constructor(
    url: string,
    private readonly windowMs: number,
    private readonly prefix = process.env.REDIS_PREFIX ?? 'wg:',
    private readonly now: () => number = Date.now,
    options: RedisRateLimiterOptions = {},
  ) {
    this.redis = new Redis(url, {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? Number(process.env.RATE_LIMIT_REDIS_TIMEOUT_MS ?? 250),
      connectTimeout: 2_000,
      retryStrategy: (times) => Math.min(200 * times, 2_000),
    });
    // Connection errors are expected during an outage; say so once in a while, not per retry.
    this.redis.on('error', (err) => this.warn(err, 'rate-limit store (Redis) unavailable'));
    this.redis.defineCommand('wgSlidingWindow', { numberOfKeys: 2, lua: SCRIPT });
    this.fallback = new MemoryRateLimiter(windowMs, now);
    this.suspendMs = options.suspendMs ?? 5_000;
  }

  get store(): 'redis' | 'memory' {
    return this.redis.status === 'ready' && Date.now() >= this.suspendedUntil ? 'redis' : 'memory';
  }

  /** Resolves once connected (true), or false after `timeoutMs` (start-up, tests). */
  async ready(timeoutMs = 2_000): Promise<boolean> {
    if (this.redis.status === 'ready') return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.redis.off('ready', onReady);
        resolve(false);
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.redis.once('ready', onReady);
    });
  }

  private warn(err: unknown, message: string) {
    const t = Date.now();
    if (t - this.lastWarning < 30_000) return;
    this.lastWarning = t;
    this.log.error({ err }, `${message}; limiting in this process until it is back`);
  }

  private async local(key: string, cost: number, limit: number): Promise<RateDecision> {
    return { ...(await this.fallback.consume(key, cost, limit)), store: 'memory' };
  }

  async consume(key: string, cost: number, limit: number): Promise<RateDecision> {
    if (this.store !== 'redis') return this.local(key, cost, limit);
    const t = this.now();
    const index = Math.floor(t / this.windowMs);
    const elapsed = (t % this.windowMs) / this.windowMs;
    const base = `${this.prefix}rl:${key}:`;
    let reply: [number, string, string, string];
    try {
      reply = (await (
        this.redis as unknown as {
          wgSlidingWindow(...args: (string | number)[]): Promise<[number, string, string, string]>;
        }
      ).wgSlidingWindow(
        base + index,
        base + (index - 1),
        Math.ceil(cost),
        limit,
        elapsed,
        this.windowMs * 2,
      )) as [number, string, string, string];
    } catch (err) {
      this.suspendedUntil = Date.now() + this.suspendMs;
      this.warn(err, 'rate-limit store (Redis) command failed');
      return this.local(key, cost, limit);
    }
    const [ok, used, prev, cur] = reply;
    if (ok === 1) return { allowed: true, used: Number(used), limit, retryAfterSeconds: 0, store: 'redis' };
    const wait = retryAfterMs(Number(prev), Number(cur), cost, limit, this.windowMs, elapsed);
    return {
      allowed: false,
      used: Number(used),
      limit,
      retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)),
      store: 'redis',
    };
  }

  async close() {
    this.redis.disconnect();
    await this.fallback.close();
  }
}

export function createRateLimiter(windowSeconds: number, url = process.env.REDIS_URL): RateLimiter {
  const windowMs = windowSeconds * 1000;
  return url ? new RedisRateLimiter(url, windowMs) : new MemoryRateLimiter(windowMs);
}
