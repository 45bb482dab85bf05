import type { Tx } from '@wg/db';
import { auditLog, entityRefs, schedules, shiftSettings, shifts, shiftTemplates } from '@wg/db/work';
import {
  addDays,
  badInput,
  clock,
  conflict,
  type FieldError,
  forbidden,
  isExclusionViolation,
  isUniqueViolation,
  isUuid,
  isValidDate,
  isValidTimeZone,
  localDate,
  notFound,
  recordAudit,
  type Scope,
  scopeFor,
  zonedTimeToUtc,
} from '@wg/runtime';
import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { departmentStub } from '../departments/department.type';
import { type EmployeeRef, employeeService } from '../employees/employee.service';
import { employeeStub } from '../employees/employee.type';
import type { WorkContext } from '../loaders';
import { DEPARTMENT_REF } from '../projects/project.service';
import { formatHundredths, hoursToHundredths } from '../timesheets/timesheet.hours';
import type {
  CreateScheduleInput,
  CreateShiftInput,
  CreateShiftTemplateInput,
  UpdateShiftSettingsInput,
} from './shift.input';
import { assertAssignable, hoursOfMinutes, lockSchedulesOf, paidMinutes, rulesOf } from './shift.rules';
import { Rota, RotaRow, Schedule, Shift, ShiftSettings, ShiftTemplate } from './shift.type';

export type ShiftRow = typeof shifts.$inferSelect;
type ScheduleRow = typeof schedules.$inferSelect;
type TemplateRow = typeof shiftTemplates.$inferSelect;

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const minuteOf = (hhmm: string) => {
  const m = TIME_RE.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};
const timeOf = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
/** Longest period the rota and `Employee.shifts` answer for at once. */
export const MAX_SHIFT_DAYS = 93;
const MAX_NOTE = 500;

export const toTemplate = (t: TemplateRow): ShiftTemplate =>
  Object.assign(new ShiftTemplate(), {
    id: t.id,
    name: t.name,
    startTime: timeOf(t.startMinute),
    endTime: timeOf(t.endMinute),
    breakMinutes: t.breakMinutes,
    timeZone: t.timeZone,
  });

export const toSchedule = (s: ScheduleRow): Schedule =>
  Object.assign(new Schedule(), {
    id: s.id,
    name: s.name,
    department: s.departmentId ? departmentStub(s.departmentId) : null,
    departmentId: s.departmentId,
    location: s.location,
    timeZone: s.timeZone,
  });

/** A shift row for the API; `schedule` and `template` are resolved by the resolver. */
export const toShift = (s: ShiftRow): Shift =>
  Object.assign(new Shift(), {
    id: s.id,
    scheduleId: s.scheduleId,
    templateId: s.templateId,
    employee: s.employeeId ? employeeStub(s.employeeId) : null,
    date: s.date,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    breakMinutes: s.breakMinutes,
    paidHours: hoursOfMinutes(paidMinutes(s)),
    status: s.status,
    note: s.note,
  });

/** The caller's own department (from work's replica), for `team`-scoped scheduling. */
async function ownDepartment(ctx: WorkContext, tx: Tx): Promise<string | null> {
  const self = ctx.identity.employeeId;
  if (!self) return null;
  return (await employeeService.findRef(tx, self))?.departmentId ?? null;
}

/** `shift:manage` over one schedule: `all` anywhere, `team` only for your own department's schedules. */
async function requireManage(ctx: WorkContext, tx: Tx, schedule: Pick<ScheduleRow, 'departmentId'> | null) {
  const scope = ctx.authorize('shift:manage');
  if (scope === 'all') return;
  if (scope === 'own') throw forbidden('shift:manage:team');
  if (schedule && (!schedule.departmentId || schedule.departmentId !== (await ownDepartment(ctx, tx)))) {
    throw forbidden('shift:manage:all');
  }
}

export async function scheduleById(tx: Tx, id: string): Promise<ScheduleRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await tx.select().from(schedules).where(eq(schedules.id, id));
  return row;
}

export async function lockShift(tx: Tx, id: string): Promise<ShiftRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await tx.select().from(shifts).where(eq(shifts.id, id)).for('update');
  return row;
}

