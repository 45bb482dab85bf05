import { nullWhenForbidden } from '@wg/runtime';
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
      'OPEN job postings of this department, oldest first. Batched. Null with an error at this path when ' +
      'the recruiting service cannot answer. Requires `job_posting:read` (others get null).',
  })
  openings(@Root() d: Department, @Ctx() ctx: RecruitingContext): Promise<JobPosting[] | null> {
    return nullWhenForbidden(() => jobPostingService.openings(ctx, d.id));
  }
}
