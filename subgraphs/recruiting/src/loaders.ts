import type { LoaderContext, SubgraphContext } from '@wg/runtime';
import { jobPostingById, openPostingsByDepartment } from './job-postings/job-posting.loader';

/** Fresh per request: DataLoader caches must never outlive the request (or cross tenants). */
export function createLoaders(ctx: LoaderContext) {
  return {
    jobPostingById: jobPostingById(ctx),
    openPostingsByDepartment: openPostingsByDepartment(ctx),
  };
}

export type RecruitingLoaders = ReturnType<typeof createLoaders>;
export type RecruitingContext = SubgraphContext<RecruitingLoaders>;
