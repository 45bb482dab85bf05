/**
 * @wg/work/events — the events work publishes (its outbox), by type. Other subgraphs import these
 * types with `import type` only. `data` is what is listed here; adding an optional field is
 * compatible, renaming or removing one is breaking.
 */

import type { ApprovalChangedData } from '@wg/runtime';

/** work.project.created / work.project.updated — aggregate `Project`: the project after the change. */
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

/**
 * work.time_off.approved / work.time_off.cancelled — aggregate `TimeOffRequest`: approved leave
 * (people sets ON_LEAVE on `start` and back to ACTIVE after `end`; finance and insights see
 * unpaid leave by `paid`), and an approved request cancelled before it started (people drops what
 * it scheduled). Dates are calendar days, inclusive; `amount` is in `unit` (decimal string).
 */
export interface TimeOffRequestData {
  requestId: string;
  employeeId: string;
  start: string;
  end: string;
  halfDayStart: boolean;
  halfDayEnd: boolean;
  paid: boolean;
  leaveTypeCode: string;
  amount: string;
  unit: 'DAYS' | 'HOURS';
}

/** Every event work publishes: type → payload. */
export interface WorkEvents {
  'work.project.created': ProjectSnapshot;
  'work.project.updated': ProjectSnapshot;
  'work.timesheet.logged': TimesheetLoggedData;
  'work.timesheet.approved': TimesheetReviewedData;
  'work.timesheet.rejected': TimesheetReviewedData;
  'work.timesheet.resubmitted': TimesheetEntryChangedData;
  'work.timesheet.deleted': TimesheetEntryChangedData;
  /** Timesheet entries (later time-off requests and shift swaps) that started or stopped waiting for an approval, in the transaction of the change (`publishApprovalChanges`, `ApprovalChange` in `@wg/runtime`); security's approvals inbox is built from it. */
  'work.approval.changed': ApprovalChangedData;
  'work.time_off.approved': TimeOffRequestData;
  'work.time_off.cancelled': TimeOffRequestData;
}

export type WorkEventType = keyof WorkEvents;

declare module '@wg/runtime/events' {
  interface EventCatalogue extends WorkEvents {}
}
