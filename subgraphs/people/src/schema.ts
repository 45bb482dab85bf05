import { buildSubgraphSchema } from '@wg/runtime';
import { resolveDepartmentReference } from './departments/department.reference';
import { DepartmentResolver } from './departments/department.resolver';
import { resolveEmployeeReference } from './employees/employee.reference';
import { EmployeeResolver } from './employees/employee.resolver';

export const buildPeopleSchema = () =>
  buildSubgraphSchema({
    resolvers: [DepartmentResolver, EmployeeResolver],
    references: {
      Department: { __resolveReference: resolveDepartmentReference },
      Employee: { __resolveReference: resolveEmployeeReference },
    },
  });
