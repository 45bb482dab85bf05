/**
 * Event types this subgraph emits. (Candidates for the shared `EventTypes` in
 * @wg/runtime/events/contracts once another subgraph consumes them.)
 */
export const SecurityEventTypes = {
  tenantCreated: 'security.tenant.created',
  userCreated: 'security.user.created',
} as const;

/** security.tenant.created — aggregate `Tenant`. */
export interface TenantCreatedData {
  id: string;
  slug: string;
  name: string;
}

/** security.user.created — aggregate `User`. No email or hash: other subgraphs need neither. */
export interface UserCreatedData {
  id: string;
  displayName: string;
  employeeId: string | null;
  roles: string[];
  status: string;
}
