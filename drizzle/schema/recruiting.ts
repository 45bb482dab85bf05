import { sql } from 'drizzle-orm';
import {
  char,
  check,
  date,
  index,
  integer,
  numeric,
  pgSchema,
  text,
  timestamp,
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

export const recruiting = pgSchema('recruiting');

export const postingStatuses = ['DRAFT', 'OPEN', 'ON_HOLD', 'CLOSED'] as const;
/** Why a posting was closed; a FILLED posting cannot be reopened. */
export const postingCloseReasons = ['FILLED', 'CANCELLED'] as const;
export const employmentTypes = ['FULL_TIME', 'PART_TIME', 'CONTRACTOR', 'INTERN'] as const;

export const jobPostings = recruiting.table(
  'job_postings',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    title: text('title').notNull(),
    description: text('description'),
    departmentId: uuid('department_id').notNull(),
    location: text('location'),
    employmentType: text('employment_type', { enum: employmentTypes }).notNull().default('FULL_TIME'),
    status: text('status', { enum: postingStatuses }).notNull().default('OPEN'),
    openings: integer('openings').notNull().default(1),
    salaryMin: numeric('salary_min', { precision: 14, scale: 2 }),
    salaryMax: numeric('salary_max', { precision: 14, scale: 2 }),
    currency: char('currency', { length: 3 }),
    closesOn: date('closes_on', { mode: 'string' }),
    /** Set when the posting is closed, cleared when it is reopened. */
    closeReason: text('close_reason', { enum: postingCloseReasons }),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('postings_tenant_department_idx').on(t.tenantId, t.departmentId, t.status),
    check('job_postings_status_known', sql`${t.status} in ('DRAFT', 'OPEN', 'ON_HOLD', 'CLOSED')`),
    check(
      'job_postings_close_reason_only_when_closed',
      sql`${t.closeReason} is null or ${t.status} = 'CLOSED'`,
    ),
    tenantPolicy(),
  ],
);

export const outbox = outboxTable(recruiting);
export const auditLog = auditTable(recruiting);
export const processedEvents = inboxTable(recruiting);
export const entityRefs = entityRefsTable(recruiting);
