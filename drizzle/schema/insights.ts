import {
  bigserial,
  char,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  primaryKey,
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

export const insights = pgSchema('insights');

export const conversations = insights.table(
  'conversations',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    userId: uuid('user_id').notNull(),
    title: text('title').notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true, mode: 'date' }),
    /** Written by `summarizeConversation`; null until then. */
    summary: text('summary'),
    summarizedAt: timestamp('summarized_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('conversations_tenant_user_idx').on(t.tenantId, t.userId, t.createdAt), tenantPolicy()],
);

export const messageRoles = ['USER', 'ASSISTANT', 'SYSTEM'] as const;

export const messages = insights.table(
  'messages',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id),
    role: text('role', { enum: messageRoles }).notNull(),
    content: text('content').notNull(),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    createdAt: createdAt(),
  },
  (t) => [
    index('messages_tenant_conversation_idx').on(t.tenantId, t.conversationId, t.createdAt),
    tenantPolicy(),
  ],
);

/**
 * Read model: costed labour per employee, project and month, fed by finance's `labor.costed`
 * events. Analytics read this and the entity refs, never another subgraph's tables.
 */
export const laborFacts = insights.table(
  'labor_facts',
  {
    tenantId: tenantIdColumn(),
    employeeId: uuid('employee_id').notNull(),
    projectId: uuid('project_id').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    hours: numeric('hours', { precision: 12, scale: 2 }).notNull(),
    cost: numeric('cost', { precision: 16, scale: 2 }).notNull(),
    revenue: numeric('revenue', { precision: 16, scale: 2 }).notNull(),
    /** Counted hours finance priced without a compensation on their date (cost 0). */
    unpricedHours: numeric('unpriced_hours', { precision: 12, scale: 2 }).notNull().default('0'),
    /** Counted hours finance priced without a billing rate on their date (revenue 0). */
    unbilledHours: numeric('unbilled_hours', { precision: 12, scale: 2 }).notNull().default('0'),
    currency: char('currency', { length: 3 }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.employeeId, t.projectId, t.month] }),
    index('labor_facts_tenant_project_idx').on(t.tenantId, t.projectId),
    tenantPolicy(),
  ],
);

/**
 * Read model: costed labour per employee and month (labor_facts without the project), kept by the
 * same statement batch. Company, department and employee figures read this — an order of magnitude
 * fewer rows than labor_facts when people spread their time over many projects.
 */
export const employeeMonths = insights.table(
  'employee_months',
  {
    tenantId: tenantIdColumn(),
    employeeId: uuid('employee_id').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    hours: numeric('hours', { precision: 12, scale: 2 }).notNull(),
    cost: numeric('cost', { precision: 16, scale: 2 }).notNull(),
    revenue: numeric('revenue', { precision: 16, scale: 2 }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.employeeId, t.month] }), tenantPolicy()],
);

/**
 * Read model: costed labour per employee and calendar day (the same lines as `employee_months`).
 * Department figures read it for the months in which an employee changed department, so a line
 * counts in the department the employee was in on the line's date.
 */
export const employeeDays = insights.table(
  'employee_days',
  {
    tenantId: tenantIdColumn(),
    employeeId: uuid('employee_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    hours: numeric('hours', { precision: 12, scale: 2 }).notNull(),
    cost: numeric('cost', { precision: 16, scale: 2 }).notNull(),
    revenue: numeric('revenue', { precision: 16, scale: 2 }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.employeeId, t.date] }), tenantPolicy()],
);

/**
 * Every domain event the projections consumed, in the order they were applied: insights' own event
 * log. `pnpm insights:rebuild` replays it to recreate every projection below from scratch.
 */
export const eventLog = insights.table(
  'event_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    tenantId: tenantIdColumn(),
    eventId: uuid('event_id').notNull(),
    type: text('type').notNull(),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: uuid('aggregate_id').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    data: jsonb('data').notNull(),
    receivedAt: createdAt(),
  },
  (t) => [
    uniqueIndex('event_log_tenant_event_uq').on(t.tenantId, t.eventId),
    index('event_log_tenant_seq_idx').on(t.tenantId, t.seq),
    tenantPolicy(),
  ],
);

/**
 * Read model: each employee as people's events last described them (department, manager, status,
 * hire and termination dates). `version` is the `occurredAt` of the event applied last, so a late
 * redelivery of an older snapshot cannot overwrite a newer one.
 */
export const employeeFacts = insights.table(
  'employee_facts',
  {
    tenantId: tenantIdColumn(),
    employeeId: uuid('employee_id').notNull(),
    departmentId: uuid('department_id'),
    managerId: uuid('manager_id'),
    status: text('status').notNull(),
    hireDate: date('hire_date', { mode: 'string' }),
    terminatedOn: date('terminated_on', { mode: 'string' }),
    /**
     * Every stint of employment, `[{ from, to }]` (ISO dates, `to` inclusive, null = open), oldest
     * first: a rehire opens a new stint, so salary before a termination is kept and the gap is not paid.
     */
    employment: jsonb('employment')
      .$type<{ from: string | null; to: string | null }[]>()
      .notNull()
      .default([]),
    /**
     * The employee's department by date, `[{ from, departmentId }]` oldest first (`from` null = since
     * the beginning; each entry holds until the next one's `from`), from people's effective-dated
     * transfers: department figures attribute a line to the department on its date.
     */
    departments: jsonb('departments')
      .$type<{ from: string | null; departmentId: string | null }[]>()
      .notNull()
      .default([]),
    version: timestamp('version', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.employeeId] }),
    index('employee_facts_tenant_department_idx').on(t.tenantId, t.departmentId),
    index('employee_facts_tenant_manager_idx').on(t.tenantId, t.managerId),
    tenantPolicy(),
  ],
);

