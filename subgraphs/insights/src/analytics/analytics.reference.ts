import type { InsightsContext } from '../loaders';
import { analyticsService } from './analytics.service';
import {
  type CompanyAnalytics,
  type DepartmentAnalytics,
  departmentStub,
  type EmployeeAnalytics,
  employeeStub,
  type ProjectAnalytics,
  projectStub,
} from './analytics.type';

type Ref = { id: string };

/*
 * Federation entry points. The analytics types are entities keyed by the id of what they describe,
 * so a subscription can return `{ __typename: 'DepartmentAnalytics', id }` and the gateway fetches
 * the selection here — with the same permission checks as the query fields (null when unknown).
 */
export const resolveCompanyAnalyticsReference = (
  ref: Ref,
  ctx: InsightsContext,
): Promise<CompanyAnalytics | null> => analyticsService.companyByRef(ctx, ref.id);
export const resolveDepartmentAnalyticsReference = (
  ref: Ref,
  ctx: InsightsContext,
): Promise<DepartmentAnalytics | null> => analyticsService.department(ctx, ref.id);
export const resolveEmployeeAnalyticsReference = (
  ref: Ref,
  ctx: InsightsContext,
): Promise<EmployeeAnalytics | null> => analyticsService.employee(ctx, ref.id);
export const resolveProjectAnalyticsReference = (
  ref: Ref,
  ctx: InsightsContext,
): Promise<ProjectAnalytics | null> => analyticsService.project(ctx, ref.id);

/** Entity stubs owned elsewhere: insights only adds `analytics`. */
export const resolveDepartmentReference = (ref: Ref) => departmentStub(ref.id);
export const resolveEmployeeReference = (ref: Ref) => employeeStub(ref.id);
export const resolveProjectReference = (ref: Ref) => projectStub(ref.id);