/** An ACTIVE employee of the tenant for an assignment, or BAD_USER_INPUT naming `field`. */
export async function assignee(tx: Tx, employeeId: string, field: string): Promise<EmployeeRef> {
  if (!isUuid(employeeId)) throw badInput([{ field, message: 'Must be a valid id' }]);
  const employee = await employeeService.findRef(tx, employeeId);
  if (!employee) throw badInput([{ field, message: 'Unknown employee' }]);
  if (employee.status !== 'ACTIVE') {
    throw badInput([{ field, message: `Employee is not active (${employee.status ?? 'unknown status'})` }]);
  }
  return employee;
}

/** Runs an assignment; the overlap constraint losing a race becomes the same CONFLICT as the check. */
export async function assigning<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isExclusionViolation(error)) {
      throw conflict('No overlapping shifts: another shift was assigned to this employee at the same time');
    }
    throw error;
  }
}

async function audit(
  ctx: WorkContext,
  tx: Tx,
  action: string,
  entityType: string,
  id: string,
  before: unknown,
  after: unknown,
) {
  await recordAudit(tx, auditLog, [
    {
      tenantId: ctx.tenantId(),
      actorId: ctx.identity.userId,
      requestId: ctx.requestId,
      action,
      entityType,
      entityId: id,
      before: before ?? null,
      after,
    },
  ]);
}

function periodProblems(from: string, to: string): FieldError[] {
  if (!isValidDate(from) || !isValidDate(to)) return [];
  if (to < from) return [{ field: 'to', message: '`to` must be on or after `from`' }];
  if (addDays(from, MAX_SHIFT_DAYS - 1) < to)
    return [{ field: 'to', message: `At most ${MAX_SHIFT_DAYS} days at a time` }];
  return [];
}

/** Whether `shift:read` at `scope` covers `employeeId` (own / team = reporting line / all). */
async function canRead(ctx: WorkContext, scope: Scope, employeeId: string): Promise<boolean> {
  if (scope === 'all') return true;
  const self = ctx.identity.employeeId;
  if (!self) return false;
  if (scope === 'own') return employeeId === self;
  return (await ctx.loaders.reportingLineOf.load(self)).has(employeeId);
}

