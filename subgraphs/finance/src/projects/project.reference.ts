import type { FinanceContext } from '../loaders';
import { Project } from './project.type';

/** Federation entry point for `Project { id }`: a stub; `financials` checks its own permission. */
export const resolveProjectReference = (ref: Pick<Project, 'id'>, ctx: FinanceContext) => {
  ctx.tenantId();
  return Project.ref(ref.id);
};
