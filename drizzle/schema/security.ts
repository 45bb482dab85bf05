import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  auditTable,
  createdAt,
  entityRefsTable,
  idColumn,
  inboxTable,
  outboxTable,
  tenantIdColumn,
  tenantPolicy,
  updatedAt,
} from './common';

export const security = pgSchema('security');

/** A tenant row is visible only to itself (policy on `id`). */
export const tenants = security.table(
  'tenants',
  {
    id: idColumn(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  () => [tenantPolicy('id')],
);

export const userStatuses = ['INVITED', 'ACTIVE', 'DEACTIVATED'] as const;

export const users = security.table(
  'users',
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    /** Lower-cased. Unique across tenants: the login form asks for an email, not a tenant. */
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash'),
    status: text('status', { enum: userStatuses }).notNull().default('ACTIVE'),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    /** The people-subgraph Employee this login belongs to, if any. */
    employeeId: uuid('employee_id'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }),
    /** Set when too many logins failed in the window; every login before it is refused. */
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true, mode: 'date' }),
    /** TOTP secret, AES-256-GCM encrypted (FIELD_ENCRYPTION_KEY); set once enrolment is confirmed. */
    mfaSecret: text('mfa_secret'),
    /** Secret of an enrolment not confirmed yet (encrypted); replaced by every new enrolment. */
    mfaPendingSecret: text('mfa_pending_secret'),
    mfaEnabledAt: timestamp('mfa_enabled_at', { withTimezone: true, mode: 'date' }),
    /** The last TOTP time step accepted, so one code cannot be replayed within its window. */
    mfaLastStep: integer('mfa_last_step'),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email), index().on(t.tenantId), tenantPolicy()],
);

/**
 * A login session = one refresh-token family. Idle timeout and maximum length are enforced on
 * refresh from `lastUsedAt` / `createdAt`; revoking the session revokes every token in it.
 */
export const sessions = security.table(
  'sessions',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** Whether the second factor was verified when the session began. */
    mfaVerified: boolean('mfa_verified').notNull().default(false),
    /** A session opened while MFA was required but not enrolled: identity only, no permissions. */
    restricted: boolean('restricted').notNull().default(false),
    ip: text('ip'),
    userAgent: text('user_agent'),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Absolute end (the session policy's maximum length, at most the refresh-token lifetime). */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    revokedReason: text('revoked_reason'),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.tenantId, t.userId), tenantPolicy()],
);

export const refreshTokens = security.table(
  'refresh_tokens',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** SHA-256 of the opaque token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    familyId: uuid('family_id').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    /** Set when the token was exchanged for its successor; presenting it again is reuse. */
    rotatedAt: timestamp('rotated_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.tenantId, t.userId), index().on(t.tenantId, t.familyId), tenantPolicy()],
);

export const loginAttempts = security.table(
  'login_attempts',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    succeeded: boolean('succeeded').notNull(),
    ip: text('ip'),
    at: createdAt(),
  },
  (t) => [index().on(t.tenantId, t.userId, t.at), tenantPolicy()],
);

export const userTokenPurposes = ['INVITE', 'PASSWORD_RESET', 'MFA_CHALLENGE'] as const;

/** Single-use, expiring tokens sent to a user (invitation, password reset, MFA challenge), stored hashed. */
export const userTokens = security.table(
  'user_tokens',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    purpose: text('purpose', { enum: userTokenPurposes }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    /** Wrong codes presented against an MFA challenge; it dies after a few. */
    attempts: integer('attempts').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.tenantId, t.userId, t.purpose), tenantPolicy()],
);

export const mfaBackupCodes = security.table(
  'mfa_backup_codes',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** SHA-256 of the code (codes are 50 random bits, single use). */
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.tenantId, t.userId), tenantPolicy()],
);

/** Tenant-defined roles. Built-in templates live in code (ROLE_TEMPLATES) and cannot be edited. */
export const roles = security.table(
  'roles',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    permissions: text('permissions').array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('roles_tenant_name_uq').on(t.tenantId, t.name), tenantPolicy()],
);

/** A role granted to a user in addition to `users.roles`, possibly until a point in time. */
export const roleAssignments = security.table(
  'role_assignments',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    roleName: text('role_name').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    grantedBy: uuid('granted_by'),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.tenantId, t.userId), index().on(t.tenantId, t.roleName), tenantPolicy()],
);

export const apiKeys = security.table(
  'api_keys',
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    name: text('name').notNull(),
    /** The visible part of `wgk_<prefix>_<secret>`; unique so a key can be named without its secret. */
    prefix: text('prefix').notNull().unique(),
    /** SHA-256 (hex) of the whole key; the key itself is shown once and never stored. */
    secretHash: text('secret_hash').notNull().unique(),
    permissions: text('permissions').array().notNull().default(sql`'{}'::text[]`),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdBy: uuid('created_by'),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.tenantId, t.createdAt), tenantPolicy()],
);

