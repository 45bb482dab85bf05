import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Employee, employeeStub } from '../employees/employee.type';
import type { WorkContext } from '../loaders';
import { projectService } from '../projects/project.service';
import { Project } from '../projects/project.type';
import { CorrectTimesheetEntryInput, LogTimeInput } from './timesheet.input';
import { timesheetService } from './timesheet.service';
import { TimesheetEntry } from './timesheet.type';
import { timesheetReviewService } from './timesheet-review.service';

@Resolver(() => TimesheetEntry)
export class TimesheetEntryResolver {
  @Mutation(() => TimesheetEntry, {
    description:
      'Log hours for an employee on a project and day. Requires `timesheet:create`: scope `own` only for yourself, `team` for your reporting line, `all` for anyone.',
  })
  logTime(
    @Ctx() ctx: WorkContext,
    @Arg('input', () => LogTimeInput, { description: 'The hours to log.' }) input: LogTimeInput,
  ): Promise<TimesheetEntry> {
    return timesheetService.logTime(ctx, input);
  }

  @Mutation(() => [TimesheetEntry], {
    description:
      'Approve SUBMITTED entries (at most 500). Requires `timesheet:approve`: scope `team` for your reporting line, `all` for anyone; never your own time. All or nothing: any entry already decided is a CONFLICT. Approved entries are locked.',
  })
  approveTimesheetEntries(
    @Ctx() ctx: WorkContext,
    @Arg('ids', () => [ID], { description: 'The entries to approve.' }) ids: string[],
  ): Promise<TimesheetEntry[]> {
    return timesheetReviewService.approve(ctx, ids);
  }

  @Mutation(() => [TimesheetEntry], {
    description:
      'Send SUBMITTED entries back to their owners with a reason (at most 500). Same permission rules as `approveTimesheetEntries`.',
  })
  rejectTimesheetEntries(
    @Ctx() ctx: WorkContext,
    @Arg('ids', () => [ID], { description: 'The entries to reject.' }) ids: string[],
    @Arg('reason', () => String, { description: 'Why, shown to the owners; 1–2000 characters.' })
    reason: string,
  ): Promise<TimesheetEntry[]> {
    return timesheetReviewService.reject(ctx, ids, reason);
  }

  @Mutation(() => TimesheetEntry, {
    description:
      'Correct one of your own REJECTED entries and resubmit it for approval (status back to SUBMITTED). Requires `timesheet:create`; approved entries are locked (CONFLICT).',
  })
  correctTimesheetEntry(
    @Ctx() ctx: WorkContext,
    @Arg('id', () => ID, { description: 'The rejected entry.' }) id: string,
    @Arg('input', () => CorrectTimesheetEntryInput, { description: 'What to change.' })
    input: CorrectTimesheetEntryInput,
  ): Promise<TimesheetEntry> {
    return timesheetReviewService.correct(ctx, id, input);
  }

  @Mutation(() => ID, {
    description:
      'Delete one of your own entries that is not yet APPROVED; returns its id. Requires `timesheet:create`; approved entries are locked (CONFLICT).',
  })
  deleteTimesheetEntry(
    @Ctx() ctx: WorkContext,
    @Arg('id', () => ID, { description: 'The entry to delete.' }) id: string,
  ): Promise<string> {
    return timesheetReviewService.delete(ctx, id);
  }

  @FieldResolver(() => Employee, { description: 'Who worked (resolved by the people subgraph).' })
  employee(@Root() e: TimesheetEntry): Employee {
    return employeeStub(e.employeeId);
  }

  @FieldResolver(() => Project, { description: 'What the time was spent on. Requires `project:read`.' })
  project(@Root() e: TimesheetEntry, @Ctx() ctx: WorkContext): Promise<Project> {
    return projectService.require(ctx, e.projectId);
  }
}
