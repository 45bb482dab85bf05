/**
 * A push-to-pull bridge: producers `push`, graphql-ws pulls with `for await`. `latestOnly` keeps
 * just the newest undelivered value (a snapshot supersedes the one before it, so a slow client gets
 * the current numbers rather than a backlog); otherwise values queue up to `limit`, and a client that
 * falls that far behind is ended rather than allowed to grow the gateway's memory without bound.
 */
export class PushQueue<T> implements AsyncIterableIterator<T> {
  private readonly values: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private done = false;

  constructor(
    private readonly options: { latestOnly?: boolean; limit?: number; onClose?: () => void } = {},
  ) {}

  push(value: T): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value, done: false });
      return;
    }
    if (this.options.latestOnly) this.values.length = 0;
    this.values.push(value);
    if (this.values.length > (this.options.limit ?? 10_000)) void this.return();
  }

  next(): Promise<IteratorResult<T>> {
    const value = this.values.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  /** Called by graphql-ws when the client completes or disconnects. */
  async return(): Promise<IteratorResult<T>> {
    if (!this.done) {
      this.done = true;
      this.values.length = 0;
      this.options.onClose?.();
      const resolve = this.waiting;
      this.waiting = null;
      resolve?.({ value: undefined, done: true });
    }
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<T>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}
