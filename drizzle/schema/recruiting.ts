import { char, date, index, integer, numeric, pgSchema, text, uuid } from 'drizzle-orm/pg-core';
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

export const postingStatuses = ['DRAFT', 'OPEN', 'CLOSED'] as const;
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
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('postings_tenant_department_idx').on(t.tenantId, t.departmentId, t.status), tenantPolicy()],
);

export const outbox = outboxTable(recruiting);
export const auditLog = auditTable(recruiting);
export const processedEvents = inboxTable(recruiting);
export const entityRefs = entityRefsTable(recruiting);
