import type { EmploymentStint } from '@wg/people/events';
import { isValidDate } from '@wg/runtime';

/*
 * Employment periods as finance keeps them in the employee's replicated snapshot (`entity_refs`
 * data `stints`): a line counts only on a day inside one of them, so a rehire's earlier stint keeps
 * its cost and a corrected hire date takes back the days before it.
 */

/** A stint whose start may be unknown (a snapshot without a valid hire date: employed since ever). */
export type Stint = { start: string | null; end: string | null };

const date = (v: unknown): string | null => (typeof v === 'string' && isValidDate(v) ? v : null);

/** The stints a snapshot carries (people's, since they were added), or null when it carries none. */
export function carriedStints(data: Record<string, unknown>): Stint[] | null {
  const list = data.stints;
  if (!Array.isArray(list) || list.length === 0) return null;
  const out: Stint[] = [];
  for (const s of list as Partial<EmploymentStint>[]) {
    if (!s || typeof s !== 'object') return null;
    const start = date(s.start);
    const end = s.end === null || s.end === undefined ? null : date(s.end);
    if (!start || (s.end != null && !end)) return null;
    out.push({ start, end });
  }
  return out;
}

/**
 * The stints after a snapshot: the ones it carries, else (an event recorded before people
 * published stints) the earlier stints finance knew that ended before the snapshot's hire date,
 * then the snapshot's current period (hire date .. termination date) — a rehire keeps the stint
 * before it, a changed hire date of the current period is a correction of its start.
 */
export function stintsAfter(previous: readonly Stint[], data: Record<string, unknown>): Stint[] {
  const carried = carriedStints(data);
  if (carried) return carried;
  const hired = date(data.hireDate);
  const current: Stint = { start: hired, end: date(data.terminationDate) };
  const earlier = hired ? previous.filter((s) => s.end !== null && s.end < hired) : [];
  return [...earlier.map((s) => ({ ...s })), current];
}

/** What a replica knew before (its stored data): its stints, or its one current period. */
export function storedStints(data: Record<string, unknown> | null | undefined): Stint[] {
  if (!data) return [];
  return carriedStints(data) ?? [{ start: date(data.hireDate), end: date(data.terminationDate) }];
}
