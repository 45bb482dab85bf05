import type { LoaderContext, SubgraphContext } from '@wg/runtime';
import { currentCompensationByEmployee } from './compensations/compensation.loader';
import { reportingLine, roiByEmployee } from './employees/employee.loader';
import { financialsByProject } from './projects/project.loader';

/** Fresh per request: DataLoader caches must never outlive the request (or cross tenants). */
export function createLoaders(ctx: LoaderContext) {
  return {
    currentCompensationByEmployee: currentCompensationByEmployee(ctx),
    reportingLine: reportingLine(ctx),
    roiByEmployee: roiByEmployee(ctx),
    financialsByProject: financialsByProject(ctx),
  };
}

export type FinanceLoaders = ReturnType<typeof createLoaders>;
export type FinanceContext = SubgraphContext<FinanceLoaders>;
