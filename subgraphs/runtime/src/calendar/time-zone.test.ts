import { describe, expect, it } from 'vitest';
import {
  addDays,
  isoWeekday,
  isValidTimeZone,
  localDate,
  localMinutes,
  offsetMs,
  zonedTimeToUtc,
} from './time-zone';

describe('time zones', () => {
  it('knows IANA zones and refuses anything else', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(3)).toBe(false);
  });

  it('converts wall-clock times to instants on both sides of a DST change', () => {
    // Berlin: CET (+1) until 2026-03-29 02:00, then CEST (+2).
    expect(zonedTimeToUtc('2026-03-27', 9 * 60, 'Europe/Berlin').toISOString()).toBe(
      '2026-03-27T08:00:00.000Z',
    );
    expect(zonedTimeToUtc('2026-03-30', 9 * 60, 'Europe/Berlin').toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
    // New York: EST (-5) until 2026-03-08, then EDT (-4).
    expect(zonedTimeToUtc('2026-03-06', 9 * 60, 'America/New_York').toISOString()).toBe(
      '2026-03-06T14:00:00.000Z',
    );
    expect(zonedTimeToUtc('2026-03-09', 9 * 60, 'America/New_York').toISOString()).toBe(
      '2026-03-09T13:00:00.000Z',
    );
    expect(offsetMs(new Date('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe(2 * 3_600_000);
  });

  it('resolves a skipped time after the gap and a repeated one to its first occurrence', () => {
    // 02:30 does not exist in Berlin on 2026-03-29 (clocks jump 02:00 → 03:00): 03:30 CEST.
    expect(zonedTimeToUtc('2026-03-29', 150, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 2026-10-25: the first is still CEST (+2).
    expect(zonedTimeToUtc('2026-10-25', 150, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('reads local dates, minutes and weekdays', () => {
    const t = new Date('2026-03-29T23:30:00Z');
    expect(localDate(t, 'Europe/Berlin')).toBe('2026-03-30');
    expect(localMinutes(t, 'Europe/Berlin')).toBe(90);
    expect(localDate(t, 'America/Los_Angeles')).toBe('2026-03-29');
    expect(isoWeekday('2026-03-30')).toBe(1);
    expect(isoWeekday('2026-03-29')).toBe(7);
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  });
});
