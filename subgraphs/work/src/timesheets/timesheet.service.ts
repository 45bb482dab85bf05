import type { Tx } from '@wg/db';
import { auditLog, entityRefs, outbox, projects, timesheetEntries } from '@wg/db/work';
import {
  badInput,
  type Connection,
  decodeCursor,
  emitEvent,
  emitEvents,
  type FieldError,
  forbidden,
  isUuid,
  isValidDate,
  type NewEvent,
  type PageArgs,
  pageWindow,
  parseInput,
  recordAudit,
  rules,
  type Scope,
  scopeFor,
  toConnection,
  z,
  zodFieldErrors,
} from '@wg/runtime';
import { and, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import {
  EMPLOYEE_REF,
  type EmployeeRef,
  employeeService,
  reportingLine,
} from '../employees/employee.service';
import type { TimesheetLine } from '../events';
import type { WorkContext } from '../loaders';
import { CLOSED_PROJECT_STATUSES } from '../projects/project.type';
import {
  formatHundredths,
  hoursProblem,
  hoursToHundredths,
  latestToday,
  lockTimesheetsOf,
  MAX_HOURS_PER_DAY,
} from './timesheet.hours';
import type { LogTimeInput, TimesheetEntryFilter } from './timesheet.input';
import type { DateRange, TimesheetCursor, TimesheetPageQuery } from './timesheet.loader';
import { timesheetCursorKey } from './timesheet.loader';
import { publishEntryApprovals } from './timesheet-approval.events';
import type { TimesheetEntry } from './timesheet.type';

const t = timesheetEntries;

const logSchema = z.object({
  employeeId: rules.uuid(),
  projectId: rules.uuid(),
  // The future check only speaks up for real dates; rules.date() reports the others.
  date: rules.date().refine((d) => !isValidDate(d) || d <= latestToday(), 'Date must not be in the future'),
  hours: z.string().superRefine((value, c) => {
    const problem = hoursProblem(value);
    if (problem) c.addIssue({ code: 'custom', message: problem });
  }),
  note: z.string().trim().max(2000, 'Note must be at most 2000 characters').nullish(),
});

const filterSchema = z.object({
  status: z.enum(['SUBMITTED', 'APPROVED', 'REJECTED']).nullish(),
  employeeId: rules.uuid().nullish(),
  projectId: rules.uuid().nullish(),
  departmentId: rules.uuid().nullish(),
  from: rules.date().nullish(),
  to: rules.date().nullish(),
});

/** One line of a bulk import (the demo seed, a migration from another time tracker). */
export interface TimesheetImportLine {
  employeeId: string;
  projectId: string;
  /** YYYY-MM-DD */
  date: string;
  /** Decimal string, e.g. "7.50". */
  hours: string;
  note?: string | null;
}

export interface TimesheetImportResult {
  imported: number;
  /** One `work.timesheet.logged` event (aggregate `TimesheetBatch`) per id, up to 500 lines each. */
  batchIds: string[];
}

export interface TimesheetPageArgs extends PageArgs {
  from?: string | null;
  to?: string | null;
  /** Only entries in this approval state. */
  status?: TimesheetEntry['status'] | null;
}

const INSERT_CHUNK = 1000;
const EVENT_BATCH = 500;
/** Events per outbox insert: keeps one statement's JSON payload around a megabyte. */
const EVENTS_PER_INSERT = 10;
/** A bulk import reports at most this many bad lines; the rest are usually the same mistake. */
const MAX_REPORTED_LINES = 20;

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Validates optional `from`/`to` arguments (the Date scalar already checked their form). */
function dateRange(args: { from?: string | null; to?: string | null }): DateRange {
  const range = { from: args.from ?? null, to: args.to ?? null };
  if (range.from && range.to && range.to < range.from) {
    throw badInput([{ field: 'to', message: '`to` must be on or after `from`' }]);
  }
  return range;
}

function decodeTimesheetCursor(after: string | null | undefined): TimesheetCursor | null {
  if (!after) return null;
  const [date, id, ...rest] = decodeCursor(after).split('|');
  if (!date || !isValidDate(date) || !isUuid(id) || rest.length > 0) {
    throw badInput([{ field: 'after', message: 'Malformed cursor' }]);
  }
  return { date, id };
}

function pageQuery(args: TimesheetPageArgs, scope: TimesheetPageQuery['scope']): TimesheetPageQuery {
  const { limit } = pageWindow({ first: args.first });
  return {
    limit,
    after: decodeTimesheetCursor(args.after),
    range: dateRange(args),
    status: args.status ?? null,
    scope,
  };
}

const emptyConnection = (limit: number): Connection<TimesheetEntry> =>
  toConnection<TimesheetEntry>([], limit, 0, false, timesheetCursorKey);

/**
 * Whether `timesheet:read` at `scope` covers `employeeId`: `own` is the caller's own employee,
 * `team` their reporting line (from work's replica of people's data), `all` anyone in the tenant.
 */
async function canReadTimesheetsOf(ctx: WorkContext, scope: Scope, employeeId: string): Promise<boolean> {
  if (scope === 'all') return true;
  const self = ctx.identity.employeeId;
  if (!self) return false;
  if (scope === 'own') return employeeId === self;
  return (await ctx.loaders.reportingLineOf.load(self)).has(employeeId);
}

/** The same rule as a SQL condition on timesheet rows, for listings across employees. */
function readScope(ctx: WorkContext, scope: Scope): TimesheetPageQuery['scope'] {
  if (scope === 'all') return { key: 'all', where: undefined };
  const self = ctx.identity.employeeId;
  if (!self) return { key: 'none', where: sql`false` };
  if (scope === 'own') return { key: 'own', where: eq(t.employeeId, self) };
  return { key: 'team', where: sql`${t.employeeId} in ${reportingLine(self)}` };
}

/**
 * Why `date` is outside the employee's employment, or null when it is inside. From work's replica
 * of people's snapshot: with `stints` (every employment period, people publishes them), the day
 * must fall in one of them, so a rehired employee can still log late time for an earlier stint
 * but not for the gap; snapshots without stints (older events) know only the current period.
 */
export function outsideEmployment(employee: Partial<EmployeeRef>, date: string): string | null {
  const stints = Array.isArray(employee.stints) ? employee.stints : null;
  if (stints && stints.length > 0) {
    if (stints.some((s) => s.start <= date && (s.end === null || date <= s.end))) return null;
    const first = stints[0]!;
    if (date < first.start) return `Date is before the employee's hire date (${first.start})`;
    const last = stints.at(-1)!;
    if (last.end !== null && date > last.end)
      return `Date is after the employee's termination date (${last.end})`;
    return 'Date falls between two employment periods of the employee (not employed then)';
  }
  if (typeof employee.hireDate === 'string' && isValidDate(employee.hireDate) && date < employee.hireDate) {
    return `Date is before the employee's hire date (${employee.hireDate})`;
  }
  const left = employee.terminationDate;
  if (typeof left === 'string' && isValidDate(left) && date > left) {
    return `Date is after the employee's termination date (${left})`;
  }
  return null;
}

export const timesheetService = {
  /**
   * Logs hours for one employee on one project and day. Requires `timesheet:create`: scope `own`
   * only for the caller's own employee, `team` for their reporting line, `all` for anyone.
   * Emits `work.timesheet.logged` (a batch of one) in the same transaction.
   */
  async logTime(ctx: WorkContext, input: LogTimeInput): Promise<TimesheetEntry> {
    const scope = ctx.authorize('timesheet:create');
    const tenantId = ctx.tenantId();
    const self = ctx.identity.employeeId;
    // Scope before validation: someone outside their scope learns nothing about the employee.
    if (scope === 'own' && (!self || input.employeeId !== self)) throw forbidden('timesheet:create:team');
    if (scope === 'team' && !self) throw forbidden('timesheet:create:all');

    const parsed = logSchema.safeParse(input);
    const errors: FieldError[] = parsed.success ? [] : zodFieldErrors(parsed.error);
    const bad = new Set(errors.map((e) => e.field));

    return ctx.tx(async (tx) => {
      if (scope === 'team' && self && !bad.has('input.employeeId')) {
        if (!(await employeeService.inReportingLine(tx, self, input.employeeId))) {
          throw forbidden('timesheet:create:all');
        }
      }
      // Reference checks for the fields whose shape is fine, so one response names every problem.
      const [employee, projectRows] = await Promise.all([
        bad.has('input.employeeId') ? undefined : employeeService.findRef(tx, input.employeeId),
        bad.has('input.projectId')
          ? null
          : tx
              .select({ id: projects.id, status: projects.status })
              .from(projects)
              .where(eq(projects.id, input.projectId)),
      ]);
      if (employee === null) errors.push({ field: 'input.employeeId', message: 'Unknown employee' });
      else if (employee && employee.status !== 'ACTIVE') {
        errors.push({ field: 'input.employeeId', message: 'Employee is not active' });
      }
      if (employee && !bad.has('input.date')) {
        const outside = outsideEmployment(employee, input.date);
        if (outside) errors.push({ field: 'input.date', message: outside });
      }
      const project = projectRows?.[0];
      if (projectRows && !project) errors.push({ field: 'input.projectId', message: 'Unknown project' });
      if (project && CLOSED_PROJECT_STATUSES.includes(project.status)) {
        errors.push({
          field: 'input.projectId',
          message: `Project is ${project.status.toLowerCase()}; time can no longer be logged on it`,
        });
      }
      if (errors.length > 0 || !parsed.success) throw badInput(errors);
      const data = parsed.data;

      // Serialise writers for this employee, so two concurrent entries can't both pass the daily
      // limit check. The lock is released at commit or rollback.
      await lockTimesheetsOf(tx, tenantId, [data.employeeId]);
      const [day] = await tx
        .select({
          logged: sql<string>`coalesce(sum(${t.hours}), 0)::text`,
          over: sql<boolean>`coalesce(sum(${t.hours}), 0) + ${data.hours}::numeric > ${MAX_HOURS_PER_DAY}`,
        })
        .from(t)
        .where(and(eq(t.employeeId, data.employeeId), eq(t.date, data.date)));
      if (day?.over) {
        throw badInput([
          {
            field: 'input.hours',
            message: `Total hours on ${data.date} would exceed ${MAX_HOURS_PER_DAY} (already logged ${day.logged})`,
          },
        ]);
      }

      const [created] = await tx
        .insert(t)
        .values({
          tenantId,
          employeeId: data.employeeId,
          projectId: data.projectId,
          date: data.date,
          hours: data.hours,
          note: data.note || null,
        })
        .returning();
      const row = created as TimesheetEntry;
      const line: TimesheetLine = {
        entryId: row.id,
        employeeId: row.employeeId,
        projectId: row.projectId,
        date: row.date,
        hours: row.hours,
      };
      await publishEntryApprovals(tx, tenantId, [row.id]);
      await emitEvent(tx, outbox, {
        tenantId,
        type: 'work.timesheet.logged',
        aggregateType: 'TimesheetBatch',
        aggregateId: row.id,
        data: { entries: [line] },
      });
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'timesheet.create',
          entityType: 'TimesheetEntry',
          entityId: row.id,
          after: row,
        },
      ]);
      return row;
    });
  },

  /**
   * Bulk import (demo seed, migrations): requires `timesheet:create` with scope `all`. Validates
   * shapes and that every project exists in the tenant; it does not check employees against
   * work's replica (people's events may not have arrived yet when a seed runs) nor the daily
   * limit. Inserts in chunks of 1000 in one transaction and emits one `work.timesheet.logged`
   * event per 500 lines (aggregate `TimesheetBatch`, id = a new batch id). All or nothing.
   */
  async importTimesheets(
    ctx: WorkContext,
    lines: TimesheetImportLine[],
    /** The caller's transaction (the CSV import validates and writes in one). */
    within?: Tx,
  ): Promise<TimesheetImportResult> {
    const scope = ctx.authorize('timesheet:create');
    if (scope !== 'all') throw forbidden('timesheet:create:all');
    const tenantId = ctx.tenantId();
    if (lines.length === 0) return { imported: 0, batchIds: [] };

    const errors: FieldError[] = [];
    const report = (field: string, message: string) => {
      if (errors.length < MAX_REPORTED_LINES) errors.push({ field, message });
    };
    const rows = lines.map((l, i) => {
      if (!isUuid(l.employeeId)) report(`lines.${i}.employeeId`, 'Must be a valid id');
      if (!isUuid(l.projectId)) report(`lines.${i}.projectId`, 'Must be a valid id');
      if (!isValidDate(l.date)) report(`lines.${i}.date`, 'Must be a real calendar date in YYYY-MM-DD form');
      const problem = hoursProblem(l.hours);
      if (problem) report(`lines.${i}.hours`, problem);
      return {
        id: uuidv7(),
        tenantId,
        employeeId: l.employeeId,
        projectId: l.projectId,
        date: l.date,
        hours: problem ? l.hours : formatHundredths(hoursToHundredths(l.hours)!),
        note: l.note ?? null,
      };
    });
    if (errors.length > 0) throw badInput(errors);

    const run = <T>(fn: (tx: Tx) => Promise<T>) => (within ? fn(within) : ctx.tx(fn));
    return run(async (tx) => {
      const projectIds = [...new Set(rows.map((r) => r.projectId))];
      const known = new Set(
        (await tx.select({ id: projects.id }).from(projects).where(inArray(projects.id, projectIds))).map(
          (p) => p.id,
        ),
      );
      // Employees work has heard of: a line outside their employment is refused like in logTime.
      // (An employee not replicated yet — a seed racing people's events — is not checked here;
      // finance still does not count such a line, see its README.)
      const employeeIds = [...new Set(rows.map((r) => r.employeeId))];
      const refs = new Map(
        (
          await tx
            .select({ id: entityRefs.id, data: entityRefs.data })
            .from(entityRefs)
            .where(and(eq(entityRefs.entityType, EMPLOYEE_REF), inArray(entityRefs.id, employeeIds)))
        ).map((r) => [r.id, r.data as EmployeeRef]),
      );
      rows.forEach((r, i) => {
        if (!known.has(r.projectId)) report(`lines.${i}.projectId`, 'Unknown project');
        const ref = refs.get(r.employeeId);
        const outside = ref ? outsideEmployment(ref, r.date) : null;
        if (outside) report(`lines.${i}.date`, outside);
      });
      if (errors.length > 0) throw badInput(errors);

      for (const chunk of chunks(rows, INSERT_CHUNK)) {
        // One JSON parameter per chunk instead of 7 bind parameters per row: binding thousands of
        // parameters dominates the cost on PGlite (about 3x slower for 40k lines).
        const json = JSON.stringify(
          chunk.map((r) => ({
            id: r.id,
            tenant_id: r.tenantId,
            employee_id: r.employeeId,
            project_id: r.projectId,
            date: r.date,
            hours: r.hours,
            note: r.note,
          })),
        );
        await tx.execute(sql`
          insert into ${t} (id, tenant_id, employee_id, project_id, date, hours, note)
          select id, tenant_id, employee_id, project_id, date, hours, note
            from jsonb_to_recordset(${json}::jsonb)
              as x(id uuid, tenant_id uuid, employee_id uuid, project_id uuid, date date, hours numeric, note text)`);
      }

      const batches = chunks(rows, EVENT_BATCH).map((batch) => ({ id: uuidv7(), batch }));
      const events: NewEvent<'work.timesheet.logged'>[] = batches.map(({ id, batch }) => ({
        tenantId,
        type: 'work.timesheet.logged',
        aggregateType: 'TimesheetBatch',
        aggregateId: id,
        data: {
          entries: batch.map((r) => ({
            entryId: r.id,
            employeeId: r.employeeId,
            projectId: r.projectId,
            date: r.date,
            hours: r.hours,
          })),
        },
      }));
      for (const group of chunks(events, EVENTS_PER_INSERT)) await emitEvents(tx, outbox, group);
      await publishEntryApprovals(
        tx,
        tenantId,
        rows.map((r) => r.id),
      );
      // One audit entry per batch rather than per line: the lines themselves are the table rows.
      await recordAudit(
        tx,
        auditLog,
        batches.map(({ id, batch }) => ({
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'timesheet.import',
          entityType: 'TimesheetBatch',
          entityId: id,
          after: { lines: batch.length, entryIds: [batch[0]!.id, batch.at(-1)!.id] },
        })),
      );
      return { imported: rows.length, batchIds: batches.map((b) => b.id) };
    });
  },

  /** One entry (`__resolveReference`), or null when it does not exist or is outside the read scope. */
  async get(ctx: WorkContext, id: string): Promise<TimesheetEntry | null> {
    const scope = ctx.authorize('timesheet:read');
    const entry = await ctx.loaders.timesheetById.load(id);
    if (!entry) return null;
    return (await canReadTimesheetsOf(ctx, scope, entry.employeeId)) ? entry : null;
  },

  /** `Employee.hoursLogged`: null for employees outside the caller's `timesheet:read` scope. */
  async hoursForEmployee(
    ctx: WorkContext,
    employeeId: string,
    args: { from?: string | null; to?: string | null },
  ): Promise<string | null> {
    ctx.tenantId();
    const scope = scopeFor(ctx.identity, 'timesheet', 'read');
    const range = dateRange(args);
    // A field of an employee the caller may see: null without an error when not theirs (README rule).
    if (!scope || !(await canReadTimesheetsOf(ctx, scope, employeeId))) return null;
    return ctx.loaders.hoursByEmployee(range).load(employeeId);
  },

  /**
   * Root `timesheetEntries`: the tenant's entries the caller may read (`timesheet:read` own / team
   * / all, as everywhere), newest day first (ties by id), filtered, Relay-paginated with a total.
   * The SUBMITTED queue is served by the (tenant, status, date, id) index.
   */
  async list(
    ctx: WorkContext,
    args: PageArgs & { filter?: TimesheetEntryFilter | null },
  ): Promise<Connection<TimesheetEntry>> {
    const scope = ctx.authorize('timesheet:read');
    const f = parseInput(filterSchema, args.filter ?? {}, 'filter');
    if (f.from && f.to && f.to < f.from) {
      throw badInput([{ field: 'filter.to', message: '`to` must be on or after `from`' }]);
    }
    const { limit } = pageWindow({ first: args.first });
    const after = decodeTimesheetCursor(args.after);
    const where = and(
      readScope(ctx, scope).where,
      f.status ? eq(t.status, f.status) : undefined,
      f.employeeId ? eq(t.employeeId, f.employeeId) : undefined,
      f.projectId ? eq(t.projectId, f.projectId) : undefined,
      f.departmentId
        ? sql`${t.employeeId} in (select ${entityRefs.id} from ${entityRefs}
               where ${entityRefs.entityType} = ${EMPLOYEE_REF} and ${entityRefs.data}->>'departmentId' = ${f.departmentId})`
        : undefined,
      f.from ? gte(t.date, f.from) : undefined,
      f.to ? lte(t.date, f.to) : undefined,
    );
    return ctx.tx(async (tx) => {
      const [rows, [total]] = await Promise.all([
        tx
          .select()
          .from(t)
          .where(
            and(
              where,
              after ? sql`(${t.date}, ${t.id}) < (${after.date}::date, ${after.id}::uuid)` : undefined,
            ),
          )
          .orderBy(desc(t.date), desc(t.id))
          .limit(limit + 1),
        tx.select({ n: sql<number>`count(*)::int` }).from(t).where(where),
      ]);
      return toConnection(rows as TimesheetEntry[], limit, total?.n ?? 0, after !== null, timesheetCursorKey);
    });
  },

  /** `Employee.timesheets`: an empty page for employees outside the caller's read scope. */
  async pageForEmployee(
    ctx: WorkContext,
    employeeId: string,
    args: TimesheetPageArgs,
  ): Promise<Connection<TimesheetEntry>> {
    ctx.tenantId();
    const scope = scopeFor(ctx.identity, 'timesheet', 'read');
    const q = pageQuery(args, { key: 'employee', where: undefined });
    // A list under an employee the caller may see: an empty page when not theirs (README rule).
    if (!scope || !(await canReadTimesheetsOf(ctx, scope, employeeId))) return emptyConnection(q.limit);
    return ctx.loaders.timesheetPagesByEmployee(q).load(employeeId);
  },

  /**
   * `Project.hoursLogged`: the project's total effort. Project totals are not personal data, so
   * `project:read` is enough; individual entries (`Project.timesheets`) need `timesheet:read`.
   */
  async hoursForProject(
    ctx: WorkContext,
    projectId: string,
    args: { from?: string | null; to?: string | null },
  ): Promise<string> {
    ctx.authorize('project:read');
    return ctx.loaders.hoursByProject(dateRange(args)).load(projectId);
  },

  /** `Project.timesheets`: only the entries of employees within the caller's read scope. */
  async pageForProject(
    ctx: WorkContext,
    projectId: string,
    args: TimesheetPageArgs,
  ): Promise<Connection<TimesheetEntry>> {
    const scope = ctx.authorize('timesheet:read');
    return ctx.loaders.timesheetPagesByProject(pageQuery(args, readScope(ctx, scope))).load(projectId);
  },
};

export const importTimesheets = timesheetService.importTimesheets;
