import type { Tx } from '@wg/db';
import { auditLog, outbox, schedules, shifts, shiftSwaps } from '@wg/db/work';
import {
  type ApprovalChange,
  badInput,
  type Connection,
  clock,
  conflict,
  forbidden,
  isUniqueViolation,
  isUuid,
  notFound,
  type PageArgs,
  paginate,
  publishApprovalChanges,
  recordAudit,
  requireApprover,
  scopeFor,
} from '@wg/runtime';
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { employeeService, reportingLine } from '../employees/employee.service';
import { employeeStub } from '../employees/employee.type';
import type { WorkContext } from '../loaders';
import { assertAssignable, lockSchedulesOf, rulesOf } from './shift.rules';
import { assignee, assigning, lockShift, type ShiftRow, toShift } from './shift.service';
import { ShiftSwap } from './shift.type';

type SwapRow = typeof shiftSwaps.$inferSelect;
const MAX_IDS = 200;
const MAX_TEXT = 2000;

export const toSwap = (row: SwapRow, shift: ShiftRow, targetShift: ShiftRow | null): ShiftSwap =>
  Object.assign(new ShiftSwap(), {
    id: row.id,
    shift: toShift(shift),
    requester: employeeStub(row.requesterId),
    targetEmployee: employeeStub(row.targetEmployeeId),
    targetShift: targetShift ? toShift(targetShift) : null,
    status: row.status,
    note: row.note,
    reason: row.reason,
    createdAt: row.createdAt,
    decidedAt: row.decidedAt,
  });

async function shiftsById(tx: Tx, ids: string[]): Promise<Map<string, ShiftRow>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.select().from(shifts).where(inArray(shifts.id, ids));
  return new Map(rows.map((s) => [s.id, s]));
}

/** Swap rows with their shifts, for the API. */
export async function swapViews(tx: Tx, rows: SwapRow[]): Promise<ShiftSwap[]> {
  const byId = await shiftsById(tx, [
    ...new Set(rows.flatMap((r) => [r.shiftId, ...(r.targetShiftId ? [r.targetShiftId] : [])])),
  ]);
  return rows.map((r) =>
    toSwap(r, byId.get(r.shiftId)!, r.targetShiftId ? (byId.get(r.targetShiftId) ?? null) : null),
  );
}

/** What the approvals inbox needs to list a swap and decide who may decide it (kind `shift_swap`). */
async function approvalChange(
  tx: Tx,
  row: SwapRow,
  shift: ShiftRow,
): Promise<Omit<ApprovalChange, 'changedAt'>> {
  const [requester, target, schedule] = await Promise.all([
    employeeService.findRef(tx, row.requesterId),
    employeeService.findRef(tx, row.targetEmployeeId),
    tx
      .select({ departmentId: schedules.departmentId })
      .from(schedules)
      .where(eq(schedules.id, shift.scheduleId)),
  ]);
  const who = (e: typeof requester, id: string) =>
    e?.firstName ? `${e.firstName} ${e.lastName ?? ''}`.trim() : id;
  const status = row.status === 'CANCELLED' ? 'WITHDRAWN' : row.status;
  return {
    kind: 'shift_swap',
    subjectId: row.id,
    status,
    subject: `${who(requester, row.requesterId)} ${row.targetShiftId ? 'swaps' : 'hands over'} the shift on ${shift.date} ${row.targetShiftId ? 'with' : 'to'} ${who(target, row.targetEmployeeId)}`,
    requestedBy: row.requestedBy,
    requesterEmployeeId: row.requesterId,
    requestedAt: row.createdAt.toISOString(),
    employeeId: row.requesterId,
    departmentId: schedule[0]?.departmentId ?? requester?.departmentId ?? null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decidedBy: row.decidedBy,
  };
}

async function audit(
  ctx: WorkContext,
  tx: Tx,
  action: string,
  rows: { before: SwapRow | null; after: SwapRow }[],
) {
  await recordAudit(
    tx,
    auditLog,
    rows.map(({ before, after }) => ({
      tenantId: after.tenantId,
      actorId: ctx.identity.userId,
      requestId: ctx.requestId,
      action,
      entityType: 'ShiftSwap',
      entityId: after.id,
      before,
      after,
    })),
  );
}

