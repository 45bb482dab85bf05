import { userStatuses } from '@wg/db/security';
import { connectionType, DateTimeScalar } from '@wg/runtime';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export const UserStatus = Object.fromEntries(userStatuses.map((s) => [s, s])) as {
  [K in (typeof userStatuses)[number]]: K;
};
export type UserStatus = (typeof userStatuses)[number];
registerEnumType(UserStatus, {
  name: 'UserStatus',
  description:
    'Only ACTIVE users can log in. INVITED have not set a password yet; DEACTIVATED are locked out.',
  valuesConfig: {
    INVITED: { description: 'Invited; has not set a password yet, cannot log in.' },
    ACTIVE: { description: 'Can log in.' },
    DEACTIVATED: { description: 'Locked out by an administrator.' },
  },
});

@Directive('@key(fields: "id")')
@ObjectType('User', { description: 'A login of a tenant: who can sign in, and with which roles.' })
export class User {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7); the `sub` of the access token.' })
  id!: string;

  @Field(() => String, { description: 'Login email, unique across the platform (stored lower-case).' })
  email!: string;

  @Field(() => String, { description: 'Name shown in the UI.' })
  displayName!: string;

  @Field(() => UserStatus, { description: 'Whether the user can log in.' })
  status!: UserStatus;

  @Field(() => [String], {
    description: 'Role names, e.g. "admin" or "employee"; they expand to permissions.',
  })
  roles!: string[];

  @Field(() => DateTimeScalar, { description: 'When the user was created.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Last successful login; null if never.' })
  lastLoginAt!: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Logins are refused until then (too many failed attempts); null when not locked.',
  })
  lockedUntil!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When MFA (TOTP) was enabled; null = off.' })
  mfaEnabledAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the user was last deactivated.' })
  deactivatedAt!: Date | null;

  tenantId!: string;
  /** Resolved to the `employee` stub (owned by the people subgraph). */
  employeeId!: string | null;
  failedLogins!: number;
  passwordChangedAt!: Date | null;
  mfaLastStep!: number | null;
}

export const UserConnection = connectionType(User, 'User');
