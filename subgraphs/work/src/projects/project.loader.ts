import { projects } from '@wg/db/work';
import type { LoaderContext } from '@wg/runtime';
import { groupedLoader, isUuid, keyedLoader } from '@wg/runtime';
import { asc, inArray } from 'drizzle-orm';
import type { Project } from './project.type';

/** Projects by id (`__resolveReference`, `TimesheetEntry.project`): one query per tick. */
export const projectById = (ctx: LoaderContext) =>
  keyedLoader<string, Project>(
    async (ids) => {
      // A malformed id (a bad client representation) can't match; keeping it out of the query
      // stops one bad key from failing the whole batch with a uuid cast error.
      const valid = ids.filter(isUuid);
      if (valid.length === 0) return [];
      return ctx.tx((tx) => tx.select().from(projects).where(inArray(projects.id, valid)));
    },
    (p) => p.id,
  );

/** `Department.projects` for many departments in one query. */
export const projectsByDepartment = (ctx: LoaderContext) =>
  groupedLoader<string, Project>(
    async (ids) => {
      const valid = ids.filter(isUuid);
      if (valid.length === 0) return [];
      return ctx.tx((tx) =>
        tx
          .select()
          .from(projects)
          .where(inArray(projects.departmentId, valid))
          .orderBy(asc(projects.name), asc(projects.id)),
      );
    },
    (p) => p.departmentId!,
  );
