import { scopeFor } from '@wg/runtime';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { applicationService } from '../applications/application.service';
import { Application } from '../applications/application.type';
import { Referral, ReferralStatus } from '../applications/referral.type';
import type { RecruitingContext } from '../loaders';
import { Employee } from './employee.type';

const REFERRAL_STATUS = {
  APPLIED: ReferralStatus.IN_PROCESS,
  SCREENING: ReferralStatus.IN_PROCESS,
  INTERVIEW: ReferralStatus.IN_PROCESS,
  OFFER: ReferralStatus.IN_PROCESS,
  HIRED: ReferralStatus.HIRED,
  REJECTED: ReferralStatus.NOT_SELECTED,
  WITHDRAWN: ReferralStatus.WITHDRAWN,
} as const;

@Resolver(() => Employee)
export class EmployeeResolver {
  @FieldResolver(() => [Application], {
    nullable: true,
    description:
      'Internal applications of this employee (internal mobility), oldest first. Requires `application:read` covering the posting (HR and recruiters: all); others get null. Batched.',
  })
  async applications(@Root() e: Employee, @Ctx() ctx: RecruitingContext): Promise<Application[] | null> {
    if (!applicationService.canRead(ctx)) return null;
    return applicationService.visible(ctx, await ctx.loaders.applicationsByEmployee.load(e.id));
  }

  @FieldResolver(() => [Referral], {
    nullable: true,
    description:
      'People this employee referred, oldest first, with a coarse status. The employee themself (`referral:read:own`) and holders of `application:read:all` see them; others get null. Batched.',
  })
  async referrals(@Root() e: Employee, @Ctx() ctx: RecruitingContext): Promise<Referral[] | null> {
    const own = ctx.identity.employeeId === e.id && scopeFor(ctx.identity, 'referral', 'read') !== null;
    if (!own && scopeFor(ctx.identity, 'application', 'read') !== 'all') return null;
    const apps = await ctx.loaders.applicationsByReferrer.load(e.id);
    return Promise.all(
      apps.map(async (a) => {
        const [candidate, posting] = await Promise.all([
          ctx.loaders.candidateById.load(a.candidateId),
          ctx.loaders.jobPostingById.load(a.postingId),
        ]);
        return Object.assign(new Referral(), {
          id: a.id,
          candidateName: candidate ? `${candidate.firstName} ${candidate.lastName}` : '',
          posting,
          status: REFERRAL_STATUS[a.stage],
          referredAt: a.createdAt,
        });
      }),
    );
  }
}
