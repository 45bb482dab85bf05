import { sql } from 'drizzle-orm';
import { index, integer, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import {
  auditTable,
  createdAt,
  idColumn,
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
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email), index().on(t.tenantId), tenantPolicy()],
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
    createdAt: createdAt(),
  },
  (t) => [index().on(t.tenantId, t.userId), tenantPolicy()],
);

export const outbox = outboxTable(security);
export const auditLog = auditTable(security);
