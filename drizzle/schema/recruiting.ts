import { sql } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  primaryKey,
  smallint,
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
  jobReceiptsTable,
  jobsTable,
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
    /** People's position the hire fills (optional; must belong to the posting's department). */
    positionId: uuid('position_id'),
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

export const interviewKinds = ['PHONE', 'VIDEO', 'ONSITE', 'PANEL', 'TECHNICAL'] as const;
export const interviewStatuses = ['SCHEDULED', 'COMPLETED', 'CANCELLED', 'NO_SHOW'] as const;

/**
 * An interview of one application. `candidate_id` is copied from the application so the
 * database itself keeps a candidate out of two overlapping SCHEDULED interviews (the exclusion
 * constraint `interviews_candidate_no_overlap`, custom migration; needs btree_gist).
 */
export const interviews = recruiting.table(
  'interviews',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    candidateId: uuid('candidate_id').notNull(),
    kind: text('kind', { enum: interviewKinds }).notNull(),
    status: text('status', { enum: interviewStatuses }).notNull().default('SCHEDULED'),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The candidate's IANA time zone, for invitations and reminders. */
    candidateTimeZone: text('candidate_time_zone').notNull().default('UTC'),
    location: text('location'),
    meetingUrl: text('meeting_url'),
    cancelReason: text('cancel_reason'),
    rescheduleCount: integer('reschedule_count').notNull().default(0),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('interviews_tenant_application_idx').on(t.tenantId, t.applicationId),
    index('interviews_tenant_starts_idx').on(t.tenantId, t.startsAt),
    check('interviews_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
    check('interviews_kind_known', sql`${t.kind} in ('PHONE', 'VIDEO', 'ONSITE', 'PANEL', 'TECHNICAL')`),
    check('interviews_status_known', sql`${t.status} in ('SCHEDULED', 'COMPLETED', 'CANCELLED', 'NO_SHOW')`),
    tenantPolicy(),
  ],
);

/**
 * Who interviews, with the interview's time range and whether it still holds the slot (copied,
 * so `interviewers_no_overlap` — custom migration — can keep one employee out of two overlapping
 * SCHEDULED interviews: two racing bookings get exactly one winner).
 */
export const interviewInterviewers = recruiting.table(
  'interview_interviewers',
  {
    tenantId: tenantIdColumn(),
    interviewId: uuid('interview_id')
      .notNull()
      .references(() => interviews.id),
    employeeId: uuid('employee_id').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** True while the interview is SCHEDULED: only active rows take part in the exclusion. */
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.interviewId, t.employeeId] }),
    index('interview_interviewers_tenant_employee_idx').on(t.tenantId, t.employeeId, t.startsAt),
    check('interview_interviewers_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
    tenantPolicy(),
  ],
);

/** Every reschedule of an interview (append-only). */
export const interviewReschedules = recruiting.table(
  'interview_reschedules',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    interviewId: uuid('interview_id')
      .notNull()
      .references(() => interviews.id),
    fromStartsAt: timestamp('from_starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    fromEndsAt: timestamp('from_ends_at', { withTimezone: true, mode: 'date' }).notNull(),
    toStartsAt: timestamp('to_starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    toEndsAt: timestamp('to_ends_at', { withTimezone: true, mode: 'date' }).notNull(),
    reason: text('reason').notNull(),
    actorId: uuid('actor_id'),
    at: createdAt(),
  },
  (t) => [index('interview_reschedules_tenant_interview_idx').on(t.tenantId, t.interviewId), tenantPolicy()],
);

/** An interviewer's working week: ISO weekdays and local start/end, in their time zone. */
export const workingHours = recruiting.table(
  'working_hours',
  {
    tenantId: tenantIdColumn(),
    employeeId: uuid('employee_id').notNull(),
    timeZone: text('time_zone').notNull(),
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    weekdays: smallint('weekdays').array().notNull(),
    /** Minutes after local midnight. */
    startMinute: smallint('start_minute').notNull(),
    endMinute: smallint('end_minute').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.employeeId] }),
    check(
      'working_hours_day_order',
      sql`${t.startMinute} >= 0 and ${t.endMinute} <= 1440 and ${t.startMinute} < ${t.endMinute}`,
    ),
    tenantPolicy(),
  ],
);

