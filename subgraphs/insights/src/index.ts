import { outbox } from '@wg/db/insights';
import type { SubgraphModule } from '@wg/runtime';
import { OutboxRelay } from '@wg/runtime';
import { startReplayResponder } from './live/reply-stream';
import { createLoaders, type InsightsLoaders } from './loaders';
import { startProjections } from './projections/projector';
import { buildInsightsSchema } from './schema';

/**
 * Insights: analytics and the assistant. It owns no business data of other domains: its read
 * models (employees, departments, projects, compensations, labour facts) are projections of their
 * domain events, kept in insights' own event log so `pnpm insights:rebuild` can replay them.
 */
export const insightsSubgraph: SubgraphModule<InsightsLoaders> = {
  name: 'insights',
  defaultPort: 4006,
  buildSchema: buildInsightsSchema,
  createLoaders,
  async startBackground(database, bus) {
    const relay = new OutboxRelay(database, outbox, bus).start();
    const stops = await Promise.all([
      // Every read model (org, salaries, labour) from one consumer group, which logs each event
      // (the rebuild's input) and announces changed scopes on `analytics.changed` after commit.
      startProjections(database, bus),
      // Late `conversationReply` subscribers get the in-flight reply's text so far.
      startReplayResponder(bus),
    ]);
    return async () => {
      relay.stop();
      await Promise.all(stops.map((stop) => stop()));
    };
  },
};

/** The live-update contract (see /work/briefs/contract-analytics-changed.md): channel and message. */
export { ANALYTICS_CHANGED_CHANNEL, type AnalyticsChanged, type AnalyticsScope } from './projections/notify';
/** `pnpm insights:verify`: the figures as the API serves them, from the projections. */
export { loadFigures } from './analytics/analytics.sql';
/** `pnpm insights:rebuild`: replays insights' event log into fresh projections. */
export { rebuildProjections } from './projections/projector';
