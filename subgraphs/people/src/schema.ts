import { buildSubgraphSchema } from '@wg/runtime';
import { resolveBenefitEnrollmentReference, resolveBenefitPlanReference } from './benefits/benefit.reference';
import {
  BenefitEnrollmentResolver,
  BenefitPlanResolver,
  EmployeeBenefitsResolver,
} from './benefits/benefit.resolver';
import { resolveDepartmentReference } from './departments/department.reference';
import { DepartmentResolver } from './departments/department.resolver';
import { resolveEmployeeReference } from './employees/employee.reference';
import { EmployeeResolver } from './employees/employee.resolver';
import { EmployeeAdminResolver } from './employees/employee-admin.resolver';
import { EmployeeOrgResolver } from './org-chart/employee-org.resolver';
import { EmployeePositionResolver } from './positions/employee-position.resolver';
import { resolvePositionReference } from './positions/position.reference';
import { DepartmentPositionsResolver, PositionResolver } from './positions/position.resolver';
import { resolveSkillReference } from './skills/skill.reference';
import { EmployeeSkillsResolver, SkillResolver } from './skills/skill.resolver';

export const buildPeopleSchema = () =>
  buildSubgraphSchema({
    resolvers: [
      DepartmentResolver,
      EmployeeResolver,
      EmployeeAdminResolver,
      // Organisation: department tree, positions, skills, benefits, org chart (people-org).
      DepartmentPositionsResolver,
      PositionResolver,
      EmployeePositionResolver,
      SkillResolver,
      EmployeeSkillsResolver,
      BenefitPlanResolver,
      BenefitEnrollmentResolver,
      EmployeeBenefitsResolver,
      EmployeeOrgResolver,
    ],
    references: {
      Department: { __resolveReference: resolveDepartmentReference },
      Employee: { __resolveReference: resolveEmployeeReference },
      Position: { __resolveReference: resolvePositionReference },
      Skill: { __resolveReference: resolveSkillReference },
      BenefitPlan: { __resolveReference: resolveBenefitPlanReference },
      BenefitEnrollment: { __resolveReference: resolveBenefitEnrollmentReference },
    },
  });
