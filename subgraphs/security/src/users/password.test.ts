import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { maskError, RateLimitedError } from '@wg/runtime/errors';
import {
  burnPasswordCheck,
  derivationConcurrency,
  derivations,
  hashPassword,
  needsRehash,
  SCRYPT_PARAMS,
  verifyPassword,
} from './password';

describe('password hashing (scrypt)', () => {
  it('stores scrypt$N$r$p$salt$hash with a random 16-byte salt', async () => {
    const stored = await hashPassword('correct horse battery');
    const [alg, N, r, p, salt, hash] = stored.split('$');
    expect(alg).toBe('scrypt');
    expect([Number(N), Number(r), Number(p)]).toEqual([SCRYPT_PARAMS.N, SCRYPT_PARAMS.r, SCRYPT_PARAMS.p]);
    expect(SCRYPT_PARAMS).toEqual({ N: 2 ** 15, r: 8, p: 1 });
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64')).toHaveLength(32);
    expect(stored).not.toContain('correct horse');
  });

  it('verifies the right password and rejects any other', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery ', stored)).toBe(false);
    expect(await verifyPassword('Correct horse battery', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts: the same password hashes differently every time', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password', a)).toBe(true);
    expect(await verifyPassword('same password', b)).toBe(true);
  });

  it('treats composed and decomposed Unicode alike', async () => {
    const stored = await hashPassword('caf\u00e9-p\u00e4ssword');
    expect(await verifyPassword('cafe\u0301-pa\u0308ssword', stored)).toBe(true);
  });

  it('never matches a malformed or tampered hash, and never throws', async () => {
    const stored = await hashPassword('correct horse battery');
    const parts = stored.split('$');
    const tampered = [...parts.slice(0, 5), Buffer.alloc(32).toString('base64')].join('$');
    const cases = [
      '',
      'plaintext',
      'bcrypt$2b$10$abc',
      stored.replace('scrypt$', 'scrypt2$'),
      tampered,
      // Parameters we refuse to run (memory bomb, not a power of two, short salt).
      ['scrypt', 2 ** 24, 8, 1, parts[4], parts[5]].join('$'),
      ['scrypt', 30000, 8, 1, parts[4], parts[5]].join('$'),
      ['scrypt', parts[1], parts[2], parts[3], 'c2FsdA==', parts[5]].join('$'),
    ];
    for (const c of cases) expect(await verifyPassword('correct horse battery', c)).toBe(false);
  });

  it('accepts hashes made with other (sane) parameters and flags them for rehash', async () => {
    const stored = await hashPassword('x'.repeat(12));
    expect(needsRehash(stored)).toBe(false);
    expect(needsRehash('garbage')).toBe(true);
    // A hash with N=2^14, as an older deployment might have stored it.
    const { scryptSync, randomBytes } = await import('node:crypto');
    const salt = randomBytes(16);
    const hash = scryptSync('x'.repeat(12), salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const old = ['scrypt', 2 ** 14, 8, 1, salt.toString('base64'), hash.toString('base64')].join('$');
    expect(await verifyPassword('x'.repeat(12), old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });

  it('spends comparable work on the dummy check as on a real one', async () => {
    const stored = await hashPassword('warm-up password');
    // Best of three: parallel test workers share the CPU, and the fastest run is the least disturbed.
    const time = async (fn: () => Promise<unknown>) => {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        await fn();
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    const real = await time(() => verifyPassword('wrong password', stored));
    const dummy = await time(() => burnPasswordCheck('wrong password'));
    // Same scrypt parameters, so the same order of magnitude (generous bounds: CI machines jitter).
    expect(dummy).toBeGreaterThan(real / 4);
    expect(dummy).toBeLessThan(real * 4);
  });

  it('bounds concurrent derivations, so a login flood leaves the threadpool to ordinary work', async () => {
    const stored = await hashPassword('correct horse battery');
    let finished = 0;
    const flood = Array.from({ length: 16 }, () =>
      verifyPassword('correct horse battery', stored).then((ok) => {
        finished++;
        return ok;
      }),
    );
    // Never more scrypt calls on libuv's threadpool than the limit; the rest wait in our queue.
    expect(derivations.activeCount).toBeLessThanOrEqual(derivationConcurrency());
    expect(derivations.activeCount + derivations.pendingCount).toBe(16);
    // fs work (like dns.lookup, zlib) shares the threadpool: it is served while the flood is still
    // running. Unbounded, 16 derivations sit in libuv's queue ahead of it and it waits for ~13.
    await readFile(new URL(import.meta.url));
    expect(finished).toBeLessThan(4);
    expect(await Promise.all(flood)).toEqual(Array(16).fill(true));
  });

  it('refuses with RATE_LIMITED instead of queueing without bound', async () => {
    const previous = process.env.SCRYPT_MAX_QUEUE;
    process.env.SCRYPT_MAX_QUEUE = '2';
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, () => burnPasswordCheck('whatever password')),
      );
      const refused = outcomes.filter((o) => o.status === 'rejected');
      expect(refused.length).toBeGreaterThan(0);
      expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThanOrEqual(2);
      for (const o of refused) {
        const error = (o as PromiseRejectedResult).reason;
        expect(error).toBeInstanceOf(RateLimitedError);
        // What a client gets once the subgraph's formatter has mapped it.
        const formatted = maskError({ message: '' }, error, () => {});
        expect(formatted.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
      }
    } finally {
      if (previous === undefined) delete process.env.SCRYPT_MAX_QUEUE;
      else process.env.SCRYPT_MAX_QUEUE = previous;
    }
  });

  it('runs SCRYPT_CONCURRENCY derivations at once when set, else cores − 1 within the threadpool', () => {
    expect(derivationConcurrency({ SCRYPT_CONCURRENCY: '3' })).toBe(3);
    expect(derivationConcurrency({ UV_THREADPOOL_SIZE: '4' })).toBeLessThanOrEqual(2);
    expect(derivationConcurrency({ UV_THREADPOOL_SIZE: '2' })).toBe(1);
    expect(derivationConcurrency({ SCRYPT_CONCURRENCY: '0' })).toBeGreaterThanOrEqual(1);
  });
});
