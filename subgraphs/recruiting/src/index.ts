import { entityRefs, outbox, processedEvents } from '@wg/db/recruiting';
import type { SubgraphModule } from '@wg/runtime';
import { OutboxRelay, startRefsConsumer } from '@wg/runtime';
import { createLoaders, type RecruitingLoaders } from './loaders';
import { buildRecruitingSchema } from './schema';

export { jobPostingLifecycle } from './job-postings/job-posting.lifecycle';
export { type JobPostingSnapshot, jobPostingService } from './job-postings/job-posting.service';

/** Recruiting: job postings (candidates, interviews and offers come later). Adds `Department.openings`. */
export const recruitingSubgraph: SubgraphModule<RecruitingLoaders> = {
  name: 'recruiting',
  defaultPort: 4004,
  buildSchema: buildRecruitingSchema,
  createLoaders,
  async startBackground(database, bus) {
    const relay = new OutboxRelay(database, outbox, bus).start();
    // Departments are people's: keep a local copy of their ids so postings can be validated.
    const stopRefs = await startRefsConsumer(database, bus, 'recruiting', processedEvents, entityRefs, [
      'Department',
    ]);
    return async () => {
      relay.stop();
      await stopRefs();
    };
  },
};
