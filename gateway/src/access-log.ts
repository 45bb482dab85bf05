import { rootLogger } from '@wg/runtime/logger';
import { SystemCallError, type SystemClient } from './system-client';

/** One authenticated operation, as the gateway saw it. */
export interface AccessLogEntry {
  tenantId: string;
  userId: string | null;
  apiKeyId: string | null;
  operationName: string | null;
  /**
   * SUCCESS: no errors; ERROR: ran with errors; DENIED: UNAUTHENTICATED/FORBIDDEN; RATE_LIMITED;
   * REJECTED: refused before execution (operation limits, invalid document). The security
   * subgraph's `AccessOutcome` enum.
   */
  outcome: 'SUCCESS' | 'ERROR' | 'DENIED' | 'RATE_LIMITED' | 'REJECTED';
  ip: string | null;
  userAgent: string | null;
  requestId: string;
  durationMs: number;
  errorCodes: string[];
  occurredAt: string;
}

const RECORD = /* GraphQL */ `
  mutation GatewayRecordAccessLog($entries: [AccessLogEntryInput!]!) {
    recordAccessLog(entries: $entries)
  }
`;

/** Beyond this many unsent entries (security subgraph down), the oldest are dropped and counted. */
const MAX_QUEUE = 10_000;
/** A batch that failed this many flushes in a row is dropped (about 10 s at the default interval). */
const MAX_ATTEMPTS = 10;

/**
 * Ships access-log entries to the security subgraph in batches (`recordAccessLog`, system
 * identity): every `flushIntervalMs`, as soon as `maxBatch` are queued, and on shutdown. A failed
 * batch goes back to the front of the queue for the next flush.
 */
export class AccessLogShipper {
  private queue: AccessLogEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private dropped = 0;
  /** Consecutive failed attempts for the batch at the head of the queue. */
  private failures = 0;
  private readonly log = rootLogger.child({ service: 'gateway', component: 'access-log' });

  constructor(
    private readonly client: SystemClient,
    private readonly options: { flushIntervalMs: number; maxBatch: number },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  record(entry: AccessLogEntry): void {
    this.queue.push(entry);
    if (this.queue.length > MAX_QUEUE) {
      const over = this.queue.length - MAX_QUEUE;
      this.queue.splice(0, over);
      this.dropped += over;
      this.log.warn({ dropped: this.dropped }, 'access-log queue full; oldest entries dropped');
    }
    if (this.queue.length >= this.options.maxBatch) void this.flush();
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Sends everything queued (in batches of maxBatch); one flush at a time. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      try {
        await this.client.request<{ recordAccessLog: number }>({
          query: RECORD,
          variables: { entries: batch },
        });
        this.failures = 0;
      } catch (err) {
        this.failures++;
        // A batch the subgraph rejects as input would block the queue forever: drop it. So is one
        // that keeps failing (the log says how many entries were lost).
        if (
          (err instanceof SystemCallError && err.code === 'BAD_USER_INPUT') ||
          this.failures >= MAX_ATTEMPTS
        ) {
          this.dropped += batch.length;
          this.failures = 0;
          this.log.error({ err, entries: batch.length, dropped: this.dropped }, 'access-log batch dropped');
          continue;
        }
        this.queue.unshift(...batch);
        this.log.error({ err, entries: batch.length }, 'access-log batch failed; will retry');
        return;
      }
    }
  }

  /** Stops the timer and makes a last attempt to send what is queued. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
    if (this.flushing) await this.flushing;
    if (this.queue.length > 0) {
      // One more try: a batch that raced the previous flush.
      await this.flush();
    }
  }
}
