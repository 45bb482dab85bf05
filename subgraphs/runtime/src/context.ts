import { type Database, type Tx, withTenant } from '@wg/db';
import { type ClientInfo, type Identity, UNKNOWN_CLIENT } from './auth/identity';
import { requirePermission, type Scope } from './auth/permissions';
import { unauthenticated } from './errors';
import { type Bus, InProcessBus } from './events/bus';
import { consumeDirty, outboxSignal } from './events/outbox';
import type { Logger } from './logger';

/**
 * Per-request context every resolver receives. `L` is the subgraph's loader set, created fresh for
 * each request by its `createLoaders` factory (never module-level: a loader caches per request).
 */
export interface SubgraphContext<L = unknown> {
  identity: Identity;
  /** Caller IP and user agent as the gateway saw them (from the internal token). */
  client: ClientInfo;
  requestId: string;
  log: Logger;
  database: Database;
  /** The event bus, for transient fan-out (`bus.publishTransient`); durable events go through the outbox. */
  bus: Bus;
  /** Tenant-scoped transaction (RLS enforced, role wg_app). One per service call / batch. */
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Shorthand for requirePermission(ctx.identity, …). */
  authorize(permission: `${string}:${string}`): Scope;
  /** The caller's tenant; UNAUTHENTICATED when there is none. */
  tenantId(): string;
  loaders: L;
}

export function createContext<L>(args: {
  identity: Identity;
  client?: ClientInfo;
  bus?: Bus;
  requestId: string;
  log: Logger;
  database: Database;
  createLoaders: (ctx: SubgraphContext<L>) => L;
}): SubgraphContext<L> {
  const { identity, requestId, database } = args;
  const ctx = {
    identity,
    client: args.client ?? UNKNOWN_CLIENT,
    requestId,
    log: args.log,
    database,
    bus: args.bus ?? new InProcessBus(),
    tenantId() {
      if (!identity.tenantId) throw unauthenticated();
      return identity.tenantId;
    },
    async tx<T>(fn: (tx: Tx) => Promise<T>) {
      let used: Tx | undefined;
      const result = await withTenant(
        database,
        { tenantId: ctx.tenantId(), userId: identity.userId, requestId },
        (t) => {
          used = t;
          return fn(t);
        },
      );
      // Committed: if it wrote domain events, let an in-process relay publish them right away.
      if (used && consumeDirty(used)) outboxSignal.emit('committed');
      return result;
    },
    authorize(permission: `${string}:${string}`) {
      return requirePermission(identity, permission);
    },
  } as SubgraphContext<L>;
  ctx.loaders = args.createLoaders(ctx);
  return ctx;
}

/** What a loader factory needs: only the tenant-scoped transaction (keeps loader types acyclic). */
export type LoaderContext = Pick<SubgraphContext, 'tx'>;
