import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

// @wg/runtime/metrics also carries where /metrics is served (admin port, bearer token).
export * from './admin';

export interface MetricsOptions {
  /**
   * Most distinct operation names kept as label values (env `METRICS_MAX_OPERATIONS`, default
   * 200); later names are counted under `other`. Every label value is a time series kept for the
   * life of the process, so the client-chosen operation name must not be an unbounded label.
   */
  maxOperationNames?: number;
  /** Operation names are cut to this many characters before they become a label (default 64). */
  maxNameLength?: number;
  /**
   * May this request add a new operation name to the set? By default only a validated operation
   * from an authenticated caller may (`contextValue.identity.kind` not `anonymous`): anonymous
   * requests are counted under a name already known, or under `other`.
   */
  mayAddOperation?: (rc: GraphQLRequestContextWillSendResponse<never>) => boolean;
}

/** Label value for requests without an operation name. */
export const ANONYMOUS_OPERATION = 'anonymous';
/** Label value for operation names beyond the cap, or that the caller may not add. */
export const OTHER_OPERATION = 'other';

function identityKind(contextValue: unknown): string | undefined {
  const identity = (contextValue as { identity?: { kind?: unknown } } | undefined)?.identity;
  return typeof identity?.kind === 'string' ? identity.kind : undefined;
}

/** The default rule: an operation that validated, sent by someone who is not anonymous. */
export function authenticatedOperation(rc: GraphQLRequestContextWillSendResponse<never>): boolean {
  const kind = identityKind(rc.contextValue);
  return rc.operation !== undefined && kind !== undefined && kind !== 'anonymous';
}

/**
 * The bounded set of operation-name label values: names are truncated, the first
 * `maxOperationNames` names that `mayAdd` admits are kept, everything else is `other`.
 */
export class OperationNames {
  private readonly known = new Set<string>([ANONYMOUS_OPERATION, OTHER_OPERATION]);

  constructor(
    private readonly max: number,
    private readonly maxLength: number,
  ) {}

  get size(): number {
    return this.known.size - 2;
  }

  label(name: string | null | undefined, mayAdd: boolean): string {
    if (!name) return ANONYMOUS_OPERATION;
    // GraphQL names are [_A-Za-z][_0-9A-Za-z]*; anything else (it never validated) is not kept.
    const cut = name.slice(0, this.maxLength);
    if (!/^[_A-Za-z][_0-9A-Za-z]*$/.test(cut)) return OTHER_OPERATION;
    if (this.known.has(cut)) return cut;
    if (!mayAdd || this.size >= this.max) return OTHER_OPERATION;
    this.known.add(cut);
    return cut;
  }
}

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : fallback;
}

/** One registry per server, so six subgraphs in one process don't collide on metric names. */
export function createMetrics(service: string, options: MetricsOptions = {}) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const names = new OperationNames(
    options.maxOperationNames ?? envInt('METRICS_MAX_OPERATIONS', 200),
    options.maxNameLength ?? 64,
  );
  const mayAdd = options.mayAddOperation ?? authenticatedOperation;
  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by name (bounded set, else "other"), type and outcome',
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
          const context = rc as GraphQLRequestContextWillSendResponse<never>;
          const labels = {
            operation: names.label(rc.operationName, mayAdd(context)),
            type: rc.operation?.operation ?? 'unknown',
          };
          end(labels);
          operations.inc({ ...labels, outcome: rc.errors?.length ? 'error' : 'ok' });
        },
      };
    },
  };
  return { registry, plugin, operationNames: names };
}
