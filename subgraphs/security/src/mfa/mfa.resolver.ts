import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { SecurityContext } from '../loaders';
import { mfaService } from './mfa.service';
import { MfaBackupCodes, MfaEnrolment } from './mfa.type';

@Resolver()
export class MfaResolver {
  @Mutation(() => MfaEnrolment, {
    description:
      'Starts TOTP enrolment for the calling user (self-service). CONFLICT when MFA is already on.',
  })
  enrolMfa(@Ctx() ctx: SecurityContext): Promise<MfaEnrolment> {
    return mfaService.enrol(ctx);
  }

  @Mutation(() => MfaBackupCodes, {
    description:
      'Confirms enrolment with a current code; MFA is on from now. Returns ten one-time backup codes (shown once).',
  })
  confirmMfa(
    @Ctx() ctx: SecurityContext,
    @Arg('code', () => String, { description: 'The 6-digit code your authenticator shows.' }) code: string,
  ): Promise<MfaBackupCodes> {
    return mfaService.confirm(ctx, code);
  }

  @Mutation(() => Boolean, { description: 'Turns MFA off; requires your password (re-authentication).' })
  disableMfa(
    @Ctx() ctx: SecurityContext,
    @Arg('password', () => String, { description: 'Your current password.' }) password: string,
  ): Promise<boolean> {
    return mfaService.disable(ctx, password);
  }

  @Mutation(() => MfaBackupCodes, {
    description: 'Replaces your backup codes with ten new ones; requires your password.',
  })
  regenerateMfaBackupCodes(
    @Ctx() ctx: SecurityContext,
    @Arg('password', () => String, { description: 'Your current password.' }) password: string,
  ): Promise<MfaBackupCodes> {
    return mfaService.regenerateBackupCodes(ctx, password);
  }
}
