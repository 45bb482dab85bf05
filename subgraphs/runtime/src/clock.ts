/**
 * The one source of "now" and "today" for rules that depend on the date (no future skill dates,
 * closing dates, current compensation). Production reads the system clock; tests pin it with
 * `pinClock` from `@wg/runtime/testing` so a test written in June still passes in December.
 */
let source: () => number = Date.now;

export const clock = {
  now: (): Date => new Date(source()),
  /** Today's calendar date in UTC, `YYYY-MM-DD`. */
  today: (): string => new Date(source()).toISOString().slice(0, 10),
};

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
