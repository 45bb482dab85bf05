import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
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
  jobsTable,
  outboxTable,
  tenantIdColumn,
  tenantPolicy,
  updatedAt,
} from './common';
import { employmentTypes } from './people';

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

// ---------------------------------------------------------------------------------------------
// Time off. Balances are never stored: they are computed from the policies, the hire date, the
// adjustments and the requests (a balance "as of" a date is reproducible, no accrual job).

export const leaveUnits = ['DAYS', 'HOURS'] as const;

/** A kind of leave (vacation, sick, parental, unpaid …) of one tenant. */
export const leaveTypes = work.table(
  'leave_types',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    name: text('name').notNull(),
    /** Short stable code (VACATION, SICK), unique per tenant; carried in events. */
    code: text('code').notNull(),
    paid: boolean('paid').notNull().default(true),
    unit: text('unit', { enum: leaveUnits }).notNull().default('DAYS'),
    /** Whether requests draw on a balance (unpaid or sick leave often do not). */
    balanceApplies: boolean('balance_applies').notNull().default(true),
    halfDaysAllowed: boolean('half_days_allowed').notNull().default(true),
    /** Requests must carry a note (e.g. a doctor's note reference). */
    noteRequired: boolean('note_required').notNull().default(false),
    /** `#RRGGBB`, for calendars. */
    colour: text('colour').notNull().default('#4F86F7'),
    /** Hours one working day counts for when the unit is HOURS. */
    hoursPerDay: numeric('hours_per_day', { precision: 4, scale: 2 }).notNull().default('8'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('leave_types_tenant_code_uq').on(t.tenantId, t.code),
    check('leave_types_colour', sql`${t.colour} ~ '^#[0-9A-Fa-f]{6}$'`),
    check('leave_types_hours_per_day', sql`${t.hoursPerDay} > 0 and ${t.hoursPerDay} <= 24`),
    tenantPolicy(),
  ],
);

/**
 * Weekend days plus a list of holidays. One calendar per tenant has no work location: the
 * default; a calendar with a location applies to employees whose people `workLocation` matches.
 */
