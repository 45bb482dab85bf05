import { describe, expect, it } from 'vitest';
import { atTime, clock } from './clock';

describe('atTime', () => {
  it('moves the clock for its own async call tree only, across awaits', async () => {
    const past = Date.parse('2024-03-01T10:00:00Z');
    const seen: { inside: number[]; outside: number[] } = { inside: [], outside: [] };
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const inside = atTime(past, async () => {
      seen.inside.push(clock.now().getTime());
      await gate; // another task runs meanwhile
      await new Promise((r) => setTimeout(r, 5));
      seen.inside.push(clock.now().getTime());
      return clock.today();
    });
    // A concurrent task outside the call tree keeps the real clock.
    seen.outside.push(clock.now().getTime());
    release();
    expect(await inside).toBe('2024-03-01');
    seen.outside.push(clock.now().getTime());
    const [first, second] = seen.inside as [number, number];
    expect(first - past).toBeLessThan(1000);
    // It moves on in real time from `at`.
    expect(second).toBeGreaterThanOrEqual(first + 4);
    for (const t of seen.outside) expect(Math.abs(t - Date.now())).toBeLessThan(5000);
  });

  it('refuses a time that is not one', () => {
    expect(() => atTime('not a date', async () => 1)).toThrow(/not a date/);
  });
});
