import { nullWhenForbidden } from '@wg/runtime';
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { InsightsContext } from '../loaders';
import { analyticsService } from './analytics.service';
import {
  CompanyAnalytics,
  Department,
  DepartmentAnalytics,
  Employee,
  EmployeeAnalytics,
  PerformerRanking,
  Project,
  ProjectAnalytics,
  ProjectRanking,
} from './analytics.type';

@Resolver(() => CompanyAnalytics)
export class AnalyticsResolver {
  @Query(() => CompanyAnalytics, {
    nullable: true,
    description:
      'Company-wide headcount, revenue, cost, profit, ROI and productivity. Requires `analytics:read` ' +
      'with scope `all`. Null (with an error at this path) when insights cannot answer, so the rest of a dashboard still renders.',
  })
  companyAnalytics(@Ctx() ctx: InsightsContext): Promise<CompanyAnalytics> {
    return analyticsService.company(ctx);
  }

  @Query(() => DepartmentAnalytics, {
    nullable: true,
    description:
      'One department’s figures. Requires `analytics:read` with scope `all`; NOT_FOUND for a department ' +
      'insights does not know in the caller’s tenant. Null (with an error at this path) when insights cannot answer, so the rest of a dashboard still renders.',
  })
  departmentAnalytics(
    @Arg('id', () => ID, { description: 'The department id.' }) id: string,
    @Ctx() ctx: InsightsContext,
  ): Promise<DepartmentAnalytics> {
    return analyticsService.require(analyticsService.department(ctx, id), 'Department');
  }

  @Query(() => EmployeeAnalytics, {
    nullable: true,
    description:
      'One employee’s figures. `analytics:read` scope `own`: only yourself; `team`: yourself and your ' +
      'reporting line; `all`: anyone (FORBIDDEN otherwise, NOT_FOUND for an unknown employee). Null (with an error at this path) when insights cannot answer, so the rest of a dashboard still renders.',
  })
  employeeAnalytics(
    @Arg('id', () => ID, { description: 'The employee id.' }) id: string,
    @Ctx() ctx: InsightsContext,
  ): Promise<EmployeeAnalytics> {
    return analyticsService.require(analyticsService.employee(ctx, id), 'Employee');
  }

  @Query(() => ProjectAnalytics, {
    nullable: true,
    description:
      'One project’s figures. Requires `analytics:read` with scope `all`; NOT_FOUND when unknown. Null (with an error at this path) when insights cannot answer, so the rest of a dashboard still renders.',
  })
  projectAnalytics(
    @Arg('id', () => ID, { description: 'The project id.' }) id: string,
    @Ctx() ctx: InsightsContext,
  ): Promise<ProjectAnalytics> {
    return analyticsService.require(analyticsService.project(ctx, id), 'Project');
  }

  @Query(() => [EmployeeAnalytics], {
    description:
      'Employees ranked by `by`, highest first, among those the caller may see (`analytics:read` ' +
      'own: yourself; team: your reporting line; all: everyone).',
  })
  topPerformers(
    @Arg('limit', () => Int, { defaultValue: 10, description: 'How many (1–100).' }) limit: number,
    @Arg('by', () => PerformerRanking, {
      defaultValue: PerformerRanking.ROI,
      description: 'The ranking figure.',
    })
    by: PerformerRanking,
    @Ctx() ctx: InsightsContext,
  ): Promise<EmployeeAnalytics[]> {
    return analyticsService.topPerformers(ctx, limit, by);
  }

  @Query(() => [ProjectAnalytics], {
    description: 'Projects ranked by `by`, highest first. Requires `analytics:read` with scope `all`.',
  })
  topProjects(
    @Arg('limit', () => Int, { defaultValue: 10, description: 'How many (1–100).' }) limit: number,
    @Arg('by', () => ProjectRanking, { defaultValue: ProjectRanking.ROI, description: 'The ranking figure.' })
    by: ProjectRanking,
    @Ctx() ctx: InsightsContext,
  ): Promise<ProjectAnalytics[]> {
    return analyticsService.topProjects(ctx, limit, by);
  }
}

/** `Department.analytics`, batched across departments. */
@Resolver(() => Department)
export class DepartmentAnalyticsResolver {
  @FieldResolver(() => DepartmentAnalytics, {
    nullable: true,
    description:
      'The department’s figures; null when unknown to insights. Requires `analytics:read` at scope `all` (others get null).',
  })
  analytics(@Root() d: Department, @Ctx() ctx: InsightsContext): Promise<DepartmentAnalytics | null> {
    return nullWhenForbidden(() => analyticsService.department(ctx, d.id));
  }
}

/** `Employee.analytics`, batched across employees. */
@Resolver(() => Employee)
export class EmployeeAnalyticsResolver {
  @FieldResolver(() => EmployeeAnalytics, {
    nullable: true,
    description:
      'The employee’s figures; null when unknown to insights. Requires `analytics:read`: own → yourself, ' +
      'team → your reporting line, all → anyone (others get null).',
  })
  analytics(@Root() e: Employee, @Ctx() ctx: InsightsContext): Promise<EmployeeAnalytics | null> {
    return nullWhenForbidden(() => analyticsService.employee(ctx, e.id));
  }
}

/** `Project.analytics`, batched across projects. */
@Resolver(() => Project)
export class ProjectAnalyticsResolver {
  @FieldResolver(() => ProjectAnalytics, {
    nullable: true,
    description:
      'The project’s figures; null when unknown to insights. Requires `analytics:read` at scope `all` (others get null).',
  })
  analytics(@Root() p: Project, @Ctx() ctx: InsightsContext): Promise<ProjectAnalytics | null> {
    return nullWhenForbidden(() => analyticsService.project(ctx, p.id));
  }
}
