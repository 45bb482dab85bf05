import { timesheetEntries } from '@wg/db/work';
import type { LoaderContext, SubgraphContext } from '@wg/runtime';
import { reportingLineOf } from './employees/employee.loader';
import { projectById, projectsByDepartment } from './projects/project.loader';
import { scheduleById, shiftTemplateById } from './shifts/shift.loader';
import { timeOffRequestById } from './time-off/requests/time-off-request.loader';
import { hoursBy, timesheetById, timesheetPagesBy } from './timesheets/timesheet.loader';

/** Fresh per request: DataLoader caches must never outlive the request (or cross tenants). */
export function createLoaders(ctx: LoaderContext) {
  return {
    projectById: projectById(ctx),
    projectsByDepartment: projectsByDepartment(ctx),
    timesheetById: timesheetById(ctx),
    hoursByEmployee: hoursBy(ctx, timesheetEntries.employeeId),
    hoursByProject: hoursBy(ctx, timesheetEntries.projectId),
    timesheetPagesByEmployee: timesheetPagesBy(ctx, timesheetEntries.employeeId),
    timesheetPagesByProject: timesheetPagesBy(ctx, timesheetEntries.projectId),
    reportingLineOf: reportingLineOf(ctx),
    scheduleById: scheduleById(ctx),
    shiftTemplateById: shiftTemplateById(ctx),
    timeOffRequestById: timeOffRequestById(ctx),
  };
}

export type WorkLoaders = ReturnType<typeof createLoaders>;
export type WorkContext = SubgraphContext<WorkLoaders>;
