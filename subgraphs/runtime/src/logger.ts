import pino from 'pino';

/** JSON logs on stdout; every request gets a child logger carrying its request id. */
export const rootLogger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' || process.env.VITEST ? 'silent' : 'info'),
  base: { service: process.env.SERVICE_NAME },
  redact: { paths: ['*.password', '*.authorization', '*.token', '*.refreshToken'], remove: true },
});

export type Logger = pino.Logger;
