import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { FinanceContext } from '../loaders';
import { SetCompensationInput } from './compensation.input';
import { compensationService } from './compensation.service';
import { Compensation } from './compensation.type';

@Resolver(() => Compensation)
export class CompensationResolver {
  @Mutation(() => Compensation, {
    description:
      'Record an employee’s compensation from `effectiveFrom` on (earlier ones stay as history). Requires `compensation:create`. ' +
      'BAD_USER_INPUT names every bad field: unknown employee, amount not > 0 or with more than 2 decimals, a currency other than the reporting one.',
  })
  setCompensation(
    @Ctx() ctx: FinanceContext,
    @Arg('input', () => SetCompensationInput, {
      description: 'The employee, the new pay and the day it takes effect.',
    })
    input: SetCompensationInput,
  ): Promise<Compensation> {
    return compensationService.set(ctx, input);
  }
}
