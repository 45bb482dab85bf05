import { addDays, isValidTimeZone, localDate, zonedTimeToUtc } from '../calendar';
import { clock } from '../clock';
import type { Job } from './jobs';

/**
 * Next-run functions for `JobRunnerOptions.schedules`. Each returns the first slot after both the
 * finished run's due time and now, so a schedule whose runners were down for a while runs once on
 * return and then keeps its rhythm, instead of catching up every missed slot.
 */

/** Every `ms` milliseconds from the first run's due time. */
export function every(ms: number): (previous: Pick<Job, 'runAt'>) => Date {
  if (!Number.isInteger(ms) || ms < 1000) throw new Error(`every(${ms}): at least 1000 ms`);
  return ({ runAt }) => {
    const from = runAt.getTime();
    const now = clock.now().getTime();
    const steps = Math.max(1, Math.floor((now - from) / ms) + 1);
    return new Date(from + steps * ms);
  };
}

/** Every day at `hhmm` local time in `timeZone` (DST-aware: 02:30 on a day that skips it runs after the gap). */
export function dailyAt(hhmm: string, timeZone = 'UTC'): (previous: Pick<Job, 'runAt'>) => Date {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new Error(`dailyAt(${hhmm}): not HH:MM`);
  if (!isValidTimeZone(timeZone)) throw new Error(`dailyAt: unknown time zone ${timeZone}`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return ({ runAt }) => {
    const after = Math.max(runAt.getTime(), clock.now().getTime());
    let day = localDate(after, timeZone);
    for (;;) {
      const at = zonedTimeToUtc(day, minutes, timeZone);
      if (at.getTime() > after) return at;
      day = addDays(day, 1);
    }
  };
}
