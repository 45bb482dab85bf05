import { nullWhenForbidden } from '@wg/runtime';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { FinanceContext } from '../loaders';
import { projectService } from './project.service';
import { Project, ProjectFinancials } from './project.type';

@Resolver(() => Project)
export class ProjectResolver {
  // The README's rule for a field of an object the caller may see: without `financials:read` it is
  // null without an error (the same service answers FORBIDDEN where it backs a root field).
  @FieldResolver(() => ProjectFinancials, {
    nullable: true,
    description:
      'Revenue, labour cost, profit and ROI ((revenue − cost) / cost) from all hours logged on the project; zeros when nothing is logged. ' +
      'Batched across projects. Requires `financials:read` (others get null).',
  })
  financials(@Root() project: Project, @Ctx() ctx: FinanceContext): Promise<ProjectFinancials | null> {
    return nullWhenForbidden(() => projectService.financials(ctx, project.id));
  }
}