export const busyBlockKinds = ['OUT_OF_OFFICE', 'MEETING', 'OTHER'] as const;

/** Time an employee is not available for interviews (out of office, other meetings). */
export const busyBlocks = recruiting.table(
  'busy_blocks',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    employeeId: uuid('employee_id').notNull(),
    kind: text('kind', { enum: busyBlockKinds }).notNull().default('MEETING'),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'date' }).notNull(),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    index('busy_blocks_tenant_employee_idx').on(t.tenantId, t.employeeId, t.startsAt),
    check('busy_blocks_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
    check('busy_blocks_kind_known', sql`${t.kind} in ('OUT_OF_OFFICE', 'MEETING', 'OTHER')`),
    tenantPolicy(),
  ],
);

/** The attributes interviewers rate for a posting (its rubric), e.g. "System design". */
export const postingRubrics = recruiting.table(
  'posting_rubrics',
  {
    tenantId: tenantIdColumn(),
    postingId: uuid('posting_id')
      .notNull()
      .references(() => jobPostings.id),
    attributes: text('attributes').array().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.postingId] }), tenantPolicy()],
);

export const recommendations = ['STRONG_NO', 'NO', 'MIXED', 'YES', 'STRONG_YES'] as const;

/** One interviewer's verdict on one interview (at most one each). */
export const scorecards = recruiting.table(
  'scorecards',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    interviewId: uuid('interview_id')
      .notNull()
      .references(() => interviews.id),
    applicationId: uuid('application_id').notNull(),
    interviewerId: uuid('interviewer_id').notNull(),
    recommendation: text('recommendation', { enum: recommendations }).notNull(),
    /** `[{ attribute, rating }]`, ratings 1–5, attributes from the posting's rubric. */
    ratings: jsonb('ratings').$type<{ attribute: string; rating: number }[]>().notNull().default([]),
    notes: text('notes'),
    submittedAt: createdAt(),
  },
  (t) => [
    uniqueIndex('scorecards_tenant_interview_interviewer_uq').on(t.tenantId, t.interviewId, t.interviewerId),
    index('scorecards_tenant_application_idx').on(t.tenantId, t.applicationId),
    check(
      'scorecards_recommendation_known',
      sql`${t.recommendation} in ('STRONG_NO', 'NO', 'MIXED', 'YES', 'STRONG_YES')`,
    ),
    tenantPolicy(),
  ],
);

export const offerStatuses = [
  'DRAFT',
  'PENDING_APPROVAL',
  'APPROVED',
  'SENT',
  'ACCEPTED',
  'DECLINED',
  'EXPIRED',
  'WITHDRAWN',
] as const;

