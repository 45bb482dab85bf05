import { entityRefs, outbox, processedEvents } from '@wg/db/schema/insights';
import type { SubgraphModule } from '@wg/runtime';
import { OutboxRelay, startRefsConsumer } from '@wg/runtime';
import { createLoaders, type InsightsLoaders } from './loaders';
import { startLaborFactsProjection } from './projections/labor-facts.projection';
import { buildInsightsSchema } from './schema';

/**
 * Insights: analytics and the assistant. It owns no business data of other domains: its read
 * models (entity refs, labour facts) are projections of their domain events.
 */
export const insightsSubgraph: SubgraphModule<InsightsLoaders> = {
  name: 'insights',
  defaultPort: 4006,
  buildSchema: buildInsightsSchema,
  createLoaders,
  async startBackground(database, bus) {
    const relay = new OutboxRelay(database, outbox, bus).start();
    const stops = await Promise.all([
      // Headcount, department membership and project names.
      startRefsConsumer(database, bus, 'insights', processedEvents, entityRefs, [
        'Employee',
        'Department',
        'Project',
      ]),
      // Hours, cost and revenue per employee, project and month.
      startLaborFactsProjection(database, bus),
    ]);
    return async () => {
      relay.stop();
      await Promise.all(stops.map((stop) => stop()));
    };
  },
};
