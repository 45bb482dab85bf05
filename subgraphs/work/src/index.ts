import type { Database } from '@wg/db';
import { entityRefs, jobs, outbox, processedEvents } from '@wg/db/work';
import type { SubgraphModule } from '@wg/runtime';
import { OutboxRelay, startRefsConsumer } from '@wg/runtime';
import { JobRunner, type JobRunnerOptions } from '@wg/runtime/jobs';
import { autoCloseRecord } from './attendance/attendance.jobs';
import { AUTO_CLOSE_QUEUE } from './attendance/attendance.service';
import { createLoaders, type WorkLoaders } from './loaders';
import { buildWorkSchema } from './schema';

/** Work's durable jobs: the forgotten-clock-out rule (attendance). */
export const workJobRunner = (database: Database, options: Partial<JobRunnerOptions> = {}) =>
  new JobRunner(database, jobs, {
    name: 'work',
    handlers: { [AUTO_CLOSE_QUEUE]: autoCloseRecord },
    ...options,
  });

/** Work: projects and time tracking. Adds timesheets and hours to people's employees. */
export const workSubgraph: SubgraphModule<WorkLoaders> = {
  name: 'work',
  defaultPort: 4002,
  buildSchema: buildWorkSchema,
  createLoaders,
  async startBackground(database, bus) {
    const relay = new OutboxRelay(database, outbox, bus).start();
    const runner = workJobRunner(database).start();
    // Work validates employee and department ids against its replica of people's data.
    const unsubscribe = await startRefsConsumer(database, bus, 'work', processedEvents, entityRefs, [
      'Employee',
      'Department',
    ]);
    return async () => {
      await runner.stop();
      relay.stop();
      await unsubscribe();
    };
  },
};

export type { WorkContext, WorkLoaders } from './loaders';
export type { CreateProjectInput } from './projects/project.input';
export { projectService } from './projects/project.service';
export { shiftService } from './shifts/shift.service';
export type { Project } from './projects/project.type';
export { timeOffBalanceService } from './time-off/balances/time-off-balance.service';
export { holidayCalendarService } from './time-off/holidays/holiday-calendar.service';
export { leaveTypeService } from './time-off/leave-types/leave-type.service';
export { timeOffPolicyService } from './time-off/policies/time-off-policy.service';
export {
  republishPendingTimeOffRequests,
  timeOffRequestService,
} from './time-off/requests/time-off-request.service';
export type { LogTimeInput } from './timesheets/timesheet.input';
export {
  importTimesheets,
  type TimesheetImportLine,
  type TimesheetImportResult,
  timesheetService,
} from './timesheets/timesheet.service';
export type { TimesheetEntry } from './timesheets/timesheet.type';
export { republishPendingEntries } from './timesheets/timesheet-approval.events';
