import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One registry per server, so six subgraphs in one process don't collide on metric names. */
export function createMetrics(service: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by name, type and outcome',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL operation latency',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const plugin: ApolloServerPlugin = {
    async requestDidStart() {
      const end = duration.startTimer();
      return {
        async willSendResponse(rc) {
          const labels = {
            operation: rc.operationName ?? 'anonymous',
            type: rc.operation?.operation ?? 'unknown',
          };
          end(labels);
          operations.inc({ ...labels, outcome: rc.errors?.length ? 'error' : 'ok' });
        },
      };
    },
  };
  return { registry, plugin };
}
