import type { Tx } from '@wg/db';
import { entityRefs, leaveTypes, outbox, shifts, timeOffPolicies, timeOffRequests } from '@wg/db/work';
import {
  addDays,
  type ApprovalChange,
  badInput,
  type Connection,
  ConflictError,
  clock,
  conflict,
  daySpanProblems,
  Dec,
  emitEvents,
  type FieldError,
  ForbiddenError,
  forbidden,
  isUuid,
  minDate,
  notFound,
  paginate,
  type PageArgs,
  publishApprovalChanges,
  requireApprover,
  scopeFor,
  workingDaysByYear,
  yearOf,
} from '@wg/runtime';
import { and, asc, eq, gte, inArray, lte, ne, type SQL, sql } from 'drizzle-orm';
import {
  EMPLOYEE_REF,
  type EmployeeRef,
  employeeService,
  reportingLine,
} from '../../employees/employee.service';
import type { TimeOffRequestData } from '../../events';
import type { WorkContext } from '../../loaders';
import { lockSchedulesOf } from '../../shifts/shift.rules';
import { computeBalances, termsOf } from '../balances/time-off-balance.service';
import { workingCalendarFor } from '../holidays/holiday-calendar.service';
import type { LeaveType } from '../leave-types/leave-type.type';
import { mayActFor } from '../time-off.access';
import { auditTimeOff } from '../time-off.audit';
import type { RequestTimeOffInput, TimeOffRequestFilter } from './time-off-request.input';
import type { TimeOffRequest, TimeOffStatus } from './time-off-request.type';

const r = timeOffRequests;
const MAX_NOTE = 2000;
const MAX_REASON = 2000;
/** Most requests one approve/reject call decides. */
export const MAX_DECISION_BATCH = 200;
/** The longest single request (calendar days). */
const MAX_SPAN_DAYS = 366;
const EXCLUSION_VIOLATION = '23P01';

/** CONFLICT for a request the balance cannot cover; `available` is what is left for new requests. */
export class InsufficientBalanceError extends ConflictError {
  constructor(
    message: string,
    readonly available: string,
    readonly requested: string,
    readonly unit: string,
    readonly year: number,
  ) {
    super(message);
  }
  override details() {
    return { available: this.available, requested: this.requested, unit: this.unit, year: this.year };
  }
}

function sqlState(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

const nameOf = (ref: EmployeeRef | null, fallback: string) =>
  ref?.firstName ? `${ref.firstName} ${ref.lastName ?? ''}`.trim() : fallback;

/** The first PENDING/APPROVED request of `employeeId` overlapping [start, end], if any. */
async function findOverlap(tx: Tx, employeeId: string, start: string, end: string, except?: string) {
  const [row] = await tx
    .select({ id: r.id, startDate: r.startDate, endDate: r.endDate, status: r.status })
    .from(r)
    .where(
      and(
        eq(r.employeeId, employeeId),
        inArray(r.status, ['PENDING', 'APPROVED']),
        lte(r.startDate, end),
        gte(r.endDate, start),
        except ? ne(r.id, except) : undefined,
      ),
    )
    .limit(1);
  return row;
}

const overlapMessage = (o: { id: string; startDate: string; endDate: string; status: string }) =>
  `The days overlap the ${o.status} request ${o.id} (${o.startDate} – ${o.endDate})`;

function eventData(req: TimeOffRequest, type: LeaveType): TimeOffRequestData {
  return {
    requestId: req.id,
    employeeId: req.employeeId,
    start: req.startDate,
    end: req.endDate,
    halfDayStart: req.halfDayStart,
    halfDayEnd: req.halfDayEnd,
    paid: type.paid,
    leaveTypeCode: type.code,
    amount: req.amount,
    unit: type.unit,
  };
}

/** One request as the approvals inbox sees it (`work.approval.changed`). */
function approvalChange(
  req: TimeOffRequest,
  type: LeaveType,
  employee: EmployeeRef | null,
  status: ApprovalChange['status'],
): Omit<ApprovalChange, 'changedAt'> {
  return {
    kind: 'time_off_request',
    subjectId: req.id,
    status,
    subject: subjectLine(req, type, employee),
    requestedBy: req.requestedBy,
    requesterEmployeeId: req.employeeId,
    requestedAt: req.createdAt.toISOString(),
    employeeId: req.employeeId,
    departmentId: employee?.departmentId ?? null,
    decidedAt: req.decidedAt ? req.decidedAt.toISOString() : null,
    decidedBy: req.decidedBy,
  };
}

const subjectLine = (req: TimeOffRequest, type: LeaveType, employee: EmployeeRef | null) =>
  `${type.name}: ${req.amount} ${type.unit.toLowerCase()} ${req.startDate} – ${req.endDate} by ${nameOf(employee, req.employeeId)}`;

async function refsOf(tx: Tx, ids: string[]): Promise<Map<string, EmployeeRef>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: entityRefs.id, data: entityRefs.data })
    .from(entityRefs)
    .where(and(eq(entityRefs.entityType, EMPLOYEE_REF), inArray(entityRefs.id, ids)));
  return new Map(rows.map((row) => [row.id, { ...(row.data as EmployeeRef), id: row.id }]));
}

