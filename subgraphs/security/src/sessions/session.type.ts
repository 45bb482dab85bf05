import { DateTimeScalar } from '@wg/runtime';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { User } from '../users/user.type';

@ObjectType('AuthPayload', {
  description:
    'The result of a login step. Either tokens (accessToken, refreshToken, user), or — when the user has MFA — only `mfaChallenge`, to be completed with `completeMfaLogin`.',
})
export class AuthPayload {
  @Field(() => String, {
    nullable: true,
    description:
      'Short-lived JWT to send as `Authorization: Bearer <token>`. Null while an MFA challenge is pending.',
  })
  accessToken!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Opaque token (30 days at most; the session policy may shorten it) for `refreshSession`. Rotated on every use: store the new one. Null while an MFA challenge is pending.',
  })
  refreshToken!: string | null;

  @Field(() => Int, { nullable: true, description: 'Seconds until the access token expires.' })
  expiresIn!: number | null;

  @Field(() => User, {
    nullable: true,
    description: 'The user who logged in; null while an MFA challenge is pending.',
  })
  user!: User | null;

  @Field(() => Boolean, { description: 'True when a second factor is needed: call `completeMfaLogin`.' })
  mfaRequired!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Single-use challenge for `completeMfaLogin` (valid for 5 minutes).',
  })
  mfaChallenge!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the MFA challenge expires.' })
  mfaChallengeExpiresAt!: Date | null;

  @Field(() => Boolean, {
    description:
      'True when a session policy requires MFA and the user has none yet: the token grants no permissions; enrol with `enrolMfa` + `confirmMfa`, then log in again.',
  })
  mfaEnrollmentRequired!: boolean;
}

@ObjectType('Session', { description: 'One login session of yours (a refresh-token family).' })
export class Session {
  @Field(() => ID, { description: 'Session id (the `sid` claim of its access tokens).' })
  id!: string;

  @Field(() => DateTimeScalar, { description: 'When it began (login).' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'Last refresh.' })
  lastUsedAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When it ends at the latest.' })
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'Client IP at login.' })
  ip!: string | null;

  @Field(() => String, { nullable: true, description: 'User agent at login.' })
  userAgent!: string | null;

  @Field(() => Boolean, { description: 'Whether the second factor was verified at login.' })
  mfaVerified!: boolean;
}

@Directive('@inaccessible')
@ObjectType('SessionAccess', {
  description:
    'What a bearer token may do right now, for the gateway’s per-request check (system callers only): the user’s current roles and permissions if the session is live and the user active.',
})
export class SessionAccess {
  @Field(() => ID, { description: 'The tenant (the token’s `tid`).' })
  tenantId!: string;

  @Field(() => ID, { description: 'The user (the token’s `sub`).' })
  userId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The session (the token’s `sid`); null for a token without one.',
  })
  sessionId!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The user’s employee record now (may differ from the token’s `emp`).',
  })
  employeeId!: string | null;

  @Field(() => [String], {
    description: 'Role names held now (empty for a session restricted until MFA enrolment).',
  })
  roles!: string[];

  @Field(() => [String], {
    description:
      'Effective permissions now (`resource:action:scope`); use them instead of the token’s `perms`.',
  })
  permissions!: string[];
}
