import { requireScope } from '@wg/runtime';
import type { FinanceContext } from '../loaders';
import type { ProjectFinancials } from './project.type';

export const projectService = {
  /**
   * `Project.financials`. Requires `financials:read` with scope `all`: a project's margin is not
   * about one person, so own/team scopes do not narrow it to anything meaningful.
   */
  financials(ctx: FinanceContext, projectId: string): Promise<ProjectFinancials> {
    requireScope(ctx.identity, 'financials:read', 'all');
    return ctx.loaders.financialsByProject.load(projectId);
  },
};
