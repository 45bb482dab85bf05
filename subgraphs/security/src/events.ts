/**
 * @wg/security/events — the events security publishes and the export events it consumes, by type.
 * Other subgraphs import these types with `import type` only.
 */

/** Event types this subgraph emits. */
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

/** Every event security publishes: type → payload. */
export interface SecurityEvents {
  'security.tenant.created': TenantCreatedData;
  'security.user.created': UserCreatedData;
  'security.user.updated': UserCreatedData;
  'security.alert.raised': AlertRaisedData;
}

/**
 * The events security consumes without owning a producer: the contract any subgraph follows to
 * announce an export (see ConsumedEventTypes). Declared here so emitting one is type-checked.
 */
export interface ExportEvents {
  'data.exported': DataExportedData;
  'people.employee.exported': DataExportedData;
}

declare module '@wg/runtime/events' {
  interface EventCatalogue extends SecurityEvents, ExportEvents {}
}
