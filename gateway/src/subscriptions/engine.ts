import type { Identity } from '@wg/runtime/auth';
import type { Bus } from '@wg/runtime/events';
import type { Logger } from '@wg/runtime/logger';
import {
  type DocumentNode,
  type ExecutionResult,
  execute,
  GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  print,
} from 'graphql';
import { Coalescer } from './coalescer';
import { PushQueue } from './queue';
import { type RootField, subscriptionRoot, toTwinQuery } from './rewrite';

/** Who subscribed: the identity, plus whatever else the gateway's context carries (API key id, client). */
export interface Caller {
  identity: Identity;
}

/** Runs an operation through the gateway's normal pipeline (query plan, subgraphs) as `caller`. */
export type GatewayExecutor = (
  document: DocumentNode,
  variables: Record<string, unknown>,
  caller: Caller,
) => Promise<ExecutionResult>;

/**
 * A subscription root field whose payload is a fresh result of its twin query: a bus notice only
 * says "this changed", and the gateway re-runs the subscriber's selection through the query plan.
 */
export interface SnapshotField {
  kind: 'snapshot';
  field: string;
  /** Query field of the same subgraph, same arguments, same return type. */
  twinField: string;
  /** Transient bus channels whose notices may concern this subscriber. */
  channels(args: Record<string, unknown>, identity: Identity): string[];
  /** Whether a notice concerns this subscriber; tenant checks included. */
  matches(message: unknown, args: Record<string, unknown>, identity: Identity): boolean;
}

/** Receives a stream field's bus messages in order and decides what reaches the client. */
export interface StreamRelay {
  receive(message: unknown): void;
  close(): void;
}

/**
 * A subscription root field whose payload comes from the bus itself (reply tokens): the subgraph
 * that owns the field publishes each event, the gateway checks access once, then forwards.
 */
export interface StreamField {
  kind: 'stream';
  field: string;
  channel(args: Record<string, unknown>, identity: Identity): string;
  /** Access check through the graph (as the caller); returns errors to refuse the subscription. */
  authorize(
    args: Record<string, unknown>,
    caller: Caller,
    execute: GatewayExecutor,
  ): Promise<readonly GraphQLError[] | null>;
  /** Orders, dedupes and filters messages; `emit` hands a payload to the client. */
  relay(args: Record<string, unknown>, identity: Identity, emit: (payload: unknown) => void): StreamRelay;
  /** Runs once the channel listens (e.g. ask the producer to replay what was already sent). */
  onListening?(args: Record<string, unknown>, identity: Identity, bus: Bus): Promise<void>;
}

export type LiveField = SnapshotField | StreamField;

export interface EngineOptions {
  bus: Bus;
  execute: GatewayExecutor;
  fields: LiveField[];
  /** Minimum time between two pushes to one subscriber (snapshot fields). */
  intervalMs: number;
  log: Logger;
}

interface Listener {
  tenantId: string | null;
  deliver(message: unknown): void;
  /** The channel listens again after a gap (bus outage): notices may have been missed. */
  resume?(): void;
}

/** Subscribers with identical identity, document and variables get identical results: run once. */
function identityKey(identity: Identity): string {
  return JSON.stringify([
    identity.kind,
    identity.tenantId,
    identity.userId,
    identity.employeeId,
    [...identity.roles].sort(),
    [...identity.permissions].sort(),
  ]);
}

/** Plain error objects from a formatted response back into GraphQLErrors (graphql-ws serialises those). */
export function toGraphQLErrors(errors: ExecutionResult['errors']): GraphQLError[] | undefined {
  if (!errors || errors.length === 0) return undefined;
  return errors.map((e) =>
    e instanceof GraphQLError
      ? e
      : new GraphQLError((e as { message: string }).message, {
          path: (e as { path?: readonly (string | number)[] }).path,
          extensions: (e as { extensions?: Record<string, unknown> }).extensions,
        }),
  );
}

