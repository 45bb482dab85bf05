import { roleAssignments } from '@wg/db/security';
import { groupedLoader, type LoaderContext } from '@wg/runtime';
import { desc, inArray } from 'drizzle-orm';
import type { RoleAssignment } from './role.type';

/** `User.roleAssignments` for a page of users in one statement. */
export const assignmentsByUser = (ctx: LoaderContext) =>
  groupedLoader<string, RoleAssignment>(
    (userIds) =>
      ctx.tx((tx) =>
        tx
          .select()
          .from(roleAssignments)
          .where(inArray(roleAssignments.userId, [...userIds]))
          .orderBy(desc(roleAssignments.id)),
      ) as Promise<RoleAssignment[]>,
    (a) => a.userId,
  );
