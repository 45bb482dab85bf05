import { users } from '@wg/db/security';
import type { LoaderContext } from '@wg/runtime';
import { keyedLoader } from '@wg/runtime';
import { desc, inArray } from 'drizzle-orm';
import { userColumns } from './user.columns';
import type { User } from './user.type';

/** Users by id (`me`, `__resolveReference`): one query per request tick. */
export const userById = (ctx: LoaderContext) =>
  keyedLoader<string, User>(
    (ids) =>
      ctx.tx((tx) =>
        tx
          .select(userColumns)
          .from(users)
          .where(inArray(users.id, [...ids])),
      ),
    (u) => u.id,
  );

/** `Employee.user`: the login linked to each employee, for many employees in one statement. */
export const userByEmployeeId = (ctx: LoaderContext) =>
  keyedLoader<string, User & { employeeId: string }>(
    (employeeIds) =>
      ctx.tx(
        (tx) =>
          tx
            .select(userColumns)
            .from(users)
            .where(inArray(users.employeeId, [...employeeIds]))
            // Should two logins ever share an employee, the oldest wins: keyedLoader keeps the last row.
            .orderBy(desc(users.id)) as Promise<(User & { employeeId: string })[]>,
      ),
    (u) => u.employeeId,
  );
