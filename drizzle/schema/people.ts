import { sql } from 'drizzle-orm';
import { type AnyPgColumn, date, index, pgSchema, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import {
  auditTable,
  createdAt,
  idColumn,
  outboxTable,
  tenantIdColumn,
  tenantPolicy,
  updatedAt,
} from './common';

export const people = pgSchema('people');

export const departments = people.table(
  'departments',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    name: text('name').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => departments.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('departments_tenant_name_uq').on(t.tenantId, sql`lower(${t.name})`), tenantPolicy()],
);

export const employmentStatuses = ['ACTIVE', 'ON_LEAVE', 'TERMINATED'] as const;

export const employees = people.table(
  'employees',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    /** Stored lower-cased; unique per tenant. */
    workEmail: text('work_email').notNull(),
    jobTitle: text('job_title'),
    hireDate: date('hire_date', { mode: 'string' }).notNull(),
    status: text('status', { enum: employmentStatuses }).notNull().default('ACTIVE'),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    managerId: uuid('manager_id').references((): AnyPgColumn => employees.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('employees_tenant_email_uq').on(t.tenantId, t.workEmail),
    index('employees_tenant_department_idx').on(t.tenantId, t.departmentId),
    index('employees_tenant_manager_idx').on(t.tenantId, t.managerId),
    tenantPolicy(),
  ],
);

export const outbox = outboxTable(people);
export const auditLog = auditTable(people);
