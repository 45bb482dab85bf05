import type { SecurityContext } from '../loaders';

/**
 * The transient bus channel on which the security subgraph announces that access tokens already
 * issued may no longer be honoured as they are: sessions ended, a user deactivated, roles or
 * policies changed. Gateways evict what they cached for the named sessions / user / tenant and
 * re-check on the next request (and close graphql-ws sockets that no longer pass). Same path as
 * `security.api_key_revoked`: published after the commit, so a re-check finds the new state.
 */
export const SESSIONS_CHANGED_CHANNEL = 'security.sessions_changed';

export interface SessionsChangedNotice {
  tenantId: string;
  /** The user whose sessions or access changed; absent = every user of the tenant. */
  userId?: string;
  /** Only these sessions (a logout); absent = every session of the user (or tenant). */
  sessionIds?: string[];
  /** Why (logout, deactivated, role_assigned, …): logs and tests, never a decision. */
  reason: string;
}

/** Announces a change after the transaction that made it has committed. Never fails the mutation. */
export async function announceSessionsChanged(
  ctx: Pick<SecurityContext, 'bus' | 'log'>,
  notice: SessionsChangedNotice,
): Promise<void> {
  await ctx.bus
    .publishTransient(SESSIONS_CHANGED_CHANNEL, notice)
    .catch((error: unknown) => ctx.log.warn({ err: error, notice }, 'session change notice not sent'));
}
