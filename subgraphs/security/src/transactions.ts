import { type Database, type TenantScope, type Tx, withTenant } from '@wg/db';
import { consumeDirty, outboxSignal } from '@wg/runtime';

/**
 * `withTenant` plus what `ctx.tx` adds: when the transaction wrote domain events, wake the
 * in-process outbox relay once it has committed. For the service calls that run without a
 * request context (seed, login before the tenant is known).
 */
export async function inTenant<T>(
  database: Database,
  scope: TenantScope,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  let used: Tx | undefined;
  const result = await withTenant(database, scope, (tx) => {
    used = tx;
    return fn(tx);
  });
  if (used && consumeDirty(used)) outboxSignal.emit('committed');
  return result;
}

/**
 * The owner connection, not subject to row-level security. Only platform-level work that happens
 * before any tenant context exists may use it (creating a tenant).
 */
export async function asPlatform<T>(database: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  let used: Tx | undefined;
  const result = await database.system.transaction((tx) => {
    used = tx;
    return fn(tx);
  });
  if (used && consumeDirty(used)) outboxSignal.emit('committed');
  return result;
}
