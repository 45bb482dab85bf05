import type { Database } from '@wg/db';
import type { GraphQLSchema } from 'graphql';
import type { SubgraphContext } from './context';
import type { Bus } from './events/bus';

/**
 * What each subgraph package exports from `src/index.ts`, so the start script, the tests and the
 * compose script treat them alike.
 */
export interface SubgraphModule<L = unknown> {
  name: string;
  /** Default port when run on its own. */
  defaultPort: number;
  buildSchema(): Promise<GraphQLSchema>;
  createLoaders(ctx: SubgraphContext<L>): L;
  /** Outbox relay and event consumers; returns a function that stops them. */
  startBackground?(database: Database, bus: Bus): Promise<() => Promise<void>>;
}