export const shiftSwapService = {
  /**
   * The caller asks to hand their ASSIGNED shift to a colleague (or to exchange it for the
   * colleague's `targetShiftId`). Requires `shift:create` (own); one pending swap per shift. The
   * rules are checked now as a courtesy and again on approval, when they decide.
   */
  async request(
    ctx: WorkContext,
    input: { shiftId: string; targetEmployeeId: string; targetShiftId?: string | null; note?: string | null },
  ): Promise<ShiftSwap> {
    ctx.authorize('shift:create');
    const tenantId = ctx.tenantId();
    const self = ctx.identity.employeeId;
    if (!self) throw forbidden('shift:create (a user linked to an employee)');
    const note = input.note?.trim() || null;
    if (note && note.length > MAX_TEXT)
      throw badInput([{ field: 'input.note', message: `At most ${MAX_TEXT} characters` }]);
    try {
      return await ctx.tx(async (tx) => {
        const shift = await lockShift(tx, input.shiftId);
        if (!shift) throw badInput([{ field: 'input.shiftId', message: 'Unknown shift' }]);
        if (shift.employeeId !== self || shift.status !== 'ASSIGNED') {
          throw forbidden('shift:create (only your own assigned shift)');
        }
        if (shift.startsAt <= clock.now()) throw conflict('The shift has already started');
        if (input.targetEmployeeId === self) {
          throw badInput([{ field: 'input.targetEmployeeId', message: 'Choose a colleague, not yourself' }]);
        }
        const target = await assignee(tx, input.targetEmployeeId, 'input.targetEmployeeId');
        let targetShift: ShiftRow | null = null;
        if (input.targetShiftId) {
          targetShift = (await lockShift(tx, input.targetShiftId)) ?? null;
          if (!targetShift || targetShift.employeeId !== target.id || targetShift.status !== 'ASSIGNED') {
            throw badInput([
              { field: 'input.targetShiftId', message: 'Not an assigned shift of that colleague' },
            ]);
          }
        }
        const [row] = await tx
          .insert(shiftSwaps)
          .values({
            tenantId,
            shiftId: shift.id,
            requesterId: self,
            targetEmployeeId: target.id,
            targetShiftId: targetShift?.id ?? null,
            note,
            requestedBy: ctx.identity.userId || null,
          })
          .returning();
        await audit(ctx, tx, 'shift_swap.request', [{ before: null, after: row! }]);
        await publishApprovalChanges(tx, outbox, tenantId, 'work.approval.changed', [
          await approvalChange(tx, row!, shift),
        ]);
        return toSwap(row!, shift, targetShift);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('This shift already has a pending swap request');
      throw error;
    }
  },

  /** The requester withdraws a PENDING swap. */
  async cancel(ctx: WorkContext, id: string): Promise<ShiftSwap> {
    ctx.authorize('shift:create');
    const tenantId = ctx.tenantId();
    return ctx.tx(async (tx) => {
      const [row] = isUuid(id)
        ? await tx.select().from(shiftSwaps).where(eq(shiftSwaps.id, id)).for('update')
        : [];
      if (!row) throw notFound('ShiftSwap', id);
      if (row.requesterId !== ctx.identity.employeeId)
        throw forbidden('shift:create (only your own request)');
      if (row.status !== 'PENDING') throw conflict(`The swap request is ${row.status}`);
      const [after] = await tx
        .update(shiftSwaps)
        .set({ status: 'CANCELLED', decidedAt: clock.now(), updatedAt: clock.now() })
        .where(eq(shiftSwaps.id, row.id))
        .returning();
      await audit(ctx, tx, 'shift_swap.cancel', [{ before: row, after: after! }]);
      const [view] = await swapViews(tx, [after!]);
      await publishApprovalChanges(tx, outbox, tenantId, 'work.approval.changed', [
        await approvalChange(tx, after!, (await shiftsById(tx, [after!.shiftId])).get(after!.shiftId)!),
      ]);
      return view!;
    });
  },

  /**
   * Approves or rejects PENDING swaps in bulk (all or nothing). Requires `shift:approve`: `team`
   * for requesters in your reporting line, `all` for anyone; never your own request. Approving
   * re-checks every rule for both employees and moves the shifts; a broken rule is a CONFLICT
   * naming it and nothing changes.
   */
  async decide(
    ctx: WorkContext,
    ids: string[],
    decision: 'APPROVED' | 'REJECTED',
    reason: string | null,
  ): Promise<ShiftSwap[]> {
    ctx.authorize('shift:approve');
    const tenantId = ctx.tenantId();
    const unique = [...new Set(ids)];
    if (unique.length === 0 || unique.length > MAX_IDS) {
      throw badInput([{ field: 'ids', message: `Give 1–${MAX_IDS} swap requests` }]);
    }
    if (unique.some((id) => !isUuid(id)))
      throw badInput([{ field: 'ids', message: 'Every id must be a valid id' }]);
    const why = reason?.trim() || null;
    if (decision === 'REJECTED' && (!why || why.length > MAX_TEXT)) {
      throw badInput([{ field: 'reason', message: `A reason of 1–${MAX_TEXT} characters is required` }]);
    }
    return assigning(() =>
      ctx.tx(async (tx) => {
        const rows = await tx
          .select()
          .from(shiftSwaps)
          .where(inArray(shiftSwaps.id, unique))
          .orderBy(asc(shiftSwaps.id))
          .for('update');
        const missing = unique.find((id) => !rows.some((r) => r.id === id));
        if (missing) throw notFound('ShiftSwap', missing);
        const self = ctx.identity.employeeId;
        for (const row of rows) {
          if (self && row.requesterId === self) throw forbidden('shift:approve (never your own)');
          await requireApprover(ctx.identity, 'shift:approve', {
            requestedBy: row.requestedBy,
            inTeam: () => (self ? employeeService.inReportingLine(tx, self, row.requesterId) : false),
          });
        }
        const decided = rows.find((r) => r.status !== 'PENDING');
        if (decided) throw conflict(`Swap request ${decided.id} is ${decided.status}`);

        if (decision === 'APPROVED') {
          await lockSchedulesOf(
            tx,
            tenantId,
            rows.flatMap((r) => [r.requesterId, r.targetEmployeeId]),
          );
          const rules = await rulesOf(tx);
          for (const row of rows) {
            const shift = await lockShift(tx, row.shiftId);
            const theirs = row.targetShiftId ? await lockShift(tx, row.targetShiftId) : null;
            if (!shift || shift.status !== 'ASSIGNED' || shift.employeeId !== row.requesterId) {
              throw conflict(`Swap request ${row.id}: the shift is no longer the requester's`);
            }
            if (
              row.targetShiftId &&
              (!theirs || theirs.status !== 'ASSIGNED' || theirs.employeeId !== row.targetEmployeeId)
            ) {
              throw conflict(`Swap request ${row.id}: the colleague's shift is no longer theirs`);
            }
            await assignee(tx, row.targetEmployeeId, 'ids');
            const leaving = [shift.id, ...(theirs ? [theirs.id] : [])];
            await assertAssignable(tx, rules, row.targetEmployeeId, shift, leaving);
            if (theirs) await assertAssignable(tx, rules, row.requesterId, theirs, leaving);
            // Two shifts at overlapping times cannot change hands one after the other (the overlap
            // constraint checks every statement): free them first. Otherwise move each once.
            if (theirs && theirs.startsAt < shift.endsAt && shift.startsAt < theirs.endsAt) {
              await tx
                .update(shifts)
                .set({ employeeId: null, status: 'OPEN' })
                .where(inArray(shifts.id, leaving));
            }
            await tx
              .update(shifts)
              .set({ employeeId: row.targetEmployeeId, status: 'ASSIGNED', updatedAt: clock.now() })
              .where(eq(shifts.id, shift.id));
            if (theirs) {
              await tx
                .update(shifts)
                .set({ employeeId: row.requesterId, status: 'ASSIGNED', updatedAt: clock.now() })
                .where(eq(shifts.id, theirs.id));
            }
          }
        }
        const after = await tx
          .update(shiftSwaps)
          .set({
            status: decision,
            decidedBy: ctx.identity.userId || null,
            decidedAt: clock.now(),
            reason: decision === 'REJECTED' ? why : null,
            updatedAt: clock.now(),
          })
          .where(inArray(shiftSwaps.id, unique))
          .returning();
        await audit(
          ctx,
          tx,
          decision === 'APPROVED' ? 'shift_swap.approve' : 'shift_swap.reject',
          after.map((a) => ({ before: rows.find((r) => r.id === a.id)!, after: a })),
        );
        const byShift = await shiftsById(
          tx,
          after.map((a) => a.shiftId),
        );
        await publishApprovalChanges(
          tx,
          outbox,
          tenantId,
          'work.approval.changed',
          await Promise.all(after.map((a) => approvalChange(tx, a, byShift.get(a.shiftId)!))),
        );
        return swapViews(
          tx,
          after.sort((a, b) => unique.indexOf(a.id) - unique.indexOf(b.id)),
        );
      }),
    );
  },

  /**
   * Swap requests the caller may see: their own (as requester or target), and with `shift:approve`
   * those they may decide (team: their reporting line; all: everyone), newest first, paginated.
   * Cancelled ones only when asked for by status.
   */
  async list(
    ctx: WorkContext,
    status: SwapRow['status'] | null,
    page: PageArgs,
  ): Promise<Connection<ShiftSwap>> {
    ctx.authorize('shift:read');
    const self = ctx.identity.employeeId;
    const approve = scopeFor(ctx.identity, 'shift', 'approve');
    return ctx.tx(async (tx) => {
      const mine = self
        ? sql`(${shiftSwaps.requesterId} = ${self} or ${shiftSwaps.targetEmployeeId} = ${self})`
        : sql`false`;
      const visible =
        approve === 'all'
          ? undefined
          : approve === 'team' && self
            ? sql`(${mine} or ${shiftSwaps.requesterId} in ${reportingLine(self)})`
            : mine;
      const rows = await paginate(
        tx,
        {
          table: shiftSwaps,
          key: shiftSwaps.id,
          order: 'desc',
          where: and(visible, status ? eq(shiftSwaps.status, status) : ne(shiftSwaps.status, 'CANCELLED')),
        },
        page,
      );
      const nodes = await swapViews(
        tx,
        rows.edges.map((e) => e.node),
      );
      return { ...rows, edges: rows.edges.map((e, i) => ({ ...e, node: nodes[i]! })) };
    });
  },
};
