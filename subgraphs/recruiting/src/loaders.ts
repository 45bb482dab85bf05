import type { LoaderContext, SubgraphContext } from '@wg/runtime';
import DataLoader from 'dataloader';
import { type PipelineAccess, pipelineAccess } from './access';
import {
  applicationById,
  applicationsByCandidate,
  applicationsByEmployee,
  applicationsByReferrer,
  rejectReasonById,
  stageCountsByPosting,
  stageHistoryByApplication,
} from './applications/application.loader';
import { candidateById } from './candidates/candidate.loader';
import {
  interviewersByInterview,
  interviewsByApplication,
  reschedulesByInterview,
  scorecardsByApplication,
  seatsOfEmployee,
} from './interviews/interview.loader';
import { jobPostingById, openPostingsByDepartment } from './job-postings/job-posting.loader';
import {
  negotiationById,
  negotiationsByApplication,
  roundsByNegotiation,
} from './negotiations/negotiation.loader';
import { offersByApplication } from './offers/offer.loader';

/** Fresh per request: DataLoader caches must never outlive the request (or cross tenants). */
export function createLoaders(ctx: LoaderContext & Partial<Pick<SubgraphContext, 'identity'>>) {
  return {
    jobPostingById: jobPostingById(ctx),
    openPostingsByDepartment: openPostingsByDepartment(ctx),
    candidateById: candidateById(ctx),
    applicationById: applicationById(ctx),
    applicationsByCandidate: applicationsByCandidate(ctx),
    applicationsByEmployee: applicationsByEmployee(ctx),
    applicationsByReferrer: applicationsByReferrer(ctx),
    stageHistoryByApplication: stageHistoryByApplication(ctx),
    rejectReasonById: rejectReasonById(ctx),
    stageCountsByPosting: stageCountsByPosting(ctx),
    interviewsByApplication: interviewsByApplication(ctx),
    interviewersByInterview: interviewersByInterview(ctx),
    reschedulesByInterview: reschedulesByInterview(ctx),
    scorecardsByApplication: scorecardsByApplication(ctx),
    seatsOfEmployee: seatsOfEmployee(ctx),
    offersByApplication: offersByApplication(ctx),
    // Rate negotiation.
    negotiationById: negotiationById(ctx),
    negotiationsByApplication: negotiationsByApplication(ctx),
    roundsByNegotiation: roundsByNegotiation(ctx),
    /** The caller's pipeline access per permission, computed once per request. */
    pipelineAccess: new DataLoader<`${string}:${string}`, PipelineAccess>(async (perms) =>
      ctx.tx(async (tx) => {
        const out: PipelineAccess[] = [];
        for (const p of perms) out.push(await pipelineAccess(tx, ctx.identity!, p));
        return out;
      }),
    ),
  };
}

export type RecruitingLoaders = ReturnType<typeof createLoaders>;
export type RecruitingContext = SubgraphContext<RecruitingLoaders>;
