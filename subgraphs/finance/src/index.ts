import { outbox } from '@wg/db/finance';
import type { SubgraphModule } from '@wg/runtime';
import { OutboxRelay } from '@wg/runtime';
import { startOfferCompensationConsumer } from './compensations/compensation.offer-consumer';
import { startRefsAndEmploymentConsumer } from './labor/employment.consumer';
import { startLaborConsumer } from './labor/labor.consumer';
import { startPlacementRateConsumer } from './placement-rates/placement-rate.consumer';
import { createLoaders, type FinanceLoaders } from './loaders';
import { buildFinanceSchema } from './schema';

/**
 * Finance: compensation, project billing rates and labour costing. It learns about employees and
 * projects from people's and work's events (entity_refs) and prices every logged hour.
 */
export const financeSubgraph: SubgraphModule<FinanceLoaders> = {
  name: 'finance',
  defaultPort: 4003,
  buildSchema: buildFinanceSchema,
  createLoaders,
  async startBackground(database, bus) {
    const relay = new OutboxRelay(database, outbox, bus).start();
    // Employees and projects replicated from people's and work's events; a change of an
    // employee's employment stints re-prices their lines.
    const stopRefs = await startRefsAndEmploymentConsumer(database, bus);
    const stopLabor = await startLaborConsumer(database, bus);
    const stopOffers = await startOfferCompensationConsumer(database, bus);
    const stopPlacements = await startPlacementRateConsumer(database, bus);
    return async () => {
      await stopPlacements();
      await stopOffers();
      await stopLabor();
      await stopRefs();
      relay.stop();
    };
  },
};

// The services the demo seed (and other in-process callers) drive directly, with a context built
// by `createContext({ ..., createLoaders: financeSubgraph.createLoaders })`.
export { compensationService } from './compensations/compensation.service';
export type { FinanceContext, FinanceLoaders } from './loaders';
export { projectRateService } from './project-rates/project-rate.service';
export { settingsService } from './settings/settings.service';
export { repriceAllTenants } from './labor/labor.reconcile';