/** An offer to the candidate of one application; at most one open offer per application. */
export const offers = recruiting.table(
  'offers',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    postingId: uuid('posting_id').notNull(),
    /** Annual base salary. */
    baseSalary: numeric('base_salary', { precision: 14, scale: 2 }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    employmentType: text('employment_type', { enum: employmentTypes }).notNull(),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    notes: text('notes'),
    /** Why a salary above the posting's range is offered (required then). */
    overrideReason: text('override_reason'),
    status: text('status', { enum: offerStatuses }).notNull().default('DRAFT'),
    createdBy: uuid('created_by'),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
    approvedBy: uuid('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true, mode: 'date' }),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    decisionNote: text('decision_note'),
    /** The employee people creates on acceptance (minted here, so redelivery cannot hire twice). */
    employeeId: uuid('employee_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('offers_tenant_application_idx').on(t.tenantId, t.applicationId),
    // EXPIRED (stored by the expiry job) still holds the application until withdrawn, as it did
    // while it was only computed on read from a SENT row.
    uniqueIndex('offers_one_open_per_application_uq')
      .on(t.tenantId, t.applicationId)
      .where(sql`${t.status} in ('DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'SENT', 'EXPIRED')`),
    check('offers_salary_positive', sql`${t.baseSalary} > 0`),
    check(
      'offers_status_known',
      sql`${t.status} in ('DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'SENT', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'WITHDRAWN')`,
    ),
    tenantPolicy(),
  ],
);

// ─── Rate negotiation (contractor and agency placements) ──────────────────────────────────────────
// subgraphs/recruiting/src/negotiations; README "Rate negotiation".

export const rateUnits = ['HOUR', 'DAY'] as const;
export const negotiationStatuses = ['OPEN', 'FINALIZED', 'CANCELLED'] as const;
export const negotiationParties = ['CANDIDATE', 'COMPANY'] as const;
export const negotiationStrategies = ['AGGRESSIVE', 'BALANCED', 'CANDIDATE_FRIENDLY'] as const;
export const experienceLevels = ['JUNIOR', 'MID', 'SENIOR'] as const;
/** Where a round's message came from: typed by a person, the local template, or the configured model. */
export const messageSources = ['USER', 'TEMPLATE', 'MODEL'] as const;

/** A rate as stored: numeric(14,2), a decimal string in TypeScript. */
const rate = (name: string) => numeric(name, { precision: 14, scale: 2 });
/** A ratio (margin) as stored: numeric(7,4), e.g. 0.2500 for 25 %. */
const ratio = (name: string) => numeric(name, { precision: 7, scale: 4 });

/**
 * The bill rate (what the client pays) and pay rate (what the worker gets) of one placement on a
 * posting, negotiated in rounds. The worker is an application's candidate or an existing
 * contractor (`employee_id`): the service demands exactly one, the CHECK at most one.
 * `bill_rate` / `pay_rate` are the terms on the table (the latest round's, else the opening);
 * `final_*` are set once, when the terms are agreed.
 */
export const rateNegotiations = recruiting.table(
  'rate_negotiations',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    postingId: uuid('posting_id')
      .notNull()
      .references(() => jobPostings.id),
    applicationId: uuid('application_id').references(() => applications.id),
    employeeId: uuid('employee_id'),
    currency: char('currency', { length: 3 }).notNull(),
    unit: text('unit', { enum: rateUnits }).notNull(),
    openingBillRate: rate('opening_bill_rate').notNull(),
    openingPayRate: rate('opening_pay_rate').notNull(),
    billRate: rate('bill_rate').notNull(),
    payRate: rate('pay_rate').notNull(),
    targetMargin: ratio('target_margin').notNull(),
    minMargin: ratio('min_margin').notNull(),
    maxRounds: smallint('max_rounds').notNull().default(5),
    roundCount: smallint('round_count').notNull().default(0),
    experienceLevel: text('experience_level', { enum: experienceLevels }).notNull().default('MID'),
    status: text('status', { enum: negotiationStatuses }).notNull().default('OPEN'),
    /** The strategy of the latest `autoNegotiate` round; null while only people have countered. */
    strategy: text('strategy', { enum: negotiationStrategies }),
    finalBillRate: rate('final_bill_rate'),
    finalPayRate: rate('final_pay_rate'),
    finalMargin: ratio('final_margin'),
    finalizedAt: timestamp('finalized_at', { withTimezone: true, mode: 'date' }),
    finalizedBy: uuid('finalized_by'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true, mode: 'date' }),
    cancelReason: text('cancel_reason'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('rate_negotiations_tenant_posting_idx').on(t.tenantId, t.postingId, t.status),
    index('rate_negotiations_tenant_application_idx').on(t.tenantId, t.applicationId),
    index('rate_negotiations_tenant_employee_idx').on(t.tenantId, t.employeeId),
    uniqueIndex('rate_negotiations_one_open_per_application_uq')
      .on(t.tenantId, t.applicationId)
      .where(sql`${t.status} = 'OPEN' and ${t.applicationId} is not null`),
    check('rate_negotiations_one_worker', sql`num_nonnulls(${t.applicationId}, ${t.employeeId}) <= 1`),
    check('rate_negotiations_unit_known', sql`${t.unit} in ('HOUR', 'DAY')`),
    check('rate_negotiations_status_known', sql`${t.status} in ('OPEN', 'FINALIZED', 'CANCELLED')`),
    check(
      'rate_negotiations_rates_positive',
      sql`${t.billRate} > 0 and ${t.payRate} > 0 and ${t.openingBillRate} > 0 and ${t.openingPayRate} > 0`,
    ),
    check(
      'rate_negotiations_pay_within_bill',
      sql`${t.payRate} <= ${t.billRate} and ${t.openingPayRate} <= ${t.openingBillRate}`,
    ),
    check(
      'rate_negotiations_margins',
      sql`${t.minMargin} >= 0 and ${t.targetMargin} <= 1 and ${t.minMargin} <= ${t.targetMargin}`,
    ),
    check(
      'rate_negotiations_rounds',
      sql`${t.maxRounds} between 1 and 20 and ${t.roundCount} between 0 and ${t.maxRounds}`,
    ),
    check(
      'rate_negotiations_final_only_when_finalized',
      sql`(${t.status} = 'FINALIZED') = (${t.finalPayRate} is not null and ${t.finalBillRate} is not null and ${t.finalizedAt} is not null)`,
    ),
    tenantPolicy(),
  ],
);

/** One counter-offer of a negotiation (append-only), numbered 1 … max_rounds. */
export const rateNegotiationRounds = recruiting.table(
  'rate_negotiation_rounds',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    negotiationId: uuid('negotiation_id')
      .notNull()
      .references(() => rateNegotiations.id),
    number: smallint('number').notNull(),
    party: text('party', { enum: negotiationParties }).notNull(),
    payRate: rate('pay_rate').notNull(),
    billRate: rate('bill_rate').notNull(),
    /** (bill − pay) / bill, rounded half-even to 4 places. */
    margin: ratio('margin').notNull(),
    /** The margin is below the negotiation's minimum (allowed, but flagged). */
    belowMinimum: boolean('below_minimum').notNull().default(false),
    message: text('message'),
    messageSource: text('message_source', { enum: messageSources }).notNull().default('USER'),
    /** Set on rounds `autoNegotiate` wrote. */
    strategy: text('strategy', { enum: negotiationStrategies }),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('rate_negotiation_rounds_tenant_number_uq').on(t.tenantId, t.negotiationId, t.number),
    check('rate_negotiation_rounds_party_known', sql`${t.party} in ('CANDIDATE', 'COMPANY')`),
    check(
      'rate_negotiation_rounds_rates',
      sql`${t.number} >= 1 and ${t.payRate} > 0 and ${t.payRate} <= ${t.billRate}`,
    ),
    tenantPolicy(),
  ],
);

export const outbox = outboxTable(recruiting);
export const auditLog = auditTable(recruiting);
export const processedEvents = inboxTable(recruiting);
export const entityRefs = entityRefsTable(recruiting);

// --- Durable jobs (interview reminders, offer expiry) and recruiting settings ---------------------

/** Interview reminders and offer expiry (`@wg/runtime/jobs`); receipts mark each reminder mail sent. */
export const jobs = jobsTable(recruiting);
export const jobReceipts = jobReceiptsTable(recruiting);

/** Per-tenant recruiting settings (one row per tenant; absent = the defaults). */
export const recruitingSettings = recruiting.table(
  'settings',
  {
    tenantId: tenantIdColumn().primaryKey(),
    /** Hours before an interview that its reminder goes out. */
    reminderLeadHours: integer('reminder_lead_hours').notNull().default(24),
    updatedBy: uuid('updated_by'),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('settings_reminder_lead_hours_range', sql`${t.reminderLeadHours} between 1 and 168`),
    tenantPolicy(),
  ],
);
