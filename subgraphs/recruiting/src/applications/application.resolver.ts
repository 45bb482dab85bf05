import { type Connection, PageArgs } from '@wg/runtime';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Candidate } from '../candidates/candidate.type';
import { Employee } from '../employees/employee.type';
import { JobPosting } from '../job-postings/job-posting.type';
import type { RecruitingContext } from '../loaders';
import {
  ApplyInput,
  CreateRejectReasonInput,
  MoveApplicationInput,
  MoveApplicationsInput,
} from './application.input';
import { applicationService } from './application.service';
import {
  Application,
  ApplicationConnection,
  ApplicationStage,
  ApplicationStageChange,
  Pipeline,
  RejectReason,
} from './application.type';

@Resolver(() => Application)
export class ApplicationResolver {
  @Query(() => Application, {
    nullable: true,
    description:
      'One application, or null when unknown or outside your scope. Requires `application:read` (team: postings of your department or below; all).',
  })
  application(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'Id of the application.' }) id: string,
  ): Promise<Application | null> {
    return applicationService.get(ctx, id);
  }

  @Query(() => [RejectReason], {
    description: 'The tenant’s reject reasons, by label. Requires `application:read`.',
  })
  rejectReasons(@Ctx() ctx: RecruitingContext): Promise<RejectReason[]> {
    return applicationService.rejectReasons(ctx);
  }

  @Mutation(() => RejectReason, {
    description:
      'Add a reason to the tenant’s list. Requires `application:update` (scope all). CONFLICT when it exists.',
  })
  createRejectReason(
    @Ctx() ctx: RecruitingContext,
    @Arg('input', () => CreateRejectReasonInput, { description: 'The new reason.' })
    input: CreateRejectReasonInput,
  ): Promise<RejectReason> {
    return applicationService.createRejectReason(ctx, input);
  }

  @Mutation(() => Application, {
    description:
      'A candidate applies to a posting. Requires `application:create` (scope all). NOT_FOUND for an unknown candidate or posting; CONFLICT when the posting is not OPEN or the candidate already applied to it.',
  })
  apply(
    @Ctx() ctx: RecruitingContext,
    @Arg('input', () => ApplyInput, { description: 'Candidate and posting.' }) input: ApplyInput,
  ): Promise<Application> {
    return applicationService.apply(ctx, input);
  }

  @Mutation(() => Application, {
    description:
      'Move an application to another stage (see ApplicationStage). Requires `application:update` (scope all). CONFLICT for an illegal move; recorded in `stageHistory` and audited.',
  })
  moveApplication(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'The application.' }) id: string,
    @Arg('input', () => MoveApplicationInput, { description: 'Target stage, reason and note.' })
    input: MoveApplicationInput,
  ): Promise<Application> {
    return applicationService.move(ctx, id, input);
  }

  @Mutation(() => [Application], {
    description:
      'Move several applications to one stage, all or nothing: one illegal move (CONFLICT) or unknown id (NOT_FOUND) moves none. Requires `application:update` (scope all). Returned in the order given.',
  })
  moveApplications(
    @Ctx() ctx: RecruitingContext,
    @Arg('input', () => MoveApplicationsInput, {
      description: 'The applications, target stage, reason and note.',
    })
    input: MoveApplicationsInput,
  ): Promise<Application[]> {
    return applicationService.moveMany(ctx, input);
  }

  @FieldResolver(() => Candidate, { nullable: true, description: 'The candidate. Batched.' })
  candidate(@Root() a: Application, @Ctx() ctx: RecruitingContext): Promise<Candidate | null> {
    return ctx.loaders.candidateById.load(a.candidateId);
  }

  @FieldResolver(() => JobPosting, { nullable: true, description: 'The posting applied to. Batched.' })
  posting(@Root() a: Application, @Ctx() ctx: RecruitingContext): Promise<JobPosting | null> {
    return ctx.loaders.jobPostingById.load(a.postingId);
  }

  @FieldResolver(() => RejectReason, {
    nullable: true,
    description: 'Why it was rejected; null unless REJECTED.',
  })
  async rejectReason(@Root() a: Application, @Ctx() ctx: RecruitingContext): Promise<RejectReason | null> {
    return a.rejectReasonId ? ctx.loaders.rejectReasonById.load(a.rejectReasonId) : null;
  }

  @FieldResolver(() => Employee, {
    nullable: true,
    description: 'The employee applying, for internal applications (internal mobility); null otherwise.',
  })
  employee(@Root() a: Application): Employee | null {
    return a.employeeId ? Employee.ref(a.employeeId) : null;
  }

  @FieldResolver(() => Employee, { nullable: true, description: 'Who referred the candidate, if anyone.' })
  referredBy(@Root() a: Application): Employee | null {
    return a.referredByEmployeeId ? Employee.ref(a.referredByEmployeeId) : null;
  }

  @FieldResolver(() => [ApplicationStageChange], {
    description: 'Every stage move, oldest first, starting with the application itself (from null). Batched.',
  })
  async stageHistory(
    @Root() a: Application,
    @Ctx() ctx: RecruitingContext,
  ): Promise<ApplicationStageChange[]> {
    const rows = await ctx.loaders.stageHistoryByApplication.load(a.id);
    return Promise.all(
      rows.map(async (h) =>
        Object.assign(new ApplicationStageChange(), {
          id: h.id,
          from: h.fromStage,
          to: h.toStage,
          note: h.note,
          actorId: h.actorId,
          at: h.at,
          rejectReason: h.rejectReasonId ? await ctx.loaders.rejectReasonById.load(h.rejectReasonId) : null,
        }),
      ),
    );
  }
}

/** Recruiting's fields on its own JobPosting that come from applications. */
@Resolver(() => JobPosting)
export class JobPostingPipelineResolver {
  @FieldResolver(() => ApplicationConnection, {
    nullable: true,
    description:
      'The posting’s applications, oldest first, optionally in one stage. Null unless your `application:read` scope covers the posting (team: your department or below; all).',
  })
  applications(
    @Root() p: JobPosting,
    @Ctx() ctx: RecruitingContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('stage', () => ApplicationStage, { nullable: true, description: 'Only applications in this stage.' })
    stage: ApplicationStage | null,
  ): Promise<Connection<Application> | null> {
    return applicationService.forPosting(ctx, p, stage, page);
  }

  @FieldResolver(() => Pipeline, {
    nullable: true,
    description:
      'Applications per stage right now (every stage, zeros included). Null unless your `application:read` scope covers the posting. Batched across postings.',
  })
  pipeline(@Root() p: JobPosting, @Ctx() ctx: RecruitingContext): Promise<Pipeline | null> {
    return applicationService.pipeline(ctx, p);
  }
}
