import { entityRefs, projects, timesheetEntries } from '@wg/db/work';
import { forbidden, ImportRowError, isUuid, isValidDate, readCsv } from '@wg/runtime';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { Field, Int, ObjectType } from 'type-graphql';
import { EMPLOYEE_REF, type EmployeeRef } from '../employees/employee.service';
import type { WorkContext } from '../loaders';
import { CLOSED_PROJECT_STATUSES, type ProjectStatus } from '../projects/project.type';
import {
  formatHundredths,
  hoursProblem,
  hoursToHundredths,
  latestToday,
  lockTimesheetsOf,
  MAX_HOURS_PER_DAY,
  MAX_IMPORT_EMPLOYEES,
} from './timesheet.hours';
import { outsideEmployment, type TimesheetImportLine, timesheetService } from './timesheet.service';

@ObjectType('TimesheetImportReport', {
  description:
    'Outcome of importTimesheets: every line was imported, or none (then `errors` says why, by line and column).',
})
export class TimesheetImportReport {
  @Field(() => Boolean, { description: 'Validation only; nothing was written.' })
  dryRun!: boolean;

  @Field(() => Int, { description: 'Data rows in the file.' })
  rowCount!: number;

  @Field(() => Int, { description: 'Entries created (0 on a dry run or with errors).' })
  imported!: number;

  @Field(() => [ImportRowError], { description: 'Every problem found; empty when the file is valid.' })
  errors!: ImportRowError[];
}

const COLUMNS = ['employeeId', 'employeeEmail', 'projectId', 'projectCode', 'date', 'hours', 'note'] as const;
export const MAX_TIMESHEET_IMPORT_ROWS = 50_000;
const MAX_NOTE = 2000;

/**
 * `importTimesheets`: a CSV from another time tracker or a spreadsheet. Resolves employees by id
 * or work email and projects by id or code (work's own projects and its replica of people's
 * employees), then checks every line as `logTime` does — employed on that day, project open,
 * hours, date not in the future, the day's total with what is already logged and the rest of the
 * file at most 24 — and reports every problem by line and column. With none (and not a dry run)
 * the lines are written through the service's bulk import in the same transaction, holding the
 * employees' timesheet locks, so a concurrent `logTime` cannot break the daily limit.
 */
