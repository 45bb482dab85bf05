import { Arg, Ctx, Directive, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { SecurityContext } from '../loaders';
import { sessionService } from './session.service';
import { AuthPayload, Session, SessionAccess } from './session.type';

@Resolver(() => AuthPayload)
export class SessionResolver {
  @Mutation(() => AuthPayload, {
    description:
      'Log in with email and password; open to anonymous callers. Any failure is UNAUTHENTICATED with the same message. After 5 failures in 15 minutes the account is locked for 15 minutes (even the right password is refused). With MFA on, answers an `mfaChallenge` instead of tokens.',
  })
  login(
    @Ctx() ctx: SecurityContext,
    @Arg('email', () => String, { description: 'Login email (case-insensitive).' }) email: string,
    @Arg('password', () => String, { description: 'The password, as typed.' }) password: string,
  ): Promise<AuthPayload> {
    return sessionService.login(ctx, { email, password });
  }

  @Mutation(() => AuthPayload, {
    description:
      'Second step of an MFA login: the `mfaChallenge` from `login` plus a 6-digit TOTP code or a backup code (each backup code works once). Open to anonymous callers.',
  })
  completeMfaLogin(
    @Ctx() ctx: SecurityContext,
    @Arg('challenge', () => String, { description: 'The challenge returned by `login`.' }) challenge: string,
    @Arg('code', () => String, { description: 'TOTP code (6 digits) or backup code (`xxxxx-xxxxx`).' })
    code: string,
  ): Promise<AuthPayload> {
    return sessionService.completeMfaLogin(ctx, { challenge, code });
  }

  @Mutation(() => AuthPayload, {
    description:
      'New access token and a new refresh token for a refresh token, which is spent. Presenting a spent refresh token again revokes the whole session. Open to anonymous callers.',
  })
  refreshSession(
    @Ctx() ctx: SecurityContext,
    @Arg('refreshToken', () => String, { description: 'The latest refresh token of the session.' })
    refreshToken: string,
  ): Promise<AuthPayload> {
    return sessionService.refresh(ctx, refreshToken);
  }

  @Mutation(() => Boolean, {
    description:
      'Ends the session of this refresh token (access tokens already issued expire on their own). False if it was not live.',
  })
  logout(
    @Ctx() ctx: SecurityContext,
    @Arg('refreshToken', () => String, { description: 'The refresh token of the session to end.' })
    refreshToken: string,
  ): Promise<boolean> {
    return sessionService.logout(ctx, refreshToken);
  }

  @Query(() => [Session], { description: 'Your live sessions (devices), newest first.' })
  mySessions(@Ctx() ctx: SecurityContext): Promise<Session[]> {
    return sessionService.mine(ctx);
  }

  @Mutation(() => Boolean, {
    description: 'Ends one of your sessions (e.g. a lost device). CONFLICT if it already ended.',
  })
  revokeMySession(
    @Ctx() ctx: SecurityContext,
    @Arg('id', () => ID, { description: 'Session id from `mySessions`.' }) id: string,
  ): Promise<boolean> {
    return sessionService.revokeOwn(ctx, id);
  }

  @Mutation(() => Int, { description: 'Ends every session of the calling user; returns how many were live.' })
  logoutEverywhere(@Ctx() ctx: SecurityContext): Promise<number> {
    return sessionService.logoutEverywhere(ctx);
  }

  @Directive('@inaccessible')
  @Query(() => SessionAccess, {
    nullable: true,
    description:
      'Gateway only (system identity): whether a bearer token’s session is live and its user active, with the roles and permissions the user holds now. Null = refuse the token.',
  })
  sessionAccess(
    @Ctx() ctx: SecurityContext,
    @Arg('tenantId', () => ID, { description: 'The token’s `tid`.' }) tenantId: string,
    @Arg('userId', () => ID, { description: 'The token’s `sub`.' }) userId: string,
    @Arg('sessionId', () => ID, { nullable: true, description: 'The token’s `sid`, if it has one.' })
    sessionId: string | null,
  ): Promise<SessionAccess | null> {
    return sessionService.status(ctx, { tenantId, userId, sessionId: sessionId ?? null });
  }
}
