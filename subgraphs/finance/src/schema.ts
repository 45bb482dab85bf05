import { buildSubgraphSchema } from '@wg/runtime';
import { CompensationResolver } from './compensations/compensation.resolver';
import { resolveEmployeeReference } from './employees/employee.reference';
import { EmployeeResolver } from './employees/employee.resolver';
import { Employee } from './employees/employee.type';
import { PlacementRateResolver } from './placement-rates/placement-rate.resolver';
import { ProjectRateResolver } from './project-rates/project-rate.resolver';
import { resolveProjectReference } from './projects/project.reference';
import { ProjectResolver } from './projects/project.resolver';
import { Project } from './projects/project.type';
import { SettingsResolver } from './settings/settings.resolver';

export const buildFinanceSchema = () =>
  buildSubgraphSchema({
    resolvers: [
      CompensationResolver,
      EmployeeResolver,
      ProjectResolver,
      ProjectRateResolver,
      PlacementRateResolver,
      SettingsResolver,
    ],
    // Entity stubs owned by people and work, extended here with finance fields.
    orphanedTypes: [Employee, Project],
    references: {
      Employee: { __resolveReference: resolveEmployeeReference },
      Project: { __resolveReference: resolveProjectReference },
    },
  });
