/** Who is calling, as the gateway vouched for it in the internal token. */
export interface Identity {
  kind: 'user' | 'apiKey' | 'anonymous';
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
