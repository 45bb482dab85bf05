import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter, type RateLimiter, RedisRateLimiter, retryAfterMs } from './rate-limit';

describe('retryAfterMs', () => {
  it('is 0 when the charge fits now', () => {
    expect(retryAfterMs(0, 5, 5, 10, 60_000, 0.5)).toBe(0);
  });

  it('waits for the previous window to slide out when this window has room', () => {
    // prev 10 at 0% elapsed: used 10 of 10. A charge of 5 fits once prev weight <= 5, i.e. at 50%.
    expect(retryAfterMs(10, 0, 5, 10, 60_000, 0)).toBe(30_000);
  });

  it('waits into the next window when this window alone is full', () => {
    // cur 10 of 10 at 50%: 30 s to the boundary, then 10 * (1 - f) + 5 <= 10 -> f = 0.5 -> 30 s more.
    expect(retryAfterMs(0, 10, 5, 10, 60_000, 0.5)).toBe(60_000);
  });
});

function suite(name: string, make: (windowMs: number, now: () => number) => RateLimiter | null) {
  const connected = async (limiter: RateLimiter) => {
    if (limiter instanceof RedisRateLimiter) expect(await limiter.ready()).toBe(true);
  };
  describe(name, () => {
    it('charges cost until the budget is spent, then refuses with Retry-After', async () => {
      let t = 1_000_000 * 60_000; // the start of a window
      const limiter = make(60_000, () => t);
      if (!limiter) return;
      await connected(limiter);
      try {
        const key = `k-${randomUUID()}`;
        expect((await limiter.consume(key, 40, 100)).allowed).toBe(true);
        expect((await limiter.consume(key, 60, 100)).allowed).toBe(true);
        const refused = await limiter.consume(key, 1, 100);
        expect(refused).toMatchObject({ allowed: false, limit: 100 });
        // Only the next window has room: 60 s away, plus a sliver while the old total slides out.
        expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(60);
        expect(refused.retryAfterSeconds).toBeLessThanOrEqual(61);
        // A refused request is not charged: halfway through the next window half the old total counts.
        t += 90_000;
        const later = await limiter.consume(key, 50, 100);
        expect(later.allowed).toBe(true);
        expect(later.used).toBeCloseTo(100, 5);
        expect((await limiter.consume(key, 1, 100)).allowed).toBe(false);
      } finally {
        await limiter.close();
      }
    });

    it('keeps keys apart (per key, user and address)', async () => {
      const limiter = make(60_000, () => 5 * 60_000);
      if (!limiter) return;
      await connected(limiter);
      try {
        const suffix = randomUUID();
        expect((await limiter.consume(`user:${suffix}`, 10, 10)).allowed).toBe(true);
        expect((await limiter.consume(`user:${suffix}`, 1, 10)).allowed).toBe(false);
        expect((await limiter.consume(`key:${suffix}`, 10, 10)).allowed).toBe(true);
        expect((await limiter.consume(`ip:${suffix}`, 10, 10)).allowed).toBe(true);
      } finally {
        await limiter.close();
      }
    });

    it('does not allow a double budget at a window boundary', async () => {
      let t = 7 * 60_000 - 1_000; // 1 s before a boundary
      const limiter = make(60_000, () => t);
      if (!limiter) return;
      await connected(limiter);
      try {
        const key = `b-${randomUUID()}`;
        expect((await limiter.consume(key, 100, 100)).allowed).toBe(true);
        t += 2_000; // 1 s after the boundary: the old 100 still weighs ~98
        expect((await limiter.consume(key, 10, 100)).allowed).toBe(false);
      } finally {
        await limiter.close();
      }
    });
  });
}

suite('MemoryRateLimiter', (w, now) => new MemoryRateLimiter(w, now));
suite('RedisRateLimiter', (w, now) =>
  process.env.REDIS_URL
    ? new RedisRateLimiter(process.env.REDIS_URL, w, `wg-test-${randomUUID()}:`, now)
    : null);

describe('RedisRateLimiter when Redis is unreachable', () => {
  it('decides at once in memory (no offline queue, no reconnect wait), with the same budget', async () => {
    // A port nothing listens on: connection refused, ioredis keeps retrying in the background.
    const { createServer } = await import('node:net');
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as { port: number };
    await new Promise((r) => probe.close(r));
    const limiter = new RedisRateLimiter(`redis://127.0.0.1:${port}`, 60_000, `wg-test-${randomUUID()}:`);
    try {
      expect(await limiter.ready(300)).toBe(false);
      expect(limiter.store).toBe('memory');
      const decisions = [];
      for (let i = 0; i < 12; i++) decisions.push(await limiter.consume('user:u1', 1, 10));
      // Ten fit, the rest are refused: the fallback limits, it does not wave everything through.
      expect(decisions.map((d) => d.allowed)).toEqual([...Array(10).fill(true), false, false]);
      // Decided from the tracked connection state: no command was sent, so none waited.
      expect(decisions.every((d) => d.store === 'memory')).toBe(true);
    } finally {
      await limiter.close();
    }
  });

  it('uses Redis once connected (skipped without REDIS_URL)', async () => {
    if (!process.env.REDIS_URL) return;
    const limiter = new RedisRateLimiter(process.env.REDIS_URL, 60_000, `wg-test-${randomUUID()}:`);
    try {
      expect(await limiter.ready()).toBe(true);
      expect((await limiter.consume('user:u1', 1, 10)).store).toBe('redis');
    } finally {
      await limiter.close();
    }
  });
});
