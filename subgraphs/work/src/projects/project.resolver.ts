import { type Connection, DateScalar, DecimalScalar, Money, PageArgs } from '@wg/runtime';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Department, departmentStub } from '../departments/department.type';
import type { WorkContext } from '../loaders';
import { timesheetService } from '../timesheets/timesheet.service';
import { type TimesheetEntry, TimesheetEntryConnection, TimesheetStatus } from '../timesheets/timesheet.type';
import { CreateProjectInput, ProjectFilter, UpdateProjectInput } from './project.input';
import { projectService } from './project.service';
import { Project, ProjectConnection } from './project.type';

@Resolver(() => Project)
export class ProjectResolver {
  @Query(() => ProjectConnection, {
    description: 'Projects of the tenant, oldest first, Relay-paginated. Requires `project:read`.',
  })
  projects(
    @Ctx() ctx: WorkContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ProjectFilter, {
      nullable: true,
      description: 'Conditions every project must meet.',
    })
    filter: ProjectFilter | null,
  ): Promise<Connection<Project>> {
    return projectService.list(ctx, { ...page, filter });
  }

  @Query(() => Project, {
    nullable: true,
    description: 'One project, or null when it does not exist for the caller. Requires `project:read`.',
  })
  project(
    @Ctx() ctx: WorkContext,
    @Arg('id', () => ID, { description: 'The project id.' }) id: string,
  ): Promise<Project | null> {
    return projectService.get(ctx, id);
  }

  @Mutation(() => Project, { description: 'Create a project. Requires `project:create`.' })
  createProject(
    @Ctx() ctx: WorkContext,
    @Arg('input', () => CreateProjectInput, { description: 'The new project.' }) input: CreateProjectInput,
  ): Promise<Project> {
    return projectService.create(ctx, input);
  }

  @Mutation(() => Project, {
    description:
      'Change a project: name, description, dates, status (see `UpdateProjectInput.status` for the allowed moves) and budget. Requires `project:update`. Closing it (COMPLETED or CANCELLED) stops time logging on it; entries already logged stay. Emits `work.project.updated`.',
  })
  updateProject(
    @Ctx() ctx: WorkContext,
    @Arg('id', () => ID, { description: 'The project.' }) id: string,
    @Arg('input', () => UpdateProjectInput, { description: 'What to change.' }) input: UpdateProjectInput,
  ): Promise<Project> {
    return projectService.update(ctx, id, input);
  }

  @FieldResolver(() => Money, {
    nullable: true,
    description:
      'Planned spend for the whole project (its lifetime, not a period), as set with `updateProject`; null when none was set. A plan, not a cost: labour cost and revenue are finance’s figures.',
  })
  budget(@Root() p: Project): Money | null {
    return p.budgetAmount !== null && p.budgetCurrency !== null
      ? Money.of(p.budgetAmount, p.budgetCurrency)
      : null;
  }

  @FieldResolver(() => Department, {
    nullable: true,
    description: 'The owning department (resolved by the people subgraph); null when none.',
  })
  department(@Root() p: Project): Department | null {
    return p.departmentId ? departmentStub(p.departmentId) : null;
  }

  @FieldResolver(() => DecimalScalar, {
    description:
      'Σ hours logged on the project by everyone, within the optional inclusive date range (all time without one; "0.00" when none). Requires `project:read` only: it is a project total, not personal data.',
  })
  hoursLogged(
    @Root() p: Project,
    @Ctx() ctx: WorkContext,
    @Arg('from', () => DateScalar, { nullable: true, description: 'First day counted.' }) from: string | null,
    @Arg('to', () => DateScalar, { nullable: true, description: 'Last day counted.' }) to: string | null,
  ): Promise<string> {
    return timesheetService.hoursForProject(ctx, p.id, { from, to });
  }

  @FieldResolver(() => TimesheetEntryConnection, {
    description:
      'Entries logged on this project, newest day first, Relay-paginated. Requires `timesheet:read`; only entries of employees within the caller’s scope (own / team / all) appear, and `totalCount` counts only those. Batched across projects.',
  })
  timesheets(
    @Root() p: Project,
    @Ctx() ctx: WorkContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('from', () => DateScalar, { nullable: true, description: 'First day included.' }) from:
      | string
      | null,
    @Arg('to', () => DateScalar, { nullable: true, description: 'Last day included.' }) to: string | null,
    @Arg('status', () => TimesheetStatus, {
      nullable: true,
      description: 'Only entries in this approval state (e.g. SUBMITTED for an approval queue).',
    })
    status: TimesheetStatus | null,
  ): Promise<Connection<TimesheetEntry>> {
    return timesheetService.pageForProject(ctx, p.id, { ...page, from, to, status });
  }
}
