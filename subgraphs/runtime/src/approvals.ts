import type { Tx } from '@wg/db';
import type * as common from '@wg/db/common';
import { uuidv7 } from 'uuidv7';
import type { Identity } from './auth/identity';
import { requirePermission, type Scope } from './auth/permissions';
import { ForbiddenError } from './errors';
import type { EventData, EventType, NewEvent, NewEventOf } from './events/catalogue';
import { emitEvents } from './events/outbox';

type OutboxTable = ReturnType<typeof common.outboxTable>;

/**
 * The one approval rule every approvable aggregate uses (offers now; timesheets, time off,
 * expenses, payroll later): the approver holds `<resource>:approve` at scope `team` or `all`,
 * is never the requester ("never your own"), and with scope `team` the subject must be in their
 * reporting line or department (`inTeam`, the caller's domain decides what that means).
 */
export interface ApprovalRequest {
  /** The user who asked for approval (authored the subject). */
  requestedBy: string | null;
  /** For a `team` approver: whether the subject is theirs to approve. */
  inTeam?: () => boolean | Promise<boolean>;
}

export async function requireApprover(
  identity: Identity,
  permission: `${string}:approve`,
  request: ApprovalRequest,
): Promise<Scope> {
  const scope = requirePermission(identity, permission);
  if (request.requestedBy !== null && identity.userId === request.requestedBy) {
    throw new ForbiddenError('You cannot approve your own request', `${permission} (never your own)`);
  }
  if (scope === 'own')
    throw new ForbiddenError(`Missing permission ${permission}:team`, `${permission}:team`);
  if (scope === 'team' && !(await (request.inTeam?.() ?? false))) {
    throw new ForbiddenError('Outside your team', `${permission}:all`);
  }
  return scope;
}

/**
 * Every approvable kind, in one place: the permission whose `approve` action decides it, what a
 * `team` scope covers, and the owner's mutations that decide it. The inbox (security) and the
 * owners' own checks read the same table, so "who may decide" cannot drift between them.
 * - `reporting_line`: the subject employee is the approver or below them (`managerId` chain).
 * - `department`: the subject's department is the approver's department or below it.
 */
export const APPROVAL_KINDS = {
  timesheet_entry: {
    permission: 'timesheet:approve',
    team: 'reporting_line',
    decide: '`approveTimesheetEntries` / `rejectTimesheetEntries` (work)',
  },
  offer: {
    permission: 'offer:approve',
    team: 'department',
    decide: '`approveOffer` / `rejectOfferApproval` (recruiting)',
  },
  time_off_request: {
    permission: 'time_off:approve',
    team: 'reporting_line',
    decide: '`approveTimeOffRequests` / `rejectTimeOffRequests` (work)',
  },
  shift_swap: {
    permission: 'shift:approve',
    team: 'reporting_line',
    decide: '`approveShiftSwaps` / `rejectShiftSwaps` (work)',
  },
} as const satisfies Record<
  string,
  { permission: `${string}:approve`; team: 'reporting_line' | 'department'; decide: string }
>;

/** `timesheet_entry`, `offer`, `time_off_request`, `shift_swap`. */
export type ApprovalKind = keyof typeof APPROVAL_KINDS;
export const approvalKinds = Object.keys(APPROVAL_KINDS) as ApprovalKind[];
export const isApprovalKind = (kind: string): kind is ApprovalKind => Object.hasOwn(APPROVAL_KINDS, kind);

/**
 * Where an approvable thing stands, as its owner announces it: `PENDING` (asked for, or asked
 * again after a rejection), `APPROVED` / `REJECTED` (decided), `WITHDRAWN` (gone without a
 * decision: deleted, cancelled, withdrawn). Only `PENDING` items wait in an inbox.
 */
export type ApprovalChangeStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN';

/**
 * One approvable thing after a change, as its owner sees it: everything an inbox needs to list
 * it and to decide who may decide it, without asking the owner back.
 */
export interface ApprovalChange {
  /** What is approved: a key of `APPROVAL_KINDS` (`timesheet_entry`, `offer`, …). */
  kind: ApprovalKind;
  /** The id of the subject (the timesheet entry, the offer, …). */
  subjectId: string;
  /** Where it stands after the change. */
  status: ApprovalChangeStatus;
  /** One line describing the subject for a to-do list ("7.50 h on Rebrand on 2024-03-04 by Tia Timesheet"). */
  subject: string;
  /** The user who asked for the approval; null when the owner does not record it. */
  requestedBy: string | null;
  /** The employee who asked (never their own: they may not decide it); null when unknown. */
  requesterEmployeeId: string | null;
  /** When the approval was (last) asked for, ISO-8601: the inbox's order. */
  requestedAt: string;
  /** The employee the subject is about: `reporting_line` team scope is decided by it. */
  employeeId: string | null;
  /** The department the subject belongs to: `department` team scope is decided by it. */
  departmentId: string | null;
  /** When it was decided (ISO-8601); null while pending. */
  decidedAt?: string | null;
  /** The user who decided; null while pending or when not recorded. */
  decidedBy?: string | null;
  /**
   * When the owner made this change (ISO-8601, wall clock at publish). A consumer keeps the
   * newest change per subject (ties: the later event id), so a late or replayed PENDING never
   * brings back a decided item.
   */
  changedAt: string;
}

/**
 * `<domain>.approval.changed` — aggregate `ApprovalBatch` (a new id per event): the approvable
 * things one transaction changed, at most `APPROVAL_BATCH` per event (a bulk import or a bulk
 * approval is a few events, not one per line). Publish with `publishApprovalChanges`.
 */
export interface ApprovalChangedData {
  /**
   * One entry per subject (`ApprovalChange` in `@wg/runtime` approvals.ts): kind, subjectId,
   * status (PENDING, APPROVED, REJECTED, WITHDRAWN), subject, requestedBy, requesterEmployeeId,
   * requestedAt, employeeId, departmentId, decidedAt?, decidedBy?, changedAt.
   */
  changes: ApprovalChange[];
}

/** Most changes one `*.approval.changed` event carries. */
export const APPROVAL_BATCH = 500;

/** The catalogue's approval event types (`work.approval.changed`, `recruiting.approval.changed`, …). */
export type ApprovalEventType = Extract<EventType, `${string}.approval.changed`>;

/**
 * Publishes approval changes through the owner's outbox, in the caller's transaction (the same
 * one as the change): the inbox learns about a change if and only if it committed. `changedAt`
 * defaults to now (the real wall clock, not `clock`: a test's faked date must not reorder
 * changes). Nothing is written for an empty list.
 */
export async function publishApprovalChanges(
  tx: Tx,
  outbox: OutboxTable,
  tenantId: string,
  type: ApprovalEventType,
  changes: readonly (Omit<ApprovalChange, 'changedAt'> & { changedAt?: string })[],
): Promise<void> {
  if (changes.length === 0) return;
  const changedAt = new Date().toISOString();
  const all = changes.map((c) => ({ ...c, changedAt: c.changedAt ?? changedAt }));
  const events: NewEvent<ApprovalEventType>[] = [];
  for (let i = 0; i < all.length; i += APPROVAL_BATCH) {
    events.push({
      tenantId,
      type,
      aggregateType: 'ApprovalBatch',
      aggregateId: uuidv7(),
      data: { changes: all.slice(i, i + APPROVAL_BATCH) } as EventData<ApprovalEventType>,
    });
  }
  await emitEvents(tx, outbox, events as NewEventOf<ApprovalEventType>[]);
}
