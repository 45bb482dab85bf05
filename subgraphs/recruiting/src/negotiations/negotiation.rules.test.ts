import { Dec } from '@wg/runtime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  annualToUnit,
  bandOfRange,
  marginOf,
  meetsMargin,
  nextCompanyPay,
  payCeiling,
  percentile,
} from './negotiation.rules';
import type { NegotiationStrategy } from './negotiation.type';

const STRATEGIES: NegotiationStrategy[] = ['AGGRESSIVE', 'BALANCED', 'CANDIDATE_FRIENDLY'];

describe('margin arithmetic', () => {
  it('margin = (bill − pay) / bill and markup = (bill − pay) / pay, half-even to 4 places', () => {
    expect(marginOf('72.50', '100.00')).toEqual({ spread: '27.50', margin: '0.2750', markup: '0.3793' });
    expect(marginOf('60.00', '90.00')).toEqual({ spread: '30.00', margin: '0.3333', markup: '0.5000' });
    expect(marginOf('100.00', '100.00')).toEqual({ spread: '0.00', margin: '0.0000', markup: '0.0000' });
  });

  it('judges the minimum exactly, not on the rounded margin', () => {
    // 199.96 / 1000.00 = 0.19996 reads 0.2000 at 4 places, but is below a 0.2 minimum.
    expect(marginOf('800.04', '1000.00').margin).toBe('0.2000');
    expect(meetsMargin('800.04', '1000.00', '0.2000')).toBe(false);
    expect(meetsMargin('800.00', '1000.00', '0.2000')).toBe(true);
  });

  it('the ceiling is the highest cent that keeps the minimum margin', () => {
    expect(payCeiling('100.00', '0.2000')).toBe('80.00');
    expect(payCeiling('99.99', '0.1234')).toBe('87.65'); // 87.6512… rounded down
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 9999 }),
        (billCents, m) => {
          const bill = Dec.of(String(billCents)).div('100', 2).toString();
          const margin = Dec.of(String(m)).div('10000', 4).toString();
          const ceiling = payCeiling(bill, margin);
          expect(meetsMargin(ceiling, bill, margin)).toBe(true);
          expect(meetsMargin(Dec.of(ceiling).plus('0.01').toString(), bill, margin)).toBe(false);
        },
      ),
    );
  });
});

describe('nextCompanyPay (the strategies)', () => {
  const state = { billRate: '100.00', minMargin: '0.2000', companyPay: '60.00', candidateAsk: '80.00' };

  it('concedes 25 / 50 / 75 % of the gap, rounded down to the cent', () => {
    expect(nextCompanyPay(state, 'AGGRESSIVE')).toBe('65.00');
    expect(nextCompanyPay(state, 'BALANCED')).toBe('70.00');
    expect(nextCompanyPay(state, 'CANDIDATE_FRIENDLY')).toBe('75.00');
    expect(nextCompanyPay({ ...state, candidateAsk: '60.03' }, 'BALANCED')).toBe('60.01');
  });

  it('never goes above the minimum-margin ceiling, even for an ask far above it', () => {
    const s = { ...state, candidateAsk: '120.00' };
    expect(nextCompanyPay(s, 'CANDIDATE_FRIENDLY')).toBe('80.00');
    expect(nextCompanyPay(s, 'BALANCED')).toBe('80.00');
    expect(nextCompanyPay(s, 'AGGRESSIVE')).toBe('75.00');
    // An opening above the ceiling is pulled back to it.
    expect(nextCompanyPay({ ...state, companyPay: '90.00', candidateAsk: '95.00' }, 'AGGRESSIVE')).toBe(
      '80.00',
    );
  });

  it('meets an ask at or below its last offer, and repeats its offer before any ask', () => {
    expect(nextCompanyPay({ ...state, candidateAsk: '55.00' }, 'AGGRESSIVE')).toBe('55.00');
    expect(nextCompanyPay({ ...state, candidateAsk: null }, 'BALANCED')).toBe('60.00');
  });

  it('is monotone in the strategies and never below the minimum margin (property)', () => {
    const cents = (min: number, max: number) =>
      fc.integer({ min, max }).map((c) => Dec.of(String(c)).div('100', 2).toString());
    fc.assert(
      fc.property(
        cents(100, 1_000_000),
        fc.integer({ min: 0, max: 9000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 20_000 }),
        (bill, m, payShare, askShare) => {
          const minMargin = Dec.of(String(m)).div('10000', 4).toString();
          const companyPay = Dec.of(bill).times(String(payShare)).div('10000', 2, 'FLOOR').toString();
          const candidateAsk = Dec.of(bill).times(String(askShare)).div('10000', 2, 'FLOOR').toString();
          if (Dec.of(companyPay).isZero() || Dec.of(candidateAsk).isZero()) return;
          const offers = STRATEGIES.map((s) =>
            nextCompanyPay({ billRate: bill, minMargin, companyPay, candidateAsk }, s),
          );
          for (const o of offers) expect(meetsMargin(o, bill, minMargin)).toBe(true);
          expect(Dec.of(offers[0]!).lte(offers[1]!) && Dec.of(offers[1]!).lte(offers[2]!)).toBe(true);
        },
      ),
    );
  });
});

describe('market band', () => {
  it('percentiles interpolate between ranks like percentile_cont', () => {
    const pays = ['40.00', '50.00', '60.00', '70.00'];
    expect(percentile(pays, '0.25')).toBe('47.50');
    expect(percentile(pays, '0.50')).toBe('55.00');
    expect(percentile(pays, '0.75')).toBe('62.50');
    expect(percentile(['41.00'], '0.75')).toBe('41.00');
    expect(percentile(['40.00', '41.00', '45.01'], '0.25')).toBe('40.50');
  });

  it('an annual range becomes a band per hour (÷ 2080) or per day (÷ 260)', () => {
    expect(annualToUnit('104000.00', 'HOUR')).toBe('50.00');
    expect(annualToUnit('104000.00', 'DAY')).toBe('400.00');
    expect(bandOfRange('50.00', '70.00')).toEqual({ p25: '55.00', p50: '60.00', p75: '65.00' });
  });
});
