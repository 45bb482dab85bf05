/** Who is calling, as the gateway vouched for it in the internal token. */
export interface Identity {
  /**
   * `system` is the gateway itself (API-key lookup, access-log writes): no tenant, no user; only
   * fields that check for it explicitly accept it.
   */
  kind: 'user' | 'apiKey' | 'anonymous' | 'system';
  tenantId: string | null;
  userId: string | null;
  /** The Employee record of the user, when the login belongs to one. */
  employeeId: string | null;
  roles: string[];
  permissions: string[];
}

export const ANONYMOUS: Identity = Object.freeze({
  kind: 'anonymous',
  tenantId: null,
  userId: null,
  employeeId: null,
  roles: [],
  permissions: [],
}) as Identity;

/** Where the request came from, as the gateway saw it (for access logs, IP allow-lists, alerts). */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export const UNKNOWN_CLIENT: ClientInfo = Object.freeze({ ip: null, userAgent: null }) as ClientInfo;
