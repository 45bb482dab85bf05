import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * CORS for browser frontends on other origins. Only origins on the allow-list get CORS headers
 * (a browser then refuses the response to every other origin); credentials (cookies,
 * `Authorization`) are allowed for them, and a preflight is cached for `maxAgeSeconds`.
 *
 * `CORS_ORIGINS` is a comma-separated list of origins (`https://app.example.com`); an entry may
 * end in `:*` for any port of that host (`http://localhost:*`). Unset: none in production, the
 * loopback origins (`localhost`, `127.0.0.1`, `[::1]`, any port) in development. `*` is refused:
 * with credentials it would let any site act as the signed-in user.
 */
export interface CorsConfig {
  origins: string[];
  maxAgeSeconds: number;
}

export const DEVELOPMENT_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'];

export function corsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): CorsConfig {
  const raw = env.CORS_ORIGINS?.trim();
  const origins =
    raw === undefined || raw === ''
      ? env.NODE_ENV === 'production'
        ? []
        : DEVELOPMENT_ORIGINS
      : raw
          .split(',')
          .map((o) => o.trim().replace(/\/+$/, ''))
          .filter(Boolean);
  if (origins.includes('*')) {
    throw new Error('CORS_ORIGINS=* is not allowed (credentials are on): list the origins instead');
  }
  for (const o of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(o))
      throw new Error(`CORS_ORIGINS entry "${o}" is not an origin (scheme://host[:port])`);
  }
  const maxAge = Number(env.CORS_MAX_AGE_SECONDS ?? 600);
  if (!Number.isFinite(maxAge) || maxAge < 0)
    throw new Error('CORS_MAX_AGE_SECONDS must be a non-negative number');
  return { origins, maxAgeSeconds: Math.floor(maxAge) };
}

/** Does `origin` match an allow-list entry (exact, or `scheme://host:*` for any port)? */
export function originAllowed(origin: string, allowList: readonly string[]): boolean {
  return allowList.some((entry) => {
    if (!entry.endsWith(':*')) return entry === origin;
    const base = entry.slice(0, -2);
    return origin === base || (origin.startsWith(`${base}:`) && /^\d+$/.test(origin.slice(base.length + 1)));
  });
}

export function corsMiddleware(config: CorsConfig): RequestHandler {
  return cors({
    origin: (origin, callback) =>
      callback(null, origin !== undefined && originAllowed(origin, config.origins)),
    credentials: true,
    maxAge: config.maxAgeSeconds,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: [
      'content-type',
      'authorization',
      'x-api-key',
      'apollo-require-preflight',
      'x-apollo-operation-name',
    ],
    exposedHeaders: ['retry-after'],
  });
}
