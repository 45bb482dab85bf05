/**
 * Time zones and DST with nothing but `Intl` (IANA names, as the ICU data bundled with Node knows
 * them). The seed of the shared working calendar: scheduling (interviews), shifts, time off and
 * payroll pro-rating reuse these instead of writing their own offset arithmetic.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a time zone `Intl` knows (`Europe/Berlin`, `UTC`, `America/New_York`). */
export function isValidTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function partsAt(instantMs: number, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return out as unknown as LocalParts;
}

/** The zone's offset from UTC at `instant`, in milliseconds (Berlin in summer: +7,200,000). */
export function offsetMs(instant: Date | number, timeZone: string): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const p = partsAt(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (ms - (ms % 1000));
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` (YYYY-MM-DD) plus `minutes`
 * after midnight. A time skipped by a DST change (02:30 on a spring-forward night) resolves to
 * the same distance after the gap (03:30); a repeated one (autumn) to its first occurrence.
 */
export function zonedTimeToUtc(date: string, minutes: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, 0, minutes);
  // The offsets in force half a day either side: equal except near a DST change.
  const before = offsetMs(wall - 43_200_000, timeZone);
  const after = offsetMs(wall + 43_200_000, timeZone);
  const valid = [wall - before, wall - after].filter((t) => wall - offsetMs(t, timeZone) === t);
  // Both readings valid: the repeated hour, take the first. Neither: the skipped hour, read it
  // with the offset before the change, which lands the same distance after the gap.
  if (valid.length === 0) return new Date(wall - before);
  return new Date(Math.min(...valid));
}

/** The calendar date (YYYY-MM-DD) the wall clock in `timeZone` shows at `instant`. */
export function localDate(instant: Date | number, timeZone: string): string {
  const p = partsAt(typeof instant === 'number' ? instant : instant.getTime(), timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Minutes after local midnight at `instant` in `timeZone` (0–1439). */
export function localMinutes(instant: Date | number, timeZone: string): number {
  const p = partsAt(typeof instant === 'number' ? instant : instant.getTime(), timeZone);
  return p.hour * 60 + p.minute;
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The calendar date `days` after `date` (negative goes back). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
