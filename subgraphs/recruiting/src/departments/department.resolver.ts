import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { jobPostingService } from '../job-postings/job-posting.service';
import { JobPosting } from '../job-postings/job-posting.type';
import type { RecruitingContext } from '../loaders';
import { Department } from './department.type';

@Resolver(() => Department)
export class DepartmentResolver {
  @FieldResolver(() => [JobPosting], {
    // Nullable on purpose: when recruiting is down or slow, only this field is null (with an error
    // at its path) instead of the department — and a whole `departments` list — going null.
    nullable: true,
    description:
      'OPEN job postings of this department, oldest first. Requires `job_posting:read`. Batched. ' +
      'Null (with an error at this path) only when the recruiting service cannot answer.',
  })
  openings(@Root() d: Department, @Ctx() ctx: RecruitingContext): Promise<JobPosting[]> {
    return jobPostingService.openings(ctx, d.id);
  }
}