export async function importTimesheetsCsv(
  ctx: WorkContext,
  csv: string,
  dryRun: boolean,
): Promise<TimesheetImportReport> {
  const scope = ctx.authorize('timesheet:create');
  if (scope !== 'all') throw forbidden('timesheet:create:all');
  const tenantId = ctx.tenantId();
  const records = readCsv(csv, {
    columns: COLUMNS,
    required: ['date', 'hours'],
    oneOf: [
      ['employeeId', 'employeeEmail'],
      ['projectId', 'projectCode'],
    ],
    maxRows: MAX_TIMESHEET_IMPORT_ROWS,
  });
  const report = (errors: ImportRowError[], imported = 0): TimesheetImportReport =>
    Object.assign(new TimesheetImportReport(), { dryRun, rowCount: records.length, imported, errors });

  return ctx.tx(async (tx) => {
    const errors: ImportRowError[] = [];
    const fail = (line: number, field: string, message: string) =>
      errors.push(Object.assign(new ImportRowError(), { line, field, message }));

    const ids = (column: 'employeeId' | 'projectId') => [
      ...new Set(records.map((r) => r.values[column]).filter((v): v is string => isUuid(v))),
    ];
    const emails = [...new Set(records.map((r) => r.values.employeeEmail?.toLowerCase()).filter(Boolean))];
    const codes = [...new Set(records.map((r) => r.values.projectCode?.toUpperCase()).filter(Boolean))];
    const [employeeRows, projectRows] = await Promise.all([
      tx
        .select({ id: entityRefs.id, data: entityRefs.data })
        .from(entityRefs)
        .where(
          and(
            eq(entityRefs.entityType, EMPLOYEE_REF),
            sql`(${inArray(entityRefs.id, ids('employeeId'))}
                 or lower(${entityRefs.data}->>'workEmail') in (select jsonb_array_elements_text(${JSON.stringify(emails)}::jsonb)))`,
          ),
        ),
      tx
        .select({ id: projects.id, code: projects.code, status: projects.status })
        .from(projects)
        .where(
          sql`${inArray(projects.id, ids('projectId'))}
              or ${projects.code} in (select jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb))`,
        ),
    ]);
    const employees = new Map<string, EmployeeRef>();
    for (const r of employeeRows) {
      const ref = { ...(r.data as EmployeeRef), id: r.id };
      employees.set(r.id, ref);
      if (ref.workEmail) employees.set(ref.workEmail.toLowerCase(), ref);
    }
    const projectsByKey = new Map<string, { id: string; status: ProjectStatus }>();
    for (const p of projectRows) {
      projectsByKey.set(p.id, p);
      projectsByKey.set(p.code, p);
    }

    const today = latestToday();
    const lines: (TimesheetImportLine & { line: number })[] = [];
    for (const { line, values } of records) {
      const employeeKey = values.employeeId ?? values.employeeEmail?.toLowerCase();
      const employeeColumn = values.employeeId !== undefined ? 'employeeId' : 'employeeEmail';
      const employee = employeeKey ? employees.get(employeeKey) : undefined;
      if (!employeeKey) fail(line, employeeColumn, 'Required');
      else if (!employee) fail(line, employeeColumn, 'Unknown employee');

      const projectKey = values.projectId ?? values.projectCode?.toUpperCase();
      const projectColumn = values.projectId !== undefined ? 'projectId' : 'projectCode';
      const project = projectKey ? projectsByKey.get(projectKey) : undefined;
      if (!projectKey) fail(line, projectColumn, 'Required');
      else if (!project) fail(line, projectColumn, 'Unknown project');
      else if (CLOSED_PROJECT_STATUSES.includes(project.status)) {
        fail(
          line,
          projectColumn,
          `Project is ${project.status.toLowerCase()}; time can no longer be logged on it`,
        );
      }

      const date = values.date ?? '';
      if (!isValidDate(date)) fail(line, 'date', 'Must be a real calendar date in YYYY-MM-DD form');
      else if (date > today) fail(line, 'date', 'Date must not be in the future');
      else if (employee) {
        const outside = outsideEmployment(employee, date);
        if (outside) fail(line, 'date', outside);
      }
      const problem = values.hours === undefined ? 'Required' : hoursProblem(values.hours);
      if (problem) fail(line, 'hours', problem);
      if ((values.note?.length ?? 0) > MAX_NOTE) {
        fail(line, 'note', `Note must be at most ${MAX_NOTE} characters`);
      }
      if (employee && project && !problem && isValidDate(date)) {
        lines.push({
          line,
          employeeId: employee.id,
          projectId: project.id,
          date,
          hours: formatHundredths(hoursToHundredths(values.hours!)!),
          note: values.note ?? null,
        });
      }
    }
    const employeeIds = [...new Set(lines.map((l) => l.employeeId))];
    if (employeeIds.length > MAX_IMPORT_EMPLOYEES) {
      fail(1, 'csv', `At most ${MAX_IMPORT_EMPLOYEES} employees per import; split the file`);
      return report(errors);
    }

    // The daily limit over what is logged already plus the whole file, under the employees'
    // locks so nothing is logged for them between this check and the insert.
    await lockTimesheetsOf(tx, tenantId, employeeIds);
    const logged = new Map<string, number>(
      (employeeIds.length === 0
        ? []
        : await tx
            .select({
              employeeId: timesheetEntries.employeeId,
              date: timesheetEntries.date,
              hundredths: sql<string>`(sum(${timesheetEntries.hours}) * 100)::bigint::text`,
            })
            .from(timesheetEntries)
            .where(
              and(
                inArray(timesheetEntries.employeeId, employeeIds),
                inArray(timesheetEntries.date, [...new Set(lines.map((l) => l.date))]),
              ),
            )
            .groupBy(timesheetEntries.employeeId, timesheetEntries.date)
      ).map((r) => [`${r.employeeId}|${r.date}`, Number(r.hundredths)] as const),
    );
    const day = new Map<string, number>(logged);
    for (const l of lines) {
      const key = `${l.employeeId}|${l.date}`;
      const total = (day.get(key) ?? 0) + hoursToHundredths(l.hours)!;
      day.set(key, total);
      if (total > MAX_HOURS_PER_DAY * 100) {
        fail(
          l.line,
          'hours',
          `Total hours on ${l.date} would exceed ${MAX_HOURS_PER_DAY} (already logged ${formatHundredths(logged.get(key) ?? 0)}, this file up to here ${formatHundredths(total - (logged.get(key) ?? 0))})`,
        );
      }
    }
    errors.sort((a, b) => a.line - b.line);
    if (errors.length > 0 || dryRun) return report(errors);
    const { imported } = await timesheetService.importTimesheets(
      ctx,
      lines.map(({ line: _line, ...l }) => l),
      tx,
    );
    return report([], imported);
  });
}
