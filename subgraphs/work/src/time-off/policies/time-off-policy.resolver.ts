import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { WorkContext } from '../../loaders';
import { CreateTimeOffPolicyInput, UpdateTimeOffPolicyInput } from './time-off-policy.input';
import { timeOffPolicyService } from './time-off-policy.service';
import { TimeOffPolicy } from './time-off-policy.type';

@Resolver(() => TimeOffPolicy)
export class TimeOffPolicyResolver {
  @Query(() => [TimeOffPolicy], {
    description: 'Accrual policies (of one leave type when given). Requires `time_off:read` (any scope).',
  })
  timeOffPolicies(
    @Ctx() ctx: WorkContext,
    @Arg('leaveTypeId', () => ID, { nullable: true, description: 'Only this leave type’s policies.' })
    leaveTypeId: string | null,
  ): Promise<TimeOffPolicy[]> {
    return timeOffPolicyService.list(ctx, leaveTypeId);
  }

  @Mutation(() => TimeOffPolicy, {
    description:
      'Create the accrual policy of a leave type for an employment type (one each; CONFLICT otherwise). Requires `time_off:manage:all`. Audited.',
  })
  createTimeOffPolicy(
    @Ctx() ctx: WorkContext,
    @Arg('input', () => CreateTimeOffPolicyInput, { description: 'The policy.' })
    input: CreateTimeOffPolicyInput,
  ): Promise<TimeOffPolicy> {
    return timeOffPolicyService.create(ctx, input);
  }

  @Mutation(() => TimeOffPolicy, {
    description: 'Change a policy; balances follow at once. Requires `time_off:manage:all`. Audited.',
  })
  updateTimeOffPolicy(
    @Ctx() ctx: WorkContext,
    @Arg('id', () => ID, { description: 'The policy.' }) id: string,
    @Arg('input', () => UpdateTimeOffPolicyInput, { description: 'What to change.' })
    input: UpdateTimeOffPolicyInput,
  ): Promise<TimeOffPolicy> {
    return timeOffPolicyService.update(ctx, id, input);
  }

  @Mutation(() => ID, { description: 'Delete a policy; returns its id. Requires `time_off:manage:all`.' })
  deleteTimeOffPolicy(
    @Ctx() ctx: WorkContext,
    @Arg('id', () => ID, { description: 'The policy.' }) id: string,
  ): Promise<string> {
    return timeOffPolicyService.delete(ctx, id);
  }
}
