// Dependency-free on purpose: the gateway maps these errors too and must not load a database driver.

/** Driver-level codes postgres.js and Node's net module use for a connection that failed or broke. */
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);
/**
 * SQLSTATEs that mean "the server is not there right now", not "your query is wrong": connection
 * exceptions (class 08), admin/crash shutdown, starting up, too many connections.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P01|57P02|57P03|53300)$/;

/**
 * True when `error` (or anything in its `cause` / `originalError` chain, as drizzle and GraphQL wrap
 * it) says the database is unreachable: a restart, a failover, a network cut. Callers answer
 * SERVICE_UNAVAILABLE instead of INTERNAL_SERVER_ERROR, and retry later instead of giving up.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; i < 6 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_ERRNO.has(code) || UNAVAILABLE_SQLSTATE.test(code)))
      return true;
    const next =
      (e as { cause?: unknown; originalError?: unknown }).cause ??
      (e as { originalError?: unknown }).originalError;
    e = next;
  }
  return false;
}
