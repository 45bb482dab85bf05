import { requireScope } from '@wg/runtime';
import type { PeopleContext } from '../loaders';
import type { BenefitPlan } from './benefit.type';

/** Federation entry point: `BenefitPlan { id }` stubs from other subgraphs resolve here, batched. */
export const resolveBenefitPlanReference = (ref: Pick<BenefitPlan, 'id'>, ctx: PeopleContext) => {
  ctx.authorize('benefit_plan:read');
  return ctx.loaders.benefitPlanById.load(ref.id);
};

/**
 * `BenefitEnrollment { id }` stubs: only for callers who may read every enrollment (`benefit:read:all`);
 * own-scoped callers reach theirs through `Employee.benefits`.
 */
export const resolveBenefitEnrollmentReference = (ref: { id: string }, ctx: PeopleContext) => {
  requireScope(ctx.identity, 'benefit:read', 'all');
  return ctx.loaders.benefitEnrollmentById.load(ref.id);
};
