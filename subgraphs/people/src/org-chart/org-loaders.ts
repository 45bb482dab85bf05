import type { LoaderContext } from '@wg/runtime';
import {
  benefitEnrollmentById,
  benefitEnrollmentsByEmployee,
  benefitPlanById,
} from '../benefits/benefit.loader';
import { departmentHeadcounts, departmentsByParent } from '../departments/department.loader';
import { filledSeatsByPosition, positionById, positionsByDepartment } from '../positions/position.loader';
import { skillById, skillsByEmployee } from '../skills/skill.loader';
import { managementChainIds, reportIdsByRoot } from './org-chart.loader';

/**
 * The loaders of the organisation aggregates (department tree, positions, skills, benefits, org chart),
 * spread into the people subgraph's per-request loader set.
 */
export function createOrgLoaders(ctx: LoaderContext) {
  return {
    departmentsByParent: departmentsByParent(ctx),
    departmentHeadcounts: departmentHeadcounts(ctx),
    positionById: positionById(ctx),
    positionsByDepartment: positionsByDepartment(ctx),
    filledSeatsByPosition: filledSeatsByPosition(ctx),
    skillById: skillById(ctx),
    skillsByEmployee: skillsByEmployee(ctx),
    benefitPlanById: benefitPlanById(ctx),
    benefitEnrollmentById: benefitEnrollmentById(ctx),
    benefitEnrollmentsByEmployee: benefitEnrollmentsByEmployee(ctx),
    reportIdsByRoot: reportIdsByRoot(ctx),
    managementChainIds: managementChainIds(ctx),
  };
}
