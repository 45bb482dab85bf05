import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { FinanceContext } from '../loaders';
import { SetProjectBillingRateInput } from './project-rate.input';
import { projectRateService } from './project-rate.service';
import { ProjectBillingRate } from './project-rate.type';

@Resolver(() => ProjectBillingRate)
export class ProjectRateResolver {
  @Mutation(() => ProjectBillingRate, {
    description:
      'Set the hourly rate a project bills (replaces the previous one). Requires `project:update`. ' +
      'Applies to hours costed from now on; BAD_USER_INPUT for an unknown project, a negative rate or a non-reporting currency.',
  })
  setProjectBillingRate(
    @Ctx() ctx: FinanceContext,
    @Arg('input', () => SetProjectBillingRateInput, {
      description: 'The project, the hourly rate and the day it takes effect.',
    })
    input: SetProjectBillingRateInput,
  ): Promise<ProjectBillingRate> {
    return projectRateService.set(ctx, input);
  }
}
