import { describe, expect, it } from 'vitest';
import { type AccrualRule, accruedInYear, balanceAsOf } from './time-off-balance.accrual';

const monthly25: AccrualRule = {
  accrualPerYear: '25',
  accrualFrequency: 'MONTHLY',
  proRated: true,
  carryOverCap: '5',
};
const s = (d: { toFixed(n: number): string }) => d.toFixed(2);

describe('accrual', () => {
  it('MONTHLY accrues one twelfth at each month end, pro-rated in the hire month', () => {
    const e = { hireDate: '2020-01-01' };
    expect(s(accruedInYear(monthly25, e, 2026, '2026-01-30'))).toBe('0.00');
    expect(s(accruedInYear(monthly25, e, 2026, '2026-01-31'))).toBe('2.08');
    expect(s(accruedInYear(monthly25, e, 2026, '2026-06-30'))).toBe('12.50');
    expect(s(accruedInYear(monthly25, e, 2026, '2026-12-31'))).toBe('25.00');
    // Hired 16 June 2026 (15 of 30 days in June): half a month, then six full months.
    const mid = { hireDate: '2026-06-16' };
    expect(s(accruedInYear(monthly25, mid, 2026, '2026-12-31'))).toBe('13.54');
    expect(s(accruedInYear({ ...monthly25, proRated: false }, mid, 2026, '2026-12-31'))).toBe('14.58');
  });

  it('UPFRONT grants the year on 1 January, pro-rated by days from the hire date (leap year aware)', () => {
    const rule: AccrualRule = { ...monthly25, accrualFrequency: 'UPFRONT' };
    expect(s(accruedInYear(rule, { hireDate: '2019-03-01' }, 2024, '2024-01-01'))).toBe('25.00');
    expect(s(accruedInYear(rule, { hireDate: '2024-07-01' }, 2024, '2024-06-30'))).toBe('0.00');
    // 184 of 366 days of 2024.
    expect(s(accruedInYear(rule, { hireDate: '2024-07-01' }, 2024, '2024-07-01'))).toBe('12.57');
  });

  it('YEARLY grants the year on its last day, stopping at the termination date', () => {
    const rule: AccrualRule = { ...monthly25, accrualFrequency: 'YEARLY' };
    expect(s(accruedInYear(rule, { hireDate: '2020-01-01' }, 2025, '2025-12-30'))).toBe('0.00');
    expect(s(accruedInYear(rule, { hireDate: '2020-01-01' }, 2025, '2025-12-31'))).toBe('25.00');
    // Left on 30 June 2025: 181 of 365 days.
    const left = { hireDate: '2020-01-01', terminationDate: '2025-06-30' };
    expect(s(accruedInYear(rule, left, 2025, '2025-06-30'))).toBe('12.40');
    expect(s(accruedInYear(rule, left, 2026, '2026-12-31'))).toBe('0.00');
  });
});

describe('accrual over stints', () => {
  it('accrues nothing between two stints (a rehire)', () => {
    // Employed Jan–Mar 2026, left, rehired 1 July 2026: 3 + 6 months of 25/12.
    const e = {
      hireDate: '2026-07-01',
      stints: [
        { start: '2026-01-01', end: '2026-03-31' },
        { start: '2026-07-01', end: null },
      ],
    };
    expect(s(accruedInYear(monthly25, e, 2026, '2026-12-31'))).toBe('18.75');
    expect(s(accruedInYear(monthly25, e, 2026, '2026-06-30'))).toBe('6.25');
    const upfront: AccrualRule = { ...monthly25, accrualFrequency: 'UPFRONT' };
    // 90 + 184 of 365 days.
    expect(s(accruedInYear(upfront, e, 2026, '2026-01-01'))).toBe('18.77');
  });
});

describe('balanceAsOf', () => {
  const base = {
    rule: monthly25,
    employment: { hireDate: '2025-01-01' },
    adjustments: [],
    approved: [],
    pending: [],
  };

  it('is accrued + adjustments − taken, with pending shown apart', () => {
    const b = balanceAsOf({
      ...base,
      employment: { hireDate: '2026-01-01' },
      asOf: '2026-06-30',
      adjustments: [
        { amount: '2', effectiveDate: '2026-03-01' },
        { amount: '-1', effectiveDate: '2026-09-01' }, // after asOf: not yet
      ],
      approved: [{ 2026: '3.5' }],
      pending: [{ 2026: '2' }],
    });
    expect([b.carriedOver, b.accrued, b.adjustments, b.taken, b.pending, b.available].map(s)).toEqual([
      '0.00',
      '12.50',
      '2.00',
      '3.50',
      '2.00',
      '11.00',
    ]);
  });

  it('caps a positive carry-over at year end and carries a negative one in full', () => {
    // 2025: 25 accrued, 10 taken → 15 left, capped at 5.
    const capped = balanceAsOf({ ...base, asOf: '2026-01-15', approved: [{ 2025: '10' }] });
    expect(s(capped.carriedOver)).toBe('5.00');
    expect(s(capped.available)).toBe('5.00');
    // 2025: 25 accrued, 27 taken (negative limit allowed it) → −2 carries.
    const debt = balanceAsOf({ ...base, asOf: '2026-01-31', approved: [{ 2025: '27' }] });
    expect(s(debt.carriedOver)).toBe('-2.00');
    expect(s(debt.available)).toBe('0.08');
  });

  it('counts a request over New Year in each balance year', () => {
    const split = { 2025: '3', 2026: '2' };
    const dec = balanceAsOf({
      ...base,
      rule: { ...monthly25, carryOverCap: null },
      asOf: '2025-12-31',
      approved: [split],
    });
    expect(s(dec.taken)).toBe('3.00');
    expect(s(dec.available)).toBe('22.00');
    const jan = balanceAsOf({
      ...base,
      rule: { ...monthly25, carryOverCap: null },
      asOf: '2026-01-31',
      approved: [split],
    });
    expect(s(jan.carriedOver)).toBe('22.00');
    expect(s(jan.taken)).toBe('2.00');
  });

  it('is the same whenever it is computed: only the inputs decide', () => {
    const inputs = { ...base, asOf: '2026-03-31', approved: [{ 2026: '1' }] };
    expect(balanceAsOf(inputs)).toEqual(balanceAsOf(structuredClone(inputs)));
  });

  it('without a policy only adjustments count', () => {
    const b = balanceAsOf({
      ...base,
      rule: null,
      asOf: '2026-05-01',
      adjustments: [{ amount: '3', effectiveDate: '2026-01-10' }],
    });
    expect(s(b.available)).toBe('3.00');
  });
});