async function typesOf(tx: Tx, ids: string[]): Promise<Map<string, LeaveType>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.select().from(leaveTypes).where(inArray(leaveTypes.id, ids));
  return new Map(rows.map((t) => [t.id, t]));
}

/**
 * The balance check of a new request: for each balance year it touches, what is left for new
 * requests (available − pending, as of the request's last day in that year, so accrual up to the
 * leave counts) must cover its days there, down to −negativeLimit.
 */
async function assertBalance(
  tx: Tx,
  employee: EmployeeRef,
  type: LeaveType,
  byYear: Map<number, Dec>,
  end: string,
): Promise<void> {
  if (!type.balanceApplies) return;
  const terms = termsOf(employee);
  const [policy] = await tx
    .select({ negativeLimit: timeOffPolicies.negativeLimit })
    .from(timeOffPolicies)
    .where(
      and(eq(timeOffPolicies.leaveTypeId, type.id), eq(timeOffPolicies.employmentType, terms.employmentType)),
    );
  const limit = Dec.of(policy?.negativeLimit ?? '0');
  for (const [year, amount] of byYear) {
    if (amount.isZero()) continue;
    const asOf = minDate(end, `${year}-12-31`);
    const balance = (await computeBalances(tx, terms, [type], asOf)).get(type.id)!;
    const free = balance.available.minus(balance.pending);
    if (free.minus(amount).lt(limit.times('-1'))) {
      const unit = type.unit.toLowerCase();
      throw new InsufficientBalanceError(
        `Insufficient ${type.code} balance for ${year}: ${free.toFixed(2)} ${unit} available, ${amount.toFixed(2)} requested` +
          (limit.isZero() ? '' : ` (the policy allows ${limit.toFixed(2)} below zero)`),
        free.toFixed(2),
        amount.toFixed(2),
        type.unit,
        year,
      );
    }
  }
}

