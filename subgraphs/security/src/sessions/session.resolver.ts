import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { SecurityContext } from '../loaders';
import { sessionService } from './session.service';
import { AuthPayload } from './session.type';

@Resolver(() => AuthPayload)
export class SessionResolver {
  @Mutation(() => AuthPayload, {
    description:
      'Log in with email and password; open to anonymous callers. Any failure is UNAUTHENTICATED with the same message.',
  })
  login(
    @Ctx() ctx: SecurityContext,
    @Arg('email', () => String, { description: 'Login email (case-insensitive).' }) email: string,
    @Arg('password', () => String, { description: 'The password, as typed.' }) password: string,
  ): Promise<AuthPayload> {
    return sessionService.login(ctx, { email, password });
  }
}
