import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { jobPostingService } from '../job-postings/job-posting.service';
import { JobPosting } from '../job-postings/job-posting.type';
import type { RecruitingContext } from '../loaders';
import { Department } from './department.type';

@Resolver(() => Department)
export class DepartmentResolver {
  @FieldResolver(() => [JobPosting], {
    description: 'OPEN job postings of this department, oldest first. Requires `job_posting:read`. Batched.',
  })
  openings(@Root() d: Department, @Ctx() ctx: RecruitingContext): Promise<JobPosting[]> {
    return jobPostingService.openings(ctx, d.id);
  }
}
