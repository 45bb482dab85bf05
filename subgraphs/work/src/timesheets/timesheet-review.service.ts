import type { Tx } from '@wg/db';
import { auditLog, entityRefs, outbox, timesheetEntries } from '@wg/db/work';
import {
  badInput,
  conflict,
  emitEvent,
  type FieldError,
  forbidden,
  ForbiddenError,
  isUuid,
  notFound,
  recordAudit,
} from '@wg/runtime';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { EMPLOYEE_REF, reportingLine } from '../employees/employee.service';
import type { TimesheetLine, TimesheetReviewedData } from '../events';
import type { WorkContext } from '../loaders';
import {
  formatHundredths,
  hoursProblem,
  hoursToHundredths,
  lockTimesheetsOf,
  MAX_HOURS_PER_DAY,
} from './timesheet.hours';
import type { CorrectTimesheetEntryInput } from './timesheet.input';
import type { TimesheetEntry } from './timesheet.type';
import { publishEntryApprovals } from './timesheet-approval.events';

const t = timesheetEntries;

/** Most entries one approve/reject call may decide on (one event carries them all). */
export const MAX_REVIEW_BATCH = 500;
const MAX_REASON = 2000;
const MAX_NOTE = 2000;

const lineOf = (e: TimesheetEntry): TimesheetLine => ({
  entryId: e.id,
  employeeId: e.employeeId,
  projectId: e.projectId,
  date: e.date,
  hours: e.hours,
});

function idsProblems(ids: string[]): FieldError[] {
  if (ids.length === 0) return [{ field: 'ids', message: 'Give at least one entry id' }];
  if (ids.length > MAX_REVIEW_BATCH) {
    return [{ field: 'ids', message: `At most ${MAX_REVIEW_BATCH} entries per call` }];
  }
  return ids.flatMap((id, i) => (isUuid(id) ? [] : [{ field: `ids.${i}`, message: 'Must be a valid id' }]));
}

