import { connectionType, DateTimeScalar } from '@wg/runtime';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('Role', {
  description:
    'A named set of permissions. Built-in templates (super_admin, admin, hr_manager, …) are fixed; tenants add custom roles.',
})
export class Role {
  @Field(() => ID, { description: 'UUIDv7 for custom roles; `builtin:<name>` for built-in templates.' })
  id!: string;

  @Field(() => String, { description: 'Role name as used in tokens and assignments (snake_case).' })
  name!: string;

  @Field(() => String, { description: 'What the role is for.' })
  description!: string;

  @Field(() => Boolean, {
    description: 'True for the built-in templates, which cannot be edited or deleted.',
  })
  builtIn!: boolean;

  @Field(() => [String], { description: 'Permissions (`resource:action:scope`) the role grants.' })
  permissions!: string[];

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When a custom role was created; null for built-ins.',
  })
  createdAt!: Date | null;
}

@ObjectType('Permission', { description: 'One permission, `resource:action:scope`, taken apart.' })
export class Permission {
  @Field(() => String, { description: 'The whole string, e.g. `employee:read:team`.' })
  name!: string;

  @Field(() => String, { description: 'What it is about (`*` = anything).' })
  resource!: string;

  @Field(() => String, { description: 'What it allows (`*` = any action).' })
  action!: string;

  @Field(() => String, {
    description: '`own` (about yourself), `team` (your reporting line) or `all` (the tenant).',
  })
  scope!: string;
}

@ObjectType('RoleAssignment', {
  description: 'A role granted to a user on top of their base roles, possibly until a point in time.',
})
export class RoleAssignment {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => ID, { description: 'The user holding the role.' })
  userId!: string;

  @Field(() => String, { description: 'Built-in or custom role name.' })
  roleName!: string;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When it stops granting; null = until revoked.',
  })
  expiresAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'Who granted it.' })
  grantedBy!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was revoked.' })
  revokedAt!: Date | null;

  @Field(() => DateTimeScalar, { description: 'When it was granted.' })
  createdAt!: Date;

  tenantId!: string;
}

export const RoleConnection = connectionType(Role, 'Role');
