import { Dec } from '@wg/runtime';
import type { ExperienceLevel, NegotiationStrategy, RateUnit } from './negotiation.type';

/**
 * The arithmetic of rate negotiation, pure and exact (`Dec`, BigInt fixed point — never a float).
 * Rates are decimal strings with 2 places; ratios (margin, markup) are fractions with 4 places.
 */

const RATIO_PLACES = 4;

/** margin = (bill − pay) / bill and markup = (bill − pay) / pay, each rounded half-even to 4 places. */
export function marginOf(payRate: string, billRate: string) {
  const spread = Dec.of(billRate).minus(payRate);
  return {
    spread: spread.toFixed(2),
    margin: spread.div(billRate, RATIO_PLACES).toString(),
    markup: spread.div(payRate, RATIO_PLACES).toString(),
  };
}

/** bill − pay ≥ threshold × bill, exactly (not on the rounded margin). */
export const meetsMargin = (payRate: string, billRate: string, threshold: string) =>
  Dec.of(billRate).minus(payRate).gte(Dec.of(threshold).times(billRate));

/** The highest pay rate that keeps `margin`: bill × (1 − margin), rounded down to the cent. */
export const payCeiling = (billRate: string, margin: string) =>
  Dec.of(billRate).times(Dec.of('1').minus(margin)).toFixed(2, 'FLOOR');

/** The share of the gap (ask − last company offer) each strategy concedes in one round. */
export const CONCESSION: Record<NegotiationStrategy, string> = {
  AGGRESSIVE: '0.25',
  BALANCED: '0.50',
  CANDIDATE_FRIENDLY: '0.75',
};

export interface CounterState {
  billRate: string;
  minMargin: string;
  /** The company's latest pay offer (its latest round, else the opening pay rate). */
  companyPay: string;
  /** The candidate's latest ask (their latest round); null before they countered. */
  candidateAsk: string | null;
}

/**
 * The company's next pay offer under `strategy`:
 *
 *   ceiling = bill × (1 − minMargin), rounded down to the cent
 *   C       = min(companyPay, ceiling)          (an opening above the ceiling is pulled back)
 *   A       = candidateAsk, or C when the candidate has not countered
 *   next    = A                                  when A ≤ C (the ask is met as it stands)
 *           = min(C + share × (A − C), ceiling)  otherwise, rounded down to the cent
 *
 * with share = 0.25 (AGGRESSIVE), 0.50 (BALANCED), 0.75 (CANDIDATE_FRIENDLY). So the offer never
 * moves away from the candidate, never passes their ask, and never goes below the minimum margin.
 */
export function nextCompanyPay(state: CounterState, strategy: NegotiationStrategy): string {
  const ceiling = Dec.of(payCeiling(state.billRate, state.minMargin));
  const c = Dec.min(state.companyPay, ceiling);
  const a = state.candidateAsk === null ? c : Dec.of(state.candidateAsk);
  if (a.lte(c)) return a.toFixed(2);
  const step = a.minus(c).times(CONCESSION[strategy]);
  return Dec.min(c.plus(step).round(2, 'FLOOR'), ceiling).toFixed(2);
}

/** Working time a year, finance's convention (2,080 hours = 52 × 40; 260 days = 52 × 5). */
export const UNITS_PER_YEAR: Record<RateUnit, string> = { HOUR: '2080', DAY: '260' };

/** An annual amount per unit, rounded half-even to the cent. */
export const annualToUnit = (annual: string, unit: RateUnit) =>
  Dec.of(annual).div(UNITS_PER_YEAR[unit], 2).toString();

/**
 * The p-th percentile of sorted decimal strings by linear interpolation between closest ranks
 * (PostgreSQL's percentile_cont): position p × (n − 1), rounded half-even to the cent.
 */
export function percentile(sorted: readonly string[], p: '0.25' | '0.50' | '0.75'): string {
  if (sorted.length === 0) throw new RangeError('percentile of nothing');
  const position = Dec.of(p).times(String(sorted.length - 1));
  const lower = Number(position.round(0, 'FLOOR').toString());
  const fraction = position.minus(String(lower));
  const low = Dec.of(sorted[lower]!);
  const high = Dec.of(sorted[Math.min(lower + 1, sorted.length - 1)]!);
  return low.plus(high.minus(low).times(fraction)).toFixed(2);
}

/** A band's p25/p50/p75 from its two ends (a posting's range): the points at 25/50/75 % of the way. */
export function bandOfRange(min: string, max: string) {
  const at = (share: string) => Dec.of(min).plus(Dec.of(max).minus(min).times(share)).toFixed(2);
  return { p25: at('0.25'), p50: at('0.50'), p75: at('0.75') };
}

export const LEVEL_POINT: Record<ExperienceLevel, 'p25' | 'p50' | 'p75'> = {
  JUNIOR: 'p25',
  MID: 'p50',
  SENIOR: 'p75',
};
