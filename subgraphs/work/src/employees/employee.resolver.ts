import { type Connection, DateScalar, DecimalScalar, PageArgs } from '@wg/runtime';
import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { WorkContext } from '../loaders';
import { timesheetService } from '../timesheets/timesheet.service';
import { type TimesheetEntry, TimesheetEntryConnection, TimesheetStatus } from '../timesheets/timesheet.type';
import { Employee } from './employee.type';

/** Time-tracking fields work adds to people's Employee. */
@Resolver(() => Employee)
export class EmployeeResolver {
  @FieldResolver(() => TimesheetEntryConnection, {
    description:
      'Timesheet entries of this employee, newest day first, Relay-paginated. Batched across employees. Requires `timesheet:read`: own → yourself, team → your reporting line, all → anyone (others get an empty page).',
  })
  timesheets(
    @Root() e: Employee,
    @Ctx() ctx: WorkContext,
    @Arg('from', () => DateScalar, { nullable: true, description: 'First day included.' }) from:
      | string
      | null,
    @Arg('to', () => DateScalar, { nullable: true, description: 'Last day included.' }) to: string | null,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('status', () => TimesheetStatus, {
      nullable: true,
      description: 'Only entries in this approval state (e.g. SUBMITTED for an approval queue).',
    })
    status: TimesheetStatus | null,
  ): Promise<Connection<TimesheetEntry>> {
    return timesheetService.pageForEmployee(ctx, e.id, { ...page, from, to, status });
  }

  @FieldResolver(() => DecimalScalar, {
    nullable: true,
    description:
      'Σ hours this employee logged within the optional inclusive date range (all time without one; "0.00" when none). Batched: one query for any number of employees. Requires `timesheet:read`: own → yourself, team → your reporting line, all → anyone (others get null).',
  })
  hoursLogged(
    @Root() e: Employee,
    @Ctx() ctx: WorkContext,
    @Arg('from', () => DateScalar, { nullable: true, description: 'First day counted.' }) from: string | null,
    @Arg('to', () => DateScalar, { nullable: true, description: 'Last day counted.' }) to: string | null,
  ): Promise<string | null> {
    return timesheetService.hoursForEmployee(ctx, e.id, { from, to });
  }
}
