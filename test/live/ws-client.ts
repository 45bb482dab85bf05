import { type Client, createClient, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

/** A `next` payload as the client receives it. */
export type ExecutionResult<T> = FormattedExecutionResult<T, unknown>;

export interface LiveClient {
  client: Client;
  /** Resolves with the close code once the socket closes. */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves once the server acknowledged connection_init. */
  connected: Promise<void>;
  dispose(): Promise<void>;
}

/** A real graphql-ws client (the `ws` package as the socket), no retries: tests want the first outcome. */
export function connect(httpUrl: string, connectionParams: Record<string, unknown>): LiveClient {
  let onClosed!: (v: { code: number; reason: string }) => void;
  let onConnected!: () => void;
  const closed = new Promise<{ code: number; reason: string }>((r) => {
    onClosed = r;
  });
  const connected = new Promise<void>((r) => {
    onConnected = r;
  });
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    lazy: false,
    // Closing is what several tests expect; the default would print every close event.
    onNonLazyError: () => undefined,
    retryAttempts: 0,
    shouldRetry: () => false,
    on: {
      connected: () => onConnected(),
      closed: (event) => {
        const e = event as { code?: number; reason?: string };
        onClosed({ code: e.code ?? 0, reason: String(e.reason ?? '') });
      },
    },
  });
  // A client without subscriptions would still surface connection errors here; nothing to do.
  client.on('error', () => undefined);
  return {
    client,
    closed,
    connected,
    dispose: async () => {
      await client.dispose();
    },
  };
}

export interface Subscription<T> {
  /** Every `next` payload received so far. */
  results: ExecutionResult<T>[];
  /** Resolves with the errors when the server refuses the subscription (`error` message). */
  failed: Promise<readonly { message: string; extensions?: Record<string, unknown> }[]>;
  /** Waits for the first result (from index `from`) that satisfies `check`. */
  waitFor(
    check: (r: ExecutionResult<T>) => boolean,
    timeoutMs?: number,
    from?: number,
  ): Promise<ExecutionResult<T>>;
  stop(): void;
}

export function subscribe<T = Record<string, unknown>>(
  live: LiveClient,
  query: string,
  variables: Record<string, unknown> = {},
): Subscription<T> {
  const results: ExecutionResult<T>[] = [];
  const waiters = new Set<() => void>();
  let onFailed!: (e: readonly { message: string; extensions?: Record<string, unknown> }[]) => void;
  const failed = new Promise<readonly { message: string; extensions?: Record<string, unknown> }[]>((r) => {
    onFailed = r;
  });
  const stop = live.client.subscribe<T>(
    { query, variables },
    {
      next: (r) => {
        results.push(r);
        for (const w of waiters) w();
      },
      error: (e) => onFailed(Array.isArray(e) ? e : [{ message: String((e as Error)?.message ?? e) }]),
      complete: () => undefined,
    },
  );
  return {
    results,
    failed,
    stop,
    waitFor(check, timeoutMs = 20_000, from = 0) {
      return new Promise((resolve, reject) => {
        const test = () => {
          const hit = results.slice(from).find(check);
          if (hit) {
            waiters.delete(test);
            clearTimeout(timer);
            resolve(hit);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(test);
          reject(
            new Error(
              `no matching event within ${timeoutMs} ms; got ${JSON.stringify(results).slice(0, 2000)}`,
            ),
          );
        }, timeoutMs);
        waiters.add(test);
        test();
      });
    },
  };
}