export const holidayCalendars = work.table(
  'holiday_calendars',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    name: text('name').notNull(),
    /** people's `Employee.workLocation` this calendar applies to; null = the tenant default. */
    workLocation: text('work_location'),
    /** ISO weekdays not worked (1 = Monday … 7 = Sunday). */
    weekendDays: integer('weekend_days').array().notNull().default(sql`'{6,7}'::integer[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One calendar per location, and one default (null location) per tenant.
    uniqueIndex('holiday_calendars_tenant_location_uq').on(t.tenantId, sql`coalesce(${t.workLocation}, '')`),
    check('holiday_calendars_weekend', sql`${t.weekendDays} <@ '{1,2,3,4,5,6,7}'::integer[]`),
    tenantPolicy(),
  ],
);

export const holidays = work.table(
  'holidays',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    calendarId: uuid('calendar_id')
      .notNull()
      .references(() => holidayCalendars.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
    name: text('name').notNull(),
    halfDay: boolean('half_day').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('holidays_calendar_date_uq').on(t.tenantId, t.calendarId, t.date), tenantPolicy()],
);

export const accrualFrequencies = ['MONTHLY', 'YEARLY', 'UPFRONT'] as const;

/** How one leave type accrues for one employment type. */
export const timeOffPolicies = work.table(
  'time_off_policies',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    leaveTypeId: uuid('leave_type_id')
      .notNull()
      .references(() => leaveTypes.id, { onDelete: 'cascade' }),
    employmentType: text('employment_type', { enum: employmentTypes }).notNull(),
    /** Accrued per full balance year (calendar year), in the leave type's unit. */
    accrualPerYear: numeric('accrual_per_year', { precision: 8, scale: 2 }).notNull(),
    accrualFrequency: text('accrual_frequency', { enum: accrualFrequencies }).notNull().default('MONTHLY'),
    /** In the hire year, only the share of the year (or month) employed accrues. */
    proRated: boolean('pro_rated').notNull().default(true),
    /** Most that carries into the next year; null = everything carries. */
    carryOverCap: numeric('carry_over_cap', { precision: 8, scale: 2 }),
    /** How far below zero a request may take the balance (0 = never negative). */
    negativeLimit: numeric('negative_limit', { precision: 8, scale: 2 }).notNull().default('0'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('time_off_policies_type_employment_uq').on(t.tenantId, t.leaveTypeId, t.employmentType),
    check(
      'time_off_policies_amounts',
      sql`${t.accrualPerYear} >= 0 and ${t.negativeLimit} >= 0
      and (${t.carryOverCap} is null or ${t.carryOverCap} >= 0)`,
    ),
    tenantPolicy(),
  ],
);

/** A manual correction of a balance (positive or negative), with who, why and when. */
export const timeOffAdjustments = work.table(
  'time_off_adjustments',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    employeeId: uuid('employee_id').notNull(),
    leaveTypeId: uuid('leave_type_id')
      .notNull()
      .references(() => leaveTypes.id, { onDelete: 'cascade' }),
    /** Signed, in the leave type's unit. */
    amount: numeric('amount', { precision: 8, scale: 2 }).notNull(),
    reason: text('reason').notNull(),
    /** The day it counts from (its balance year is this date's year). */
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('time_off_adjustments_employee_idx').on(t.tenantId, t.employeeId, t.leaveTypeId),
    check('time_off_adjustments_amount', sql`${t.amount} <> 0`),
    tenantPolicy(),
  ],
);

export const timeOffStatuses = ['PENDING', 'APPROVED', 'REJECTED', 'CANCELLED'] as const;

/**
 * A request for leave. Overlapping PENDING/APPROVED requests of one employee are refused by the
 * exclusion constraint `time_off_requests_no_overlap` (custom SQL in the migration; btree_gist).
 */
export const timeOffRequests = work.table(
  'time_off_requests',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    employeeId: uuid('employee_id').notNull(),
    leaveTypeId: uuid('leave_type_id')
      .notNull()
      .references(() => leaveTypes.id),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    halfDayStart: boolean('half_day_start').notNull().default(false),
    halfDayEnd: boolean('half_day_end').notNull().default(false),
    note: text('note'),
    status: text('status', { enum: timeOffStatuses }).notNull().default('PENDING'),
    /** In the leave type's unit, from the working calendar when requested. */
    amount: numeric('amount', { precision: 8, scale: 2 }).notNull(),
    /** The amount per balance year (`{"2026": "4.00", "2027": "2.00"}`) for a span over New Year. */
    amountByYear: jsonb('amount_by_year').$type<Record<string, string>>().notNull(),
    requestedBy: uuid('requested_by'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** Why it was rejected (required while REJECTED) or cancelled. */
    reason: text('reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('time_off_requests_employee_idx').on(t.tenantId, t.employeeId, t.startDate),
    index('time_off_requests_status_idx').on(t.tenantId, t.status, t.startDate),
    check('time_off_requests_dates', sql`${t.endDate} >= ${t.startDate}`),
    check('time_off_requests_reason', sql`${t.status} <> 'REJECTED' or ${t.reason} is not null`),
    tenantPolicy(),
  ],
);

/**
 * Attendance: clock-in/out records. One open record (no clock-out) per employee, enforced by a
 * partial unique index; breaks inside a record, one open break at a time. A record left open is
 * closed by a durable job after `attendance_settings.auto_close_after_hours` and flagged for review.
 */
export const attendanceRecords = work.table(
  'attendance_records',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    employeeId: uuid('employee_id').notNull(),
    clockIn: timestamp('clock_in', { withTimezone: true }).notNull(),
    clockOut: timestamp('clock_out', { withTimezone: true }),
    /** Client address the gateway vouched for at clock-in / clock-out (null when unknown). */
    clockInIp: text('clock_in_ip'),
    clockOutIp: text('clock_out_ip'),
    note: text('note'),
    /** Users who clocked in / out (the employee, or someone on their behalf; null for the auto-close job). */
    clockedInBy: uuid('clocked_in_by'),
    clockedOutBy: uuid('clocked_out_by'),
    /** Closed by the forgotten-clock-out rule rather than by a person. */
    autoClosed: boolean('auto_closed').notNull().default(false),
    /** Waiting for someone to confirm or correct it (set by the auto-close rule). */
    needsReview: boolean('needs_review').notNull().default(false),
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('attendance_records_one_open_uq')
      .on(t.tenantId, t.employeeId)
      .where(sql`${t.clockOut} is null`),
    index('attendance_records_employee_idx').on(t.tenantId, t.employeeId, t.clockIn),
    index('attendance_records_review_idx').on(t.tenantId, t.clockIn).where(sql`${t.needsReview}`),
    check('attendance_records_out_after_in', sql`${t.clockOut} is null or ${t.clockOut} > ${t.clockIn}`),
    tenantPolicy(),
  ],
);

export const attendanceBreaks = work.table(
  'attendance_breaks',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    recordId: uuid('record_id')
      .notNull()
      .references(() => attendanceRecords.id, { onDelete: 'cascade' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('attendance_breaks_one_open_uq').on(t.tenantId, t.recordId).where(sql`${t.endedAt} is null`),
    index('attendance_breaks_record_idx').on(t.tenantId, t.recordId),
    check('attendance_breaks_end_after_start', sql`${t.endedAt} is null or ${t.endedAt} >= ${t.startedAt}`),
    tenantPolicy(),
  ],
);

/** Per-tenant attendance rules; a tenant without a row uses the column defaults. */
export const attendanceSettings = work.table(
  'attendance_settings',
  {
    tenantId: tenantIdColumn().primaryKey(),
    /** A record still open this many hours after clock-in is closed then and flagged for review. */
    autoCloseAfterHours: integer('auto_close_after_hours').notNull().default(12),
    /** IANA zone whose calendar days attendance is counted in (a record counts on its clock-in day). */
    timeZone: text('time_zone').notNull().default('UTC'),
    /** Attendance and logged hours of a day may differ by this much before it is a discrepancy. */
    discrepancyToleranceHours: numeric('discrepancy_tolerance_hours', { precision: 4, scale: 2 })
      .notNull()
      .default('0.50'),
    updatedBy: uuid('updated_by'),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('attendance_settings_auto_close', sql`${t.autoCloseAfterHours} between 1 and 24`),
    check(
      'attendance_settings_tolerance',
      sql`${t.discrepancyToleranceHours} >= 0 and ${t.discrepancyToleranceHours} <= 24`,
    ),
    tenantPolicy(),
  ],
);

/**
 * Shift templates: a reusable shift (e.g. "Early", 06:00–14:00 Europe/Berlin, 30 min break). Times
 * are minutes after local midnight; an end at or before the start runs past midnight.
 */
export const shiftTemplates = work.table(
  'shift_templates',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    name: text('name').notNull(),
    startMinute: integer('start_minute').notNull(),
    endMinute: integer('end_minute').notNull(),
    breakMinutes: integer('break_minutes').notNull().default(0),
    timeZone: text('time_zone').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('shift_templates_tenant_name_uq').on(t.tenantId, t.name),
    check(
      'shift_templates_minutes',
      sql`${t.startMinute} between 0 and 1439 and ${t.endMinute} between 0 and 1439`,
    ),
    check('shift_templates_break', sql`${t.breakMinutes} >= 0`),
    tenantPolicy(),
  ],
);

/** A rota: the shifts of one department or location, in one time zone. */
export const schedules = work.table(
  'schedules',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    name: text('name').notNull(),
    /** Owned by people; validated against entity_refs. */
    departmentId: uuid('department_id'),
    location: text('location'),
    timeZone: text('time_zone').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('schedules_tenant_name_uq').on(t.tenantId, t.name),
    index('schedules_tenant_department_idx').on(t.tenantId, t.departmentId),
    tenantPolicy(),
  ],
);

export const shiftStatuses = ['OPEN', 'ASSIGNED', 'CANCELLED'] as const;

/**
 * One shift on one day. Assigned shifts of one employee never overlap: exclusion constraint
 * `shifts_no_overlap` (custom SQL in the migration; btree_gist). OPEN shifts have no employee and
 * may be claimed.
 */
export const shifts = work.table(
  'shifts',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    scheduleId: uuid('schedule_id')
      .notNull()
      .references(() => schedules.id),
    templateId: uuid('template_id').references(() => shiftTemplates.id),
    employeeId: uuid('employee_id'),
    /** The local calendar day the shift starts on, in the schedule's time zone. */
    date: date('date', { mode: 'string' }).notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    breakMinutes: integer('break_minutes').notNull().default(0),
    /** OPEN by default: a shift without an employee is open to claim. */
    status: text('status', { enum: shiftStatuses }).notNull().default('OPEN'),
    note: text('note'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('shifts_schedule_date_idx').on(t.tenantId, t.scheduleId, t.date),
    index('shifts_employee_starts_idx').on(t.tenantId, t.employeeId, t.startsAt),
    check(
      'shifts_times',
      sql`${t.endsAt} > ${t.startsAt} and ${t.endsAt} <= ${t.startsAt} + interval '24 hours'`,
    ),
    check(
      'shifts_status_employee',
      sql`(${t.status} = 'ASSIGNED') = (${t.employeeId} is not null) or ${t.status} = 'CANCELLED'`,
    ),
    check('shifts_break', sql`${t.breakMinutes} >= 0`),
    tenantPolicy(),
  ],
);

export const shiftSwapStatuses = ['PENDING', 'APPROVED', 'REJECTED', 'CANCELLED'] as const;

/**
 * A request to hand a shift to a colleague, or to exchange it for one of theirs; the requester's
 * manager decides. Approval re-checks every rule for both employees.
 */
export const shiftSwaps = work.table(
  'shift_swaps',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    shiftId: uuid('shift_id')
      .notNull()
      .references(() => shifts.id),
    requesterId: uuid('requester_id').notNull(),
    targetEmployeeId: uuid('target_employee_id').notNull(),
    /** The colleague's shift taken in exchange; null hands the shift over. */
    targetShiftId: uuid('target_shift_id').references(() => shifts.id),
    status: text('status', { enum: shiftSwapStatuses }).notNull().default('PENDING'),
    note: text('note'),
    requestedBy: uuid('requested_by'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    reason: text('reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('shift_swaps_tenant_status_idx').on(t.tenantId, t.status, t.createdAt),
    // One pending swap per shift.
    uniqueIndex('shift_swaps_one_pending_uq').on(t.tenantId, t.shiftId).where(sql`${t.status} = 'PENDING'`),
    check('shift_swaps_reason', sql`${t.status} <> 'REJECTED' or ${t.reason} is not null`),
    tenantPolicy(),
  ],
);

/** Per-tenant scheduling rules; a tenant without a row uses the column defaults. */
export const shiftSettings = work.table(
  'shift_settings',
  {
    tenantId: tenantIdColumn().primaryKey(),
    /** Least rest between the end of one shift and the start of the next. */
    minRestHours: numeric('min_rest_hours', { precision: 4, scale: 2 }).notNull().default('11.00'),
    /** Most paid hours (shift length minus break) per ISO week (Monday–Sunday, local days). */
    maxWeeklyHours: numeric('max_weekly_hours', { precision: 5, scale: 2 }).notNull().default('48.00'),
    updatedBy: uuid('updated_by'),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('shift_settings_rest', sql`${t.minRestHours} >= 0 and ${t.minRestHours} <= 48`),
    check('shift_settings_weekly', sql`${t.maxWeeklyHours} > 0 and ${t.maxWeeklyHours} <= 168`),
    tenantPolicy(),
  ],
);

/** Work's durable jobs (`@wg/runtime/jobs`): the forgotten-clock-out rule. */
export const jobs = jobsTable(work);

export const outbox = outboxTable(work);
export const auditLog = auditTable(work);
export const processedEvents = inboxTable(work);
export const entityRefs = entityRefsTable(work);
