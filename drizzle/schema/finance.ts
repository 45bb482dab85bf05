import { sql } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  date,
  index,
  numeric,
  pgSchema,
  primaryKey,
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

export const finance = pgSchema('finance');

/** Money is numeric(14,2) in SQL and a string in TypeScript: never a float. */
const money = (name: string) => numeric(name, { precision: 14, scale: 2 });

export const payFrequencies = ['ANNUAL', 'MONTHLY', 'BIWEEKLY', 'WEEKLY', 'HOURLY'] as const;

/** Per-tenant finance settings: the reporting currency every amount is kept in. */
export const tenantSettings = finance.table(
  'tenant_settings',
  {
    tenantId: tenantIdColumn().primaryKey(),
    currency: char('currency', { length: 3 }).notNull(),
    updatedAt: updatedAt(),
  },
  () => [tenantPolicy()],
);

/** Compensation history; the current row is the latest `effective_from` on or before today. */
export const compensations = finance.table(
  'compensations',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    employeeId: uuid('employee_id').notNull(),
    baseSalary: money('base_salary').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    payFrequency: text('pay_frequency', { enum: payFrequencies }).notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('compensations_tenant_employee_idx').on(t.tenantId, t.employeeId, t.effectiveFrom),
    check('compensation_positive', sql`${t.baseSalary} > 0`),
    tenantPolicy(),
  ],
);

/**
 * Every billing rate a project had (the one record of rates), effective-dated: a rate applies from `effective_from` (null =
 * from the beginning) to the next rate's `effective_from`; two on the same day, the later-recorded
 * one wins. Lines are priced at the rate effective on their own date.
 */
export const projectRatePeriods = finance.table(
  'project_rate_periods',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    projectId: uuid('project_id').notNull(),
    hourlyRate: money('hourly_rate').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('project_rate_periods_tenant_project_idx').on(t.tenantId, t.projectId, t.effectiveFrom),
    tenantPolicy(),
  ],
);

export const timesheetStatuses = ['SUBMITTED', 'APPROVED', 'REJECTED'] as const;

/**
 * Labour costed from logged time: one row per timesheet entry, priced at the compensation and the
 * project rate effective on the line's date (cost = hours x annual salary / 2080; revenue = hours x
 * rate), and re-priced whenever one of them, the entry's hours or its review status changes.
 * `counted` says whether the line counts in the figures (not REJECTED and inside the employee's
 * employment); every announced amount is the counted one, so the sum of `finance.labor.costed`
 * events equals the counted sum of this table.
 */
export const laborEntries = finance.table(
  'labor_entries',
  {
    tenantId: tenantIdColumn(),
    timesheetEntryId: uuid('timesheet_entry_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    projectId: uuid('project_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    hours: numeric('hours', { precision: 7, scale: 2 }).notNull(),
    cost: money('cost').notNull(),
    revenue: money('revenue').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    /** work's review state, from its approved / rejected / resubmitted events. */
    status: text('status', { enum: timesheetStatuses }).notNull().default('SUBMITTED'),
    /** Not REJECTED and dated inside the employee's employment (hire to termination, inclusive). */
    counted: boolean('counted').notNull().default(true),
    /** A compensation was effective on the line's date (else cost is 0 and the hours are unpriced). */
    costPriced: boolean('cost_priced').notNull().default(true),
    /** A billing rate was effective on the line's date (else revenue is 0 and the hours unbilled). */
    ratePriced: boolean('rate_priced').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.timesheetEntryId] }),
    index('labor_tenant_project_idx').on(t.tenantId, t.projectId),
    index('labor_tenant_employee_idx').on(t.tenantId, t.employeeId, t.date),
    tenantPolicy(),
  ],
);

export const placementRateUnits = ['HOUR', 'DAY'] as const;

/**
 * A placement's agreed billing and pay rate, from recruiting's `recruiting.rate.finalized`: one
 * row per finalized negotiation (the key), so a redelivered event changes nothing. `margin` is
 * (bill − pay) / bill as recruiting computed it (4 places, half-even).
 */
export const placementRates = finance.table(
  'placement_rates',
  {
    tenantId: tenantIdColumn(),
    negotiationId: uuid('negotiation_id').notNull(),
    postingId: uuid('posting_id').notNull(),
    departmentId: uuid('department_id'),
    applicationId: uuid('application_id'),
    candidateId: uuid('candidate_id'),
    employeeId: uuid('employee_id'),
    jobTitle: text('job_title').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    unit: text('unit', { enum: placementRateUnits }).notNull(),
    billRate: money('bill_rate').notNull(),
    payRate: money('pay_rate').notNull(),
    margin: numeric('margin', { precision: 7, scale: 4 }).notNull(),
    /** The day the rates were agreed (recruiting's finalisation, UTC): they apply from then on. */
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    agreedAt: timestamp('agreed_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The event that recorded it. */
    eventId: uuid('event_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.negotiationId] }),
    index('placement_rates_tenant_department_idx').on(t.tenantId, t.departmentId),
    index('placement_rates_tenant_employee_idx').on(t.tenantId, t.employeeId),
    check('placement_rates_unit_known', sql`${t.unit} in ('HOUR', 'DAY')`),
    check('placement_rates_rates', sql`${t.payRate} > 0 and ${t.payRate} <= ${t.billRate}`),
    tenantPolicy(),
  ],
);

export const outbox = outboxTable(finance);
export const auditLog = auditTable(finance);
export const processedEvents = inboxTable(finance);
export const entityRefs = entityRefsTable(finance);
