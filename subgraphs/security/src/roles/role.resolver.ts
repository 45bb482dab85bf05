import { type Connection, PageArgs } from '@wg/runtime';
import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { SecurityContext } from '../loaders';
import { AssignRoleInput, RoleInput } from './role.input';
import { roleService } from './role.service';
import { Permission, Role, RoleAssignment, RoleConnection } from './role.type';

@Resolver(() => Role)
export class RoleResolver {
  @Query(() => RoleConnection, {
    description:
      'Built-in role templates first, then the tenant’s custom roles by name, Relay-paginated. Needs `role:read`.',
  })
  roles(@Ctx() ctx: SecurityContext, @Args(() => PageArgs) page: PageArgs): Promise<Connection<Role>> {
    return roleService.list(ctx, page);
  }

  @Query(() => [Permission], {
    description:
      'What a user may do right now: base roles plus unexpired assignments, custom roles expanded. Your own always; others need `user:read:all`.',
  })
  effectivePermissions(
    @Ctx() ctx: SecurityContext,
    @Arg('userId', () => ID, { description: 'The user.' }) userId: string,
  ): Promise<Permission[]> {
    return roleService.effectivePermissions(ctx, userId);
  }

  @Query(() => Boolean, {
    description: 'Whether you hold a permission (`resource:action:scope`), e.g. to show or hide a button.',
  })
  checkPermission(
    @Ctx() ctx: SecurityContext,
    @Arg('permission', () => String, { description: 'e.g. `compensation:read:team`.' }) permission: string,
  ): boolean {
    return roleService.check(ctx, permission);
  }

  @Mutation(() => Role, {
    description: 'Creates a custom role. Needs `role:create`; no permission you lack.',
  })
  createRole(
    @Ctx() ctx: SecurityContext,
    @Arg('input', () => RoleInput, { description: 'Name, description, permissions.' }) input: RoleInput,
  ): Promise<Role> {
    return roleService.create(ctx, input);
  }

  @Mutation(() => Role, {
    description:
      'Replaces a custom role’s description and permissions (name fixed). Built-ins: CONFLICT. Needs `role:update`.',
  })
  updateRole(
    @Ctx() ctx: SecurityContext,
    @Arg('id', () => ID, { description: 'Role id.' }) id: string,
    @Arg('input', () => RoleInput, { description: 'The role as it should be.' }) input: RoleInput,
  ): Promise<Role> {
    return roleService.update(ctx, id, input);
  }

  @Mutation(() => Boolean, {
    description:
      'Deletes a custom role and revokes its assignments. Built-ins: CONFLICT. Needs `role:delete`.',
  })
  deleteRole(
    @Ctx() ctx: SecurityContext,
    @Arg('id', () => ID, { description: 'Role id.' }) id: string,
  ): Promise<boolean> {
    return roleService.delete(ctx, id);
  }

  @Mutation(() => RoleAssignment, {
    description:
      'Grants a role to a user, optionally until a time. Needs `role:assign`; no role with permissions you lack.',
  })
  assignRole(
    @Ctx() ctx: SecurityContext,
    @Arg('input', () => AssignRoleInput, { description: 'User, role, optional expiry.' })
    input: AssignRoleInput,
  ): Promise<RoleAssignment> {
    return roleService.assign(ctx, input);
  }

  @Mutation(() => RoleAssignment, { description: 'Revokes a role assignment. Needs `role:assign`.' })
  revokeRoleAssignment(
    @Ctx() ctx: SecurityContext,
    @Arg('id', () => ID, { description: 'Assignment id.' }) id: string,
  ): Promise<RoleAssignment> {
    return roleService.revokeAssignment(ctx, id);
  }
}