/**
 * Every authenticated operation, as shipped by the gateway. Append-only: a trigger refuses UPDATE,
 * DELETE and TRUNCATE for everyone (custom migration), and wg_app is granted no more than it needs.
 */
export const accessLog = security.table(
  'access_log',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    userId: uuid('user_id'),
    apiKeyId: uuid('api_key_id'),
    operationName: text('operation_name'),
    outcome: text('outcome').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    durationMs: integer('duration_ms'),
    errorCodes: text('error_codes').array().notNull().default(sql`'{}'::text[]`),
    recordedAt: createdAt(),
  },
  (t) => [index().on(t.tenantId, t.occurredAt), tenantPolicy()],
);

export const alertKinds = [
  'FAILED_LOGIN_BURST',
  'REFRESH_TOKEN_REUSE',
  'BULK_EXPORT',
  'REVOKED_API_KEY_USED',
  'IP_NOT_ALLOWED',
] as const;
export const alertSeverities = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export const alertStatuses = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'] as const;

export const securityAlerts = security.table(
  'security_alerts',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    kind: text('kind', { enum: alertKinds }).notNull(),
    severity: text('severity', { enum: alertSeverities }).notNull(),
    status: text('status', { enum: alertStatuses }).notNull().default('OPEN'),
    summary: text('summary').notNull(),
    userId: uuid('user_id'),
    apiKeyId: uuid('api_key_id'),
    details: jsonb('details').notNull().default({}),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true, mode: 'date' }),
    acknowledgedBy: uuid('acknowledged_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'date' }),
    resolvedBy: uuid('resolved_by'),
    resolution: text('resolution'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index().on(t.tenantId, t.status, t.createdAt), tenantPolicy()],
);

/**
 * Per tenant (role_name null) or per role. A user is bound by the tenant policy and by the policy
 * of each role they hold; the strictest value of each setting wins.
 */
export const sessionPolicies = security.table(
  'session_policies',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    roleName: text('role_name'),
    maxSessionSeconds: integer('max_session_seconds'),
    idleTimeoutSeconds: integer('idle_timeout_seconds'),
    mfaRequired: boolean('mfa_required').notNull().default(false),
    /** CIDR blocks (IPv4/IPv6); empty = any address. */
    ipAllowList: text('ip_allow_list').array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('session_policies_tenant_role_uq').on(t.tenantId, t.roleName).nullsNotDistinct(),
    check(
      'session_policies_positive',
      sql`coalesce(${t.maxSessionSeconds}, 1) > 0 and coalesce(${t.idleTimeoutSeconds}, 1) > 0`,
    ),
    tenantPolicy(),
  ],
);

export const approvalStatuses = ['PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN'] as const;

/**
 * The approvals inbox: a read model of every approvable thing the owning subgraphs announced
 * (`*.approval.changed`), one row per subject, holding its latest known state. Decided and
 * withdrawn rows stay as tombstones: a late or replayed PENDING older than them (`changed_at`,
 * then `event_id`) changes nothing. `myApprovals` reads the PENDING rows, ordered by
 * `requested_at`, then `id`.
 */
export const approvals = security.table(
  'approvals',
  {
    tenantId: tenantIdColumn(),
    /** `<kind>:<subjectId>`, the GraphQL id. */
    id: text('id').notNull(),
    kind: text('kind').notNull(),
    subjectId: uuid('subject_id').notNull(),
    status: text('status', { enum: approvalStatuses }).notNull(),
    subject: text('subject').notNull(),
    requestedBy: uuid('requested_by'),
    requesterEmployeeId: uuid('requester_employee_id'),
    requestedAt: timestamp('requested_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The employee the subject is about (reporting-line team scope). */
    employeeId: uuid('employee_id'),
    /** The department the subject belongs to (department team scope). */
    departmentId: uuid('department_id'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    decidedBy: uuid('decided_by'),
    /** When the owner made the change this row reflects; with `event_id`, the row's version. */
    changedAt: timestamp('changed_at', { withTimezone: true, mode: 'date' }).notNull(),
    eventId: uuid('event_id').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // The inbox page and its counts: pending rows of a tenant in inbox order.
    index('approvals_pending_idx').on(t.tenantId, t.requestedAt, t.id).where(sql`${t.status} = 'PENDING'`),
    check('approvals_status_known', sql`${t.status} in ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN')`),
    tenantPolicy(),
  ],
);

export const outbox = outboxTable(security);
/** Events consumed (bulk exports announced by other subgraphs raise alerts), for idempotency. */
export const inbox = inboxTable(security);
export const auditLog = auditTable(security);
/** Employees (people's) known from their events, so users can be linked to real, same-tenant ones. */
export const entityRefs = entityRefsTable(security);