/**
 * The gateway's subscription engine. One bus subscription per channel per process, shared by all
 * subscribers on it (indexed by tenant); per subscriber a coalescer (snapshot fields) or an ordered
 * relay (stream fields). Several gateway processes each hold their own subscribers: a notice
 * published once reaches every process through the bus (Redis pub/sub), and each delivers locally.
 */
export class SubscriptionEngine {
  private readonly fields: Map<string, LiveField>;
  private readonly channels = new Map<
    string,
    { byTenant: Map<string | null, Set<Listener>>; ready: Promise<() => Promise<void>> }
  >();
  private readonly inflight = new Map<string, Promise<ExecutionResult>>();
  private closed = false;

  constructor(private readonly options: EngineOptions) {
    this.fields = new Map(options.fields.map((f) => [f.field, f]));
  }

  /** Live subscribers in this process (for metrics and the benchmark). */
  get subscriberCount(): number {
    let n = 0;
    for (const c of this.channels.values()) for (const set of c.byTenant.values()) n += set.size;
    return n;
  }

  /**
   * Starts a subscription: errors (validation, access) come back as a list before anything is sent;
   * otherwise an async iterator of results that graphql-ws drains.
   */
  async subscribe(args: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operation: OperationDefinitionNode;
    variables: Record<string, unknown> | null | undefined;
    caller: Caller;
  }): Promise<readonly GraphQLError[] | AsyncIterableIterator<ExecutionResult>> {
    let root: RootField;
    try {
      root = subscriptionRoot(args.schema, args.operation, args.document, args.variables);
    } catch (error) {
      return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
    }
    const field = this.fields.get(root.field.name.value);
    if (!field) {
      return [
        new GraphQLError(`Subscription field "${root.field.name.value}" is not served by this gateway`, {
          extensions: { code: 'BAD_USER_INPUT' },
        }),
      ];
    }
    return field.kind === 'snapshot'
      ? this.snapshot(field, root, args.document, args.caller)
      : this.stream(field, root, args.schema, args.document, args.caller);
  }

  private async snapshot(
    field: SnapshotField,
    root: RootField,
    document: DocumentNode,
    caller: Caller,
  ): Promise<readonly GraphQLError[] | AsyncIterableIterator<ExecutionResult>> {
    const { identity } = caller;
    const query = toTwinQuery(document, root.operation, field.field, field.twinField);
    const key = `${identityKey(identity)}|${JSON.stringify(root.variables)}|${print(query)}`;
    const run = () => this.shared(key, () => this.options.execute(query, root.variables, caller));

    // Listen before reading, so a change between the first read and the subscription is not lost.
    let pending = false;
    let coalescer: Coalescer | null = null;
    const listener: Listener = {
      tenantId: identity.tenantId,
      deliver: (message) => {
        if (!field.matches(message, root.args, identity)) return;
        if (coalescer) coalescer.notify();
        else pending = true;
      },
      // Changes during a bus outage sent no notice: refresh once, so the client ends on the latest.
      resume: () => {
        if (coalescer) coalescer.notify();
        else pending = true;
      },
    };
    const channels = field.channels(root.args, identity);
    const stops = await Promise.all(channels.map((c) => this.listen(c, listener)));
    const stop = () => {
      coalescer?.close();
      for (const s of stops) s();
    };

    // The first result is the current state: it also proves the caller may see it (FORBIDDEN etc.).
    let first: ExecutionResult;
    try {
      first = await run();
    } catch (error) {
      stop();
      throw error;
    }
    if (!first.data || first.data[root.responseKey] == null) {
      stop();
      return (
        toGraphQLErrors(first.errors) ?? [
          new GraphQLError('Not found', { extensions: { code: 'NOT_FOUND' } }),
        ]
      );
    }
    const queue = new PushQueue<ExecutionResult>({ latestOnly: true, onClose: stop });
    queue.push({ data: first.data, errors: toGraphQLErrors(first.errors) });
    coalescer = new Coalescer(this.options.intervalMs, async () => {
      try {
        const result = await run();
        queue.push({ data: result.data ?? null, errors: toGraphQLErrors(result.errors) });
      } catch (error) {
        this.options.log.error({ err: error, field: field.field }, 'live: refresh failed');
      }
    });
    coalescer.markRan();
    if (pending) coalescer.notify();
    return queue;
  }

  private async stream(
    field: StreamField,
    root: RootField,
    schema: GraphQLSchema,
    document: DocumentNode,
    caller: Caller,
  ): Promise<readonly GraphQLError[] | AsyncIterableIterator<ExecutionResult>> {
    const { identity } = caller;
    const refused = await field.authorize(root.args, caller, this.options.execute);
    if (refused && refused.length > 0) return refused;
    const queue: PushQueue<ExecutionResult> = new PushQueue<ExecutionResult>({
      onClose: () => {
        relay.close();
        stop();
      },
    });
    // The payload is all the owning subgraph's data: resolve the client's selection on it locally.
    const emit = (payload: unknown) => {
      const result = execute({
        schema,
        document,
        operationName: root.operation.name?.value,
        rootValue: { [root.field.name.value]: payload },
        variableValues: root.variables,
      }) as ExecutionResult;
      queue.push(result);
    };
    const relay = field.relay(root.args, identity, emit);
    const stop = await this.listen(field.channel(root.args, identity), {
      tenantId: identity.tenantId,
      deliver: (message) => relay.receive(message),
    });
    try {
      await field.onListening?.(root.args, identity, this.options.bus);
    } catch (error) {
      await queue.return();
      throw error;
    }
    return queue;
  }

  /** Joins a concurrent identical execution instead of starting another. */
  private shared(key: string, fn: () => Promise<ExecutionResult>): Promise<ExecutionResult> {
    const running = this.inflight.get(key);
    if (running) return running;
    const promise = fn().finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }

  /** Registers a listener on a channel; the first one in this process subscribes on the bus. */
  private async listen(channel: string, listener: Listener): Promise<() => void> {
    let entry = this.channels.get(channel);
    if (!entry) {
      const byTenant = new Map<string | null, Set<Listener>>();
      // The bus bounds this wait: while it is unreachable it resolves after a timeout and the
      // channel starts listening (onResumed) when the bus is back.
      const ready = this.options.bus.subscribeTransient(
        channel,
        (message) => {
          const tenantId = (message as { tenantId?: unknown } | null)?.tenantId;
          // Notices name their tenant; only that tenant's subscribers ever see them.
          const set = typeof tenantId === 'string' ? byTenant.get(tenantId) : undefined;
          if (!set) return;
          for (const l of set) {
            try {
              l.deliver(message);
            } catch (error) {
              this.options.log.error({ err: error, channel }, 'live: delivery failed');
            }
          }
        },
        {
          onResumed: () => {
            this.options.log.info({ channel }, 'live: channel listening again; refreshing subscribers');
            for (const set of byTenant.values()) for (const l of set) l.resume?.();
          },
        },
      );
      entry = { byTenant, ready };
      this.channels.set(channel, entry);
      const created = entry;
      // A failed subscribe must not be cached for every later subscriber of the channel.
      ready.catch(() => {
        if (this.channels.get(channel) === created) this.channels.delete(channel);
      });
    }
    const current = entry;
    let set = current.byTenant.get(listener.tenantId);
    if (!set) {
      set = new Set();
      current.byTenant.set(listener.tenantId, set);
    }
    set.add(listener);
    await current.ready;
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      const s = current.byTenant.get(listener.tenantId);
      s?.delete(listener);
      if (s && s.size === 0) current.byTenant.delete(listener.tenantId);
      if (current.byTenant.size === 0 && this.channels.get(channel) === current) {
        this.channels.delete(channel);
        void current.ready.then((unsubscribe) => unsubscribe()).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const entries = [...this.channels.values()];
    this.channels.clear();
    await Promise.all(entries.map((e) => e.ready.then((u) => u()).catch(() => undefined)));
  }
}
