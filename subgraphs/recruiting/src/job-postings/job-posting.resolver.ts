import type { Connection } from '@wg/runtime';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Department } from '../departments/department.type';
import type { RecruitingContext } from '../loaders';
import { CreateJobPostingInput, JobPostingFilter } from './job-posting.input';
import { jobPostingService } from './job-posting.service';
import { JobPosting, JobPostingConnection, SalaryRange } from './job-posting.type';

@Resolver(() => JobPosting)
export class JobPostingResolver {
  @Query(() => JobPostingConnection, {
    description:
      'Job postings of the caller’s tenant, oldest first, Relay-paginated. Requires `job_posting:read`.',
  })
  jobPostings(
    @Ctx() ctx: RecruitingContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0–100 (default 20).' }) first:
      | number
      | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last edge already seen.' })
    after: string | null,
    @Arg('filter', () => JobPostingFilter, { nullable: true }) filter: JobPostingFilter | null,
  ): Promise<Connection<JobPosting>> {
    return jobPostingService.list(ctx, { first, after, filter });
  }

  @Query(() => JobPosting, {
    nullable: true,
    description: 'One job posting, or null when it does not exist for the caller.',
  })
  jobPosting(@Ctx() ctx: RecruitingContext, @Arg('id', () => ID) id: string): Promise<JobPosting | null> {
    return jobPostingService.get(ctx, id);
  }

  @Mutation(() => JobPosting, {
    description:
      'Create a job posting. Requires `job_posting:create`. An OPEN posting is announced as an event.',
  })
  createJobPosting(
    @Ctx() ctx: RecruitingContext,
    @Arg('input', () => CreateJobPostingInput) input: CreateJobPostingInput,
  ): Promise<JobPosting> {
    return jobPostingService.create(ctx, input);
  }

  @FieldResolver(() => SalaryRange, { nullable: true, description: 'The advertised pay band, if any.' })
  salaryRange(@Root() p: JobPosting): SalaryRange | null {
    return jobPostingService.salaryRange(p);
  }

  @FieldResolver(() => Department, { description: 'The hiring department (owned by the people subgraph).' })
  department(@Root() p: JobPosting): Department {
    return Object.assign(new Department(), { id: p.departmentId });
  }
}
