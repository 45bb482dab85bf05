import type { Database } from '@wg/db';
import { jobs, outbox } from '@wg/db/people';
import type { SubgraphModule } from '@wg/runtime';
import { OutboxRelay } from '@wg/runtime';
import { JobRunner, type JobRunnerOptions } from '@wg/runtime/jobs';
import { startOfferConsumer } from './employees/employee.offer-consumer';
import { START_QUEUE, startEmployee } from './employees/employee.start';
import {
  LEAVE_RETURN_QUEUE,
  LEAVE_START_QUEUE,
  returnFromTimeOff,
  startTimeOffConsumer,
  startTimeOffLeave,
} from './employees/employee.time-off';
import { createLoaders, type PeopleLoaders } from './loaders';
import { buildPeopleSchema } from './schema';

/**
 * People's durable jobs (`people.jobs`): pending hires become ACTIVE on their first day; approved
 * time off sets ON_LEAVE on its first day and ACTIVE after its last (employee.time-off.ts).
 */
export const peopleJobRunner = (database: Database, options: Partial<JobRunnerOptions> = {}) =>
  new JobRunner(database, jobs, {
    name: 'people',
    handlers: {
      [START_QUEUE]: startEmployee,
      [LEAVE_START_QUEUE]: startTimeOffLeave,
      [LEAVE_RETURN_QUEUE]: returnFromTimeOff,
    },
    ...options,
  });

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
    // Approved time off (work) schedules the leave status jobs above.
    const stopTimeOff = await startTimeOffConsumer(database, bus);
    return async () => {
      await stopTimeOff();
      await stopOffers();
      await runner.stop();
      relay.stop();
    };
  },
};

export { departmentService } from './departments/department.service';
export { importEmployees } from './employees/employee.import';
export { employeeService } from './employees/employee.service';
