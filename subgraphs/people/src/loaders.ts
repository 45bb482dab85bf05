import type { LoaderContext, SubgraphContext } from '@wg/runtime';
import { departmentById } from './departments/department.loader';
import { employeeById, employeePagesByDepartment, employeesByManager } from './employees/employee.loader';

/** Fresh per request: DataLoader caches must never outlive the request (or cross tenants). */
export function createLoaders(ctx: LoaderContext) {
  return {
    departmentById: departmentById(ctx),
    employeeById: employeeById(ctx),
    employeesByManager: employeesByManager(ctx),
    employeePagesByDepartment: employeePagesByDepartment(ctx),
  };
}

export type PeopleLoaders = ReturnType<typeof createLoaders>;
export type PeopleContext = SubgraphContext<PeopleLoaders>;
