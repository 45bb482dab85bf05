import type { Database } from '@wg/db';
import { jobs, outbox } from '@wg/db/people';
import type { SubgraphModule } from '@wg/runtime';
import { OutboxRelay } from '@wg/runtime';
import { JobRunner, type JobRunnerOptions } from '@wg/runtime/jobs';
import { startOfferConsumer } from './employees/employee.offer-consumer';
import { START_QUEUE, startEmployee } from './employees/employee.start';
import { createLoaders, type PeopleLoaders } from './loaders';
import { buildPeopleSchema } from './schema';

/** People's durable jobs (`people.jobs`): pending hires become ACTIVE on their first day. */
export const peopleJobRunner = (database: Database, options: Partial<JobRunnerOptions> = {}) =>
  new JobRunner(database, jobs, { name: 'people', handlers: { [START_QUEUE]: startEmployee }, ...options });

/** People: employees, departments and the org structure. Source of truth for who works here. */
export const peopleSubgraph: SubgraphModule<PeopleLoaders> = {
  name: 'people',
  defaultPort: 4001,
  buildSchema: buildPeopleSchema,
  createLoaders,
  async startBackground(database, bus) {
    const relay = new OutboxRelay(database, outbox, bus).start();
    const runner = peopleJobRunner(database).start();
    // Accepted offers (recruiting) become employees, exactly once.
    const stopOffers = await startOfferConsumer(database, bus);
    return async () => {
      await stopOffers();
      await runner.stop();
      relay.stop();
    };
  },
};

export { departmentService } from './departments/department.service';
export { importEmployees } from './employees/employee.import';
export { employeeService } from './employees/employee.service';
