import { createRequire } from 'node:module';
import pino from 'pino';

/**
 * `pretty` (human-readable, coloured lines from pino-pretty) when stdout is a terminal, `json` (one
 * JSON object per line, for log shippers) when it is not; `LOG_FORMAT=json|pretty` overrides.
 */
export function logFormat(env: NodeJS.ProcessEnv = process.env, isTTY = process.stdout.isTTY === true) {
  const format = env.LOG_FORMAT?.toLowerCase();
  if (format === 'json' || format === 'pretty') return format;
  return isTTY ? 'pretty' : 'json';
}

function destination(): pino.DestinationStream | undefined {
  if (logFormat() !== 'pretty') return undefined;
  // Loaded only for a terminal, so JSON deployments (and the gateway's dependency budget) never
  // pull it in. `sync`: lines appear in order with the banner, on the main thread (no worker).
  const pretty = createRequire(import.meta.url)('pino-pretty') as (
    options: import('pino-pretty').PrettyOptions,
  ) => pino.DestinationStream;
  return pretty({
    colorize: true,
    sync: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service',
  });
}

/** Structured logs on stdout; every request gets a child logger carrying its request id. */
export const rootLogger = pino(
  {
    level:
      process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' || process.env.VITEST ? 'silent' : 'info'),
    base: { service: process.env.SERVICE_NAME },
    redact: { paths: ['*.password', '*.authorization', '*.token', '*.refreshToken'], remove: true },
  },
  destination() as pino.DestinationStream,
);

export type Logger = pino.Logger;