export const shiftService = {
  async templates(ctx: WorkContext): Promise<ShiftTemplate[]> {
    ctx.authorize('shift:read');
    const rows = await ctx.tx((tx) => tx.select().from(shiftTemplates).orderBy(asc(shiftTemplates.name)));
    return rows.map(toTemplate);
  },

  async template(ctx: WorkContext, id: string | null): Promise<ShiftTemplate | null> {
    if (!id) return null;
    const [row] = await ctx.tx((tx) => tx.select().from(shiftTemplates).where(eq(shiftTemplates.id, id)));
    return row ? toTemplate(row) : null;
  },

  /** Requires `shift:manage` (team or all). Names every bad field; a duplicate name is BAD_USER_INPUT. */
  async createTemplate(ctx: WorkContext, input: CreateShiftTemplateInput): Promise<ShiftTemplate> {
    const scope = ctx.authorize('shift:manage');
    if (scope === 'own') throw forbidden('shift:manage:team');
    const tenantId = ctx.tenantId();
    const errors: FieldError[] = [];
    const name = input.name.trim();
    if (!name || name.length > 200)
      errors.push({ field: 'input.name', message: 'Name must be 1–200 characters' });
    const start = minuteOf(input.startTime);
    const end = minuteOf(input.endTime);
    if (start === null)
      errors.push({ field: 'input.startTime', message: 'Must be a time HH:MM (00:00–23:59)' });
    if (end === null) errors.push({ field: 'input.endTime', message: 'Must be a time HH:MM (00:00–23:59)' });
    const length = start !== null && end !== null ? (end - start + 1440) % 1440 || 1440 : null;
    const breakMinutes = input.breakMinutes ?? 0;
    if (!Number.isInteger(breakMinutes) || breakMinutes < 0 || (length !== null && breakMinutes >= length)) {
      errors.push({
        field: 'input.breakMinutes',
        message: 'Must be whole minutes, at least 0 and shorter than the shift',
      });
    }
    if (!isValidTimeZone(input.timeZone)) {
      errors.push({ field: 'input.timeZone', message: 'Must be an IANA time zone such as Europe/Berlin' });
    }
    if (errors.length > 0) throw badInput(errors);
    try {
      return await ctx.tx(async (tx) => {
        const [row] = await tx
          .insert(shiftTemplates)
          .values({
            tenantId,
            name,
            startMinute: start!,
            endMinute: end!,
            breakMinutes,
            timeZone: input.timeZone,
          })
          .returning();
        await audit(ctx, tx, 'shift_template.create', 'ShiftTemplate', row!.id, null, row);
        return toTemplate(row!);
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw badInput([{ field: 'input.name', message: 'A template with this name exists' }]);
      throw error;
    }
  },

  async schedules(ctx: WorkContext): Promise<Schedule[]> {
    ctx.authorize('shift:read');
    const rows = await ctx.tx((tx) => tx.select().from(schedules).orderBy(asc(schedules.name)));
    return rows.map(toSchedule);
  },

  async schedule(ctx: WorkContext, id: string): Promise<Schedule | null> {
    const row = await ctx.tx((tx) => scheduleById(tx, id));
    return row ? toSchedule(row) : null;
  },

  /** Requires `shift:manage`: `all`, or `team` for a schedule of your own department. */
  async createSchedule(ctx: WorkContext, input: CreateScheduleInput): Promise<Schedule> {
    ctx.authorize('shift:manage');
    const tenantId = ctx.tenantId();
    const errors: FieldError[] = [];
    const name = input.name.trim();
    if (!name || name.length > 200)
      errors.push({ field: 'input.name', message: 'Name must be 1–200 characters' });
    if (!isValidTimeZone(input.timeZone)) {
      errors.push({ field: 'input.timeZone', message: 'Must be an IANA time zone such as Europe/Berlin' });
    }
    if (input.departmentId && !isUuid(input.departmentId)) {
      errors.push({ field: 'input.departmentId', message: 'Must be a valid id' });
    }
    const location = input.location?.trim() || null;
    if (location && location.length > 200)
      errors.push({ field: 'input.location', message: 'At most 200 characters' });
    try {
      return await ctx.tx(async (tx) => {
        await requireManage(ctx, tx, { departmentId: input.departmentId ?? null });
        if (input.departmentId && isUuid(input.departmentId)) {
          const [known] = await tx
            .select({ id: entityRefs.id })
            .from(entityRefs)
            .where(and(eq(entityRefs.entityType, DEPARTMENT_REF), eq(entityRefs.id, input.departmentId)));
          if (!known) errors.push({ field: 'input.departmentId', message: 'Unknown department' });
        }
        if (errors.length > 0) throw badInput(errors);
        const [row] = await tx
          .insert(schedules)
          .values({
            tenantId,
            name,
            departmentId: input.departmentId ?? null,
            location,
            timeZone: input.timeZone,
          })
          .returning();
        await audit(ctx, tx, 'schedule.create', 'Schedule', row!.id, null, row);
        return toSchedule(row!);
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw badInput([{ field: 'input.name', message: 'A schedule with this name exists' }]);
      throw error;
    }
  },

  /**
   * Creates a shift from a template on a local day (overnight templates end the next day) or from
   * explicit instants (at most 24 h). With an employee it is ASSIGNED and must pass every rule
   * (shift.rules.ts); without one it is OPEN. Requires `shift:manage` over the schedule.
   */
  async createShift(ctx: WorkContext, input: CreateShiftInput) {
    ctx.authorize('shift:manage');
    const tenantId = ctx.tenantId();
    return assigning(() =>
      ctx.tx(async (tx) => {
        const schedule = await scheduleById(tx, input.scheduleId);
        if (!schedule) throw badInput([{ field: 'input.scheduleId', message: 'Unknown schedule' }]);
        await requireManage(ctx, tx, schedule);
        const errors: FieldError[] = [];
        let template: TemplateRow | undefined;
        if (input.templateId) {
          [template] = isUuid(input.templateId)
            ? await tx.select().from(shiftTemplates).where(eq(shiftTemplates.id, input.templateId))
            : [];
          if (!template) errors.push({ field: 'input.templateId', message: 'Unknown shift template' });
        }
        let startsAt: Date | null = null;
        let endsAt: Date | null = null;
        let date: string | null = null;
        if (input.templateId) {
          if (!input.date || !isValidDate(input.date)) {
            errors.push({ field: 'input.date', message: 'A template shift needs its day, YYYY-MM-DD' });
          } else if (template) {
            date = input.date;
            startsAt = zonedTimeToUtc(date, template.startMinute, template.timeZone);
            const endDay = template.endMinute <= template.startMinute ? addDays(date, 1) : date;
            endsAt = zonedTimeToUtc(endDay, template.endMinute, template.timeZone);
          }
          if (input.startsAt || input.endsAt) {
            errors.push({
              field: 'input.startsAt',
              message: 'Give a template and day, or start and end, not both',
            });
          }
        } else {
          const s = input.startsAt ? new Date(input.startsAt) : null;
          const e = input.endsAt ? new Date(input.endsAt) : null;
          if (!s || Number.isNaN(s.getTime()))
            errors.push({ field: 'input.startsAt', message: 'Must be an ISO-8601 instant' });
          if (!e || Number.isNaN(e.getTime()))
            errors.push({ field: 'input.endsAt', message: 'Must be an ISO-8601 instant' });
          if (s && e && !Number.isNaN(s.getTime()) && !Number.isNaN(e.getTime())) {
            if (e <= s) errors.push({ field: 'input.endsAt', message: 'Must be after the start' });
            else if (e.getTime() - s.getTime() > 24 * 3_600_000) {
              errors.push({ field: 'input.endsAt', message: 'A shift lasts at most 24 hours' });
            } else {
              startsAt = s;
              endsAt = e;
              date = localDate(s, schedule.timeZone);
            }
          }
        }
        const breakMinutes = input.breakMinutes ?? template?.breakMinutes ?? 0;
        if (
          !Number.isInteger(breakMinutes) ||
          breakMinutes < 0 ||
          (startsAt && endsAt && breakMinutes * 60_000 >= endsAt.getTime() - startsAt.getTime())
        ) {
          errors.push({
            field: 'input.breakMinutes',
            message: 'Must be whole minutes, at least 0 and shorter than the shift',
          });
        }
        const note = input.note?.trim() || null;
        if (note && note.length > MAX_NOTE)
          errors.push({ field: 'input.note', message: `At most ${MAX_NOTE} characters` });
        let employee: EmployeeRef | null = null;
        if (input.employeeId) {
          try {
            employee = await assignee(tx, input.employeeId, 'input.employeeId');
          } catch (error) {
            errors.push(...((error as { fields?: FieldError[] }).fields ?? []));
          }
        }
        if (errors.length > 0 || !startsAt || !endsAt || !date) throw badInput(errors);
        const candidate = { date, startsAt, endsAt, breakMinutes };
        if (employee) {
          await lockSchedulesOf(tx, tenantId, [employee.id]);
          await assertAssignable(tx, await rulesOf(tx), employee.id, candidate);
        }
        const [row] = await tx
          .insert(shifts)
          .values({
            tenantId,
            scheduleId: schedule.id,
            templateId: template?.id ?? null,
            employeeId: employee?.id ?? null,
            ...candidate,
            status: employee ? 'ASSIGNED' : 'OPEN',
            note,
          })
          .returning();
        await audit(ctx, tx, 'shift.create', 'Shift', row!.id, null, row);
        return toShift(row!);
      }),
    );
  },

  /** Gives an OPEN (or re-gives an ASSIGNED) shift to an employee, rules checked. Requires `shift:manage`. */
  async assign(ctx: WorkContext, shiftId: string, employeeId: string) {
    ctx.authorize('shift:manage');
    const tenantId = ctx.tenantId();
    return assigning(() =>
      ctx.tx(async (tx) => {
        const shift = await lockShift(tx, shiftId);
        if (!shift) throw notFound('Shift', shiftId);
        await requireManage(ctx, tx, (await scheduleById(tx, shift.scheduleId)) ?? null);
        if (shift.status === 'CANCELLED') throw conflict('The shift is cancelled');
        const employee = await assignee(tx, employeeId, 'employeeId');
        await lockSchedulesOf(tx, tenantId, [employee.id]);
        await assertAssignable(tx, await rulesOf(tx), employee.id, shift, [shift.id]);
        const [row] = await tx
          .update(shifts)
          .set({ employeeId: employee.id, status: 'ASSIGNED', updatedAt: clock.now() })
          .where(eq(shifts.id, shift.id))
          .returning();
        await audit(ctx, tx, 'shift.assign', 'Shift', shift.id, shift, row);
        return toShift(row!);
      }),
    );
  },

  /** Cancels a shift (frees the employee). Requires `shift:manage`. */
  async cancel(ctx: WorkContext, shiftId: string) {
    ctx.authorize('shift:manage');
    return ctx.tx(async (tx) => {
      const shift = await lockShift(tx, shiftId);
      if (!shift) throw notFound('Shift', shiftId);
      await requireManage(ctx, tx, (await scheduleById(tx, shift.scheduleId)) ?? null);
      if (shift.status === 'CANCELLED') throw conflict('The shift is already cancelled');
      const [row] = await tx
        .update(shifts)
        .set({ status: 'CANCELLED', updatedAt: clock.now() })
        .where(eq(shifts.id, shift.id))
        .returning();
      await audit(ctx, tx, 'shift.cancel', 'Shift', shift.id, shift, row);
      return toShift(row!);
    });
  },

  /**
   * The caller takes an OPEN shift: they must be ACTIVE, in the schedule's department (when it has
   * one) and pass every rule. Two racing claims: the row lock lets one win, the other sees ASSIGNED.
   */
  async claim(ctx: WorkContext, shiftId: string) {
    ctx.authorize('shift:create');
    const tenantId = ctx.tenantId();
    const self = ctx.identity.employeeId;
    if (!self) throw forbidden('shift:create (a user linked to an employee)');
    return assigning(() =>
      ctx.tx(async (tx) => {
        const shift = await lockShift(tx, shiftId);
        if (!shift) throw notFound('Shift', shiftId);
        if (shift.status !== 'OPEN') throw conflict(`The shift is ${shift.status.toLowerCase()}, not open`);
        const employee = await assignee(tx, self, 'shiftId');
        const schedule = await scheduleById(tx, shift.scheduleId);
        if (schedule?.departmentId && schedule.departmentId !== employee.departmentId) {
          throw forbidden('shift:create (open shifts of your own department)');
        }
        await lockSchedulesOf(tx, tenantId, [self]);
        await assertAssignable(tx, await rulesOf(tx), self, shift, [shift.id]);
        const [row] = await tx
          .update(shifts)
          .set({ employeeId: self, status: 'ASSIGNED', updatedAt: clock.now() })
          .where(eq(shifts.id, shift.id))
          .returning();
        await audit(ctx, tx, 'shift.claim', 'Shift', shift.id, shift, row);
        return toShift(row!);
      }),
    );
  },

  /** `Employee.shifts(from, to)`: assigned shifts by start; null outside the caller's `shift:read` scope. */
  async forEmployee(ctx: WorkContext, employeeId: string, from: string, to: string) {
    ctx.tenantId();
    const problems = periodProblems(from, to);
    if (problems.length > 0) throw badInput(problems);
    const scope = scopeFor(ctx.identity, 'shift', 'read');
    if (!scope || !(await canRead(ctx, scope, employeeId))) return null;
    const rows = await ctx.tx((tx) =>
      tx
        .select()
        .from(shifts)
        .where(
          and(
            eq(shifts.employeeId, employeeId),
            eq(shifts.status, 'ASSIGNED'),
            gte(shifts.date, from),
            lte(shifts.date, to),
          ),
        )
        .orderBy(asc(shifts.startsAt)),
    );
    return rows.map(toShift);
  },

  /**
   * The rota of a department's schedules over a period: a row per employee (within the caller's
   * `shift:read` scope) with their assigned shifts, and the open shifts (which every reader sees,
   * to claim them).
   */
  async rota(ctx: WorkContext, departmentId: string, from: string, to: string): Promise<Rota> {
    const scope = ctx.authorize('shift:read');
    const problems = periodProblems(from, to);
    if (!isUuid(departmentId)) problems.push({ field: 'departmentId', message: 'Must be a valid id' });
    if (problems.length > 0) throw badInput(problems);
    // The caller's reporting line before the transaction: a loader inside an open transaction
    // would wait for a second connection, which the embedded PGlite does not have.
    const self = ctx.identity.employeeId;
    const line = scope === 'team' && self ? await ctx.loaders.reportingLineOf.load(self) : null;
    const visible = (employeeId: string) =>
      scope === 'all' || (scope === 'own' ? employeeId === self : (line?.has(employeeId) ?? false));
    return ctx.tx(async (tx) => {
      const rows = await tx
        .select({ shift: shifts })
        .from(shifts)
        .innerJoin(schedules, eq(schedules.id, shifts.scheduleId))
        .where(
          and(
            eq(schedules.departmentId, departmentId),
            inArray(shifts.status, ['ASSIGNED', 'OPEN']),
            gte(shifts.date, from),
            lte(shifts.date, to),
          ),
        )
        .orderBy(asc(shifts.startsAt), asc(shifts.id));
      const byEmployee = new Map<string, RotaRow>();
      const open: Shift[] = [];
      for (const { shift } of rows) {
        if (!shift.employeeId) {
          open.push(toShift(shift));
          continue;
        }
        if (!visible(shift.employeeId)) continue;
        const row =
          byEmployee.get(shift.employeeId) ??
          Object.assign(new RotaRow(), {
            employee: employeeStub(shift.employeeId),
            shifts: [],
            paidHours: '0.00',
          });
        row.shifts.push(toShift(shift));
        byEmployee.set(shift.employeeId, row);
      }
      for (const row of byEmployee.values()) {
        row.paidHours = hoursOfMinutes(row.shifts.reduce((sum, s) => sum + paidMinutes(s), 0));
      }
      return Object.assign(new Rota(), { from, to, rows: [...byEmployee.values()], openShifts: open });
    });
  },

  async settings(ctx: WorkContext): Promise<ShiftSettings> {
    ctx.authorize('shift:read');
    return Object.assign(new ShiftSettings(), await ctx.tx(rulesOf));
  },

  /** Requires `shift:manage` at scope `all`; audited. */
  async updateSettings(ctx: WorkContext, input: UpdateShiftSettingsInput): Promise<ShiftSettings> {
    const scope = ctx.authorize('shift:manage');
    if (scope !== 'all') throw forbidden('shift:manage:all');
    const tenantId = ctx.tenantId();
    const errors: FieldError[] = [];
    const rest = input.minRestHours == null ? null : hoursToHundredths(input.minRestHours);
    if (input.minRestHours !== undefined && (rest === null || rest > 4800)) {
      errors.push({ field: 'input.minRestHours', message: 'Must be hours from 0 to 48, at most 2 decimals' });
    }
    const weekly = input.maxWeeklyHours == null ? null : hoursToHundredths(input.maxWeeklyHours);
    if (input.maxWeeklyHours !== undefined && (weekly === null || weekly <= 0 || weekly > 16800)) {
      errors.push({
        field: 'input.maxWeeklyHours',
        message: 'Must be hours more than 0 and at most 168, at most 2 decimals',
      });
    }
    if (errors.length > 0) throw badInput(errors);
    return ctx.tx(async (tx) => {
      const before = await rulesOf(tx);
      const after = {
        minRestHours: rest !== null ? formatHundredths(rest) : before.minRestHours,
        maxWeeklyHours: weekly !== null ? formatHundredths(weekly) : before.maxWeeklyHours,
      };
      await tx
        .insert(shiftSettings)
        .values({ tenantId, ...after, updatedBy: ctx.identity.userId || null })
        .onConflictDoUpdate({
          target: shiftSettings.tenantId,
          set: { ...after, updatedBy: ctx.identity.userId || null, updatedAt: sql`now()` },
        });
      await audit(ctx, tx, 'shift.settings', 'ShiftSettings', tenantId, before, after);
      return Object.assign(new ShiftSettings(), after);
    });
  },
};
