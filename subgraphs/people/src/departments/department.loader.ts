import { departments } from '@wg/db/schema/people';
import type { LoaderContext } from '@wg/runtime';
import { keyedLoader } from '@wg/runtime';
import { inArray } from 'drizzle-orm';
import type { Department } from './department.type';

/** Departments by id: one query per request tick, whatever the number of ids. */
export const departmentById = (ctx: LoaderContext) =>
  keyedLoader<string, Department>(
    (ids) =>
      ctx.tx((tx) =>
        tx
          .select()
          .from(departments)
          .where(inArray(departments.id, [...ids])),
      ),
    (d) => d.id,
  );
