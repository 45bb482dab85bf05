import { buildSubgraphSchema } from '@wg/runtime';
import { ApplicationResolver, JobPostingPipelineResolver } from './applications/application.resolver';
import { applicationService } from './applications/application.service';
import type { Application } from './applications/application.type';
import { CandidateResolver } from './candidates/candidate.resolver';
import { candidateService } from './candidates/candidate.service';
import type { Candidate } from './candidates/candidate.type';
import { DepartmentResolver } from './departments/department.resolver';
import { Department } from './departments/department.type';
import { EmployeeResolver } from './employees/employee.resolver';
import { Employee } from './employees/employee.type';
import {
  ApplicationInterviewResolver,
  EmployeeInterviewResolver,
  InterviewResolver,
} from './interviews/interview.resolver';
import { interviewService } from './interviews/interview.service';
import type { Interview } from './interviews/interview.type';
import { resolveJobPostingReference } from './job-postings/job-posting.reference';
import { JobPostingResolver } from './job-postings/job-posting.resolver';
import type { RecruitingContext } from './loaders';
import {
  ApplicationNegotiationResolver,
  NegotiationRoundResolver,
  RateNegotiationResolver,
} from './negotiations/negotiation.resolver';
import { negotiationService } from './negotiations/negotiation.service';
import type { RateNegotiation } from './negotiations/negotiation.type';
import { OfferApprovalResolver } from './offers/offer-approval.resolver';
import { OfferApproval } from './offers/offer-approval.type';
import { ApplicationOfferResolver, OfferResolver } from './offers/offer.resolver';
import { offerService } from './offers/offer.service';
import type { Offer } from './offers/offer.type';
// Durable jobs: the admin's view of recruiting's jobs, and the settings (reminder lead time).
import { jobs } from '@wg/db/recruiting';
import { jobsResolver } from '@wg/runtime/jobs/graphql';
import { RecruitingSettingsResolver } from './settings/settings.resolver';

const RecruitingJobsResolver = jobsResolver('recruitingJobs', jobs, 'recruiting');

/**
 * `Department` and `Employee` are stubs (people owns them) and need no `__resolveReference`: the
 * default returns the representation `{ id }`, which is all recruiting's fields on them read.
 */
export const buildRecruitingSchema = () =>
  buildSubgraphSchema({
    resolvers: [
      JobPostingResolver,
      JobPostingPipelineResolver,
      DepartmentResolver,
      CandidateResolver,
      ApplicationResolver,
      EmployeeResolver,
      InterviewResolver,
      ApplicationInterviewResolver,
      EmployeeInterviewResolver,
      OfferResolver,
      ApplicationOfferResolver,
      OfferApprovalResolver,
      // Durable jobs and settings
      RecruitingSettingsResolver,
      RecruitingJobsResolver,
      // Rate negotiation.
      RateNegotiationResolver,
      NegotiationRoundResolver,
      ApplicationNegotiationResolver,
    ],
    // OfferApproval: reached only through `_entities` (security owns `myApprovals`).
    orphanedTypes: [Department, Employee, OfferApproval],
    references: {
      JobPosting: { __resolveReference: resolveJobPostingReference },
      Candidate: {
        __resolveReference: (ref: Pick<Candidate, 'id'>, ctx: RecruitingContext) =>
          candidateService.get(ctx, ref.id),
      },
      Interview: {
        __resolveReference: (ref: Pick<Interview, 'id'>, ctx: RecruitingContext) =>
          interviewService.get(ctx, ref.id),
      },
      Offer: {
        __resolveReference: (ref: Pick<Offer, 'id'>, ctx: RecruitingContext) => offerService.get(ctx, ref.id),
      },
      RateNegotiation: {
        __resolveReference: (ref: Pick<RateNegotiation, 'id'>, ctx: RecruitingContext) =>
          negotiationService.get(ctx, ref.id),
      },
      Application: {
        __resolveReference: (ref: Pick<Application, 'id'>, ctx: RecruitingContext) =>
          applicationService.get(ctx, ref.id),
      },
    },
  });
