import { type Connection, PageArgs } from '@wg/runtime';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { SecurityContext } from '../loaders';
import { mfaService } from '../mfa/mfa.service';
import { roleService } from '../roles/role.service';
import { RoleAssignment } from '../roles/role.type';
import { InviteUserInput } from './user.input';
import { User, UserConnection } from './user.type';
import { userLifecycleService } from './user-lifecycle.service';

@Resolver(() => User)
export class UserLifecycleResolver {
  @Query(() => UserConnection, {
    description:
      'Every login of the tenant, by email, Relay-paginated. Needs `user:read:all` (FORBIDDEN otherwise).',
  })
  users(@Ctx() ctx: SecurityContext, @Args(() => PageArgs) page: PageArgs): Promise<Connection<User>> {
    return userLifecycleService.list(ctx, page);
  }

  @Mutation(() => User, {
    description:
      'Invites a user: INVITED, with a single-use activation link mailed to them (valid 7 days). Needs `user:create`; no roles beyond your own permissions.',
  })
  inviteUser(
    @Ctx() ctx: SecurityContext,
    @Arg('input', () => InviteUserInput, { description: 'Email, name, roles, optional employee.' })
    input: InviteUserInput,
  ): Promise<User> {
    return userLifecycleService.invite(ctx, input);
  }

  @Mutation(() => User, {
    description: 'Mails a fresh invitation link to an INVITED user (older links die). Needs `user:create`.',
  })
  resendInvitation(
    @Ctx() ctx: SecurityContext,
    @Arg('id', () => ID, { description: 'User id.' }) id: string,
  ): Promise<User> {
    return userLifecycleService.resendInvitation(ctx, id);
  }

  @Mutation(() => User, {
    description:
      'Activates an invited account by setting its password with the mailed token (single use, expiring). Open to anonymous callers.',
  })
  acceptInvitation(
    @Ctx() ctx: SecurityContext,
    @Arg('token', () => String, { description: 'Token from the invitation mail.' }) token: string,
    @Arg('password', () => String, { description: 'The password to set (policy applies).' }) password: string,
  ): Promise<User> {
    return userLifecycleService.accept(ctx, { token, password });
  }

  @Mutation(() => User, {
    description: 'Deactivates a user and ends their sessions. Not yourself. Needs `user:update`.',
  })
  deactivateUser(
    @Ctx() ctx: SecurityContext,
    @Arg('id', () => ID, { description: 'User id.' }) id: string,
  ): Promise<User> {
    return userLifecycleService.deactivate(ctx, id);
  }

  @Mutation(() => User, {
    description:
      'Reactivates a deactivated user (ACTIVE, or INVITED if they never set a password). Needs `user:update`.',
  })
  reactivateUser(
    @Ctx() ctx: SecurityContext,
    @Arg('id', () => ID, { description: 'User id.' }) id: string,
  ): Promise<User> {
    return userLifecycleService.reactivate(ctx, id);
  }

  @Mutation(() => User, {
    description: 'Links a user to an Employee (or unlinks with null). Needs `user:update`.',
  })
  setUserEmployee(
    @Ctx() ctx: SecurityContext,
    @Arg('id', () => ID, { description: 'User id.' }) id: string,
    @Arg('employeeId', () => ID, { nullable: true, description: 'Employee id, or null to unlink.' })
    employeeId: string | null,
  ): Promise<User> {
    return userLifecycleService.setEmployee(ctx, id, employeeId);
  }

  @FieldResolver(() => [RoleAssignment], {
    description:
      'Roles granted on top of `roles`, including expired and revoked ones (check `expiresAt`, `revokedAt`).',
  })
  roleAssignments(@Root() u: User, @Ctx() ctx: SecurityContext): Promise<RoleAssignment[]> {
    return roleService.assignmentsOf(ctx, u.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether MFA (TOTP) is on.' })
  mfaEnabled(@Root() u: User): boolean {
    return u.mfaEnabledAt !== null && u.mfaEnabledAt !== undefined;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Unused backup codes; only on your own user, null otherwise.',
  })
  mfaBackupCodesRemaining(@Root() u: User, @Ctx() ctx: SecurityContext): Promise<number> | null {
    return u.id === ctx.identity.userId && u.mfaEnabledAt ? mfaService.remainingBackupCodes(ctx, u.id) : null;
  }
}
