import type { Bus } from './bus';

/**
 * A transient bus channel as an async iterator (what a GraphQL `subscribe` returns), keeping the
 * messages `accept` lets through. Unsubscribes from the bus when the consumer stops.
 */
export async function busIterator<T>(
  bus: Bus,
  channel: string,
  accept: (message: unknown) => message is T,
): Promise<AsyncIterableIterator<T>> {
  const buffered: T[] = [];
  let waiting: ((r: IteratorResult<T>) => void) | null = null;
  let done = false;
  const unsubscribe = await bus.subscribeTransient(channel, (message) => {
    if (done || !accept(message)) return;
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve({ value: message, done: false });
    } else if (buffered.length < 1000) buffered.push(message);
  });
  const finish = async (): Promise<IteratorResult<T>> => {
    if (!done) {
      done = true;
      buffered.length = 0;
      waiting?.({ value: undefined, done: true });
      waiting = null;
      await unsubscribe();
    }
    return { value: undefined, done: true };
  };
  const iterator: AsyncIterableIterator<T> = {
    next() {
      const value = buffered.shift();
      if (value !== undefined) return Promise.resolve({ value, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return: finish,
    async throw(error: unknown) {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
