import type { Tx } from '@wg/db';
import {
  attendanceBreaks,
  attendanceRecords,
  attendanceSettings,
  auditLog,
  jobs,
  timesheetEntries,
} from '@wg/db/work';
import {
  addDays,
  badInput,
  type Connection,
  clock,
  conflict,
  type FieldError,
  forbidden,
  isUniqueViolation,
  isUuid,
  isValidDate,
  isValidTimeZone,
  localDate,
  notFound,
  type PageArgs,
  pageWindow,
  paginateList,
  recordAudit,
  requireApprover,
  type Scope,
  scopeFor,
  zonedTimeToUtc,
} from '@wg/runtime';
import { cancelJobs, enqueueJob } from '@wg/runtime/jobs';
import { and, asc, eq, gte, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import { type EmployeeRef, employeeService, reportingLine } from '../employees/employee.service';
import { employeeStub } from '../employees/employee.type';
import type { WorkContext } from '../loaders';
import { formatHundredths, hoursToHundredths } from '../timesheets/timesheet.hours';
import type { ClockInInput, UpdateAttendanceSettingsInput } from './attendance.input';
import {
  AttendanceBreak,
  AttendanceDay,
  AttendanceDiscrepancy,
  AttendanceRecord,
  AttendanceSettings,
} from './attendance.type';

const r = attendanceRecords;
const b = attendanceBreaks;

/** The queue in work's `jobs` table that closes forgotten clock-outs (handler: attendance.jobs.ts). */
export const AUTO_CLOSE_QUEUE = 'work.attendance.auto_close';
export const autoCloseKey = (recordId: string) => `record:${recordId}`;
export interface AutoClosePayload {
  recordId: string;
  /** The rule when the record was opened: later changes to the setting do not move it. */
  afterHours: number;
  [key: string]: unknown;
}

type RecordRow = typeof attendanceRecords.$inferSelect;
type BreakRow = typeof attendanceBreaks.$inferSelect;

export interface Settings {
  autoCloseAfterHours: number;
  timeZone: string;
  discrepancyToleranceHours: string;
}
const DEFAULT_SETTINGS: Settings = {
  autoCloseAfterHours: 12,
  timeZone: 'UTC',
  discrepancyToleranceHours: '0.50',
};
/** Longest range `Employee.attendance` and `attendanceDiscrepancies` answer for at once. */
export const MAX_ATTENDANCE_DAYS = 93;
const MAX_NOTE = 500;

/** Milliseconds present minus breaks, up to `now` for what is still open. */
export function workedMs(
  record: Pick<RecordRow, 'clockIn' | 'clockOut'>,
  breaks: BreakRow[],
  now: Date,
): number {
  const end = (record.clockOut ?? now).getTime();
  const paused = breaks.reduce((sum, x) => {
    const stop = Math.min((x.endedAt ?? record.clockOut ?? now).getTime(), end);
    return sum + Math.max(0, stop - x.startedAt.getTime());
  }, 0);
  return Math.max(0, end - record.clockIn.getTime() - paused);
}

/** Milliseconds → hours with two decimals ("7.50"), by integer arithmetic (36,000 ms per hundredth). */
export const hoursOfMs = (ms: number): string => formatHundredths(Math.round(ms / 36_000));

export async function settingsOf(tx: Tx): Promise<Settings> {
  const [row] = await tx.select().from(attendanceSettings);
  return row
    ? {
        autoCloseAfterHours: row.autoCloseAfterHours,
        timeZone: row.timeZone,
        discrepancyToleranceHours: row.discrepancyToleranceHours,
      }
    : DEFAULT_SETTINGS;
}

function toRecord(row: RecordRow, breaks: BreakRow[], settings: Settings, now: Date): AttendanceRecord {
  const own = breaks
    .filter((x) => x.recordId === row.id)
    .sort((x, y) => x.startedAt.getTime() - y.startedAt.getTime());
  return Object.assign(new AttendanceRecord(), {
    id: row.id,
    employee: employeeStub(row.employeeId),
    date: localDate(row.clockIn, settings.timeZone),
    clockIn: row.clockIn,
    clockOut: row.clockOut,
    clockInIp: row.clockInIp,
    clockOutIp: row.clockOutIp,
    note: row.note,
    breaks: own.map((x) =>
      Object.assign(new AttendanceBreak(), { id: x.id, startedAt: x.startedAt, endedAt: x.endedAt }),
    ),
    workedHours: hoursOfMs(workedMs(row, own, now)),
    autoClosed: row.autoClosed,
    needsReview: row.needsReview,
    clockedInBy: row.clockedInBy,
    clockedOutBy: row.clockedOutBy,
  });
}

async function breaksOf(tx: Tx, recordIds: string[]): Promise<BreakRow[]> {
  if (recordIds.length === 0) return [];
  return tx.select().from(b).where(inArray(b.recordId, recordIds)).orderBy(asc(b.startedAt));
}

async function view(tx: Tx, row: RecordRow): Promise<AttendanceRecord> {
  return toRecord(row, await breaksOf(tx, [row.id]), await settingsOf(tx), clock.now());
}

/**
 * Whose attendance a clock mutation changes: the caller's own employee, or `employeeId` when the
 * caller holds `attendance:create` at scope `team` (their reporting line) or `all`. Checked before
 * anything about the employee is revealed; then the employee must exist and be ACTIVE.
 */
async function clockTarget(
  ctx: WorkContext,
  tx: Tx,
  employeeId: string | null | undefined,
): Promise<EmployeeRef> {
  const scope = ctx.authorize('attendance:create');
  const self = ctx.identity.employeeId;
  const id = employeeId ?? self;
  if (!id) {
    throw badInput([
      { field: 'employeeId', message: 'Your user is not linked to an employee: give the employee to clock' },
    ]);
  }
  if (id !== self) {
    if (scope === 'own') throw forbidden('attendance:create:team');
    if (
      scope === 'team' &&
      (!self || !isUuid(id) || !(await employeeService.inReportingLine(tx, self, id)))
    ) {
      throw forbidden('attendance:create:all');
    }
  }
  if (!isUuid(id)) throw badInput([{ field: 'employeeId', message: 'Must be a valid id' }]);
  const employee = await employeeService.findRef(tx, id);
  if (!employee) throw badInput([{ field: 'employeeId', message: 'Unknown employee' }]);
  if (employee.status !== 'ACTIVE') {
    throw badInput([
      { field: 'employeeId', message: `Employee is not active (${employee.status ?? 'unknown status'})` },
    ]);
  }
  return employee;
}

async function openRecordOf(tx: Tx, employeeId: string): Promise<RecordRow | undefined> {
  const [row] = await tx
    .select()
    .from(r)
    .where(and(eq(r.employeeId, employeeId), isNull(r.clockOut)))
    .for('update');
  return row;
}

const nameOf = (e: EmployeeRef) => (e.firstName ? `${e.firstName} ${e.lastName ?? ''}`.trim() : e.id);

/** Whether `attendance:read` at `scope` covers `employeeId` (as timesheets: own / team / all). */
async function canRead(ctx: WorkContext, scope: Scope, employeeId: string): Promise<boolean> {
  if (scope === 'all') return true;
  const self = ctx.identity.employeeId;
  if (!self) return false;
  if (scope === 'own') return employeeId === self;
  return (await ctx.loaders.reportingLineOf.load(self)).has(employeeId);
}

function dayRange(from: string, to: string): FieldError[] {
  const problems: FieldError[] = [];
  if (!isValidDate(from))
    problems.push({ field: 'from', message: 'Must be a real calendar date in YYYY-MM-DD form' });
  if (!isValidDate(to))
    problems.push({ field: 'to', message: 'Must be a real calendar date in YYYY-MM-DD form' });
  if (problems.length === 0 && to < from)
    problems.push({ field: 'to', message: '`to` must be on or after `from`' });
  if (problems.length === 0 && addDays(from, MAX_ATTENDANCE_DAYS - 1) < to) {
    problems.push({ field: 'to', message: `At most ${MAX_ATTENDANCE_DAYS} days at a time` });
  }
  return problems;
}

/** The instants [start, end) of the calendar days from..to in `timeZone`. */
const instantsOf = (from: string, to: string, timeZone: string) => ({
  start: zonedTimeToUtc(from, 0, timeZone),
  end: zonedTimeToUtc(addDays(to, 1), 0, timeZone),
});

export const attendanceService = {
  /**
   * Clocks in the caller (or, with `attendance:create` team/all, someone else) now, with the
   * client address the gateway vouched for. One open record per employee: a second clock-in is a
   * CONFLICT (also under a race: the partial unique index decides). Schedules the
   * forgotten-clock-out job for clock-in + `autoCloseAfterHours`.
   */
  async clockIn(ctx: WorkContext, input: ClockInInput): Promise<AttendanceRecord> {
    const tenantId = ctx.tenantId();
    const note = input.note?.trim() || null;
    try {
      return await ctx.tx(async (tx) => {
        const employee = await clockTarget(ctx, tx, input.employeeId);
        if (note && note.length > MAX_NOTE) {
          throw badInput([{ field: 'input.note', message: `Note must be at most ${MAX_NOTE} characters` }]);
        }
        const open = await openRecordOf(tx, employee.id);
        if (open)
          throw conflict(`${nameOf(employee)} is already clocked in (since ${open.clockIn.toISOString()})`);
        const settings = await settingsOf(tx);
        const [row] = await tx
          .insert(r)
          .values({
            tenantId,
            employeeId: employee.id,
            clockIn: clock.now(),
            clockInIp: ctx.client.ip,
            note,
            clockedInBy: ctx.identity.userId || null,
          })
          .returning();
        await enqueueJob<AutoClosePayload>(tx, jobs, {
          tenantId,
          queue: AUTO_CLOSE_QUEUE,
          key: autoCloseKey(row!.id),
          runAt: new Date(row!.clockIn.getTime() + settings.autoCloseAfterHours * 3_600_000),
          payload: { recordId: row!.id, afterHours: settings.autoCloseAfterHours },
        });
        await audit(ctx, tx, 'attendance.clock_in', row!, null);
        return toRecord(row!, [], settings, clock.now());
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('Already clocked in');
      throw error;
    }
  },

  /** Clocks out now: closes the open record (and an open break at the same instant); CONFLICT when none is open. */
  async clockOut(ctx: WorkContext, employeeId: string | null | undefined): Promise<AttendanceRecord> {
    const tenantId = ctx.tenantId();
    return ctx.tx(async (tx) => {
      const employee = await clockTarget(ctx, tx, employeeId);
      const open = await openRecordOf(tx, employee.id);
      if (!open) throw conflict(`Nothing to clock out: ${nameOf(employee)} is not clocked in`);
      // The check constraint wants clock-out after clock-in, even within one millisecond.
      const at = new Date(Math.max(clock.now().getTime(), open.clockIn.getTime() + 1));
      await tx
        .update(b)
        .set({ endedAt: at })
        .where(and(eq(b.recordId, open.id), isNull(b.endedAt)));
      const [row] = await tx
        .update(r)
        .set({
          clockOut: at,
          clockOutIp: ctx.client.ip,
          clockedOutBy: ctx.identity.userId || null,
          updatedAt: at,
        })
        .where(eq(r.id, open.id))
        .returning();
      await cancelJobs(tx, jobs, { tenantId, queue: AUTO_CLOSE_QUEUE, key: autoCloseKey(open.id) });
      await audit(ctx, tx, 'attendance.clock_out', row!, open);
      return view(tx, row!);
    });
  },

  /** Starts a break in the open record; CONFLICT when not clocked in or already on a break. */
  async startBreak(ctx: WorkContext, employeeId: string | null | undefined): Promise<AttendanceRecord> {
    ctx.tenantId();
    try {
      return await ctx.tx(async (tx) => {
        const employee = await clockTarget(ctx, tx, employeeId);
        const open = await openRecordOf(tx, employee.id);
        if (!open) throw conflict(`${nameOf(employee)} is not clocked in`);
        const [onBreak] = await tx
          .select({ id: b.id })
          .from(b)
          .where(and(eq(b.recordId, open.id), isNull(b.endedAt)));
        if (onBreak) throw conflict(`${nameOf(employee)} is already on a break`);
        await tx.insert(b).values({ tenantId: open.tenantId, recordId: open.id, startedAt: clock.now() });
        await audit(ctx, tx, 'attendance.break_start', open, null);
        return view(tx, open);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('Already on a break');
      throw error;
    }
  },

  /** Ends the open break; CONFLICT when there is none. */
  async endBreak(ctx: WorkContext, employeeId: string | null | undefined): Promise<AttendanceRecord> {
    ctx.tenantId();
    return ctx.tx(async (tx) => {
      const employee = await clockTarget(ctx, tx, employeeId);
      const open = await openRecordOf(tx, employee.id);
      if (!open) throw conflict(`${nameOf(employee)} is not clocked in`);
      const ended = await tx
        .update(b)
        .set({ endedAt: clock.now() })
        .where(and(eq(b.recordId, open.id), isNull(b.endedAt)))
        .returning({ id: b.id });
      if (ended.length === 0) throw conflict(`${nameOf(employee)} is not on a break`);
      await audit(ctx, tx, 'attendance.break_end', open, null);
      return view(tx, open);
    });
  },

  /**
   * A reviewer confirms an auto-closed record, optionally with the real clock-out. Requires
   * `attendance:approve` at scope `team` (reporting line) or `all`; never your own record.
   * CONFLICT when the record is not waiting for review.
   */
  async review(ctx: WorkContext, id: string, clockOut: Date | null | undefined): Promise<AttendanceRecord> {
    ctx.tenantId();
    return ctx.tx(async (tx) => {
      const [row] = isUuid(id) ? await tx.select().from(r).where(eq(r.id, id)).for('update') : [];
      // Someone without any approve scope learns nothing; then NOT_FOUND; then the team rule.
      const scope = scopeFor(ctx.identity, 'attendance', 'approve');
      if (!scope || scope === 'own') throw forbidden('attendance:approve:team');
      if (!row) throw notFound('AttendanceRecord', id);
      const self = ctx.identity.employeeId;
      if (self && row.employeeId === self) throw forbidden('attendance:approve (never your own)');
      await requireApprover(ctx.identity, 'attendance:approve', {
        requestedBy: null,
        inTeam: () => (self ? employeeService.inReportingLine(tx, self, row.employeeId) : false),
      });
      if (!row.needsReview) throw conflict('This attendance record is not waiting for review');
      const breaks = await breaksOf(tx, [row.id]);
      if (clockOut) {
        const lastBreak = Math.max(0, ...breaks.map((x) => (x.endedAt ?? x.startedAt).getTime()));
        const problem =
          clockOut.getTime() <= row.clockIn.getTime()
            ? 'Clock-out must be after the clock-in'
            : clockOut.getTime() > clock.now().getTime()
              ? 'Clock-out must not be in the future'
              : clockOut.getTime() < lastBreak
                ? 'Clock-out must not be before the end of the last break'
                : null;
        if (problem) throw badInput([{ field: 'clockOut', message: problem }]);
      }
      const [updated] = await tx
        .update(r)
        .set({
          ...(clockOut ? { clockOut } : {}),
          needsReview: false,
          reviewedBy: ctx.identity.userId || null,
          reviewedAt: clock.now(),
          updatedAt: clock.now(),
        })
        .where(eq(r.id, row.id))
        .returning();
      await audit(ctx, tx, 'attendance.review', updated!, row);
      return view(tx, updated!);
    });
  },

  /**
   * `Employee.attendance(from, to)`: days with records (earliest first), each record on its
   * clock-in day in the tenant's attendance time zone. Null for employees outside the caller's
   * `attendance:read` scope (own / team / all), as other personal fields.
   */
  async daysFor(
    ctx: WorkContext,
    employeeId: string,
    from: string,
    to: string,
  ): Promise<AttendanceDay[] | null> {
    ctx.tenantId();
    const problems = dayRange(from, to);
    if (problems.length > 0) throw badInput(problems);
    const scope = scopeFor(ctx.identity, 'attendance', 'read');
    if (!scope || !(await canRead(ctx, scope, employeeId))) return null;
    return ctx.tx(async (tx) => {
      const settings = await settingsOf(tx);
      const { start, end } = instantsOf(from, to, settings.timeZone);
      const rows = await tx
        .select()
        .from(r)
        .where(and(eq(r.employeeId, employeeId), gte(r.clockIn, start), lt(r.clockIn, end)))
        .orderBy(asc(r.clockIn), asc(r.id));
      const breaks = await breaksOf(
        tx,
        rows.map((x) => x.id),
      );
      const now = clock.now();
      const days = new Map<string, AttendanceDay>();
      for (const row of rows) {
        const record = toRecord(row, breaks, settings, now);
        const day =
          days.get(record.date) ??
          Object.assign(new AttendanceDay(), { date: record.date, workedHours: '0.00', records: [] });
        day.records.push(record);
        day.workedHours = formatHundredths(
          hoursToHundredths(day.workedHours)! + hoursToHundredths(record.workedHours)!,
        );
        days.set(record.date, day);
      }
      return [...days.values()];
    });
  },

  /**
   * Days on which an employee's closed attendance and their SUBMITTED/APPROVED timesheet hours
   * differ by more than the tenant's tolerance, for employees who clocked in at least once in the
   * range (people who never clock are not tracked), within the caller's `attendance:read` scope
   * and optionally one department (current assignment). Ordered by day, then employee.
   */
  async discrepancies(
    ctx: WorkContext,
    args: { from: string; to: string; departmentId?: string | null; page: PageArgs },
  ): Promise<Connection<AttendanceDiscrepancy>> {
    const scope = ctx.authorize('attendance:read');
    const problems = dayRange(args.from, args.to);
    if (args.departmentId && !isUuid(args.departmentId)) {
      problems.push({ field: 'departmentId', message: 'Must be a valid id' });
    }
    if (problems.length > 0) throw badInput(problems);
    pageWindow(args.page); // a bad `first` fails before the work
    const page = (list: AttendanceDiscrepancy[]) =>
      paginateList(list, args.page, (d) => `${d.date}|${d.employee.id}`);
    const self = ctx.identity.employeeId;
    if (scope !== 'all' && !self) return page([]);
    return ctx.tx(async (tx) => {
      const settings = await settingsOf(tx);
      const { start, end } = instantsOf(args.from, args.to, settings.timeZone);
      const visible = and(
        scope === 'own' ? eq(r.employeeId, self!) : undefined,
        scope === 'team' ? sql`${r.employeeId} in ${reportingLine(self!)}` : undefined,
        args.departmentId
          ? sql`${r.employeeId} in (select id from work.entity_refs where entity_type = 'Employee' and data->>'departmentId' = ${args.departmentId})`
          : undefined,
      );
      const rows = await tx
        .select()
        .from(r)
        .where(and(gte(r.clockIn, start), lt(r.clockIn, end), visible));
      if (rows.length === 0) return page([]);
      const breaks = await breaksOf(
        tx,
        rows.map((x) => x.id),
      );
      const employeeIds = [...new Set(rows.map((x) => x.employeeId))];
      const logged = await tx
        .select({
          employeeId: timesheetEntries.employeeId,
          date: timesheetEntries.date,
          hours: sql<string>`sum(${timesheetEntries.hours})::text`,
        })
        .from(timesheetEntries)
        .where(
          and(
            inArray(timesheetEntries.employeeId, employeeIds),
            gte(timesheetEntries.date, args.from),
            sql`${timesheetEntries.date} <= ${args.to}`,
            ne(timesheetEntries.status, 'REJECTED'),
          ),
        )
        .groupBy(timesheetEntries.employeeId, timesheetEntries.date);
      const now = clock.now();
      // Hundredths of an hour per employee and day, both sides.
      const present = new Map<string, number>();
      for (const row of rows) {
        if (!row.clockOut) continue;
        const key = `${row.employeeId}|${localDate(row.clockIn, settings.timeZone)}`;
        const own = breaks.filter((x) => x.recordId === row.id);
        present.set(key, (present.get(key) ?? 0) + Math.round(workedMs(row, own, now) / 36_000));
      }
      const timesheet = new Map(
        logged.map((l) => [`${l.employeeId}|${l.date}`, hoursToHundredths(l.hours)!]),
      );
      const tolerance = hoursToHundredths(settings.discrepancyToleranceHours)!;
      const out: AttendanceDiscrepancy[] = [];
      for (const key of new Set([...present.keys(), ...timesheet.keys()])) {
        const [employeeId, date] = key.split('|') as [string, string];
        if (date < args.from || date > args.to) continue;
        const a = present.get(key) ?? 0;
        const t = timesheet.get(key) ?? 0;
        if (Math.abs(a - t) <= tolerance) continue;
        out.push(
          Object.assign(new AttendanceDiscrepancy(), {
            employee: employeeStub(employeeId),
            date,
            attendanceHours: formatHundredths(a),
            loggedHours: formatHundredths(t),
            difference: (a < t ? '-' : '') + formatHundredths(Math.abs(a - t)),
          }),
        );
      }
      return page(
        out.sort((x, y) => x.date.localeCompare(y.date) || x.employee.id.localeCompare(y.employee.id)),
      );
    });
  },

  /** The tenant's rules (defaults until changed). Requires `attendance:read`. */
  async settings(ctx: WorkContext): Promise<AttendanceSettings> {
    ctx.authorize('attendance:read');
    return Object.assign(new AttendanceSettings(), await ctx.tx(settingsOf));
  },

  /** Changes the rules. Requires `attendance:manage` at scope `all`; audited. */
  async updateSettings(ctx: WorkContext, input: UpdateAttendanceSettingsInput): Promise<AttendanceSettings> {
    const scope = ctx.authorize('attendance:manage');
    if (scope !== 'all') throw forbidden('attendance:manage:all');
    const tenantId = ctx.tenantId();
    const problems: FieldError[] = [];
    const hours = input.autoCloseAfterHours;
    if (hours !== undefined && (hours === null || !Number.isInteger(hours) || hours < 1 || hours > 24)) {
      problems.push({
        field: 'input.autoCloseAfterHours',
        message: 'Must be a whole number of hours from 1 to 24',
      });
    }
    if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) {
      problems.push({ field: 'input.timeZone', message: 'Must be an IANA time zone such as Europe/Berlin' });
    }
    const tolerance = input.discrepancyToleranceHours;
    if (tolerance !== undefined) {
      const h = tolerance === null ? null : hoursToHundredths(tolerance);
      if (h === null || h > 2400) {
        problems.push({
          field: 'input.discrepancyToleranceHours',
          message: 'Must be a decimal from 0 to 24 with at most 2 decimal places',
        });
      }
    }
    if (problems.length > 0) throw badInput(problems);
    return ctx.tx(async (tx) => {
      const before = await settingsOf(tx);
      const after: Settings = {
        autoCloseAfterHours: hours ?? before.autoCloseAfterHours,
        timeZone: input.timeZone ?? before.timeZone,
        discrepancyToleranceHours:
          tolerance != null
            ? formatHundredths(hoursToHundredths(tolerance)!)
            : before.discrepancyToleranceHours,
      };
      await tx
        .insert(attendanceSettings)
        .values({ tenantId, ...after, updatedBy: ctx.identity.userId || null })
        .onConflictDoUpdate({
          target: attendanceSettings.tenantId,
          set: { ...after, updatedBy: ctx.identity.userId || null, updatedAt: sql`now()` },
        });
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'attendance.settings',
          entityType: 'AttendanceSettings',
          entityId: tenantId,
          before,
          after,
        },
      ]);
      return Object.assign(new AttendanceSettings(), after);
    });
  },
};

async function audit(ctx: WorkContext, tx: Tx, action: string, after: RecordRow, before: RecordRow | null) {
  await recordAudit(tx, auditLog, [
    {
      tenantId: after.tenantId,
      actorId: ctx.identity.userId,
      requestId: ctx.requestId,
      action,
      entityType: 'AttendanceRecord',
      entityId: after.id,
      ...(before ? { before } : {}),
      after,
    },
  ]);
}
