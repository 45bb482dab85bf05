import { outbox } from '@wg/db/people';
import type { SubgraphModule } from '@wg/runtime';
import { OutboxRelay } from '@wg/runtime';
import { startOfferConsumer } from './employees/employee.offer-consumer';
import { createLoaders, type PeopleLoaders } from './loaders';
import { buildPeopleSchema } from './schema';

/** People: employees, departments and the org structure. Source of truth for who works here. */
export const peopleSubgraph: SubgraphModule<PeopleLoaders> = {
  name: 'people',
  defaultPort: 4001,
  buildSchema: buildPeopleSchema,
  createLoaders,
  async startBackground(database, bus) {
    const relay = new OutboxRelay(database, outbox, bus).start();
    // Accepted offers (recruiting) become employees, exactly once.
    const stopOffers = await startOfferConsumer(database, bus);
    return async () => {
      await stopOffers();
      relay.stop();
    };
  },
};

export { departmentService } from './departments/department.service';
export { importEmployees } from './employees/employee.import';
export { employeeService } from './employees/employee.service';
