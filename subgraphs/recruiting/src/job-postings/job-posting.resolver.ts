import { type Connection, PageArgs } from '@wg/runtime';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Department } from '../departments/department.type';
import { Position } from '../positions/position.type';
import type { RecruitingContext } from '../loaders';
import {
  CloseJobPostingInput,
  CreateJobPostingInput,
  JobPostingFilter,
  OpenJobPostingInput,
  UpdateJobPostingInput,
} from './job-posting.input';
import { jobPostingLifecycle } from './job-posting.lifecycle';
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
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => JobPostingFilter, {
      nullable: true,
      description: 'Conditions every posting must meet; all postings when omitted.',
    })
    filter: JobPostingFilter | null,
  ): Promise<Connection<JobPosting>> {
    return jobPostingService.list(ctx, { ...page, filter });
  }

  @Query(() => JobPosting, {
    nullable: true,
    description: 'One job posting, or null when it does not exist for the caller.',
  })
  jobPosting(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'Id of the job posting.' }) id: string,
  ): Promise<JobPosting | null> {
    return jobPostingService.get(ctx, id);
  }

  @Mutation(() => JobPosting, {
    description:
      'Create a job posting. Requires `job_posting:create`. An OPEN posting is announced as an event.',
  })
  createJobPosting(
    @Ctx() ctx: RecruitingContext,
    @Arg('input', () => CreateJobPostingInput, {
      description: 'The new posting: title, department, band and description.',
    })
    input: CreateJobPostingInput,
  ): Promise<JobPosting> {
    return jobPostingService.create(ctx, input);
  }

  @Mutation(() => JobPosting, {
    description:
      'Edit a DRAFT, OPEN or ON_HOLD posting (CONFLICT when CLOSED). Requires `job_posting:update`. Changes to an announced (OPEN or ON_HOLD) posting are announced as an event.',
  })
  updateJobPosting(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'The posting to change.' }) id: string,
    @Arg('input', () => UpdateJobPostingInput, { description: 'The fields to change.' })
    input: UpdateJobPostingInput,
  ): Promise<JobPosting> {
    return jobPostingService.update(ctx, id, input);
  }

  @Mutation(() => JobPosting, {
    description:
      'Publish a DRAFT or resume an ON_HOLD posting: it becomes OPEN and is announced. Requires `job_posting:update`; CONFLICT from any other status.',
  })
  openJobPosting(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'The posting to open.' }) id: string,
    @Arg('input', () => OpenJobPostingInput, { nullable: true, description: 'Optional new closing date.' })
    input: OpenJobPostingInput | null,
  ): Promise<JobPosting> {
    return jobPostingLifecycle.open(ctx, id, input);
  }

  @Mutation(() => JobPosting, {
    description:
      'Pause an OPEN posting (ON_HOLD): no longer listed in `Department.openings`. Requires `job_posting:update`; CONFLICT unless OPEN.',
  })
  holdJobPosting(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'The posting to pause.' }) id: string,
  ): Promise<JobPosting> {
    return jobPostingLifecycle.hold(ctx, id);
  }

  @Mutation(() => JobPosting, {
    description:
      'Close a DRAFT, OPEN or ON_HOLD posting with a reason. Requires `job_posting:update`; CONFLICT when already CLOSED.',
  })
  closeJobPosting(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'The posting to close.' }) id: string,
    @Arg('input', () => CloseJobPostingInput, { description: 'Why it is closed.' })
    input: CloseJobPostingInput,
  ): Promise<JobPosting> {
    return jobPostingLifecycle.close(ctx, id, input);
  }

  @Mutation(() => JobPosting, {
    description:
      'Reopen a CLOSED posting that was not FILLED: it becomes OPEN again and is announced. Requires `job_posting:update`; CONFLICT otherwise.',
  })
  reopenJobPosting(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'The posting to reopen.' }) id: string,
    @Arg('input', () => OpenJobPostingInput, { nullable: true, description: 'Optional new closing date.' })
    input: OpenJobPostingInput | null,
  ): Promise<JobPosting> {
    return jobPostingLifecycle.reopen(ctx, id, input);
  }

  @FieldResolver(() => SalaryRange, { nullable: true, description: 'The advertised pay band, if any.' })
  salaryRange(@Root() p: JobPosting): SalaryRange | null {
    return jobPostingService.salaryRange(p);
  }

  @FieldResolver(() => Department, { description: 'The hiring department (owned by the people subgraph).' })
  department(@Root() p: JobPosting): Department {
    return Object.assign(new Department(), { id: p.departmentId });
  }

  @FieldResolver(() => Position, {
    nullable: true,
    description:
      'The position the hire fills (owned by the people subgraph), or null when the posting names none.',
  })
  position(@Root() p: JobPosting): Position | null {
    return p.positionId ? Object.assign(new Position(), { id: p.positionId }) : null;
  }
}
