import { DateTimeScalar } from '@wg/runtime';
import { Field, ID, InputType } from 'type-graphql';

@InputType('RoleInput', { description: 'A custom role.' })
export class RoleInput {
  @Field(() => String, {
    description: 'snake_case name, 2–50 characters, unique in the tenant and not a built-in name.',
  })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the role is for (max 500).' })
  description?: string | null;

  @Field(() => [String], {
    description: 'Permissions `resource:action:scope`; you can only grant what you hold yourself.',
  })
  permissions!: string[];
}

@InputType('AssignRoleInput', { description: 'Grant a role to a user.' })
export class AssignRoleInput {
  @Field(() => ID, { description: 'The user.' })
  userId!: string;

  @Field(() => String, { description: 'Built-in or custom role name.' })
  roleName!: string;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When it stops granting (future); null = until revoked.',
  })
  expiresAt?: Date | null;
}
