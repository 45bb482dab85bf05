import type { ClientInfo, Identity } from '@wg/runtime/auth';
import { unauthenticated } from '@wg/runtime/errors';
import type { Bus } from '@wg/runtime/events';
import { rootLogger } from '@wg/runtime/logger';
import { RevocableCache } from './revocable-cache';
import type { SystemClient } from './system-client';

/** The transient bus channel on which the security subgraph announces ended sessions and changed access. */
export const SESSIONS_CHANGED_CHANNEL = 'security.sessions_changed';

/** What `security.sessions_changed` carries (see the security subgraph's session.notices.ts). */
export interface SessionsChangedNotice {
  tenantId: string;
  userId?: string;
  sessionIds?: string[];
  reason?: string;
}

/** The security subgraph's answer for one bearer token: null = refuse it. */
export interface SessionAccess {
  tenantId: string;
  userId: string;
  sessionId: string | null;
  employeeId: string | null;
  roles: string[];
  permissions: string[];
}

const LOOKUP = /* GraphQL */ `
  query GatewaySessionAccess($tenantId: ID!, $userId: ID!, $sessionId: ID) {
    sessionAccess(tenantId: $tenantId, userId: $userId, sessionId: $sessionId) {
      tenantId
      userId
      sessionId
      employeeId
      roles
      permissions
    }
  }
`;

const cacheKey = (tenantId: string, userId: string, sessionId: string | null) =>
  `${tenantId}:${userId}:${sessionId ?? '-'}`;

/**
 * Per-request confirmation of bearer tokens. A JWT proves who signed in; whether its session is
 * still live, its user still active and what the user may do *now* lives in the security
 * subgraph, which the gateway asks (`sessionAccess`) and caches for `SESSION_CACHE_TTL_MS` per
 * session. Logout, refresh-token reuse, logoutEverywhere, password change/reset, deactivation and
 * role/policy changes are announced on the bus (`security.sessions_changed`) and evict at once —
 * the next request re-checks; without a notice (a lost pub/sub message) the short TTL bounds the
 * delay. Fail closed, as for API keys: an unreachable security subgraph means the token cannot be
 * confirmed, and it is refused.
 */
export class SessionVerifier {
  private readonly cache: RevocableCache<SessionAccess | null>;
  private readonly listeners = new Set<(notice: SessionsChangedNotice) => void>();
  private unsubscribe: (() => Promise<void>) | undefined;
  private readonly log = rootLogger.child({ service: 'gateway', component: 'sessions' });

  constructor(
    private readonly client: SystemClient,
    ttlMs: number,
    now: () => number = Date.now,
  ) {
    this.cache = new RevocableCache(now, () => ttlMs);
  }

  /** Listens for session changes; call once. */
  async listen(bus: Bus): Promise<void> {
    this.unsubscribe = await bus.subscribeTransient(SESSIONS_CHANGED_CHANNEL, (message) =>
      this.onChanged(message),
    );
  }

  /**
   * Called after a notice has evicted the cache, with the notice (open sockets re-check their
   * credentials here). Returns the unsubscribe function.
   */
  onChange(listener: (notice: SessionsChangedNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Evicts what a notice names; a notice we cannot read empties the cache (fail safe). */
  onChanged(message: unknown): void {
    const m = (message ?? {}) as Record<string, unknown>;
    const tenantId = typeof m.tenantId === 'string' ? m.tenantId : null;
    const userId = typeof m.userId === 'string' ? m.userId : undefined;
    const sessionIds = Array.isArray(m.sessionIds)
      ? m.sessionIds.filter((s): s is string => typeof s === 'string')
      : undefined;
    // A lookup racing the change must not re-insert the old answer: both forget what is in flight.
    if (!tenantId) this.cache.clear();
    else
      this.cache.evict((key) => {
        const [t, u, s] = key.split(':') as [string, string, string];
        return t === tenantId && (!userId || u === userId) && (!sessionIds || sessionIds.includes(s));
      });
    const notice: SessionsChangedNotice = tenantId
      ? { tenantId, ...(userId ? { userId } : {}), ...(sessionIds ? { sessionIds } : {}) }
      : { tenantId: '' };
    for (const listener of this.listeners) {
      try {
        listener(notice);
      } catch (err) {
        this.log.error({ err }, 'session change listener failed');
      }
    }
  }

  /**
   * The identity to act with for a verified token: its tenant and user, with the roles,
   * permissions and employee the user has now. UNAUTHENTICATED when the session ended, the user is
   * no longer active, or the security subgraph cannot confirm.
   */
  async confirm(
    identity: Identity,
    sessionId: string | null,
    requestId: string,
    client: ClientInfo,
  ): Promise<Identity> {
    if (identity.kind !== 'user' || !identity.tenantId || !identity.userId) return identity;
    const access = await this.lookup(identity.tenantId, identity.userId, sessionId, requestId, client);
    if (!access) throw unauthenticated('Invalid or expired access token');
    return {
      ...identity,
      employeeId: access.employeeId,
      roles: [...access.roles],
      permissions: [...access.permissions].sort(),
    };
  }

  private lookup(
    tenantId: string,
    userId: string,
    sessionId: string | null,
    requestId: string,
    client: ClientInfo,
  ): Promise<SessionAccess | null> {
    return this.cache.get(cacheKey(tenantId, userId, sessionId), () =>
      this.fetch(tenantId, userId, sessionId, requestId, client),
    );
  }

  private async fetch(
    tenantId: string,
    userId: string,
    sessionId: string | null,
    requestId: string,
    client: ClientInfo,
  ): Promise<SessionAccess | null> {
    try {
      const data = await this.client.request<{ sessionAccess: SessionAccess | null }>({
        query: LOOKUP,
        variables: { tenantId, userId, sessionId },
        requestId,
        client,
      });
      return data.sessionAccess;
    } catch (err) {
      // Never a silent pass: a session we cannot confirm may have been revoked.
      this.log.error({ err, requestId }, 'session lookup failed');
      throw unauthenticated('Access token could not be verified');
    }
  }

  async close(): Promise<void> {
    await this.unsubscribe?.();
    this.cache.clear();
    this.listeners.clear();
  }
}
