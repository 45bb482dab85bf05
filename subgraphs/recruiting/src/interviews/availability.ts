import { addDays, isoWeekday, localDate, zonedTimeToUtc } from '@wg/runtime';

/**
 * Free time and slot suggestions, pure and deterministic (no clock, no database): the service
 * loads working weeks, busy blocks and booked interviews and hands them in. Times are epoch
 * milliseconds; intervals are half-open [start, end).
 */
export interface Interval {
  start: number;
  end: number;
}

export interface WorkingWeek {
  timeZone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  /** Minutes after local midnight. */
  startMinute: number;
  endMinute: number;
}

/** Used for anyone without `setWorkingHours`: Monday to Friday, 09:00–17:00 UTC. */
export const DEFAULT_WEEK: WorkingWeek = {
  timeZone: 'UTC',
  weekdays: [1, 2, 3, 4, 5],
  startMinute: 540,
  endMinute: 1020,
};

const MINUTE = 60_000;
/** Suggested slots start on quarter hours. */
export const SLOT_STEP_MS = 15 * MINUTE;

/** The working intervals of `week` within [from, to), each local day converted with its own offset (DST-safe). */
export function workingIntervals(week: WorkingWeek, from: number, to: number): Interval[] {
  const out: Interval[] = [];
  // One local day either side: a zone far from UTC starts its day before `from`'s UTC date.
  const last = addDays(localDate(to, week.timeZone), 1);
  for (let day = addDays(localDate(from, week.timeZone), -1); day <= last; day = addDays(day, 1)) {
    if (!week.weekdays.includes(isoWeekday(day))) continue;
    const start = Math.max(from, zonedTimeToUtc(day, week.startMinute, week.timeZone).getTime());
    const end = Math.min(to, zonedTimeToUtc(day, week.endMinute, week.timeZone).getTime());
    if (end > start) out.push({ start, end });
  }
  return out;
}

/** Sorted, overlapping and touching intervals joined. */
export function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out.at(-1);
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** `base` minus `busy` (both any order): one sweep over the merged busy list. */
export function subtract(base: Interval[], busy: Interval[]): Interval[] {
  const blocks = merge(busy);
  const out: Interval[] = [];
  let j = 0;
  for (const b of merge(base)) {
    let cursor = b.start;
    while (j < blocks.length && blocks[j]!.end <= cursor) j++;
    let k = j;
    while (k < blocks.length && blocks[k]!.start < b.end) {
      const block = blocks[k]!;
      if (block.start > cursor) out.push({ start: cursor, end: block.start });
      cursor = Math.max(cursor, block.end);
      k++;
    }
    if (cursor < b.end) out.push({ start: cursor, end: b.end });
  }
  return out;
}

/** Time in both lists (each sorted and disjoint). */
export function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i]!.start, b[j]!.start);
    const end = Math.min(a[i]!.end, b[j]!.end);
    if (end > start) out.push({ start, end });
    if (a[i]!.end < b[j]!.end) i++;
    else j++;
  }
  return out;
}

/** Working time minus busy time, within [from, to). */
export function freeIntervals(week: WorkingWeek, busy: Interval[], from: number, to: number): Interval[] {
  return subtract(workingIntervals(week, from, to), busy);
}

export interface Slot extends Interval {
  /** Leftover gaps too short for another interview of the same length, summed over the people. */
  fragments: number;
}

/** The free interval of `list` (sorted, disjoint) containing [start, end), by binary search. */
function containing(list: Interval[], start: number, end: number): Interval | undefined {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const i = list[mid]!;
    if (i.end <= start) lo = mid + 1;
    else if (i.start > start) hi = mid - 1;
    else return i.end >= end ? i : undefined;
  }
  return undefined;
}

/**
 * The best `count` non-overlapping slots of `durationMs` where everyone in `free` (one sorted
 * free list per person) is free. Candidates start on quarter hours. Order, fully deterministic:
 * earliest day first (the local day in `dayZone`), then least fragmenting — a slot that leaves a
 * person a gap shorter than the interview costs 1 for each such gap — then earliest start. Slots
 * are taken greedily in that order, skipping any that overlaps one already taken.
 */
export function suggestSlots(free: Interval[][], durationMs: number, count: number, dayZone: string): Slot[] {
  if (free.length === 0 || count <= 0) return [];
  let common = free[0]!;
  for (const f of free.slice(1)) common = intersect(common, f);
  const candidates: (Slot & { day: string })[] = [];
  for (const c of common) {
    for (
      let t = Math.ceil(c.start / SLOT_STEP_MS) * SLOT_STEP_MS;
      t + durationMs <= c.end;
      t += SLOT_STEP_MS
    ) {
      const end = t + durationMs;
      let fragments = 0;
      for (const person of free) {
        const around = containing(person, t, end);
        if (!around) continue;
        const before = t - around.start;
        const after = around.end - end;
        if (before > 0 && before < durationMs) fragments++;
        if (after > 0 && after < durationMs) fragments++;
      }
      candidates.push({ start: t, end, fragments, day: localDate(t, dayZone) });
    }
  }
  candidates.sort((a, b) =>
    a.day !== b.day ? (a.day < b.day ? -1 : 1) : a.fragments - b.fragments || a.start - b.start,
  );
  const picked: Slot[] = [];
  for (const c of candidates) {
    if (picked.some((p) => c.start < p.end && p.start < c.end)) continue;
    picked.push({ start: c.start, end: c.end, fragments: c.fragments });
    if (picked.length === count) break;
  }
  return picked;
}
