import type { Database } from '@wg/db';
import { entityRefs, jobReceipts, jobs, outbox, processedEvents } from '@wg/db/recruiting';
import type { SubgraphModule } from '@wg/runtime';
import { OutboxRelay, startRefsConsumer } from '@wg/runtime';
import { JobRunner, type JobRunnerOptions } from '@wg/runtime/jobs';
import { REMINDER_QUEUE, sendInterviewReminder } from './interviews/interview.reminders';
import { createLoaders, type RecruitingLoaders } from './loaders';
import { EXPIRY_QUEUE } from './offers/offer.expiry';
import { expireOffer } from './offers/offer.service';
import { buildRecruitingSchema } from './schema';

/**
 * Recruiting's durable jobs: interview reminders and offer expiry, in `recruiting.jobs`. Every
 * process of the subgraph runs one; they share the table safely (see `@wg/runtime/jobs`).
 */
export const recruitingJobRunner = (database: Database, options: Partial<JobRunnerOptions> = {}) =>
  new JobRunner(database, jobs, {
    name: 'recruiting',
    handlers: { [REMINDER_QUEUE]: sendInterviewReminder, [EXPIRY_QUEUE]: expireOffer },
    receipts: jobReceipts,
    ...options,
  });

export { applicationService } from './applications/application.service';
export { candidateService } from './candidates/candidate.service';
export { interviewService } from './interviews/interview.service';
export { scorecardService } from './interviews/scorecard.service';
export { jobPostingLifecycle } from './job-postings/job-posting.lifecycle';
export { type JobPostingSnapshot, jobPostingService } from './job-postings/job-posting.service';
export { negotiationService } from './negotiations/negotiation.service';
export { offerService } from './offers/offer.service';

/** Recruiting: job postings, candidates, applications. Adds `Department.openings` and `Employee.applications` / `referrals`. */
export const recruitingSubgraph: SubgraphModule<RecruitingLoaders> = {
  name: 'recruiting',
  defaultPort: 4004,
  buildSchema: buildRecruitingSchema,
  createLoaders,
  async startBackground(database, bus) {
    const relay = new OutboxRelay(database, outbox, bus).start();
    const runner = recruitingJobRunner(database).start();
    // Departments and employees are people's: a local copy of their ids validates postings,
    // internal applicants and interviewers, and gives hiring managers their department (team scope);
    // positions validate a posting's position.
    const stopRefs = await startRefsConsumer(database, bus, 'recruiting', processedEvents, entityRefs, [
      'Department',
      'Employee',
      'Position',
    ]);
    return async () => {
      await runner.stop();
      relay.stop();
      await stopRefs();
    };
  },
};
export { republishPendingOffers } from './offers/offer-approval.events';
