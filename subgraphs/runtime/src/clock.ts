/**
 * The one source of "now" and "today" for rules that depend on the date (no future skill dates,
 * closing dates, current compensation). Production reads the system clock; tests pin it with
 * `pinClock` from `@wg/runtime/testing` so a test written in June still passes in December.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

let source: () => number = Date.now;

/** A clock for one async call tree only (`atTime`); everything else keeps `source`. */
const scoped = new AsyncLocalStorage<() => number>();
const read = () => (scoped.getStore() ?? source)();

export const clock = {
  now: (): Date => new Date(read()),
  /** Today's calendar date in UTC, `YYYY-MM-DD`. */
  today: (): string => new Date(read()).toISOString().slice(0, 10),
};

/**
 * Runs `fn` with the clock reading `at` (moving on from there in real time) for `fn`'s own async
 * call tree only: the demo seed books last week's interviews "last week" while requests served
 * meanwhile in the same process keep the real clock. Not for production paths.
 *
 * Work `fn` only triggers keeps the real clock: the outbox relay (and the in-process consumers it
 * feeds) runs in its own context, not the committer's (relay.ts). Caveat: a callback a driver
 * makes from I/O that `fn` started runs in `fn`'s context.
 */
export function atTime<T>(at: Date | string | number, fn: () => Promise<T>): Promise<T> {
  const offset = new Date(at).getTime() - Date.now();
  if (Number.isNaN(offset)) throw new Error(`atTime: not a date: ${String(at)}`);
  return scoped.run(() => Date.now() + offset, fn);
}

/**
 * Replaces the clock's source (a fixed instant, or a function for a moving clock) until the
 * returned function is called; `null` goes back to the system clock.
 */
export function setClock(at: Date | string | number | (() => number) | null): () => void {
  const previous = source;
  if (at === null) source = Date.now;
  else if (typeof at === 'function') source = at;
  else {
    const ms = new Date(at).getTime();
    if (Number.isNaN(ms)) throw new Error(`setClock: not a date: ${String(at)}`);
    source = () => ms;
  }
  return () => {
    source = previous;
  };
}
