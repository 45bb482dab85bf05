import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { FinanceContext } from '../loaders';
import { projectService } from './project.service';
import { Project, ProjectFinancials } from './project.type';

@Resolver(() => Project)
export class ProjectResolver {
  // Nullable so that a caller without `financials:read` gets a FORBIDDEN error on this field only,
  // not a nulled Project (and so a nulled parent) in the gateway's merged response.
  @FieldResolver(() => ProjectFinancials, {
    nullable: true,
    description:
      'Revenue, labour cost, profit and ROI ((revenue − cost) / cost) from all hours logged on the project; zeros when nothing is logged. ' +
      'Requires `financials:read` (all): without it, null with a FORBIDDEN error on this field only. Batched across projects.',
  })
  financials(@Root() project: Project, @Ctx() ctx: FinanceContext): Promise<ProjectFinancials | null> {
    return projectService.financials(ctx, project.id);
  }
}
