import { type Connection, PageArgs } from '@wg/runtime';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { applicationService } from '../applications/application.service';
import { Application } from '../applications/application.type';
import { Employee } from '../employees/employee.type';
import type { RecruitingContext } from '../loaders';
import { CandidateFilter, CreateCandidateInput, ReferCandidateInput } from './candidate.input';
import { candidateService } from './candidate.service';
import { Candidate, CandidateConnection } from './candidate.type';

@Resolver(() => Candidate)
export class CandidateResolver {
  @Query(() => CandidateConnection, {
    description:
      'Candidates, oldest first, Relay-paginated. Requires `candidate:read` at scope `team` (candidates with an application in your department or below) or `all`.',
  })
  candidates(
    @Ctx() ctx: RecruitingContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => CandidateFilter, {
      nullable: true,
      description: 'Conditions every candidate must meet.',
    })
    filter: CandidateFilter | null,
  ): Promise<Connection<Candidate>> {
    return candidateService.list(ctx, { ...page, filter });
  }

  @Query(() => Candidate, {
    nullable: true,
    description: 'One candidate, or null when unknown or outside your scope. Requires `candidate:read`.',
  })
  candidate(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'Id of the candidate.' }) id: string,
  ): Promise<Candidate | null> {
    return candidateService.get(ctx, id);
  }

  @Mutation(() => Candidate, {
    description:
      'Create a candidate. Requires `candidate:create` (scope all). CONFLICT (with `extensions.existingId`) when the email is taken, or when name and phone match an existing candidate unless `allowDuplicate`.',
  })
  createCandidate(
    @Ctx() ctx: RecruitingContext,
    @Arg('input', () => CreateCandidateInput, { description: 'The new candidate.' })
    input: CreateCandidateInput,
  ): Promise<Candidate> {
    return candidateService.create(ctx, input);
  }

  @Mutation(() => Candidate, {
    description:
      'GDPR erasure: pseudonymise every personal field of the candidate (name, email, phone, résumé, links, tags); applications and counts stay. Requires `candidate:delete` (scope all). Idempotent.',
  })
  eraseCandidate(
    @Ctx() ctx: RecruitingContext,
    @Arg('id', () => ID, { description: 'The candidate to erase.' }) id: string,
  ): Promise<Candidate> {
    return candidateService.erase(ctx, id);
  }

  @Mutation(() => Application, {
    description:
      'Refer someone for an OPEN posting: creates a REFERRAL candidate and their application. Requires `referral:create` and an employee login. CONFLICT when the person is already a candidate.',
  })
  referCandidate(
    @Ctx() ctx: RecruitingContext,
    @Arg('input', () => ReferCandidateInput, { description: 'Who is referred, for which posting.' })
    input: ReferCandidateInput,
  ): Promise<Application> {
    return applicationService.refer(ctx, input);
  }

  @FieldResolver(() => [Application], {
    nullable: true,
    description:
      'The candidate’s applications, oldest first, limited to postings your `application:read` scope covers. Null without `application:read` (team or all). Batched.',
  })
  async applications(@Root() c: Candidate, @Ctx() ctx: RecruitingContext): Promise<Application[] | null> {
    if (!applicationService.canRead(ctx)) return null;
    return applicationService.visible(ctx, await ctx.loaders.applicationsByCandidate.load(c.id));
  }

  @FieldResolver(() => Employee, {
    nullable: true,
    description: 'The employee this candidate is, for internal applicants; null otherwise.',
  })
  employee(@Root() c: Candidate): Employee | null {
    return c.employeeId ? Employee.ref(c.employeeId) : null;
  }
}
