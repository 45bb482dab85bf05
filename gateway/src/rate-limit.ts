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
}

export interface RateLimiter {
  readonly kind: 'memory' | 'redis';
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
      return { allowed: false, used, limit, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
    }
    w.cur += cost;
    if (++this.sweeps % 1000 === 0) this.sweep(index);
    return { allowed: true, used: used + cost, limit, retryAfterSeconds: 0 };
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

export class RedisRateLimiter implements RateLimiter {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly windowMs: number,
    private readonly prefix = process.env.REDIS_PREFIX ?? 'wg:',
    private readonly now: () => number = Date.now,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
    this.redis.defineCommand('wgSlidingWindow', { numberOfKeys: 2, lua: SCRIPT });
  }

  async consume(key: string, cost: number, limit: number): Promise<RateDecision> {
    const t = this.now();
    const index = Math.floor(t / this.windowMs);
    const elapsed = (t % this.windowMs) / this.windowMs;
    const base = `${this.prefix}rl:${key}:`;
    const [ok, used, prev, cur] = (await (
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
    if (ok === 1) return { allowed: true, used: Number(used), limit, retryAfterSeconds: 0 };
    const wait = retryAfterMs(Number(prev), Number(cur), cost, limit, this.windowMs, elapsed);
    return {
      allowed: false,
      used: Number(used),
      limit,
      retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)),
    };
  }

  async close() {
    this.redis.disconnect();
  }
}

export function createRateLimiter(windowSeconds: number, url = process.env.REDIS_URL): RateLimiter {
  const windowMs = windowSeconds * 1000;
  return url ? new RedisRateLimiter(url, windowMs) : new MemoryRateLimiter(windowMs);
}
