import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type RequestHandler } from 'express';
import { notFoundJson } from './error-response';

/**
 * Where `/metrics` and `/ready` are served. They are operator endpoints: scraping `/metrics` costs
 * the process real work and `/ready` tells the world about its dependencies, so they are not on
 * the public port unless asked for.
 *
 * - `port` (`ADMIN_PORT`): a separate listener on `host` (`ADMIN_HOST`, default 127.0.0.1) serving
 *   `/metrics`, `/ready` and `/health` without credentials — keep it off the public network.
 * - `token` (`METRICS_TOKEN`): the public port serves `/metrics` and `/ready` too, to requests
 *   carrying `Authorization: Bearer <token>` (Prometheus: `authorization: { credentials: … }`).
 * - neither: the public port does not serve them (404) and there is no admin listener.
 */
// `| undefined`: read from the environment, where "unset" arrives as undefined and means the default.
export interface AdminOptions {
  port?: number | undefined;
  host?: string | undefined;
  token?: string | undefined;
}

export interface AdminHandlers {
  metrics: RequestHandler;
  ready: RequestHandler;
  health: RequestHandler;
}

export interface AdminEndpoints {
  /** `http://host:port` of the admin listener, when there is one. */
  url: string | null;
  close(): Promise<void>;
}

/** `ADMIN_PORT`, `ADMIN_HOST`, `METRICS_TOKEN` (one process, one service). */
export function adminOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): AdminOptions {
  const raw = env.ADMIN_PORT?.trim();
  let port: number | undefined;
  if (raw) {
    port = Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new Error(`ADMIN_PORT must be a port number, got "${raw}"`);
    }
  }
  return { port, host: env.ADMIN_HOST?.trim() || '127.0.0.1', token: metricsTokenFromEnv(env) };
}

export function metricsTokenFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.METRICS_TOKEN?.trim() || undefined;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** `Authorization: Bearer <token>`, compared in constant time; 401 JSON otherwise. */
export function requireBearer(token: string): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization?.trim() ?? '');
    if (m?.[1] && timingSafeEqual(digest(m[1]), expected)) return next();
    res
      .status(401)
      .set('www-authenticate', 'Bearer')
      .json({ errors: [{ message: 'Unauthorized', extensions: { code: 'UNAUTHENTICATED' } }] });
  };
}

/**
 * Mounts the operator endpoints as `options` says: behind the bearer token on the public app,
 * and/or on their own listener. Call before the public app's catch-all handlers.
 */
export async function mountAdmin(
  publicApp: Express,
  handlers: AdminHandlers,
  options: AdminOptions = {},
): Promise<AdminEndpoints> {
  if (options.token) {
    const auth = requireBearer(options.token);
    publicApp.get('/metrics', auth, handlers.metrics);
    publicApp.get('/ready', auth, handlers.ready);
  }
  if (options.port === undefined) return { url: null, close: async () => {} };
  const admin = express();
  admin.disable('x-powered-by');
  admin.get('/metrics', handlers.metrics);
  admin.get('/ready', handlers.ready);
  admin.get('/health', handlers.health);
  admin.use(notFoundJson);
  const server: Server = createServer(admin);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