/** Read model: departments (name and parent) from people's department events. */
export const departmentFacts = insights.table(
  'department_facts',
  {
    tenantId: tenantIdColumn(),
    departmentId: uuid('department_id').notNull(),
    name: text('name').notNull(),
    parentId: uuid('parent_id'),
    version: timestamp('version', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.departmentId] }), tenantPolicy()],
);

/** Read model: projects (name, owning department, status) from work's project events. */
export const projectFacts = insights.table(
  'project_facts',
  {
    tenantId: tenantIdColumn(),
    projectId: uuid('project_id').notNull(),
    name: text('name').notNull(),
    code: text('code'),
    departmentId: uuid('department_id'),
    status: text('status'),
    version: timestamp('version', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.projectId] }),
    index('project_facts_tenant_department_idx').on(t.tenantId, t.departmentId),
    tenantPolicy(),
  ],
);

/**
 * Read model: every compensation finance recorded, annualised (base × pay periods per year). The
 * salary of a month is pro-rated from these periods (see projections/README in the insights docs).
 */
export const compensationFacts = insights.table(
  'compensation_facts',
  {
    tenantId: tenantIdColumn(),
    compensationId: uuid('compensation_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    annualSalary: numeric('annual_salary', { precision: 18, scale: 2 }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.compensationId] }),
    index('compensation_facts_tenant_employee_idx').on(t.tenantId, t.employeeId, t.effectiveFrom),
    tenantPolicy(),
  ],
);

/** Read model: the tenant's reporting currency, from finance's settings events. */
export const reportingCurrencies = insights.table(
  'reporting_currencies',
  {
    tenantId: tenantIdColumn().primaryKey(),
    currency: char('currency', { length: 3 }).notNull(),
    version: timestamp('version', { withTimezone: true, mode: 'date' }).notNull(),
  },
  () => [tenantPolicy()],
);

/*
 * The recruiting funnel (subgraphs/insights/src/recruiting): postings, applications and offers as
 * recruiting's events last described them. Snapshots keep the newest `version` (event occurredAt);
 * `furthest_rank` and the first outcome of an offer only ever grow / are set once, so a replay of
 * the log gives the same rows however the events were batched.
 */

/** Read model: job postings (status, openings, department) from `recruiting.job_posting.*`. */
export const recruitingPostings = insights.table(
  'recruiting_postings',
  {
    tenantId: tenantIdColumn(),
    postingId: uuid('posting_id').notNull(),
    departmentId: uuid('department_id').notNull(),
    status: text('status').notNull(),
    openings: integer('openings').notNull(),
    closeReason: text('close_reason'),
    version: timestamp('version', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.postingId] }),
    index('recruiting_postings_tenant_department_idx').on(t.tenantId, t.departmentId),
    tenantPolicy(),
  ],
);

/**
 * Read model: applications from `recruiting.application.*`. `furthest_rank` is the furthest stage
 * of APPLIED(0) → SCREENING(1) → INTERVIEW(2) → OFFER(3) → HIRED(4) the application ever reached
 * (the stage it left counts when it is rejected or withdrawn); `hired_at` is when it became HIRED.
 */
export const recruitingApplications = insights.table(
  'recruiting_applications',
  {
    tenantId: tenantIdColumn(),
    applicationId: uuid('application_id').notNull(),
    postingId: uuid('posting_id').notNull(),
    departmentId: uuid('department_id').notNull(),
    source: text('source').notNull(),
    stage: text('stage').notNull(),
    furthestRank: integer('furthest_rank').notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true, mode: 'date' }).notNull(),
    hiredAt: timestamp('hired_at', { withTimezone: true, mode: 'date' }),
    version: timestamp('version', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.applicationId] }),
    index('recruiting_applications_tenant_applied_idx').on(t.tenantId, t.appliedAt),
    index('recruiting_applications_tenant_department_idx').on(t.tenantId, t.departmentId, t.appliedAt),
    tenantPolicy(),
  ],
);

/**
 * Read model: offers from `recruiting.offer.*`. `outcome` is the first answer the offer got
 * (ACCEPTED, DECLINED or EXPIRED; a later WITHDRAWN of an expired offer keeps it) and
 * `decided_at` when; both are written once.
 */
export const recruitingOffers = insights.table(
  'recruiting_offers',
  {
    tenantId: tenantIdColumn(),
    offerId: uuid('offer_id').notNull(),
    applicationId: uuid('application_id').notNull(),
    departmentId: uuid('department_id').notNull(),
    status: text('status').notNull(),
    outcome: text('outcome'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    version: timestamp('version', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.offerId] }),
    index('recruiting_offers_tenant_decided_idx').on(t.tenantId, t.decidedAt),
    tenantPolicy(),
  ],
);

export const outbox = outboxTable(insights);
export const auditLog = auditTable(insights);
export const processedEvents = inboxTable(insights);
export const entityRefs = entityRefsTable(insights);
