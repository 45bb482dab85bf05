import type { LoaderContext, SubgraphContext } from '@wg/runtime';
import { departmentById } from './departments/department.loader';
import {
  employeeById,
  employeeHistoryByEmployee,
  employeePagesByDepartment,
  employeesByManager,
  sensitiveReads,
} from './employees/employee.loader';
import { createOrgLoaders } from './org-chart/org-loaders';

/** Fresh per request: DataLoader caches must never outlive the request (or cross tenants). */
export function createLoaders(
  ctx: LoaderContext & Pick<SubgraphContext, 'identity' | 'requestId' | 'tenantId'>,
) {
  return {
    departmentById: departmentById(ctx),
    employeeById: employeeById(ctx),
    employeesByManager: employeesByManager(ctx),
    employeePagesByDepartment: employeePagesByDepartment(ctx),
    sensitiveReads: sensitiveReads(ctx),
    employeeHistory: employeeHistoryByEmployee(ctx),
    ...createOrgLoaders(ctx),
  };
}

export type PeopleLoaders = ReturnType<typeof createLoaders>;
export type PeopleContext = SubgraphContext<PeopleLoaders>;
