import { describe, expect, it } from 'vitest';
import { RevocableCache } from './revocable-cache';

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};
const tick = () => new Promise((r) => setImmediate(r));

describe('RevocableCache', () => {
  it('answers from the cache until the TTL, then asks again; one lookup in flight per key', async () => {
    let t = 0;
    let calls = 0;
    const cache = new RevocableCache<string>(
      () => t,
      () => 1_000,
    );
    const fetch = async () => `answer ${++calls}`;
    const [a, b] = await Promise.all([cache.get('k', fetch), cache.get('k', fetch)]);
    expect([a, b, calls]).toEqual(['answer 1', 'answer 1', 1]);
    await tick();
    t = 999;
    expect(await cache.get('k', fetch)).toBe('answer 1');
    t = 1_000;
    expect(await cache.get('k', fetch)).toBe('answer 2');
  });

  it('a notice during a lookup wins: the answer fetched before it is returned but not cached', async () => {
    let calls = 0;
    const cache = new RevocableCache<string>(
      () => 0,
      () => 60_000,
    );
    const first = deferred<string>();
    const pending = cache.get('k', () => {
      calls++;
      return first.promise;
    });
    cache.evict((key) => key === 'k');
    first.resolve('before the notice');
    expect(await pending).toBe('before the notice');
    await tick();
    const after = await cache.get('k', async () => {
      calls++;
      return 'after the notice';
    });
    expect(after).toBe('after the notice');
    expect(calls).toBe(2);
    expect(cache.size).toBe(1);
  });

  it('evicts only what the notice names, and never caches a failed lookup', async () => {
    const cache = new RevocableCache<number>(
      () => 0,
      () => 60_000,
    );
    await cache.get('t1:a', async () => 1);
    await cache.get('t2:a', async () => 2);
    await tick();
    cache.evict((key) => key.startsWith('t1:'));
    expect(cache.size).toBe(1);
    const failed = deferred<number>();
    const p = cache.get('t3:a', () => failed.promise);
    failed.reject(new Error('security subgraph down'));
    await expect(p).rejects.toThrow('security subgraph down');
    await tick();
    expect(cache.size).toBe(1);
    expect(await cache.get('t3:a', async () => 3)).toBe(3);
  });

  it('a caller-supplied trust rule can refuse an unexpired entry', async () => {
    let calls = 0;
    const cache = new RevocableCache<string>(
      () => 0,
      () => 60_000,
    );
    await cache.get('k', async () => `v${++calls}`);
    await tick();
    expect(
      await cache.get(
        'k',
        async () => `v${++calls}`,
        () => false,
      ),
    ).toBe('v2');
  });
});
