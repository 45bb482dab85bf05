import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { SecurityContext } from '../loaders';
import { AuthPayload } from '../sessions/session.type';
import { passwordService } from './password.service';

@Resolver()
export class PasswordResolver {
  @Mutation(() => AuthPayload, {
    description:
      'Changes your password (the current one is required). Every other session ends; the answer is a fresh session. BAD_USER_INPUT names `currentPassword` / `newPassword` (policy: length, not common, not your email or name).',
  })
  changePassword(
    @Ctx() ctx: SecurityContext,
    @Arg('currentPassword', () => String, { description: 'Your current password.' }) currentPassword: string,
    @Arg('newPassword', () => String, { description: 'The new password.' }) newPassword: string,
  ): Promise<AuthPayload> {
    return passwordService.change(ctx, { currentPassword, newPassword });
  }

  @Mutation(() => Boolean, {
    description:
      'Mails a single-use reset link (valid 60 minutes) if the email belongs to an active user. Always true, so it reveals nothing. Open to anonymous callers.',
  })
  requestPasswordReset(
    @Ctx() ctx: SecurityContext,
    @Arg('email', () => String, { description: 'Login email.' }) email: string,
  ): Promise<boolean> {
    return passwordService.request(ctx, email);
  }

  @Mutation(() => Boolean, {
    description:
      'Sets a new password with the token from the reset mail (single use, expiring). Unlocks the account and ends every session. Open to anonymous callers.',
  })
  resetPassword(
    @Ctx() ctx: SecurityContext,
    @Arg('token', () => String, { description: 'Token from the reset mail.' }) token: string,
    @Arg('newPassword', () => String, { description: 'The new password.' }) newPassword: string,
  ): Promise<boolean> {
    return passwordService.reset(ctx, { token, newPassword });
  }
}
