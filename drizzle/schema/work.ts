import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  numeric,
  pgSchema,
  text,
  timestamp,
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

export const work = pgSchema('work');

export const projectStatuses = ['PLANNED', 'ACTIVE', 'ON_HOLD', 'COMPLETED', 'CANCELLED'] as const;

export const projects = work.table(
  'projects',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    name: text('name').notNull(),
    code: text('code').notNull(),
    description: text('description'),
    status: text('status', { enum: projectStatuses }).notNull().default('ACTIVE'),
    /** Owned by people; validated against entity_refs. */
    departmentId: uuid('department_id'),
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    /** Planned spend, exact decimal; with `budgetCurrency` (both set or both null). */
    budgetAmount: numeric('budget_amount', { precision: 14, scale: 2 }),
    budgetCurrency: text('budget_currency'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('projects_tenant_code_uq').on(t.tenantId, t.code),
    index('projects_tenant_department_idx').on(t.tenantId, t.departmentId),
    check('project_budget_pair', sql`(${t.budgetAmount} is null) = (${t.budgetCurrency} is null)`),
    check('project_budget_nonnegative', sql`${t.budgetAmount} is null or ${t.budgetAmount} >= 0`),
    tenantPolicy(),
  ],
);

export const timesheetStatuses = ['SUBMITTED', 'APPROVED', 'REJECTED'] as const;

export const timesheetEntries = work.table(
  'timesheet_entries',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    employeeId: uuid('employee_id').notNull(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    date: date('date', { mode: 'string' }).notNull(),
    hours: numeric('hours', { precision: 5, scale: 2 }).notNull(),
    note: text('note'),
    status: text('status', { enum: timesheetStatuses }).notNull().default('SUBMITTED'),
    /** User who approved or rejected the entry (null while SUBMITTED). */
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    /** Why the entry was sent back; required while REJECTED. */
    rejectionReason: text('rejection_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('timesheets_tenant_employee_date_idx').on(t.tenantId, t.employeeId, t.date),
    index('timesheets_tenant_project_idx').on(t.tenantId, t.projectId),
    // The approval queue and the root listing: entries in one state, newest day first.
    index('timesheets_tenant_status_date_idx').on(t.tenantId, t.status, t.date, t.id),
    check('timesheet_hours_range', sql`${t.hours} > 0 and ${t.hours} <= 24`),
    check('timesheet_rejection_reason', sql`${t.status} <> 'REJECTED' or ${t.rejectionReason} is not null`),
    tenantPolicy(),
  ],
);

export const outbox = outboxTable(work);
export const auditLog = auditTable(work);
export const processedEvents = inboxTable(work);
export const entityRefs = entityRefsTable(work);
