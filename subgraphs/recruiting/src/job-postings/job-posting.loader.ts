import { jobPostings } from '@wg/db/recruiting';
import type { LoaderContext } from '@wg/runtime';
import { groupedLoader, keyedLoader } from '@wg/runtime';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { JobPosting } from './job-posting.type';

/** Postings by id (`jobPosting(id)`, `__resolveReference`): one query per request tick. */
export const jobPostingById = (ctx: LoaderContext) =>
  keyedLoader<string, JobPosting>(
    (ids) =>
      ctx.tx((tx) =>
        tx
          .select()
          .from(jobPostings)
          .where(inArray(jobPostings.id, [...ids])),
      ),
    (p) => p.id,
  );

/** `Department.openings`: the OPEN postings of many departments in one statement. */
export const openPostingsByDepartment = (ctx: LoaderContext) =>
  groupedLoader<string, JobPosting>(
    (departmentIds) =>
      ctx.tx((tx) =>
        tx
          .select()
          .from(jobPostings)
          .where(and(inArray(jobPostings.departmentId, [...departmentIds]), eq(jobPostings.status, 'OPEN')))
          .orderBy(asc(jobPostings.id)),
      ),
    (p) => p.departmentId,
  );
