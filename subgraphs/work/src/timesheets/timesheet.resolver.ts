import { type Connection, PageArgs } from '@wg/runtime';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Employee, employeeStub } from '../employees/employee.type';
import type { WorkContext } from '../loaders';
import { projectService } from '../projects/project.service';
import { Project } from '../projects/project.type';
import { importTimesheetsCsv, TimesheetImportReport } from './timesheet.import';
import { CorrectTimesheetEntryInput, LogTimeInput, TimesheetEntryFilter } from './timesheet.input';
import { timesheetService } from './timesheet.service';
import { TimesheetEntry, TimesheetEntryConnection } from './timesheet.type';
import { timesheetReviewService } from './timesheet-review.service';

@Resolver(() => TimesheetEntry)
export class TimesheetEntryResolver {
  @Query(() => TimesheetEntryConnection, {
    description:
      'Timesheet entries of the tenant, newest day first, Relay-paginated with `totalCount`. Requires `timesheet:read`: scope `own` sees your own entries, `team` your reporting line, `all` everyone. With `filter.status: SUBMITTED` this is the approval queue (decide with `approveTimesheetEntries` / `rejectTimesheetEntries`).',
  })
  timesheetEntries(
    @Ctx() ctx: WorkContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => TimesheetEntryFilter, {
      nullable: true,
      description: 'Conditions every entry must meet.',
    })
    filter: TimesheetEntryFilter | null,
  ): Promise<Connection<TimesheetEntry>> {
    return timesheetService.list(ctx, { ...page, filter });
  }

  @Query(() => TimesheetEntry, {
    nullable: true,
    description:
      'One timesheet entry, or null when it does not exist or is outside your `timesheet:read` scope (own / team / all).',
  })
  timesheetEntry(
    @Ctx() ctx: WorkContext,
    @Arg('id', () => ID, { description: 'The entry id.' }) id: string,
  ): Promise<TimesheetEntry | null> {
    return timesheetService.get(ctx, id);
  }

  @Mutation(() => TimesheetImportReport, {
    description:
      'Import timesheet lines from CSV (header row; columns `employeeEmail` or `employeeId`, `projectCode` or `projectId`, `date`, `hours`, optional `note`; at most 50,000 rows). Every line is checked as `logTime` checks it — known employee employed on that day, open project, hours > 0 and ≤ 24 with at most 2 decimals, date not in the future, the day’s total (already logged plus the file) at most 24 — and the report names every problem by line and column. All or nothing: with any problem nothing is written. Imported lines are SUBMITTED (they await approval). Requires `timesheet:create` at scope `all`.',
  })
  importTimesheets(
    @Ctx() ctx: WorkContext,
    @Arg('csv', () => String, { description: 'RFC 4180 CSV text with a header row.' }) csv: string,
    @Arg('dryRun', () => Boolean, { nullable: true, description: 'Validate only; write nothing.' })
    dryRun: boolean | null,
  ): Promise<TimesheetImportReport> {
    return importTimesheetsCsv(ctx, csv, dryRun ?? false);
  }

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
