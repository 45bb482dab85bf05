import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Employee, employeeStub } from '../employees/employee.type';
import type { WorkContext } from '../loaders';
import { projectService } from '../projects/project.service';
import { Project } from '../projects/project.type';
import { LogTimeInput } from './timesheet.input';
import { timesheetService } from './timesheet.service';
import { TimesheetEntry } from './timesheet.type';

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

  @FieldResolver(() => Employee, { description: 'Who worked (resolved by the people subgraph).' })
  employee(@Root() e: TimesheetEntry): Employee {
    return employeeStub(e.employeeId);
  }

  @FieldResolver(() => Project, { description: 'What the time was spent on. Requires `project:read`.' })
  project(@Root() e: TimesheetEntry, @Ctx() ctx: WorkContext): Promise<Project> {
    return projectService.require(ctx, e.projectId);
  }
}
