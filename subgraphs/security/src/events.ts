/**
 * Event types this subgraph emits and consumes. (Candidates for the shared `EventTypes` in
 * @wg/runtime/events/contracts once another subgraph consumes them.)
 */
export const SecurityEventTypes = {
  tenantCreated: 'security.tenant.created',
  userCreated: 'security.user.created',
  userUpdated: 'security.user.updated',
  alertRaised: 'security.alert.raised',
} as const;

/**
 * Consumed: any subgraph that exports data announces it with this event (aggregate: whatever was
 * exported). security raises a BULK_EXPORT alert when `count` exceeds BULK_EXPORT_ALERT_THRESHOLD
 * (1,000 by default). `people.employee.exported` is accepted as an alias with the same payload.
 */
export const ConsumedEventTypes = {
  dataExported: 'data.exported',
  employeesExported: 'people.employee.exported',
} as const;

/** data.exported / people.employee.exported — what was exported, how many records, by whom. */
export interface DataExportedData {
  /** e.g. "Employee", "TimesheetEntry". */
  entityType: string;
  count: number;
  /** The user (or null for an API key) who ran the export. */
  actorId: string | null;
  apiKeyId?: string | null;
  /** The operation or format, free text ("csv", "employeesExport"). */
  via?: string;
}

/** security.tenant.created — aggregate `Tenant`. */
export interface TenantCreatedData {
  id: string;
  slug: string;
  name: string;
}

/** security.user.created / security.user.updated — aggregate `User`. No email or hash: other subgraphs need neither. */
export interface UserCreatedData {
  id: string;
  displayName: string;
  employeeId: string | null;
  roles: string[];
  status: string;
}

/** security.alert.raised — aggregate `SecurityAlert`. */
export interface AlertRaisedData {
  id: string;
  kind: string;
  severity: string;
  summary: string;
}
