import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { SecurityContext } from '../loaders';
import { sessionPolicyService } from './session-policy.service';
import { SessionPolicy, SessionPolicyInput } from './session-policy.type';

@Resolver(() => SessionPolicy)
export class SessionPolicyResolver {
  @Query(() => [SessionPolicy], {
    description: 'The tenant-wide policy first, then per-role ones. Needs `session_policy:read`.',
  })
  sessionPolicies(@Ctx() ctx: SecurityContext): Promise<SessionPolicy[]> {
    return sessionPolicyService.list(ctx);
  }

  @Mutation(() => SessionPolicy, {
    description:
      'Creates or replaces the tenant-wide or a role’s session policy. Needs `session_policy:update`.',
  })
  setSessionPolicy(
    @Ctx() ctx: SecurityContext,
    @Arg('input', () => SessionPolicyInput, { description: 'The policy.' }) input: SessionPolicyInput,
  ): Promise<SessionPolicy> {
    return sessionPolicyService.set(ctx, input);
  }

  @Mutation(() => Boolean, { description: 'Removes a session policy. Needs `session_policy:update`.' })
  deleteSessionPolicy(
    @Ctx() ctx: SecurityContext,
    @Arg('id', () => ID, { description: 'Policy id.' }) id: string,
  ): Promise<boolean> {
    return sessionPolicyService.delete(ctx, id);
  }
}