/** Locks the entries (`for update`) so concurrent reviews serialise; RLS hides other tenants. */
async function lockEntries(tx: Tx, ids: string[]): Promise<TimesheetEntry[]> {
  const rows = (await tx.select().from(t).where(inArray(t.id, ids)).for('update')) as TimesheetEntry[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = ids.find((id) => !byId.has(id));
  if (missing) throw notFound('TimesheetEntry', missing);
  return ids.map((id) => byId.get(id)!);
}

/**
 * Checks that the caller may review every entry: never their own time, and with scope `team` only
 * entries of people below them in the reporting line (work's replica of people's data).
 */
async function assertMayReview(ctx: WorkContext, tx: Tx, scope: string, entries: TimesheetEntry[]) {
  const self = ctx.identity.employeeId;
  if (self && entries.some((e) => e.employeeId === self)) {
    throw new ForbiddenError('Nobody approves or rejects their own time');
  }
  if (scope === 'all') return;
  if (!self) throw forbidden('timesheet:approve:all');
  const employees = [...new Set(entries.map((e) => e.employeeId))];
  const inLine = await tx
    .select({ id: entityRefs.id })
    .from(entityRefs)
    .where(
      and(
        eq(entityRefs.entityType, EMPLOYEE_REF),
        inArray(entityRefs.id, employees),
        sql`${entityRefs.id} in ${reportingLine(self)}`,
      ),
    );
  const allowed = new Set(inLine.map((r) => r.id));
  if (employees.some((id) => !allowed.has(id))) throw forbidden('timesheet:approve:all');
}

async function review(
  ctx: WorkContext,
  ids: string[],
  decision: 'APPROVED' | 'REJECTED',
  reason: string | null,
): Promise<TimesheetEntry[]> {
  const scope = ctx.authorize('timesheet:approve');
  const tenantId = ctx.tenantId();
  const errors = idsProblems(ids);
  const trimmed = reason?.trim() ?? '';
  if (decision === 'REJECTED') {
    if (!trimmed) errors.push({ field: 'reason', message: 'Say why the entries are rejected' });
    else if (trimmed.length > MAX_REASON) {
      errors.push({ field: 'reason', message: `Reason must be at most ${MAX_REASON} characters` });
    }
  }
  if (errors.length > 0) throw badInput(errors);
  const unique = [...new Set(ids)];

  return ctx.tx(async (tx) => {
    const entries = await lockEntries(tx, unique);
    await assertMayReview(ctx, tx, scope, entries);
    const undecidable = entries.find((e) => e.status !== 'SUBMITTED');
    if (undecidable) {
      throw conflict(
        `Timesheet entry ${undecidable.id} is ${undecidable.status}; only SUBMITTED entries can be ${decision.toLowerCase()}`,
      );
    }
    const updated = (await tx
      .update(t)
      .set({
        status: decision,
        reviewedBy: ctx.identity.userId,
        reviewedAt: new Date(),
        rejectionReason: decision === 'REJECTED' ? trimmed : null,
      })
      .where(inArray(t.id, unique))
      .returning()) as TimesheetEntry[];
    const byId = new Map(updated.map((r) => [r.id, r]));
    const after = unique.map((id) => byId.get(id)!);

    const data: TimesheetReviewedData = { entries: after.map(lineOf), reviewedBy: ctx.identity.userId };
    if (decision === 'REJECTED') data.reason = trimmed;
    await publishEntryApprovals(tx, tenantId, unique);
    await emitEvent(tx, outbox, {
      tenantId,
      type: decision === 'APPROVED' ? 'work.timesheet.approved' : 'work.timesheet.rejected',
      aggregateType: 'TimesheetBatch',
      aggregateId: uuidv7(),
      data,
    });
    await recordAudit(
      tx,
      auditLog,
      after.map((row, i) => ({
        tenantId,
        actorId: ctx.identity.userId,
        requestId: ctx.requestId,
        action: decision === 'APPROVED' ? 'timesheet.approve' : 'timesheet.reject',
        entityType: 'TimesheetEntry',
        entityId: row.id,
        before: entries[i],
        after: row,
      })),
    );
    return after;
  });
}

/** Loads one entry for an owner's change: NOT_FOUND, then FORBIDDEN (not the owner), then CONFLICT. */
async function ownEntryForChange(
  ctx: WorkContext,
  tx: Tx,
  id: string,
  verb: string,
): Promise<TimesheetEntry> {
  const [entry] = await lockEntries(tx, [id]);
  const self = ctx.identity.employeeId;
  if (!self || entry!.employeeId !== self)
    throw new ForbiddenError('Only the person who logged an entry may change or delete it');
  if (entry!.status === 'APPROVED')
    throw conflict(`Timesheet entry ${id} is APPROVED and can no longer be ${verb}`);
  return entry!;
}

export const timesheetReviewService = {
  /**
   * Approves SUBMITTED entries. Requires `timesheet:approve`: scope `team` for entries of your
   * reporting line, `all` for anyone; never your own time. All or nothing; one
   * `work.timesheet.approved` event for the call.
   */
  approve(ctx: WorkContext, ids: string[]): Promise<TimesheetEntry[]> {
    return review(ctx, ids, 'APPROVED', null);
  },

  /** Rejects SUBMITTED entries with a reason; same rules as `approve`, event `work.timesheet.rejected`. */
  reject(ctx: WorkContext, ids: string[], reason: string | null | undefined): Promise<TimesheetEntry[]> {
    return review(ctx, ids, 'REJECTED', reason ?? null);
  },

  /**
   * The owner corrects a REJECTED entry (hours and/or note) and resubmits it: status back to
   * SUBMITTED, review fields cleared. Approved entries are locked (CONFLICT), SUBMITTED ones
   * await review (CONFLICT). The daily 24-hour limit still applies.
   */
  async correct(ctx: WorkContext, id: string, input: CorrectTimesheetEntryInput): Promise<TimesheetEntry> {
    ctx.authorize('timesheet:create');
    const tenantId = ctx.tenantId();
    const errors: FieldError[] = [];
    if (!isUuid(id)) errors.push({ field: 'id', message: 'Must be a valid id' });
    const hoursGiven = input.hours !== undefined && input.hours !== null;
    const problem = hoursGiven ? hoursProblem(input.hours!) : null;
    if (problem) errors.push({ field: 'input.hours', message: problem });
    const note = input.note === undefined ? undefined : input.note?.trim() || null;
    if (note && note.length > MAX_NOTE) {
      errors.push({ field: 'input.note', message: `Note must be at most ${MAX_NOTE} characters` });
    }
    if (errors.length > 0) throw badInput(errors);

    return ctx.tx(async (tx) => {
      const before = await ownEntryForChange(ctx, tx, id, 'changed');
      if (before.status !== 'REJECTED') {
        throw conflict(`Timesheet entry ${id} is ${before.status}; only REJECTED entries can be corrected`);
      }
      const hours = hoursGiven ? formatHundredths(hoursToHundredths(input.hours!)!) : before.hours;
      // Same serialisation as logTime: one writer per employee and day while checking the limit.
      await lockTimesheetsOf(tx, tenantId, [before.employeeId]);
      const [day] = await tx
        .select({
          logged: sql<string>`coalesce(sum(${t.hours}), 0)::text`,
          over: sql<boolean>`coalesce(sum(${t.hours}), 0) + ${hours}::numeric > ${MAX_HOURS_PER_DAY}`,
        })
        .from(t)
        .where(and(eq(t.employeeId, before.employeeId), eq(t.date, before.date), ne(t.id, id)));
      if (day?.over) {
        throw badInput([
          {
            field: 'input.hours',
            message: `Total hours on ${before.date} would exceed ${MAX_HOURS_PER_DAY} (other entries ${day.logged})`,
          },
        ]);
      }
      const [row] = (await tx
        .update(t)
        .set({
          hours,
          ...(note === undefined ? {} : { note }),
          status: 'SUBMITTED',
          reviewedBy: null,
          reviewedAt: null,
          rejectionReason: null,
        })
        .where(eq(t.id, id))
        .returning()) as TimesheetEntry[];
      await publishEntryApprovals(tx, tenantId, [id]);
      await emitEvent(tx, outbox, {
        tenantId,
        type: 'work.timesheet.resubmitted',
        aggregateType: 'TimesheetEntry',
        aggregateId: id,
        data: { entry: lineOf(row!), before: lineOf(before) },
      });
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'timesheet.resubmit',
          entityType: 'TimesheetEntry',
          entityId: id,
          before,
          after: row,
        },
      ]);
      return row!;
    });
  },

  /** The owner deletes an entry that is not APPROVED (approved entries are locked: CONFLICT). */
  async delete(ctx: WorkContext, id: string): Promise<string> {
    ctx.authorize('timesheet:create');
    const tenantId = ctx.tenantId();
    if (!isUuid(id)) throw badInput([{ field: 'id', message: 'Must be a valid id' }]);
    return ctx.tx(async (tx) => {
      const before = await ownEntryForChange(ctx, tx, id, 'deleted');
      await publishEntryApprovals(tx, tenantId, [id], { withdrawn: true });
      await tx.delete(t).where(eq(t.id, id));
      await emitEvent(tx, outbox, {
        tenantId,
        type: 'work.timesheet.deleted',
        aggregateType: 'TimesheetEntry',
        aggregateId: id,
        data: { entry: lineOf(before) },
      });
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'timesheet.delete',
          entityType: 'TimesheetEntry',
          entityId: id,
          before,
        },
      ]);
      return id;
    });
  },
};