/** Locks the requests (`for update`); another tenant's ids are NOT_FOUND (RLS). */
async function lockRequests(tx: Tx, ids: string[]): Promise<TimeOffRequest[]> {
  const rows = (await tx.select().from(r).where(inArray(r.id, ids)).for('update')) as TimeOffRequest[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing = ids.find((id) => !byId.has(id));
  if (missing) throw notFound('TimeOffRequest', missing);
  return ids.map((id) => byId.get(id)!);
}

function idsProblems(ids: string[]): FieldError[] {
  if (ids.length === 0) return [{ field: 'ids', message: 'Give at least one request id' }];
  if (ids.length > MAX_DECISION_BATCH)
    return [{ field: 'ids', message: `At most ${MAX_DECISION_BATCH} requests per call` }];
  return ids.flatMap((id, i) => (isUuid(id) ? [] : [{ field: `ids.${i}`, message: 'Must be a valid id' }]));
}

/**
 * Approved leave and assigned shifts exclude each other (the shift rules refuse a shift on approved
 * leave): approving leave over someone's assigned shifts is a CONFLICT naming them. Both sides take
 * the employee's scheduling lock first, so an approval and an assignment racing for the same day
 * cannot both succeed.
 */
async function refuseOverShifts(tx: Tx, tenantId: string, requests: TimeOffRequest[]): Promise<void> {
  await lockSchedulesOf(
    tx,
    tenantId,
    requests.map((q) => q.employeeId),
  );
  for (const q of requests) {
    const clashes = await tx
      .select({ date: shifts.date })
      .from(shifts)
      .where(
        and(
          eq(shifts.employeeId, q.employeeId),
          eq(shifts.status, 'ASSIGNED'),
          gte(shifts.date, q.startDate),
          lte(shifts.date, q.endDate),
        ),
      )
      .orderBy(asc(shifts.date));
    if (clashes.length > 0) {
      throw conflict(
        `Time-off request ${q.id} covers ${clashes.length} assigned shift(s) (${clashes.map((c) => c.date).join(', ')}): reassign or cancel them first`,
      );
    }
  }
}

async function decide(
  ctx: WorkContext,
  ids: string[],
  decision: 'APPROVED' | 'REJECTED',
  reason: string | null,
): Promise<TimeOffRequest[]> {
  ctx.authorize('time_off:approve');
  const tenantId = ctx.tenantId();
  const errors = idsProblems(ids);
  const trimmed = reason?.trim() ?? '';
  if (decision === 'REJECTED') {
    if (!trimmed) errors.push({ field: 'reason', message: 'Say why the requests are rejected' });
    else if (trimmed.length > MAX_REASON)
      errors.push({ field: 'reason', message: `At most ${MAX_REASON} characters` });
  }
  if (errors.length > 0) throw badInput(errors);
  const unique = [...new Set(ids)];
  const self = ctx.identity.employeeId;
  // Loaded before the transaction: the loader runs its own, and PGlite has a single connection.
  const line = self ? await ctx.loaders.reportingLineOf.load(self) : new Set<string>();
  return ctx.tx(async (tx) => {
    const requests = await lockRequests(tx, unique);
    for (const req of requests) {
      if (self && req.employeeId === self)
        throw new ForbiddenError('Nobody approves or rejects their own time off');
      await requireApprover(ctx.identity, 'time_off:approve', {
        requestedBy: req.requestedBy,
        inTeam: () => line.has(req.employeeId),
      });
    }
    const undecidable = requests.find((q) => q.status !== 'PENDING');
    if (undecidable) {
      throw conflict(
        `Time-off request ${undecidable.id} is ${undecidable.status}; only PENDING requests can be ${decision.toLowerCase()}`,
      );
    }
    if (decision === 'APPROVED') await refuseOverShifts(tx, tenantId, requests);
    const decidedAt = new Date();
    const updated = (await tx
      .update(r)
      .set({
        status: decision,
        decidedBy: ctx.identity.userId,
        decidedAt,
        reason: decision === 'REJECTED' ? trimmed : null,
        updatedAt: decidedAt,
      })
      .where(inArray(r.id, unique))
      .returning()) as TimeOffRequest[];
    const byId = new Map(updated.map((row) => [row.id, row]));
    const after = unique.map((id) => byId.get(id)!);
    const [types, refs] = await Promise.all([
      typesOf(tx, [...new Set(after.map((q) => q.leaveTypeId))]),
      refsOf(tx, [...new Set(after.map((q) => q.employeeId))]),
    ]);
    if (decision === 'APPROVED') {
      await emitEvents(
        tx,
        outbox,
        after.map((q) => ({
          tenantId,
          type: 'work.time_off.approved' as const,
          aggregateType: 'TimeOffRequest',
          aggregateId: q.id,
          data: eventData(q, types.get(q.leaveTypeId)!),
        })),
      );
    }
    await publishApprovalChanges(
      tx,
      outbox,
      tenantId,
      'work.approval.changed',
      after.map((q) =>
        approvalChange(q, types.get(q.leaveTypeId)!, refs.get(q.employeeId) ?? null, decision),
      ),
    );
    for (const [i, q] of after.entries()) {
      await auditTimeOff(
        ctx,
        tx,
        decision === 'APPROVED' ? 'time_off.approve' : 'time_off.reject',
        'TimeOffRequest',
        q.id,
        requests[i],
        q,
      );
    }
    return after;
  });
}

/** The rows the caller may read with `time_off:read` at their scope, as a SQL condition. */
function readScope(ctx: WorkContext): SQL | undefined {
  const scope = scopeFor(ctx.identity, 'time_off', 'read');
  if (scope === 'all') return undefined;
  const self = ctx.identity.employeeId;
  if (!scope || !self) return sql`false`;
  if (scope === 'own') return eq(r.employeeId, self);
  return sql`${r.employeeId} in ${reportingLine(self)}`;
}

function rangeProblems(from: string | null | undefined, to: string | null | undefined): FieldError[] {
  if (from && to && to < from) return [{ field: 'to', message: '`to` must be on or after `from`' }];
  return [];
}

export const timeOffRequestService = {
  /**
   * Asks for time off → PENDING. Requires `time_off:request`: own for yourself (the default),
   * team for your reporting line, all for anyone. The amount comes from the working calendar of
   * the employee's work location (else the tenant default). Overlaps with a PENDING/APPROVED
   * request are a CONFLICT (also under a race: the exclusion constraint); so is a balance that
   * cannot cover it (with the available amount), unless the policy's negative limit allows it.
   */
  async request(ctx: WorkContext, input: RequestTimeOffInput): Promise<TimeOffRequest> {
    const scope = ctx.authorize('time_off:request');
    const tenantId = ctx.tenantId();
    const self = ctx.identity.employeeId;
    const errors: FieldError[] = [];
    const employeeId = input.employeeId ?? self;
    if (!employeeId) {
      throw badInput([
        { field: 'input.employeeId', message: 'Give the employee: you have no employee record' },
      ]);
    }
    if (!isUuid(employeeId)) errors.push({ field: 'input.employeeId', message: 'Must be a valid id' });
    else if (employeeId !== self) {
      if (scope === 'own') throw forbidden('time_off:request:team');
      if (!(await mayActFor(ctx, 'request', employeeId))) throw forbidden('time_off:request:all');
    }
    if (!isUuid(input.leaveTypeId))
      errors.push({ field: 'input.leaveTypeId', message: 'Must be a valid id' });
    const span = {
      start: input.start,
      end: input.end,
      halfDayStart: input.halfDayStart ?? false,
      halfDayEnd: input.halfDayEnd ?? false,
    };
    const spanErrors = daySpanProblems(span).map((p) => ({ field: `input.${p.field}`, message: p.message }));
    errors.push(...spanErrors);
    if (spanErrors.length === 0 && addDays(span.start, MAX_SPAN_DAYS) <= span.end) {
      errors.push({ field: 'input.end', message: `A request spans at most ${MAX_SPAN_DAYS} days` });
    }
    const note = input.note?.trim() || null;
    if (note && note.length > MAX_NOTE)
      errors.push({ field: 'input.note', message: `At most ${MAX_NOTE} characters` });
    const bad = new Set(errors.map((e) => e.field));

    try {
      return await ctx.tx(async (tx) => {
        const [employee, type] = await Promise.all([
          bad.has('input.employeeId') ? null : employeeService.findRef(tx, employeeId),
          bad.has('input.leaveTypeId')
            ? null
            : tx
                .select()
                .from(leaveTypes)
                .where(eq(leaveTypes.id, input.leaveTypeId))
                .then((rows) => rows[0] ?? null),
        ]);
        if (!bad.has('input.employeeId') && !employee)
          errors.push({ field: 'input.employeeId', message: 'Unknown employee' });
        if (!bad.has('input.leaveTypeId') && !type)
          errors.push({ field: 'input.leaveTypeId', message: 'Unknown leave type' });
        if (type && !type.halfDaysAllowed) {
          if (span.halfDayStart)
            errors.push({
              field: 'input.halfDayStart',
              message: `${type.name} cannot be taken in half days`,
            });
          if (span.halfDayEnd)
            errors.push({ field: 'input.halfDayEnd', message: `${type.name} cannot be taken in half days` });
        }
        if (type?.noteRequired && !note)
          errors.push({ field: 'input.note', message: `${type.name} needs a note` });
        const spanOk = spanErrors.length === 0;
        if (employee && spanOk) {
          const terms = termsOf(employee);
          if (typeof employee.hireDate === 'string' && span.start < employee.hireDate) {
            errors.push({
              field: 'input.start',
              message: `Must not be before the hire date (${employee.hireDate})`,
            });
          }
          if (terms.terminationDate && span.end > terms.terminationDate) {
            errors.push({
              field: 'input.end',
              message: `Must not be after the termination date (${terms.terminationDate})`,
            });
          }
        }
        if (errors.length > 0 || !employee || !type) throw badInput(errors);

        const calendar = await workingCalendarFor(tx, termsOf(employee).workLocation, span.start, span.end);
        const days = workingDaysByYear(calendar, span);
        const byYear = new Map<number, Dec>();
        for (const [year, d] of days) byYear.set(year, type.unit === 'HOURS' ? d.times(type.hoursPerDay) : d);
        let total = Dec.of('0');
        for (const v of byYear.values()) total = total.plus(v);
        if (total.isZero()) {
          throw badInput([
            {
              field: 'input.start',
              message: 'The days requested contain no working time (weekend or holidays)',
            },
          ]);
        }
        // One writer per employee while checking overlap and balance: concurrent requests of one
        // person serialise here; the exclusion constraint still guards any other path.
        await tx.execute(
          sql`select pg_advisory_xact_lock(hashtextextended(${`time_off:${tenantId}:${employeeId}`}, 0))`,
        );
        const overlap = await findOverlap(tx, employeeId, span.start, span.end);
        if (overlap) throw conflict(overlapMessage(overlap));
        await assertBalance(tx, employee, type, byYear, span.end);

        const [row] = (await tx
          .insert(r)
          .values({
            tenantId,
            employeeId,
            leaveTypeId: type.id,
            startDate: span.start,
            endDate: span.end,
            halfDayStart: span.halfDayStart,
            halfDayEnd: span.halfDayEnd,
            note,
            amount: total.toFixed(2),
            amountByYear: Object.fromEntries(
              [...byYear].filter(([, v]) => !v.isZero()).map(([y, v]) => [String(y), v.toFixed(2)]),
            ),
            requestedBy: ctx.identity.userId,
          })
          .returning()) as TimeOffRequest[];
        await publishApprovalChanges(tx, outbox, tenantId, 'work.approval.changed', [
          approvalChange(row!, type, employee, 'PENDING'),
        ]);
        await auditTimeOff(ctx, tx, 'time_off.request', 'TimeOffRequest', row!.id, null, row);
        return row!;
      });
    } catch (error) {
      if (sqlState(error) !== EXCLUSION_VIOLATION) throw error;
      // Lost a race the advisory lock did not see (another writer): name the clash.
      const clash = await ctx.tx((tx) => findOverlap(tx, employeeId, span.start, span.end));
      throw conflict(clash ? overlapMessage(clash) : 'The days overlap another request');
    }
  },

  /** Approves PENDING requests, all or nothing (see `decide`). */
  approve(ctx: WorkContext, ids: string[]): Promise<TimeOffRequest[]> {
    return decide(ctx, ids, 'APPROVED', null);
  },

  /** Rejects PENDING requests with a reason, all or nothing. */
  reject(ctx: WorkContext, ids: string[], reason: string | null | undefined): Promise<TimeOffRequest[]> {
    return decide(ctx, ids, 'REJECTED', reason ?? null);
  },

  /**
   * The requester (the user who asked, or the employee themself) cancels a PENDING request, or an
   * APPROVED one that has not started yet (its first day is after today); the balance is returned
   * because balances are computed. An approved one emits `work.time_off.cancelled`.
   */
  async cancel(ctx: WorkContext, id: string, reason: string | null | undefined): Promise<TimeOffRequest> {
    ctx.authorize('time_off:request');
    const tenantId = ctx.tenantId();
    const errors: FieldError[] = [];
    if (!isUuid(id)) errors.push({ field: 'id', message: 'Must be a valid id' });
    const why = reason?.trim() || null;
    if (why && why.length > MAX_REASON)
      errors.push({ field: 'reason', message: `At most ${MAX_REASON} characters` });
    if (errors.length > 0) throw badInput(errors);
    return ctx.tx(async (tx) => {
      const [before] = await lockRequests(tx, [id]);
      const req = before!;
      const self = ctx.identity.employeeId;
      const mine = req.requestedBy === ctx.identity.userId || (self !== null && req.employeeId === self);
      if (!mine) throw new ForbiddenError('Only the requester may cancel a time-off request');
      if (req.status !== 'PENDING' && req.status !== 'APPROVED') {
        throw conflict(`Time-off request ${id} is ${req.status} and cannot be cancelled`);
      }
      if (req.status === 'APPROVED' && req.startDate <= clock.today()) {
        throw conflict(
          `Time-off request ${id} started on ${req.startDate}; approved leave can only be cancelled before it starts`,
        );
      }
      const [row] = (await tx
        .update(r)
        .set({ status: 'CANCELLED', reason: why, updatedAt: new Date() })
        .where(eq(r.id, id))
        .returning()) as TimeOffRequest[];
      const [types, refs] = await Promise.all([typesOf(tx, [req.leaveTypeId]), refsOf(tx, [req.employeeId])]);
      const type = types.get(req.leaveTypeId)!;
      if (req.status === 'APPROVED') {
        await emitEvents(tx, outbox, [
          {
            tenantId,
            type: 'work.time_off.cancelled',
            aggregateType: 'TimeOffRequest',
            aggregateId: id,
            data: eventData(row!, type),
          },
        ]);
      } else {
        await publishApprovalChanges(tx, outbox, tenantId, 'work.approval.changed', [
          approvalChange(row!, type, refs.get(req.employeeId) ?? null, 'WITHDRAWN'),
        ]);
      }
      await auditTimeOff(ctx, tx, 'time_off.cancel', 'TimeOffRequest', id, req, row);
      return row!;
    });
  },

  /** One request the caller may read, or null. */
  async get(ctx: WorkContext, id: string): Promise<TimeOffRequest | null> {
    if (!isUuid(id)) return null;
    const [row] = await ctx.tx((tx) =>
      tx
        .select()
        .from(r)
        .where(and(eq(r.id, id), readScope(ctx))),
    );
    return (row as TimeOffRequest | undefined) ?? null;
  },

  /**
   * `Employee.timeOffRequests`: requests overlapping [from, to] (default: the current year), by
   * first day. Same read rule as balances: others get null.
   */
  async forEmployee(
    ctx: WorkContext,
    employeeId: string,
    args: { status?: TimeOffStatus | null; from?: string | null; to?: string | null },
  ): Promise<TimeOffRequest[] | null> {
    const errors = rangeProblems(args.from, args.to);
    if (errors.length > 0) throw badInput(errors);
    if (!(await mayActFor(ctx, 'read', employeeId))) return null;
    const year = yearOf(clock.today());
    const from = args.from ?? (args.to ? `${yearOf(args.to)}-01-01` : `${year}-01-01`);
    const to = args.to ?? (args.from ? `${yearOf(args.from)}-12-31` : `${year}-12-31`);
    return ctx.tx(
      (tx) =>
        tx
          .select()
          .from(r)
          .where(
            and(
              eq(r.employeeId, employeeId),
              args.status ? eq(r.status, args.status) : undefined,
              lte(r.startDate, to),
              gte(r.endDate, from),
            ),
          )
          .orderBy(asc(r.startDate), asc(r.id)) as Promise<TimeOffRequest[]>,
    );
  },

  /**
   * Root `timeOffRequests` for HR: Relay-paginated, newest first day first. Requires
   * `time_off:read`; with scope own/team only your own / your reporting line's requests.
   */
  async list(
    ctx: WorkContext,
    filter: TimeOffRequestFilter | null,
    page: PageArgs,
  ): Promise<Connection<TimeOffRequest>> {
    ctx.authorize('time_off:read');
    const f = filter ?? {};
    const errors = rangeProblems(f.from, f.to);
    for (const key of ['employeeId', 'departmentId', 'leaveTypeId'] as const) {
      const v = f[key];
      if (v && !isUuid(v)) errors.push({ field: `filter.${key}`, message: 'Must be a valid id' });
    }
    if (errors.length > 0) throw badInput(errors);
    return ctx.tx((tx) =>
      paginate<typeof r, TimeOffRequest>(
        tx,
        {
          table: r,
          key: r.id,
          sortBy: r.startDate,
          order: 'desc',
          where: and(
            readScope(ctx),
            f.status ? eq(r.status, f.status) : undefined,
            f.employeeId ? eq(r.employeeId, f.employeeId) : undefined,
            f.leaveTypeId ? eq(r.leaveTypeId, f.leaveTypeId) : undefined,
            f.from ? gte(r.endDate, f.from) : undefined,
            f.to ? lte(r.startDate, f.to) : undefined,
            f.departmentId
              ? sql`${r.employeeId} in (select id from work.entity_refs where entity_type = ${EMPLOYEE_REF} and data->>'departmentId' = ${f.departmentId})`
              : undefined,
          ),
        },
        page,
      ),
    );
  },

  /** One request by id for an approver's inbox item (batched per request), or null when gone. */
  byId(ctx: WorkContext, id: string): Promise<TimeOffRequest | null> {
    return ctx.loaders.timeOffRequestById.load(id);
  },
};

/**
 * Re-announces every PENDING time-off request of the tenant as `work.approval.changed`
 * (`pnpm approvals:rebuild`), in the caller's tenant transaction. Safe to repeat: the inbox keeps
 * the newest change per item, so this never overrides a later decision.
 */
export async function republishPendingTimeOffRequests(tx: Tx, tenantId: string): Promise<number> {
  const rows = (await tx.select().from(r).where(eq(r.status, 'PENDING'))) as TimeOffRequest[];
  const [types, refs] = await Promise.all([
    typesOf(tx, [...new Set(rows.map((q) => q.leaveTypeId))]),
    refsOf(tx, [...new Set(rows.map((q) => q.employeeId))]),
  ]);
  await publishApprovalChanges(
    tx,
    outbox,
    tenantId,
    'work.approval.changed',
    rows.map((q) => approvalChange(q, types.get(q.leaveTypeId)!, refs.get(q.employeeId) ?? null, 'PENDING')),
  );
  return rows.length;
}
