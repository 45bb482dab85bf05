/**
 * The domain events subgraphs exchange, by type. Producers write them to their outbox
 * (`emitEvent`), consumers read them from the bus (`startConsumer`). `data` is what is listed here;
 * adding optional fields is compatible, renaming or removing one is a breaking change.
 */

/** people.department.created / people.department.updated — aggregate `Department`. */
export interface DepartmentSnapshot {
  id: string;
  name: string;
  parentId: string | null;
}

/**
 * people.employee.* — aggregate `Employee`. `data` is always the whole snapshot after the change
 * (consumers upsert it), plus `change` describing what happened for lifecycle events.
 */
export interface EmployeeSnapshot {
  id: string;
  firstName: string;
  lastName: string;
  workEmail: string;
  departmentId: string;
  managerId: string | null;
  status: 'ACTIVE' | 'ON_LEAVE' | 'TERMINATED';
  hireDate: string;
  /** Present on lifecycle events (transfer, promotion, leave, return, termination, rehire). */
  change?: EmployeeChange;
}

export interface EmployeeChange {
  kind: 'HIRE' | 'TRANSFER' | 'PROMOTION' | 'LEAVE' | 'RETURN' | 'TERMINATION' | 'REHIRE' | 'UPDATE';
  effectiveDate: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** work.project.created / work.project.updated — aggregate `Project`. */
export interface ProjectSnapshot {
  id: string;
  name: string;
  code: string;
  departmentId: string | null;
  status: string;
}

/** One logged timesheet entry. Hours are a decimal string ("7.50"). */
export interface TimesheetLine {
  entryId: string;
  employeeId: string;
  projectId: string;
  date: string;
  hours: string;
}

/**
 * work.timesheet.logged — aggregate `TimesheetBatch` (id of the batch; a single `logTime` is a
 * batch of one). Bulk imports put up to 500 lines in one event rather than one event per line.
 */
export interface TimesheetLoggedData {
  entries: TimesheetLine[];
}

/**
 * work.timesheet.approved / work.timesheet.rejected — aggregate `TimesheetBatch` (a new id per
 * call): the entries one approver decided on in one request. `reason` is set on rejections.
 */
export interface TimesheetReviewedData {
  entries: TimesheetLine[];
  reviewedBy: string | null;
  reason?: string;
}

/**
 * work.timesheet.resubmitted — aggregate `TimesheetEntry`: a rejected entry corrected by its owner
 * (`entry` is the line after the change, `before` the line as it was).
 * work.timesheet.deleted — aggregate `TimesheetEntry`: a not-yet-approved entry removed (`entry`).
 */
export interface TimesheetEntryChangedData {
  entry: TimesheetLine;
  before?: TimesheetLine;
}

/** finance.compensation.set — aggregate `Compensation`. Amounts are decimal strings. */
export interface CompensationSetData {
  employeeId: string;
  baseSalary: string;
  currency: string;
  payFrequency: string;
  effectiveFrom: string;
}

/** finance.project_rate.set — aggregate `Project`. */
export interface ProjectRateSetData {
  projectId: string;
  hourlyRate: string;
  currency: string;
}

/** One timesheet line priced by finance. cost and revenue are decimal strings in `currency`. */
export interface CostedLine extends TimesheetLine {
  cost: string;
  revenue: string;
  currency: string;
}

/** finance.labor.costed — aggregate `LaborBatch`: the priced lines of one timesheet event. */
export interface LaborCostedData {
  entries: CostedLine[];
}

/** finance.settings.currency_set — aggregate `FinanceSettings` (id = tenant id). */
export interface ReportingCurrencySetData {
  currency: string;
}

/**
 * recruiting.job_posting.opened / .on_hold / .closed / .updated — aggregate `JobPosting`. `data` is
 * the whole posting after the change (consumers upsert it). `opened` is emitted whenever a posting
 * becomes OPEN: created OPEN, published from DRAFT, resumed from ON_HOLD or reopened after CLOSED.
 */
export interface JobPostingSnapshot {
  id: string;
  title: string;
  departmentId: string;
  employmentType: string;
  status: 'DRAFT' | 'OPEN' | 'ON_HOLD' | 'CLOSED';
  openings: number;
  location: string | null;
  closesOn: string | null;
  /** FILLED or CANCELLED while CLOSED, otherwise null. */
  closeReason?: 'FILLED' | 'CANCELLED' | null;
  /** The status before this change (absent on creation). */
  previousStatus?: 'DRAFT' | 'OPEN' | 'ON_HOLD' | 'CLOSED' | null;
}

export const EventTypes = {
  departmentCreated: 'people.department.created',
  employeeHired: 'people.employee.hired',
  employeeUpdated: 'people.employee.updated',
  employeeTransferred: 'people.employee.transferred',
  employeePromoted: 'people.employee.promoted',
  employeeLeaveStarted: 'people.employee.leave_started',
  employeeReturned: 'people.employee.returned',
  employeeTerminated: 'people.employee.terminated',
  employeeRehired: 'people.employee.rehired',
  employeeErased: 'people.employee.erased',
  departmentUpdated: 'people.department.updated',
  projectCreated: 'work.project.created',
  timesheetLogged: 'work.timesheet.logged',
  timesheetApproved: 'work.timesheet.approved',
  timesheetRejected: 'work.timesheet.rejected',
  timesheetResubmitted: 'work.timesheet.resubmitted',
  timesheetDeleted: 'work.timesheet.deleted',
  compensationSet: 'finance.compensation.set',
  projectRateSet: 'finance.project_rate.set',
  laborCosted: 'finance.labor.costed',
  reportingCurrencySet: 'finance.settings.currency_set',
  jobPostingOpened: 'recruiting.job_posting.opened',
  jobPostingOnHold: 'recruiting.job_posting.on_hold',
  jobPostingClosed: 'recruiting.job_posting.closed',
  jobPostingUpdated: 'recruiting.job_posting.updated',
} as const;
