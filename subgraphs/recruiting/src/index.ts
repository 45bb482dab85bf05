import { entityRefs, outbox, processedEvents } from '@wg/db/recruiting';
import type { SubgraphModule } from '@wg/runtime';
import { OutboxRelay, startRefsConsumer } from '@wg/runtime';
import { createLoaders, type RecruitingLoaders } from './loaders';
import { buildRecruitingSchema } from './schema';

export { jobPostingLifecycle } from './job-postings/job-posting.lifecycle';
export { type JobPostingSnapshot, jobPostingService } from './job-postings/job-posting.service';

/** Recruiting: job postings, candidates, applications. Adds `Department.openings` and `Employee.applications` / `referrals`. */
export const recruitingSubgraph: SubgraphModule<RecruitingLoaders> = {
  name: 'recruiting',
  defaultPort: 4004,
  buildSchema: buildRecruitingSchema,
  createLoaders,
  async startBackground(database, bus) {
    const relay = new OutboxRelay(database, outbox, bus).start();
    // Departments and employees are people's: a local copy of their ids validates postings,
    // internal applicants and interviewers, and gives hiring managers their department (team scope).
    const stopRefs = await startRefsConsumer(database, bus, 'recruiting', processedEvents, entityRefs, [
      'Department',
      'Employee',
    ]);
    return async () => {
      relay.stop();
      await stopRefs();
    };
  },
};
