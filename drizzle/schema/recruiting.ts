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

/** Where a candidate came from (source effectiveness in the funnel). */
export const candidateSources = ['CAREER_SITE', 'REFERRAL', 'AGENCY', 'SOURCED', 'INTERNAL'] as const;

export const candidates = recruiting.table(
  'candidates',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    /** Stored lower-cased; unique per tenant (case-insensitive by construction). */
    email: text('email').notNull(),
    phone: text('phone'),
    location: text('location'),
    source: text('source', { enum: candidateSources }).notNull().default('CAREER_SITE'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    resumeText: text('resume_text'),
    resumeUrl: text('resume_url'),
    profileUrl: text('profile_url'),
    /** GDPR: keep the personal data until this day (consent / retention), then erase. */
    retainUntil: date('retain_until', { mode: 'string' }),
    /** An existing employee applying internally (internal mobility). */
    employeeId: uuid('employee_id'),
    /** The employee who referred this candidate (`referCandidate`). */
    referredByEmployeeId: uuid('referred_by_employee_id'),
    /** Set by `eraseCandidate`: personal fields are pseudonymised, counts stay. */
    erasedAt: timestamp('erased_at', { withTimezone: true, mode: 'date' }),
    /** Lower-cased full name for trigram similarity (typo-tolerant search). */
    searchName: text('search_name').generatedAlwaysAs(sql`lower(first_name || ' ' || last_name)`),
    /**
     * The name's anagram key (letters of each word sorted, words sorted), written by the service:
     * transposition typos ("Jhon Smtih") have the same key as the name they mistype.
     */
    searchAnagram: text('search_anagram').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('candidates_tenant_email_uq').on(t.tenantId, t.email),
    index('candidates_tenant_phone_idx').on(t.tenantId, t.phone),
    index('candidates_tenant_referrer_idx').on(t.tenantId, t.referredByEmployeeId),
    index('candidates_search_name_trgm_idx').using('gin', sql`${t.searchName} gin_trgm_ops`),
    check(
      'candidates_source_known',
      sql`${t.source} in ('CAREER_SITE', 'REFERRAL', 'AGENCY', 'SOURCED', 'INTERNAL')`,
    ),
    tenantPolicy(),
  ],
);

/** The application stage machine (see subgraphs/recruiting/README.md). */
export const applicationStages = [
  'APPLIED',
  'SCREENING',
  'INTERVIEW',
  'OFFER',
  'HIRED',
  'REJECTED',
  'WITHDRAWN',
] as const;

export const applications = recruiting.table(
  'applications',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => candidates.id),
    postingId: uuid('posting_id')
      .notNull()
      .references(() => jobPostings.id),
    stage: text('stage', { enum: applicationStages }).notNull().default('APPLIED'),
    /** A per-tenant reason (reject_reasons); only on REJECTED applications. */
    rejectReasonId: uuid('reject_reason_id').references(() => rejectReasons.id),
    /** An existing employee applying internally. */
    employeeId: uuid('employee_id'),
    /** Copied from the candidate at apply time, so `Employee.referrals` needs one index. */
    referredByEmployeeId: uuid('referred_by_employee_id'),
    stageChangedAt: timestamp('stage_changed_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .defaultNow(),
    stageChangedBy: uuid('stage_changed_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('applications_tenant_candidate_posting_uq').on(t.tenantId, t.candidateId, t.postingId),
    index('applications_tenant_posting_stage_idx').on(t.tenantId, t.postingId, t.stage),
    index('applications_tenant_candidate_idx').on(t.tenantId, t.candidateId),
    index('applications_tenant_employee_idx').on(t.tenantId, t.employeeId),
    index('applications_tenant_referrer_idx').on(t.tenantId, t.referredByEmployeeId),
    check(
      'applications_stage_known',
      sql`${t.stage} in ('APPLIED', 'SCREENING', 'INTERVIEW', 'OFFER', 'HIRED', 'REJECTED', 'WITHDRAWN')`,
    ),
    check(
      'applications_reject_reason_only_when_rejected',
      sql`${t.rejectReasonId} is null or ${t.stage} = 'REJECTED'`,
    ),
    tenantPolicy(),
  ],
);

/** Every stage move of an application (append-only): `Application.stageHistory`. */
export const applicationStageHistory = recruiting.table(
  'application_stage_history',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    fromStage: text('from_stage', { enum: applicationStages }),
    toStage: text('to_stage', { enum: applicationStages }).notNull(),
    rejectReasonId: uuid('reject_reason_id'),
    note: text('note'),
    actorId: uuid('actor_id'),
    at: createdAt(),
  },
  (t) => [
    index('stage_history_tenant_application_idx').on(t.tenantId, t.applicationId, t.at),
    tenantPolicy(),
  ],
);

/** The tenant's list of reasons an application can be rejected for. */
export const rejectReasons = recruiting.table(
  'reject_reasons',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    label: text('label').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('reject_reasons_tenant_label_uq').on(t.tenantId, sql`lower(${t.label})`),
    tenantPolicy(),
  ],
);

export const outbox = outboxTable(recruiting);
export const auditLog = auditTable(recruiting);
export const processedEvents = inboxTable(recruiting);
export const entityRefs = entityRefsTable(recruiting);
