import { DateTimeScalar } from '@wg/runtime';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType('SessionPolicy', {
  description:
    'Session rules for the whole tenant (roleName null) or for holders of one role. A user is bound by the tenant policy and those of all their roles; the strictest value of each setting wins.',
})
export class SessionPolicy {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The role it applies to; null = everyone in the tenant.',
  })
  roleName!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Longest a session may last, in seconds (refreshing does not extend it).',
  })
  maxSessionSeconds!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'A session unused (not refreshed) for this many seconds ends.',
  })
  idleTimeoutSeconds!: number | null;

  @Field(() => Boolean, {
    description: 'Users must log in with MFA; without it enrolled, their token has no permissions.',
  })
  mfaRequired!: boolean;

  @Field(() => [String], {
    description: 'CIDR blocks logins and refreshes must come from; empty = anywhere.',
  })
  ipAllowList!: string[];

  @Field(() => DateTimeScalar, { description: 'Last change.' })
  updatedAt!: Date;
}

@InputType('SessionPolicyInput', {
  description: 'The policy for the tenant or one role (replaces the existing one).',
})
export class SessionPolicyInput {
  @Field(() => String, {
    nullable: true,
    description:
      'Role name (built-in or custom) the policy applies to. Omit it or send null for the tenant-wide policy (everyone in the tenant); an empty or blank name is BAD_USER_INPUT, never tenant-wide.',
  })
  roleName?: string | null;

  @Field(() => Int, { nullable: true, description: 'Maximum session length in seconds (300 – 2,592,000).' })
  maxSessionSeconds?: number | null;

  @Field(() => Int, { nullable: true, description: 'Idle timeout in seconds (60 – 2,592,000).' })
  idleTimeoutSeconds?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Require MFA (default false).' })
  mfaRequired?: boolean | null;

  @Field(() => [String], {
    nullable: true,
    description: 'CIDR blocks, e.g. `10.0.0.0/8`, `2001:db8::/32` (max 100).',
  })
  ipAllowList?: string[] | null;
}
