import { describe, expect, it } from 'vitest';
import {
  freeIntervals,
  intersect,
  merge,
  subtract,
  suggestSlots,
  type WorkingWeek,
  workingIntervals,
} from './availability';

const t = (iso: string) => Date.parse(iso);
const show = (list: { start: number; end: number }[]) =>
  list.map(
    (i) => `${new Date(i.start).toISOString().slice(5, 16)}/${new Date(i.end).toISOString().slice(11, 16)}`,
  );

const berlin: WorkingWeek = {
  timeZone: 'Europe/Berlin',
  weekdays: [1, 2, 3, 4, 5],
  startMinute: 9 * 60,
  endMinute: 17 * 60,
};
const newYork: WorkingWeek = {
  timeZone: 'America/New_York',
  weekdays: [1, 2, 3, 4, 5],
  startMinute: 9 * 60,
  endMinute: 17 * 60,
};

describe('interval arithmetic', () => {
  it('merges, subtracts and intersects half-open intervals', () => {
    expect(
      merge([
        { start: 5, end: 8 },
        { start: 1, end: 3 },
        { start: 3, end: 4 },
      ]),
    ).toEqual([
      { start: 1, end: 4 },
      { start: 5, end: 8 },
    ]);
    expect(
      subtract(
        [{ start: 0, end: 10 }],
        [
          { start: 2, end: 3 },
          { start: 2.5, end: 4 },
          { start: 9, end: 12 },
        ],
      ),
    ).toEqual([
      { start: 0, end: 2 },
      { start: 4, end: 9 },
    ]);
    expect(
      intersect(
        [
          { start: 0, end: 5 },
          { start: 7, end: 9 },
        ],
        [{ start: 3, end: 8 }],
      ),
    ).toEqual([
      { start: 3, end: 5 },
      { start: 7, end: 8 },
    ]);
  });
});

describe('working hours across a DST change', () => {
  it('keeps 09:00–17:00 local in Berlin when the clocks go forward (UTC shifts by an hour)', () => {
    // 2026-03-29 is the Sunday Berlin moves to CEST.
    const days = workingIntervals(berlin, t('2026-03-27T00:00:00Z'), t('2026-03-31T00:00:00Z'));
    expect(show(days)).toEqual(['03-27T08:00/16:00', '03-30T07:00/15:00']);
  });

  it('handles New York’s earlier change and a window cutting a working day', () => {
    const days = workingIntervals(newYork, t('2026-03-06T15:00:00Z'), t('2026-03-10T00:00:00Z'));
    expect(show(days)).toEqual(['03-06T15:00/22:00', '03-09T13:00/21:00']);
  });

  it('subtracts busy blocks and interviews from working time', () => {
    const free = freeIntervals(
      berlin,
      [{ start: t('2026-03-30T08:00:00Z'), end: t('2026-03-30T09:30:00Z') }],
      t('2026-03-30T00:00:00Z'),
      t('2026-03-31T00:00:00Z'),
    );
    expect(show(free)).toEqual(['03-30T07:00/08:00', '03-30T09:30/15:00']);
  });
});

describe('suggestSlots', () => {
  it('finds slots where Berlin and New York overlap after the US change but before Europe’s', () => {
    // Week of 2026-03-09: New York is on EDT (UTC-4), Berlin still on CET (UTC+1): overlap 13:00–16:00 UTC.
    const from = t('2026-03-09T00:00:00Z');
    const to = t('2026-03-10T00:00:00Z');
    const slots = suggestSlots(
      [freeIntervals(berlin, [], from, to), freeIntervals(newYork, [], from, to)],
      60 * 60_000,
      3,
      'Europe/Berlin',
    );
    expect(show(slots)).toEqual(['03-09T13:00/14:00', '03-09T14:00/15:00', '03-09T15:00/16:00']);
    // The week after Europe's change (2026-03-30, CEST = UTC+2) the overlap is 13:00–15:00 UTC.
    const later = suggestSlots(
      [
        freeIntervals(berlin, [], t('2026-03-30T00:00:00Z'), t('2026-03-31T00:00:00Z')),
        freeIntervals(newYork, [], t('2026-03-30T00:00:00Z'), t('2026-03-31T00:00:00Z')),
      ],
      60 * 60_000,
      5,
      'Europe/Berlin',
    );
    expect(show(later)).toEqual(['03-30T13:00/14:00', '03-30T14:00/15:00']);
  });

  it('prefers slots that leave no unusable gaps, and is deterministic', () => {
    const from = t('2026-03-02T09:00:00Z');
    const to = t('2026-03-02T17:00:00Z');
    const utc: WorkingWeek = {
      timeZone: 'UTC',
      weekdays: [1, 2, 3, 4, 5],
      startMinute: 540,
      endMinute: 1020,
    };
    // Busy 10:30–11:00: 09:00–10:00 would strand 30 minutes before the block (1 fragment), so
    // the gap-free slots of the same day come first.
    const a = freeIntervals(
      utc,
      [{ start: t('2026-03-02T10:30:00Z'), end: t('2026-03-02T11:00:00Z') }],
      from,
      to,
    );
    const slots = suggestSlots([a], 60 * 60_000, 3, 'UTC');
    expect(slots.every((s) => s.fragments === 0)).toBe(true);
    expect(show(slots)).toEqual(['03-02T11:00/12:00', '03-02T12:00/13:00', '03-02T13:00/14:00']);
    expect(suggestSlots([a], 60 * 60_000, 3, 'UTC')).toEqual(slots);
  });
});
