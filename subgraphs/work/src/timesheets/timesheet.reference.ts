import type { WorkContext } from '../loaders';
import { timesheetService } from './timesheet.service';
import type { TimesheetEntry } from './timesheet.type';

/** Federation entry point for `TimesheetEntry { id }`: batched, null outside the read scope. */
export const resolveTimesheetEntryReference = (ref: Pick<TimesheetEntry, 'id'>, ctx: WorkContext) =>
  timesheetService.get(ctx, ref.id);
