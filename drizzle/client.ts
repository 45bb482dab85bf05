import { mkdirSync } from 'node:fs';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type Logger, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';

export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that can run a query: the root handle or a transaction. */
export type Executor = Db | Tx;

export interface DatabaseOptions {
  /** postgres:// URL; when absent, PGlite runs in-process. */
  url?: string | undefined;
  /** PGlite data directory; `memory://` (or undefined with `memory: true`) keeps it in RAM. */
  dataDir?: string | undefined;
  /** Connection pool size for PostgreSQL. */
  max?: number;
  /**
   * Extra PGlite options, e.g. `loadDataDir` (start from a snapshot instead of initdb) and a
   * precompiled `pgliteWasmModule` / `fsBundle`: the test kit uses them to hand out migrated copies.
   */
  pglite?: Omit<PGliteOptions, 'dataDir' | 'extensions'>;
}

/** A statement of the outbox relay or a job runner (they poll in the background). */
export const isBackground = (query: string) => query.includes('"outbox"') || query.includes('"jobs"');

/** Counts the SQL statements sent through Drizzle, so tests can prove batching (N+1 checks). */
export class StatementCounter implements Logger {
  count = 0;
  /**
   * Statements touching an outbox or a jobs table: the background relay's and job runner's
   * polling, not the request under test.
   */
  outbox = 0;
  readonly recent: string[] = [];
  /** Statements excluding the relay's, so batching tests don't flake when it polls mid-request. */
  get application(): number {
    return this.count - this.outbox;
  }
  logQuery(query: string): void {
    this.count++;
    if (isBackground(query)) this.outbox++;
    if (this.recent.length >= 50) this.recent.shift();
    this.recent.push(query);
  }
}

export interface Database {
  /**
   * The owner connection. It is not subject to row-level security, so only migrations, the seed's
   * tenant bootstrap, the outbox relay and the pre-tenant login / API-key lookups may use it.
   * Everything a request does goes through `withTenant`.
   */
  readonly system: Db;
  readonly kind: 'pglite' | 'postgres';
  readonly statements: StatementCounter;
  close(): Promise<void>;
}

export function createDatabase(options: DatabaseOptions = {}): Database {
  const statements = new StatementCounter();
  if (options.url) {
    const client = postgres(options.url, {
      max: options.max ?? 10,
      // Fail fast while the server is unreachable (the default is 30 s): a request during a
      // PostgreSQL restart gets SERVICE_UNAVAILABLE in seconds, and the pool reconnects by itself
      // on the next query once the server is back (postgres.js opens connections lazily).
      connect_timeout: Number(process.env.DATABASE_CONNECT_TIMEOUT_S ?? 5),
      // Delay before a pool slot reconnects after a failed attempt. postgres.js' default grows to
      // 20 s (3^retries / 100, retries shared by the pool), and queries wait that long for a
      // connection: during a restart they hung 13-18 s instead of failing fast, and recovery lagged
      // the server by as much. Capped at 1 s (with jitter): a refused connect is cheap for the server.
      backoff: (retries: number) =>
        (0.5 + Math.random() / 2) *
        Math.min(0.05 * 2 ** retries, Number(process.env.DATABASE_RECONNECT_MAX_S ?? 1)),
      onnotice: () => {},
      // Keep numeric/decimal as strings: money must never pass through a float.
      types: {},
    });
    const db = drizzlePostgres(client, { logger: statements, casing: 'snake_case' }) as unknown as Db;
    return { system: db, kind: 'postgres', statements, close: () => client.end({ timeout: 5 }) };
  }
  const dataDir = options.dataDir ?? 'memory://';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  // pg_trgm backs typo-tolerant employee search (its migration runs CREATE EXTENSION).
  // btree_gist: the exclusion constraint against overlapping benefit enrollments (uuid/text equality in gist).
  const client = new PGlite(dataDir, { ...options.pglite, extensions: { pg_trgm, btree_gist } });
  const db = drizzlePglite(client, { logger: statements, casing: 'snake_case' }) as unknown as Db;
  return { system: db, kind: 'pglite', statements, close: () => client.close() };
}

export interface TenantScope {
  tenantId: string;
  userId?: string | null | undefined;
  requestId?: string | undefined;
}

/**
 * Runs `fn` in a transaction as the non-owner role `wg_app` with `app.tenant_id` set, so row-level
 * security confines every statement to the caller's tenant even when a query forgets its `where`.
 * Both settings are transaction-local (`is_local = true`) and vanish at commit or rollback, so a
 * pooled connection never carries one request's tenant into the next.
 */
export function withTenant<T>(db: Database, scope: TenantScope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.system.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('app.tenant_id', ${scope.tenantId}, true), set_config('app.user_id', ${scope.userId ?? ''}, true), set_config('app.request_id', ${scope.requestId ?? ''}, true), set_config('role', 'wg_app', true)`,
    );
    return fn(tx);
  });
}

export { isDatabaseUnavailable } from './errors';
