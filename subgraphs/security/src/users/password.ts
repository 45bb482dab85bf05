import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { RateLimitedError } from '@wg/runtime/errors';
import pLimit from 'p-limit';

/**
 * Password hashing with scrypt (memory-hard, in node:crypto, no native add-on). Parameters follow
 * OWASP's scrypt guidance (N=2^15, r=8, p=1 uses 32 MiB per hash). They are stored with every hash,
 * `scrypt$N$r$p$salt$hash` (salt and hash base64), so they can be raised later without
 * invalidating existing passwords.
 */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Node's default maxmem (32 MiB) is exactly what N=2^15, r=8 needs, and its check is strict. */
const MAX_MEMORY = 64 * 1024 * 1024;

/**
 * How many scrypt derivations run at once. `crypto.scrypt` is asynchronous, but it runs on libuv's
 * threadpool (4 threads unless UV_THREADPOOL_SIZE says otherwise), which fs, dns.lookup and zlib
 * share: 16 concurrent logins would fill it for seconds and burn every core, and ordinary requests
 * would wait behind them. So at most SCRYPT_CONCURRENCY derivations run (default: cores − 1, and
 * always at least two threadpool threads left free), and at most SCRYPT_MAX_QUEUE wait; beyond
 * that a login is refused with RATE_LIMITED instead of queueing without bound.
 */
export function derivationConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.SCRYPT_CONCURRENCY);
  if (Number.isInteger(configured) && configured >= 1) return configured;
  const pool = Number(env.UV_THREADPOOL_SIZE) || 4;
  return Math.max(1, Math.min(availableParallelism() - 1, pool - 2));
}

const maxQueue = () => {
  const n = Number(process.env.SCRYPT_MAX_QUEUE);
  return Number.isInteger(n) && n >= 0 ? n : 64;
};

/** The queue every derivation goes through (exported for tests and the benchmark). */
export const derivations = pLimit(derivationConcurrency());

function derive(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  if (derivations.pendingCount >= maxQueue()) {
    return Promise.reject(new RateLimitedError('Too many sign-ins in progress; try again in a moment', 1));
  }
  return derivations(() => deriveNow(password, salt, keyLength, options));
}

function deriveNow(
  password: string,
  salt: Buffer,
  keyLength: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // NFKC: the same password typed on two keyboards (composed vs decomposed accents) must match.
    scrypt(password.normalize('NFKC'), salt, keyLength, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const { N, r, p } = SCRYPT_PARAMS;
  const hash = await derive(password, salt, KEY_LENGTH, { N, r, p });
  return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

/** Reads a stored hash; null when it is malformed or asks for parameters we would not run. */
function parse(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((v) => (/^\d{1,8}$/.test(v) ? Number(v) : Number.NaN)) as [
    number,
    number,
    number,
  ];
  const salt = Buffer.from(parts[4]!, 'base64');
  const hash = Buffer.from(parts[5]!, 'base64');
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  const sane =
    powerOfTwo &&
    N <= 2 ** 20 &&
    r >= 1 &&
    r <= 32 &&
    p >= 1 &&
    p <= 16 &&
    128 * N * r * p <= MAX_MEMORY &&
    salt.length >= SALT_LENGTH &&
    hash.length >= 16 &&
    hash.length <= 64;
  return sane ? { N, r, p, salt, hash } : null;
}

/** Constant-time check of `password` against a stored hash. Malformed hashes never match. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) {
    // Still spend the work, so a broken row cannot be told apart by timing.
    await burnPasswordCheck(password);
    return false;
  }
  const { N, r, p, salt, hash } = parsed;
  const candidate = await derive(password, salt, hash.length, { N, r, p });
  return timingSafeEqual(candidate, hash);
}

const DUMMY_SALT = randomBytes(SALT_LENGTH);

/**
 * The work of one verification against nothing: login calls it for an unknown email so that
 * "no such user" takes as long as "wrong password" and response times do not enumerate accounts.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  const { N, r, p } = SCRYPT_PARAMS;
  await derive(password, DUMMY_SALT, KEY_LENGTH, { N, r, p });
}

/** True when a stored hash uses weaker parameters than today's (rehash on next login). */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  if (!parsed) return true;
  return parsed.N < SCRYPT_PARAMS.N || parsed.r < SCRYPT_PARAMS.r || parsed.p < SCRYPT_PARAMS.p;
}
